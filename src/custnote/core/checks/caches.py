"""Files at the work-tree paths where custnote once kept its caches and local state.

Before its private state moved into ``.git/custnote`` (docs/security.md), custnote kept caches
(pickles, JSON), the writer lock and edit recovery files under ``.custnote/`` in the work tree,
where a clone or a pull can put any file. custnote never reads those paths now. A file there
that is *tracked* came from someone's commit (``git add -f``), possibly crafted: every command
warns about it (:func:`tracked_legacy_files`, cheap enough for ``show`` and ``search``), and
``custnote check --fix`` untracks it in one commit. Untracked leftovers of an older custnote are
reported too and moved into the private state, after which the warning costs nothing at all.
Whatever ``--fix`` takes out of the work tree is kept in ``.git/custnote/removed/<time>/``.
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import TYPE_CHECKING

from custnote.core.checks import Finding
from custnote.core.notebook.stamps import stamp
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "caches"
#: every work-tree path custnote has used for its own state (folders end with "/")
LEGACY_PATHS = (".custnote/cache/", ".custnote/recovery/", ".custnote/lock")
_STAMP = "legacy-paths.json"


def _present(nb: Notebook) -> bool:
    """Whether anything exists at a legacy path (no git call: a few ``lstat``)."""
    root = str(nb.root)
    return any(os.path.lexists(f"{root}/{p.rstrip('/')}") for p in LEGACY_PATHS)


def _ls_tracked(nb: Notebook) -> list[str]:
    """Tracked files at the legacy paths (one ``git ls-files``)."""
    proc = nb.git.run("ls-files", "-z", "--", ".custnote", check=False)
    found = [p for p in proc.stdout.split("\0") if p]
    return sorted(p for p in found if any(_under(p, legacy) for legacy in LEGACY_PATHS))


def _under(path: str, legacy: str) -> bool:
    return path.startswith(legacy) or path == legacy.rstrip("/")


def tracked_legacy_files(nb: Notebook) -> list[str]:
    """Tracked files at custnote's old cache paths, for the warning every command prints.

    Free when nothing is there (the usual case). Otherwise the answer is kept in the private
    state, keyed by the git index's size and time: git is asked again only after the index
    changed (a commit, a pull), never on each ``show`` or ``search``."""
    if not _present(nb):
        return []
    stamp_path = nb.state_dir / _STAMP
    try:
        st = os.stat(nb.state_dir.parent / "index")
        key = stamp(st)
    except OSError:
        key = None
    try:
        saved = json.loads(stamp_path.read_text("utf-8"))
        if key is not None and saved.get("index") == key:
            return [str(p) for p in saved.get("tracked", [])]
    except (OSError, ValueError, AttributeError):
        pass
    tracked = _ls_tracked(nb)
    if key is not None:
        from custnote.adapters.fsio import atomic_write

        with contextlib.suppress(OSError):  # a read-only notebook asks git each time
            atomic_write(stamp_path, json.dumps({"index": key, "tracked": tracked}), durable=False)
    return tracked


def warning(tracked: list[str]) -> str:
    """The one warning line naming the tracked files (the first few, and how many more)."""
    named = ", ".join(tracked[:5]) + (f" and {len(tracked) - 5} more" if len(tracked) > 5 else "")
    return _(
        "tracked files at custnote's old cache paths, never read (someone "
        "committed them; 'custnote check --fix' untracks them): {named}"
    ).format(named=named)


def _leftovers(nb: Notebook) -> list[str]:
    """Untracked files and links at the legacy paths (an older custnote's caches)."""
    found = []
    for legacy in LEGACY_PATHS:
        top = nb.root / legacy.rstrip("/")
        if top.is_symlink() or top.is_file():
            found.append(legacy.rstrip("/"))
        elif top.is_dir():
            for folder, dirs, files in os.walk(top):  # os.walk does not follow links
                rel = os.path.relpath(folder, nb.root).replace(os.sep, "/")
                found += [f"{rel}/{name}" for name in files]
                found += [f"{rel}/{d}" for d in dirs if os.path.islink(os.path.join(folder, d))]
    return sorted(found)


def find(nb: Notebook) -> list[Finding]:
    if not _present(nb):
        return []
    tracked = _ls_tracked(nb)
    findings = [
        Finding(NAME, rel, f"{rel}: tracked at an old cache path (never read)", fixable=True)
        for rel in tracked
    ]
    findings += [
        Finding(NAME, rel, f"{rel}: left over from an older custnote (never read)", fixable=True)
        for rel in _leftovers(nb)
        if rel not in tracked
    ]
    return findings


def fix(nb: Notebook, findings: list[Finding]) -> list[str]:
    """Move every finding's file into ``.git/custnote/removed/<time>/`` (kept, never lost),
    and commit the removal of the tracked ones as one commit."""
    import shutil  # not at module level: every command imports this module for the warning

    from custnote.core import clock

    tracked = set(_ls_tracked(nb))
    kept = nb.state_dir / "removed" / clock.now().strftime("%Y%m%d-%H%M%S")
    paths = [f.path for f in findings]
    done = []
    with nb.transaction("check: untrack files at custnote's old cache paths", "check") as tx:
        untrack = [p for p in paths if p in tracked]
        if untrack:
            nb.git.run("rm", "-r", "--cached", "-q", "--", *untrack)
            tx.paths += untrack
        for rel in paths:
            target = kept / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(nb.root / rel), target)  # a link is moved, not followed
            done.append(f"{rel}: {'untracked and ' if rel in tracked else ''}moved to {target}")
    for legacy in LEGACY_PATHS:  # the emptied folders go too: the warning is free again
        top = nb.root / legacy.rstrip("/")
        if top.is_dir() and not top.is_symlink():
            for folder, _dirs, _files in os.walk(top, topdown=False):
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
    return done
