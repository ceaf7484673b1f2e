"""One commit of exactly the given paths, without git re-checking 100,000 files.

``git commit -- PATHS`` (commit only these paths, leave whatever else is staged alone) refreshes
the whole index first, one ``lstat`` per tracked file: at 100,000 customers that is most of a
``log``'s time beside the few indexed look-ups it needs. When nothing but ``PATHS`` is staged,
the same commit is made from git's plumbing instead: ``write-tree`` (the index's cached trees,
only the changed folders rebuilt), ``commit-tree`` and ``update-ref`` against the old HEAD (so a
commit made meanwhile by anyone else makes it fail rather than be lost), then ``COMMIT_EDITMSG``
and git's own ``maintenance run --auto``, as ``git commit`` leaves and runs them. The message is
cleaned as ``git commit -F`` cleans it (``--cleanup=whitespace``). ``git commit`` is still used
when the result could differ: other staged changes, no commit yet, an empty commit, a linked
work tree, a merge, rebase, cherry-pick or revert under way, signing (``commit.gpgSign``), or
hooks that ``--no-verify`` does not skip (``post-commit``, ``prepare-commit-msg``;
``core.hooksPath``).
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters.fsio import atomic_write
from custnote.adapters.fsmonitor.passthrough import git_args

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo, Identity

#: settings with which only ``git commit`` makes the same commit
_SETTINGS = r"^(commit\.gpgsign|core\.hookspath)$"
_HOOKS = ("post-commit", "prepare-commit-msg")
#: what git keeps while an operation is under way (a commit then is git commit's to make)
_IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply")


def commit_only(
    git: GitRepo,
    paths: Sequence[str],
    message: str,
    identity: Identity,
    *,
    allow_empty: bool = False,
) -> str | None:
    """Stage ``paths`` (additions, changes, deletions) and commit only them; the new commit's
    sha, or None when nothing changed."""
    present = [p for p in paths if (git.root / p).exists()]
    if present:  # a path moved away by `git mv` is staged already; `git add` would fail
        git.run(*git_args(git.root, present), "add", "-A", "--", *present)
    gone = [p for p in paths if p not in present]
    if gone:  # deleted files: their index entries go (nothing happens for one never added)
        git.run(*git_args(git.root, gone), "rm", "-q", "--cached", "--ignore-unmatch", "--", *gone)
    no_work_tree = git_args(git.root)  # diff --cached and write-tree: index and HEAD only
    proc = git.run(
        *no_work_tree, "diff", "--cached", "--name-only", "-z", "--no-renames", check=False
    )
    staged = {p for p in proc.stdout.split("\0") if p} if proc.returncode == 0 else None
    if staged is not None and not staged & set(paths) and not allow_empty:
        return None
    head = git.head_commit()
    plain = staged is not None and staged <= set(paths) and head and not allow_empty
    if plain and _plain(git) and _index_refreshed(git):
        sha = _commit_tree(git, head, message, identity, no_work_tree)
        if sha is not None:
            return sha
    git.run(
        "commit", "-q", "--no-verify", "-F", "-", "--", *paths, identity=identity, input=message
    )
    _note_refresh(git)
    return git.run("rev-parse", "HEAD").stdout.strip()


#: how long a full refresh of the index (what ``git commit`` does first) is trusted
REFRESH_EVERY = 3600.0


def _refresh_stamp(git: GitRepo) -> Path:
    return git.root / ".git" / "custnote" / "index-refreshed"


def _root_identity(git: GitRepo) -> str:
    st = os.stat(git.root)
    return f"{st.st_dev}:{st.st_ino}"


def _index_refreshed(git: GitRepo) -> bool:
    """Did ``git commit`` refresh the index's stat data of this very folder within the hour?

    The plumbing never refreshes it. A notebook copied or restored (``cp -a``, a backup) keeps
    its index but every file has a new inode and ctime: until something rewrites the index,
    every ``git status`` (each command's freshness check) re-reads every note. A new folder (its
    inode changes with a copy) or an hour's age sends the commit through ``git commit`` again."""
    try:
        identity, when = _refresh_stamp(git).read_text("ascii").split()
        return identity == _root_identity(git) and time.time() - float(when) < REFRESH_EVERY
    except (OSError, ValueError):
        return False


def _note_refresh(git: GitRepo) -> None:
    stamp = _refresh_stamp(git)
    if stamp.parent.is_dir():  # the notebook's private state (.git/custnote); none: no stamp
        with contextlib.suppress(OSError):
            stamp.write_text(f"{_root_identity(git)} {time.time():.0f}\n", "ascii")


def _plain(git: GitRepo) -> bool:
    """No setting or hook with which ``git commit`` would do more than the plumbing does."""
    found = git.run("config", "--get-regexp", _SETTINGS, check=False).stdout
    if any(line.split(" ", 1)[0] == "core.hookspath" for line in found.splitlines()):
        return False
    if re.search(r"^commit\.gpgsign (true|yes|on|1)\s*$", found, re.I | re.M):
        return False
    git_dir = git.root / ".git"
    if not git_dir.is_dir():  # a linked work tree, a submodule: git commit finds its way
        return False
    if any((git_dir / name).exists() for name in _IN_PROGRESS):
        return False  # a merge, rebase, cherry-pick or revert under way: git decides
    folder = git_dir / "hooks"
    return not any((folder / hook).exists() for hook in _HOOKS)


def _commit_tree(
    git: GitRepo, head: str, message: str, identity: Identity, settings: Sequence[str] = ()
) -> str | None:
    """The commit of the index on ``head``, HEAD moved to it; None when HEAD moved meanwhile."""
    tree = git.run(*settings, "write-tree").stdout.strip()
    text = cleanup(message)
    sha = git.run("commit-tree", tree, "-p", head, "-F", "-", identity=identity, input=text)
    sha_text = sha.stdout.strip()
    subject = text.split("\n", 1)[0]
    moved = git.run("update-ref", "-m", f"commit: {subject}", "HEAD", sha_text, head, check=False)
    if moved.returncode != 0:
        return None  # someone else's commit came first: git commit makes it on top of theirs
    # as git commit leaves it: the last message, not an older one (`forget` scrubs names)
    atomic_write(git.root / ".git" / "COMMIT_EDITMSG", text.encode("utf-8"), durable=False)
    git.run("maintenance", "run", "--auto", "--quiet", check=False)
    return sha_text


def cleanup(message: str) -> str:
    """``git stripspace``: no trailing spaces, no leading, trailing or repeated blank lines."""
    lines = [line.rstrip(" \t\r") for line in message.split("\n")]  # ASCII spaces, as git
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
