"""The notebook's git repository, driven through the ``git`` command.

custnote runs the git CLI directly rather than through GitPython's object layer: every command a
user types makes at most a few git calls, and the subprocess path avoids GitPython's import cost
(~100 ms) and its pure-Python index handling, which is slow on 10,000 files. The identity is
always passed explicitly (``GIT_AUTHOR_*``/``GIT_COMMITTER_*``) to every command that writes a
commit (commit, rebase, merge, revert, stash), so they work on machines where git has no
``user.name``. Commands that reach the server run with :mod:`custnote.adapters.gitnet`'s
settings: no prompt nobody can answer, bounded waits, one clear line when they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from custnote.adapters import gitnet
from custnote.core.i18n import _
from custnote.core.notebook.commits import (  # the core's types, made and listed here
    Commit,
    Identity,
)
from custnote.errors import GitError

_FIELD_SEP, _RECORD_SEP = "\x1f", "\x1e"


def git_executable() -> str:
    """The git binary, or a clear error when git is not installed."""
    exe = shutil.which("git")
    if not exe:
        raise GitError(_("git is not installed or not on PATH; custnote keeps notes in git"))
    return exe


class GitRepo:
    """A working tree at ``root``."""

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

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        if not (root / ".git").exists():
            repo.run("init", "-q", "-b", "main")
        return repo

    def is_repo(self) -> bool:
        return (self.root / ".git").exists()

    def head_commit(self) -> str | None:
        """The current commit, read from ``.git`` without running git (a few file reads);
        None without a commit, or when ``.git`` is not a folder here (a worktree, a submodule).
        """
        git = self.root / ".git"
        try:
            head = (git / "HEAD").read_text("utf-8").strip()
            if not head.startswith("ref: "):
                return head
            ref = head[5:]
            ref_file = git / ref
            if ref_file.is_file():
                return ref_file.read_text("utf-8").strip()
            for line in (git / "packed-refs").read_text("utf-8").splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0]
        except OSError:
            pass
        return None

    def config_get(self, key: str) -> str | None:
        proc = self.run("config", "--get", key, check=False)
        return proc.stdout.strip() or None

    def commit(
        self, paths: Sequence[str], message: str, identity: Identity, *, allow_empty: bool = False
    ) -> str | None:
        """Stage ``paths`` (additions, changes, deletions) and commit only them.

        Returns the new commit's sha, or None when nothing changed."""
        present = [p for p in paths if (self.root / p).exists()]
        if present:  # a path moved away by `git mv` is staged already; `git add` would fail
            self.run("add", "-A", "--", *present)
        staged = self.run("diff", "--cached", "--quiet", "--", *paths, check=False)
        if staged.returncode == 0 and not allow_empty:
            return None
        self.run(
            "commit", "-q", "--no-verify", "-F", "-", "--", *paths, identity=identity, input=message
        )
        return self.run("rev-parse", "HEAD").stdout.strip()

    def log(self, *args: str, limit: int | None = None) -> list[Commit]:
        """Commits, newest first; ``args`` are extra ``git log`` arguments (paths after ``--``)."""
        fmt = _FIELD_SEP.join(["%H", "%an", "%aI", "%s", "%b"]) + _RECORD_SEP
        cmd = (
            ["log", f"--format={fmt}"] + ([f"-n{limit}"] if limit is not None else []) + list(args)
        )
        proc = self.run(*cmd, check=False)
        if proc.returncode != 0:
            if "does not have any commits" in proc.stderr:
                return []
            raise GitError(
                _("git log failed in {root}: {value}").format(
                    root=self.root, value=proc.stderr.strip()
                )
            )
        commits = []
        for record in proc.stdout.split(_RECORD_SEP):
            record = record.strip("\n")
            if record:
                sha, author, when, subject, body = record.split(_FIELD_SEP, 4)
                commits.append(Commit(sha, author, when, subject, body))
        return commits

    def show_stat(self, sha: str) -> str:
        return self.run("show", "--stat", "--format=", sha).stdout

    def diff_for(self, sha: str, path: str) -> str:
        return self.run("show", "--format=", sha, "--", path).stdout

    def revert(self, sha: str, message: str, identity: Identity) -> str:
        """Revert one commit with a message of our own; returns the new sha."""
        self.run("revert", "--no-commit", sha, identity=identity)
        self.run("commit", "-q", "--no-verify", "-F", "-", identity=identity, input=message)
        return self.run("rev-parse", "HEAD").stdout.strip()

    # ------------------------------------------------------------------ sharing (custnote sync)

    @classmethod
    def clone(cls, url: str, root: Path) -> GitRepo:
        """``git clone --no-checkout URL ROOT`` (the caller checks out the notebook's branch,
        whatever the remote's HEAD says); a clear error when the remote cannot be reached."""
        if root.exists() and any(root.iterdir()):
            raise GitError(_("cannot clone into {root}: the folder is not empty").format(root=root))
        root.parent.mkdir(parents=True, exist_ok=True)
        args = ("clone", "-q", "--no-checkout", url, str(root))
        proc = cls(root.parent).run(*args, check=False, network=True)
        if proc.returncode != 0:
            why = gitnet.explain_failure(proc.stderr, url)
            raise GitError(
                _("cannot clone {value}: {why}").format(value=gitnet.redact(url), why=why)
            )
        return cls(root)

    def config_set(self, key: str, value: str) -> None:
        self.run("config", key, value)

    def remote_url(self, remote: str) -> str | None:
        return self.config_get(f"remote.{remote}.url")

    def set_remote(self, remote: str, url: str) -> None:
        """Add ``remote`` or change its URL."""
        verb = "set-url" if self.remote_url(remote) else "add"
        self.run("remote", verb, remote, url)

    def remove_remote(self, remote: str) -> None:
        self.run("remote", "remove", remote, check=False)

    def rev(self, ref: str) -> str | None:
        """The sha ``ref`` names, or None when it does not exist."""
        proc = self.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False)
        return proc.stdout.strip() or None

    def branch(self) -> str:
        """The current branch; "" when HEAD is detached (no branch checked out)."""
        return self.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()

    def related(self, a: str, b: str) -> bool:
        """Whether two commits share history (have a common ancestor)."""
        return self.run("merge-base", a, b, check=False).returncode == 0

    def is_ancestor(self, a: str, b: str) -> bool:
        return self.run("merge-base", "--is-ancestor", a, b, check=False).returncode == 0

    def remote_branches(self, remote: str) -> dict[str, str]:
        """``{branch: sha}`` of the remote's branches as last fetched."""
        out = self.run(
            "for-each-ref", "--format=%(refname)\t%(objectname)", f"refs/remotes/{remote}/"
        ).stdout
        prefix = f"refs/remotes/{remote}/"
        found = {}
        for line in out.splitlines():
            ref, sha = line.split("\t", 1)
            if ref != prefix + "HEAD":
                found[ref[len(prefix) :]] = sha
        return found

    def file_at(self, rev: str, path: str) -> str | None:
        """The text of ``path`` in commit ``rev``; None when it has no such file."""
        proc = self.run("show", f"{rev}:{path}", check=False)
        return proc.stdout if proc.returncode == 0 else None

    def count(self, revisions: str) -> int:
        """How many commits ``revisions`` (``a..b``) holds."""
        return int(self.run("rev-list", "--count", revisions).stdout.strip() or 0)

    def fetch(self, remote: str) -> None:
        """Fetch; raises :class:`GitError` saying why the remote could not be read."""
        proc = self.run("fetch", "-q", "--prune", remote, check=False, network=True)
        if proc.returncode != 0:
            url = self.remote_url(remote) or remote
            why = gitnet.explain_failure(proc.stderr, url)
            raise GitError(
                _("could not fetch from {remote!r} ({value}): {why}").format(
                    remote=remote, value=gitnet.redact(url), why=why
                )
            )

    def push(self, remote: str, branch: str) -> bool:
        """Push ``branch``; False when the remote moved on meanwhile (someone pushed)."""
        args = ("push", "--porcelain", remote, f"HEAD:refs/heads/{branch}")
        proc = self.run(*args, check=False, network=True)
        if proc.returncode == 0:
            return True
        output = proc.stdout + proc.stderr
        if any(s in output for s in ("[rejected]", "non-fast-forward", "fetch first")):
            return False
        url = self.remote_url(remote) or remote
        why = gitnet.explain_failure(output, url)
        raise GitError(
            _("could not push to {remote!r} ({value}): {why}").format(
                remote=remote, value=gitnet.redact(url), why=why
            )
        )

    def rebase(
        self, upstream: str, keep_unmerged: Callable[[str], bool], identity: Identity
    ) -> list[str]:
        """Rebase the current branch onto ``upstream`` (the work tree must be clean: the
        caller keeps uncommitted changes aside, see :meth:`stash_create`), as ``identity``.

        A file deleted on one side and edited on the other, for which ``keep_unmerged(path)`` is
        true, is kept with its edit. Any other conflict (a content conflict: a merge driver that
        failed, or a file without one) aborts the rebase, leaving the branch as it was, and is
        returned: the list of conflicting paths (empty when the rebase succeeded)."""
        quiet = ("-c", "core.editor=true", "-c", "rebase.updateRefs=false")
        args = (*quiet, "rebase", "-q", "--no-autostash", upstream)
        proc = self.run(*args, identity=identity, check=False)
        while proc.returncode != 0:
            stages = self.unmerged_stages()
            unmerged = sorted(stages)
            stuck = [
                p
                for p, have in stages.items()
                if {"2", "3"} <= have or not keep_unmerged(p) or not (self.root / p).exists()
            ]
            if stuck or not unmerged:
                self.run("rebase", "--abort", check=False)
                return stuck or [f"(rebase failed: {_last_line(proc)})"]
            self.run("add", "--", *unmerged)
            proc = self.run(*quiet, "rebase", "--continue", identity=identity, check=False)
        return []

    def merge(self, ref: str, message: str, identity: Identity, *, unrelated: bool = False) -> str:
        """Merge ``ref`` into the current branch as one merge commit (note files through the
        merge driver; other text that clashes keeps this side's lines); returns a conflicting
        path, or "" when the merge succeeded. A failed merge is aborted."""
        args = ["-c", "core.editor=true", "merge", "-q", "--no-ff", "-X", "ours", "-m", message]
        if unrelated:
            args.append("--allow-unrelated-histories")
        proc = self.run(*args, ref, identity=identity, check=False)
        if proc.returncode == 0:
            return ""
        stuck = sorted(self.unmerged_stages()) or [f"(merge failed: {_last_line(proc)})"]
        self.run("merge", "--abort", check=False)
        return stuck[0]

    def stash_create(self, identity: Identity) -> str:
        """A commit holding the uncommitted changes to tracked files ("" when there are none);
        the work tree is not changed (``git stash create``)."""
        return self.run("stash", "create", identity=identity).stdout.strip()

    def stash_apply(self, stash: str, identity: Identity) -> bool:
        """Put ``stash``'s changes back into the work tree (note files merged by the driver);
        False (and the work tree back at HEAD) when they clash with what is there now."""
        proc = self.run("stash", "apply", "-q", stash, identity=identity, check=False)
        if proc.returncode == 0:
            return True
        self.run("reset", "-q", "--hard")
        return False

    def unmerged_stages(self) -> dict[str, set[str]]:
        """``{path: stages}`` of unmerged paths (1 base, 2 ours, 3 theirs; one missing means the
        file was deleted on that side)."""
        stages: dict[str, set[str]] = {}
        for item in self.run("ls-files", "-u", "-z").stdout.split("\0"):
            if item:
                info, path = item.split("\t", 1)
                stages.setdefault(path, set()).add(info.split()[2])
        return stages

    def incoming(self, revisions: str) -> list[tuple[str, str]]:
        """(author, path) for every file each commit in ``revisions`` touched, oldest first."""
        out = self.run(
            "log",
            "--reverse",
            "--no-renames",
            f"--format={_RECORD_SEP}%an",
            "--name-only",
            "-z",
            revisions,
        ).stdout
        changes = []
        for record in out.split(_RECORD_SEP)[1:]:
            author, _, names = record.partition("\0")
            changes += [(author, p) for p in names.strip("\n\0").split("\0") if p.strip("\n")]
        return changes

    def changed_files(self, revisions: str) -> list[str]:
        out = self.run("diff", "--name-only", "-z", revisions).stdout
        return [p for p in out.split("\0") if p]

    def dirty_paths(self, *paths: str) -> list[tuple[str, str]]:
        """(status, path) of uncommitted changes below ``paths``, untracked files included."""
        return _status_items(self.run(*_STATUS, "--", *paths).stdout)

    def start_dirty_paths(self, *paths: str) -> Callable[[], list[tuple[str, str]] | None]:
        """:meth:`dirty_paths`, started in the background: returns the function that waits
        for it (and gives None if git failed). It only reads: it never takes git's index lock
        (``--no-optional-locks``), so it cannot get in the way of a commit in another process.
        """
        running = self.start("--no-optional-locks", *_STATUS, "--", *paths)

        def result() -> list[tuple[str, str]] | None:
            proc = running.wait(check=False)
            return _status_items(proc.stdout) if proc.returncode == 0 else None

        return result

    def grep_files(self, patterns: Sequence[str], *paths: str) -> list[str]:
        """Files (tracked or not) below ``paths`` with a line matching one of ``patterns``."""
        args = ["grep", "-l", "-I", "--untracked", "-E"]
        for pattern in patterns:
            args += ["-e", pattern]
        proc = self.run(*args, "--", *paths, check=False)
        return [p for p in proc.stdout.splitlines() if p]

    def bundle(self, target: Path) -> None:
        """Write every branch with its whole history to one file (``git bundle``)."""
        self.run("bundle", "create", "-q", str(target), "--all")

    def blobs(self, rev: str, paths: Sequence[str]) -> dict[str, bytes]:
        """The content of ``paths`` at ``rev`` (those it has), read in one ``git cat-file``
        without touching the index: it works while ``.git/index.lock`` exists."""
        request = "".join(f"{rev}:{path}\n" for path in paths).encode("utf-8")
        proc = subprocess.run(
            [git_executable(), "cat-file", "--batch"],
            cwd=self.root,
            input=request,
            capture_output=True,
            check=True,
        )
        out, found, at = proc.stdout, {}, 0
        for path in paths:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[path] = out[at : at + size]
                at += size + 1
        return found

    def uncommitted(self) -> set[str]:
        """Paths whose working-tree content differs from HEAD, untracked ones included."""
        return {path for _, path in self.dirty_paths()}


_STATUS = ("status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")


def _status_items(out: str) -> list[tuple[str, str]]:
    return [(item[:2], item[3:]) for item in out.split("\0") if item]


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
                    _(
                        "git {command} failed in {root}: .git/{lock} exists (another git is "
                        "running, or one was killed); if none is running, 'custnote check --fix' "
                        "removes it"
                    ).format(command=self.command, root=self.root, lock=lock)
                )
            raise GitError(
                _("git {command} failed in {root}: {value}").format(
                    command=self.command, root=self.root, value=detail[-1] if detail else ""
                )
            )
        return done


def _last_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [x for x in (proc.stderr or proc.stdout).strip().splitlines() if x.strip()]
    return lines[-1].strip() if lines else f"exit code {proc.returncode}"
