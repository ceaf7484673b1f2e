"""The notebook's git repository, driven through the ``git`` command: commits and history
(:class:`custnote.core.notebook.commits.Commit`), what is uncommitted, file contents at a
commit. Running git is :mod:`custnote.adapters.gitprocess`'s job, the sharing commands
:mod:`custnote.adapters.gitsharing`'s.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from custnote.adapters import githead
from custnote.adapters.fsmonitor.passthrough import git_args
from custnote.adapters.gitprocess import git_executable
from custnote.adapters.gitsharing import GitSharing
from custnote.core.notebook.commits import Commit, Identity
from custnote.errors import GitError
from custnote.i18n import _

_FIELD_SEP, _RECORD_SEP = "\x1f", "\x1e"


class GitRepo(GitSharing):
    """The git repository of a notebook, its working tree at ``root``."""

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
        return githead.head_commit(self.root)

    def commit(
        self, paths: Sequence[str], message: str, identity: Identity, *, allow_empty: bool = False
    ) -> str | None:
        """Stage ``paths`` (additions, changes, deletions) and commit only them
        (:mod:`custnote.adapters.gitcommit`). Returns the new commit's sha, or None when nothing
        changed."""
        from custnote.adapters.gitcommit import commit_only

        return commit_only(self, paths, message, identity, allow_empty=allow_empty)

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

    def file_at(self, rev: str, path: str) -> str | None:
        """The text of ``path`` in commit ``rev``; None when it has no such file."""
        proc = self.run("show", f"{rev}:{path}", check=False)
        return proc.stdout if proc.returncode == 0 else None

    def count(self, revisions: str) -> int:
        """How many commits ``revisions`` (``a..b``) holds."""
        return int(self.run("rev-list", "--count", revisions).stdout.strip() or 0)

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
        files = paths and not any((self.root / p).is_dir() for p in paths)
        # files only (a write's own notes): git's fsmonitor need not be asked about the others
        settings = git_args(self.root, paths) if files else []
        return _status_items(self.run(*settings, *_STATUS, "--", *paths).stdout)

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
