"""git run as a command: one process per call, with the notebook's settings.

custnote runs the git CLI directly rather than through GitPython's object layer: every command a
user types makes at most a few git calls, and the subprocess path avoids GitPython's import cost
(~100 ms) and its pure-Python index handling, which is slow on 10,000 files. The identity is
always passed explicitly (``GIT_AUTHOR_*``/``GIT_COMMITTER_*``) to every command that writes a
commit, so they work on machines where git has no ``user.name``. Commands that reach the server
run with :mod:`custnote.adapters.gitnet`'s settings: no prompt nobody can answer, bounded waits,
one clear line when they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from custnote.adapters import gitnet
from custnote.core.notebook.commits import Identity
from custnote.errors import GitError


def git_executable() -> str:
    """The git binary, or a clear error when git is not installed."""
    exe = shutil.which("git")
    if not exe:
        raise GitError("git is not installed or not on PATH; custnote keeps notes in git")
    return exe


class GitProcess:
    """git commands run in the working tree at ``root``."""

    def __init__(self, root: Path):
        self.root = root

    def run(
        self,
        *args: str,
        identity: Identity | None = None,
        check: bool = True,
        input: str | None = None,
        network: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` in the repository and return the completed process; ``network``
        for a command that talks to a server (see :meth:`start`)."""
        running = self.start(*args, identity=identity, input=input, network=network)
        return running.wait(check=check, timeout=gitnet.network_timeout() if network else None)

    def start(
        self,
        *args: str,
        identity: Identity | None = None,
        input: str | None = None,
        network: bool = False,
    ) -> RunningGit:
        """Start ``git ARGS`` in the background; :meth:`RunningGit.wait` collects it.

        ``network``: never prompt unless stdin is a terminal, bounded SSH connect and HTTP
        stall times (:func:`custnote.adapters.gitnet.network_env`)."""
        env = dict(os.environ)
        if network:  # prompts only for a person at a terminal
            ssh = None if "GIT_SSH_COMMAND" in env else self.config_get("core.sshCommand")
            env = gitnet.network_env(env, ssh)
            args = (*gitnet.HTTP_SETTINGS, *args)
        else:
            env.setdefault("GIT_TERMINAL_PROMPT", "0")
        if identity:
            env |= {
                "GIT_AUTHOR_NAME": identity.name,
                "GIT_AUTHOR_EMAIL": identity.email,
                "GIT_COMMITTER_NAME": identity.name,
                "GIT_COMMITTER_EMAIL": identity.email,
            }
        proc = subprocess.Popen(
            [git_executable(), *args],
            cwd=self.root,
            env=env,
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        return RunningGit(self.root, args, proc, input)

    def config_get(self, key: str) -> str | None:
        proc = self.run("config", "--get", key, check=False)
        return proc.stdout.strip() or None

    def config_set(self, key: str, value: str) -> None:
        self.run("config", key, value)


@dataclass
class RunningGit:
    """A git command started by :meth:`GitRepo.start`."""

    root: Path
    args: tuple[str, ...]
    proc: subprocess.Popen[str]
    input: str | None = None

    @property
    def command(self) -> str:
        """The git subcommand (``status`` of ``git --no-optional-locks -c k=v status …``)."""
        words = [a for i, a in enumerate(self.args) if i == 0 or self.args[i - 1] != "-c"]
        return next((a for a in words if not a.startswith("-")), "")

    def wait(
        self, check: bool = True, timeout: float | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Wait for git to finish; with ``check``, a failure raises :class:`GitError`. After
        ``timeout`` seconds git (and what it started) is stopped and reported as timed out."""
        try:
            out, err = self.proc.communicate(self.input, timeout=timeout)
        except subprocess.TimeoutExpired:
            gitnet.kill_tree(self.proc.pid)  # git and its helpers (git-remote-https, ssh)
            self.proc.kill()
            self.proc.wait()
            try:
                out, err = self.proc.communicate(timeout=2)
            except subprocess.TimeoutExpired:  # a helper we could not stop holds the pipes
                out, err = "", ""
            err = (err or "") + f"\nfatal: operation timed out after {timeout:.0f} s"
            self.proc.returncode = self.proc.returncode or 124
        done = subprocess.CompletedProcess(self.args, self.proc.returncode, out, err)
        if check and done.returncode != 0:
            detail = (err or out).strip().splitlines()
            if ".lock': File exists" in (err or ""):
                lock = (err or "").split("'")[1].rsplit("/.git/", 1)[-1]
                raise GitError(
                    f"git {self.command} failed in {self.root}: .git/{lock} exists (another "
                    "git is running, or one was killed); if none is running, 'custnote check "
                    "--fix' removes it"
                )
            raise GitError(
                f"git {self.command} failed in {self.root}: {detail[-1] if detail else ''}"
            )
        return done


def last_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [x for x in (proc.stderr or proc.stdout).strip().splitlines() if x.strip()]
    return lines[-1].strip() if lines else f"exit code {proc.returncode}"
