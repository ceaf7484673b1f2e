"""``custnote forget``: erase a customer from the whole history, in every clone (消去).

The one who forgets:

1. syncs (everyone's pushed work is in), then rewrites the history with ``git-filter-repo``
   (MIT-licensed, see pyproject.toml): every version of the note's file, under ``customers/``
   and ``archive/``, is removed from every commit, and every name the note ever had is replaced
   in commit messages by ``(forgotten ID)``; filter-repo then expires the reflogs and prunes the
   old objects;
2. commits a tombstone (the id and the date only) to ``.custnote/forgotten``;
3. pushes the new history (``--force-with-lease``: refused if someone pushed meanwhile; run
   forget again), and prunes a remote that is a local folder.

Every colleague's next ``sync`` sees that the remote's history no longer contains the one it
had before, and that the new one carries tombstones:
:func:`custnote.core.privacy.absorb.absorb_rewrite` replays their own
unpushed commits onto the new history, leaving out the forgotten notes, replaces the old
history, and prunes its objects and custnote's caches. A rewrite without a new tombstone is
refused (it is not custnote's doing).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio
from custnote.core import clock
from custnote.core.privacy.tombstones import (
    TOMBSTONE_HEADER,
    TOMBSTONES,
    ForgetError,
    clear_private,
    dirty_tracked,
    forgotten_ids,
    note_paths,
)
from custnote.errors import CustnoteError, GitError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo
    from custnote.core.note.model import Note
    from custnote.core.notebook.notebook import Notebook


@dataclass
class ForgetReport:
    id: str
    paths: list[str]
    names: list[str]
    pushed: bool = False
    remote_pruned: bool = False


def _names(git: GitRepo, paths: list[str]) -> list[str]:
    """Every name the note had in any version of its file (for scrubbing commit messages)."""
    from custnote.core.note.noteformat import read_front_matter

    raw = git.run("log", "--all", "--format=", "--raw", "--no-abbrev", "--", *paths).stdout
    blobs = {line.split()[3] for line in raw.splitlines() if line.startswith(":")}
    names: set[str] = set()
    for blob in blobs - {"0" * 40}:
        text = git.run("cat-file", "blob", blob, check=False).stdout
        try:
            name = read_front_matter(text).get("name")
        except CustnoteError:
            continue
        if isinstance(name, str) and name.strip():
            names.add(name.strip())
    return sorted(names, key=len, reverse=True)


def forget(nb: Notebook, note: Note) -> ForgetReport:
    """Erase ``note`` from the whole history (see the module docstring)."""
    from custnote.core.sync.sharing import REMOTE, sync

    assert note.path
    git = nb.git
    url = git.remote_url(REMOTE)
    if url:
        sync(nb)  # everyone's work in, ours out: the rewrite loses nothing of the team's
    branch = git.branch() or "main"
    lease = git.rev(f"{REMOTE}/{branch}") if url else None
    paths = note_paths(note.path)
    report = ForgetReport(note.id, paths, _names(git, paths))
    with fsio.exclusive_lock(nb.lock_path):
        dirty = dirty_tracked(git)
        if dirty:  # the rewrite ends with a hard reset, which would lose them
            raise ForgetError(
                _(
                    "uncommitted changes in {value}: commit them (custnote sync commits hand "
                    "edits) or discard them first; nothing was changed"
                ).format(value=", ".join(dirty[:3]))
            )
        _filter_repo(nb, paths, report.names, note.id)
        if url:
            git.set_remote(REMOTE, url)  # filter-repo removes it, against accidental pushes
        clear_private(nb, note)
    stones = forgotten_ids(nb)
    stones[note.id] = clock.today().isoformat()
    lines = "".join(f"{i} {d}\n" for i, d in sorted(stones.items()))
    with nb.transaction(f"forget: customer {note.id}", "forget") as tx:
        tx.write(TOMBSTONES, TOMBSTONE_HEADER + lines)
    if url:
        lease_arg = f"--force-with-lease={branch}:{lease}" if lease else "--force"
        proc = git.run("push", "-q", lease_arg, REMOTE, f"HEAD:refs/heads/{branch}", check=False)
        if proc.returncode != 0:
            raise GitError(
                _(
                    "the history is rewritten here, but could not be pushed ({value}); run "
                    "'custnote forget' again after 'custnote sync'"
                ).format(
                    value=proc.stderr.strip().splitlines()[-1]
                    if proc.stderr.strip()
                    else "rejected"
                )
            )
        report.pushed = True
        git.fetch(REMOTE)
        report.remote_pruned = _prune_local_remote(url)
    return report


def _filter_repo(nb: Notebook, paths: list[str], names: list[str], note_id: str) -> None:
    """Run git-filter-repo (as a module of this Python: no PATH lookup) on the notebook."""
    expressions = nb.state_dir / "forget-messages.txt"
    fsio.atomic_write(expressions, "".join(f"literal:{n}==>(forgotten {note_id})\n" for n in names))
    args = [sys.executable, "-m", "git_filter_repo", "--force", "--quiet", "--invert-paths"]
    for rel in paths:
        args += ["--path", rel]
    if names:
        args += ["--replace-message", str(expressions)]
    import subprocess

    try:
        proc = subprocess.run(args, cwd=nb.root, capture_output=True, text=True, check=False)
    finally:
        expressions.unlink(missing_ok=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["failed"]
        raise ForgetError(
            _("git-filter-repo could not rewrite the history: {value}").format(value=last[0])
        )


def _prune_local_remote(url: str) -> bool:
    """A remote that is a folder here (a bare repository): drop its unreachable objects. A
    hosting service keeps them until its own clean-up (docs/privacy.md)."""
    import subprocess

    path = Path(url.removeprefix("file://")).expanduser()
    if not path.is_dir():
        return False
    for args in (["reflog", "expire", "--expire=now", "--all"], ["gc", "-q", "--prune=now"]):
        subprocess.run(["git", *args], cwd=path, capture_output=True, check=False)
    return True
