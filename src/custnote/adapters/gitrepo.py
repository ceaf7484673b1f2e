"""The notebook's git repository, driven through the ``git`` command.

custnote runs the git CLI directly rather than through GitPython's object layer: every command a
user types makes at most a few git calls, and the subprocess path avoids GitPython's import cost
(~100 ms) and its pure-Python index handling, which is slow on 10,000 files. Authors are always
passed explicitly, so commits work on machines where git has no ``user.name``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from custnote.errors import GitError

#: Trailer that marks custnote's own commits (``custnote undo`` looks for it).
OP_TRAILER = "Custnote-Op"
REVERTS_TRAILER = "Custnote-Reverts"
_FIELD_SEP, _RECORD_SEP = "\x1f", "\x1e"


@dataclass(frozen=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    """One commit as listed by :meth:`GitRepo.log`."""

    sha: str
    author: str
    date: str  # ISO 8601 with offset
    subject: str
    body: str

    def trailer(self, key: str) -> str | None:
        for line in self.body.splitlines():
            if line.startswith(f"{key}: "):
                return line.split(": ", 1)[1].strip()
        return None


def git_executable() -> str:
    """The git binary, or a clear error when git is not installed."""
    exe = shutil.which("git")
    if not exe:
        raise GitError("git is not installed or not on PATH; custnote keeps notes in git")
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
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` in the repository and return the completed process."""
        env = dict(os.environ)
        env.setdefault("GIT_TERMINAL_PROMPT", "0")
        if identity:
            env |= {
                "GIT_AUTHOR_NAME": identity.name,
                "GIT_AUTHOR_EMAIL": identity.email,
                "GIT_COMMITTER_NAME": identity.name,
                "GIT_COMMITTER_EMAIL": identity.email,
            }
        proc = subprocess.run(
            [git_executable(), *args],
            cwd=self.root,
            env=env,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        if check and proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            raise GitError(f"git {args[0]} failed in {self.root}: {detail[-1] if detail else ''}")
        return proc

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        if not (root / ".git").exists():
            repo.run("init", "-q", "-b", "main")
        return repo

    def is_repo(self) -> bool:
        return (self.root / ".git").exists()

    def config_get(self, key: str) -> str | None:
        proc = self.run("config", "--get", key, check=False)
        return proc.stdout.strip() or None

    def commit(
        self, paths: Sequence[str], message: str, identity: Identity, *, allow_empty: bool = False
    ) -> str | None:
        """Stage ``paths`` (additions, changes, deletions) and commit only them.

        Returns the new commit's sha, or None when nothing changed."""
        if paths:
            self.run("add", "-A", "--", *paths)
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
            raise GitError(f"git log failed in {self.root}: {proc.stderr.strip()}")
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
        self.run("revert", "--no-commit", sha)
        self.run("commit", "-q", "--no-verify", "-F", "-", identity=identity, input=message)
        return self.run("rev-parse", "HEAD").stdout.strip()

    def uncommitted(self) -> set[str]:
        """Paths whose working-tree content differs from HEAD, untracked ones included."""
        out = self.run("status", "--porcelain", "-z", "--untracked-files=all").stdout
        paths: set[str] = set()
        records = iter(out.split("\0"))
        for record in records:
            if record:
                paths.add(record[3:])
                if record[0] in "RC":  # a rename or copy: the source path follows
                    paths.add(next(records, ""))
        return paths
