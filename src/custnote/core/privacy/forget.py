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
had before, and that the new one carries tombstones: :func:`absorb_rewrite` replays their own
unpushed commits onto the new history, leaving out the forgotten notes, replaces the old
history, and prunes its objects and custnote's caches. A rewrite without a new tombstone is
refused (it is not custnote's doing).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from custnote.adapters import fsio
from custnote.core import clock
from custnote.core.i18n import _
from custnote.core.notebook.config import CONFIG_DIR
from custnote.errors import CustnoteError, GitError

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo
    from custnote.core.note.model import Note
    from custnote.core.notebook.notebook import Notebook

TOMBSTONES = f"{CONFIG_DIR}/forgotten"
TOMBSTONE_HEADER = (
    "# Customers erased from the whole history with 'custnote forget': id and date only.\n"
)
TOP_FOLDERS = ("customers", "archive")


class ForgetError(CustnoteError):
    """The rewrite could not be made or absorbed; nothing was lost."""


@dataclass
class ForgetReport:
    id: str
    paths: list[str]
    names: list[str]
    pushed: bool = False
    remote_pruned: bool = False


@dataclass
class Absorbed:
    """What a sync did with a rewritten remote history."""

    forgotten: list[str] = field(default_factory=list)
    replayed: int = 0
    dropped: int = 0


def read_tombstones(text: str) -> dict[str, str]:
    """``{id: date}`` of a tombstone file's text."""
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            found[parts[0]] = parts[1]
    return found


def tombstones_at(git: GitRepo, rev: str = "HEAD") -> dict[str, str]:
    proc = git.run("show", f"{rev}:{TOMBSTONES}", check=False)
    return read_tombstones(proc.stdout) if proc.returncode == 0 else {}


def forgotten_ids(nb: Notebook) -> dict[str, str]:
    """The tombstones of the notebook's work tree."""
    path = nb.root / TOMBSTONES
    return read_tombstones(path.read_text("utf-8")) if path.exists() else {}


def forgotten_in_plan(nb: Notebook, plan: Any) -> list[tuple[int, str, str]]:
    """``(row, id, date forgotten)`` of the new customers an import plan would add under an
    id that ``custnote forget`` erased."""
    stones = forgotten_ids(nb)
    found = []
    for item in plan.customers if stones else ():
        customer_id = str(item.changes.get("id") or "")
        if item.target is None and customer_id in stones:
            found.append((item.rows[0], customer_id, stones[customer_id]))
    return found


def note_paths(rel: str) -> list[str]:
    """Every path a note's file can have had (the name never changes; only the top folder)."""
    top, rest = rel.split("/", 1)
    assert top in TOP_FOLDERS
    return [f"{folder}/{rest}" for folder in TOP_FOLDERS]


def _paths_of_id(git: GitRepo, rev: str, forgotten: set[str]) -> list[str]:
    """Files of forgotten ids anywhere in ``rev``'s history (by the id in the file name)."""
    listed = git.run("log", "--format=", "--name-only", rev, "--", *TOP_FOLDERS).stdout
    found = set()
    for rel in listed.split():
        stem = Path(rel).stem
        if rel.endswith(".md") and stem.rsplit("-", 1)[-1] in forgotten:
            found.update(note_paths(rel))
    return sorted(found)


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
        dirty = _dirty(git)
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
        _clear_private(nb, note)
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


def _clear_private(nb: Notebook, note: Note | None = None) -> None:
    """Caches (the search index holds note text) and recovery files of a forgotten note."""
    shutil.rmtree(nb.cache_dir, ignore_errors=True)
    if note is not None and note.path:
        stem = Path(note.path).stem
        for folder in (nb.root / CONFIG_DIR / "recovery", nb.state_dir / "recovery"):
            for path in folder.glob(f"{stem}-*"):
                path.unlink(missing_ok=True)


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


def absorb_rewrite(nb: Notebook, known: str, upstream: str) -> Absorbed | None:
    """After a fetch: when ``upstream`` no longer descends from ``known`` (what this clone had
    of the remote) because a colleague forgot a customer, replay this clone's own commits onto
    the new history without the forgotten notes, and prune the old history. None when the
    remote's history was not rewritten."""
    git = nb.git
    new = git.rev(upstream)
    if new is None or known == new:
        return None
    if git.run("merge-base", "--is-ancestor", known, new, check=False).returncode == 0:
        return None
    fresh = set(tombstones_at(git, new)) - set(tombstones_at(git, known))
    if not fresh:
        raise ForgetError(
            _(
                "the remote's history was rewritten, and not by 'custnote forget' (no new "
                "tombstone); nothing was changed here. Ask the team what happened"
            )
        )
    dirty = _dirty(git)
    if dirty:
        git.run("update-ref", f"refs/remotes/{upstream}", known)  # seen again next sync
        raise ForgetError(
            _(
                "a colleague erased a customer from the history; commit or discard your "
                "changes to {value} first, then sync again (nothing was changed)"
            ).format(value=", ".join(dirty[:3]))
        )
    done = Absorbed(sorted(fresh))
    excluded = _paths_of_id(git, "HEAD", fresh)
    local = git.run("rev-list", "--reverse", "--no-merges", f"{known}..HEAD").stdout.split()
    head = git.rev("HEAD")
    git.run("update-ref", "refs/custnote/before-absorb", head or known)
    git.run("reset", "-q", "--hard", new)
    try:
        for commit in local:
            spec = ["--", ".", *(f":(exclude){p}" for p in excluded)]
            patch = git.run("diff", "--binary", f"{commit}^", commit, *spec).stdout
            if not patch.strip():
                done.dropped += 1
                continue
            apply = git.run("apply", "--index", "--3way", "-", input=patch, check=False)
            if apply.returncode != 0:
                subject = git.run("log", "-1", "--format=%s", commit).stdout.strip()
                raise ForgetError(
                    _(
                        "a colleague erased a customer from the history, and your unpushed "
                        "commit {value} ({subject}) does not apply to the new history; nothing "
                        "was changed here. Undo or redo that change, then sync again"
                    ).format(value=commit[:8], subject=subject)
                )
            me = nb.identity()  # the committer; the author stays the commit's
            who = ["-c", f"user.name={me.name}", "-c", f"user.email={me.email}"]
            git.run(*who, "commit", "-q", "--no-verify", "-C", commit)
            done.replayed += 1
    except BaseException:
        # back as before; the remote-tracking ref too, so that the next sync sees the
        # rewrite again instead of rebasing the old history (forgotten notes and all) onto it
        git.run("reset", "-q", "--hard", "refs/custnote/before-absorb", check=False)
        git.run("update-ref", f"refs/remotes/{upstream}", known, check=False)
        git.run("update-ref", "-d", "refs/custnote/before-absorb", check=False)
        raise
    git.run("update-ref", "-d", "refs/custnote/before-absorb")
    for pseudo in ("ORIG_HEAD",):
        (git_dir(nb) / pseudo).unlink(missing_ok=True)
    git.run("reflog", "expire", "--expire=now", "--all")
    git.run("gc", "-q", "--prune=now")
    _clear_private(nb)
    return done


def _dirty(git: GitRepo) -> list[str]:
    """Tracked files with uncommitted changes (a hard reset would lose them)."""
    status = git.run("status", "--porcelain", "--untracked-files=no").stdout
    return [line[3:] for line in status.split("\n") if line.strip()]


def git_dir(nb: Notebook) -> Path:
    return nb.state_dir.parent
