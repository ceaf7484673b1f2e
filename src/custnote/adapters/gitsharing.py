"""What ``custnote sync`` asks of git: clone, remotes, fetch and push (through
:mod:`custnote.adapters.gitnet`'s settings), rebase and merge with custnote's merge driver, and the
uncommitted changes kept aside meanwhile (``git stash create``/``apply``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Self

from custnote.adapters import gitnet
from custnote.adapters.gitprocess import GitProcess, last_line
from custnote.core.notebook.commits import Identity
from custnote.errors import GitError


class GitSharing(GitProcess):
    """The sharing half of :class:`custnote.adapters.gitrepo.GitRepo`."""

    @classmethod
    def clone(cls, url: str, root: Path) -> Self:
        """``git clone --no-checkout URL ROOT`` (the caller checks out the notebook's branch,
        whatever the remote's HEAD says); a clear error when the remote cannot be reached."""
        if root.exists() and any(root.iterdir()):
            raise GitError(f"cannot clone into {root}: the folder is not empty")
        root.parent.mkdir(parents=True, exist_ok=True)
        args = ("clone", "-q", "--no-checkout", url, str(root))
        proc = cls(root.parent).run(*args, check=False, network=True)
        if proc.returncode != 0:
            why = gitnet.explain_failure(proc.stderr, url)
            raise GitError(f"cannot clone {gitnet.redact(url)}: {why}")
        return cls(root)

    def remote_url(self, remote: str) -> str | None:
        return self.config_get(f"remote.{remote}.url")

    def set_remote(self, remote: str, url: str) -> None:
        """Add ``remote`` or change its URL."""
        verb = "set-url" if self.remote_url(remote) else "add"
        self.run("remote", verb, remote, url)

    def remove_remote(self, remote: str) -> None:
        self.run("remote", "remove", remote, check=False)

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

    def fetch(self, remote: str) -> None:
        """Fetch; raises :class:`GitError` saying why the remote could not be read."""
        proc = self.run("fetch", "-q", "--prune", remote, check=False, network=True)
        if proc.returncode != 0:
            url = self.remote_url(remote) or remote
            why = gitnet.explain_failure(proc.stderr, url)
            raise GitError(f"could not fetch from {remote!r} ({gitnet.redact(url)}): {why}")

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
        raise GitError(f"could not push to {remote!r} ({gitnet.redact(url)}): {why}")

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
                return stuck or [f"(rebase failed: {last_line(proc)})"]
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
        stuck = sorted(self.unmerged_stages()) or [f"(merge failed: {last_line(proc)})"]
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
