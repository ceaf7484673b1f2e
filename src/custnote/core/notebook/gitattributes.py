"""How the notebook's git merges notes: custnote's merge driver registered in each clone, and
``.gitattributes``, which sends note files to it. The one writer of that file: ``init`` writes
custnote's lines, ``sync``, ``clone`` and ``remote add`` add them when missing, the audit log
adds its own (:func:`with_lines`).

git runs the driver (``python -m custnote.adapters.merge_driver %O %A %B %P``, a thin face over
:func:`custnote.core.sync.note_merge.merge_versions`) whenever a merge, rebase, pull or
cherry-pick meets a note changed on both sides. ``.git/config`` is never shared, so every clone
registers the driver; ``.gitattributes`` is committed (docs/sync.md).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio
from custnote.core.notebook.locate import ARCHIVE, CUSTOMERS

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo

NOTE_DIRS = (CUSTOMERS, ARCHIVE)
ATTRIBUTES_FILE = ".gitattributes"
#: The ``merge.<name>`` custnote registers; ``.gitattributes`` says ``merge=custnote``.
DRIVER_NAME = "custnote"
#: The module git runs as the driver (named only: the core never imports it).
DRIVER_MODULE = "custnote.adapters.merge_driver"


def gitattributes_lines(folders: Iterable[str]) -> list[str]:
    """The ``.gitattributes`` lines that send note files in ``folders`` to the driver."""
    return [f"{folder}/**/*.md merge={DRIVER_NAME}" for folder in folders]


GITATTRIBUTES_LINES = gitattributes_lines(NOTE_DIRS)


def driver_command() -> str:
    """The command git runs for ``merge=custnote``: this very Python, so a venv install works."""
    return f"{shlex.quote(sys.executable)} -m {DRIVER_MODULE} %O %A %B %P"


def register_merge_driver(git: GitRepo) -> None:
    """Register the driver in ``.git/config`` (git never shares this file, so every clone must)."""
    git.config_set(f"merge.{DRIVER_NAME}.name", "custnote note merge (never loses a note)")
    git.config_set(f"merge.{DRIVER_NAME}.driver", driver_command())


def missing_lines(text: str, lines: Sequence[str]) -> list[str]:
    """The ``lines`` a ``.gitattributes`` text does not hold yet, each once."""
    present = set(text.splitlines())
    return [line for line in dict.fromkeys(lines) if line not in present]


def with_lines(text: str, lines: Sequence[str]) -> str | None:
    """``.gitattributes`` text with ``lines`` added at its end (each once, the file's own lines
    untouched), or None when it holds them all already."""
    missing = missing_lines(text, lines)
    if not missing:
        return None
    prefix = text if not text or text.endswith("\n") else text + "\n"
    return prefix + "".join(line + "\n" for line in missing)


def _current(root: Path) -> tuple[Path, str]:
    path = fsio.inside(root, ATTRIBUTES_FILE)  # a committed link is refused: never read, sent
    return path, fsio.read_text(path) if path.exists() else ""


def ensure_gitattributes(root: Path, lines: Sequence[str] = GITATTRIBUTES_LINES) -> bool:
    """Add ``lines`` (custnote's) to the work tree's ``.gitattributes``; True when the file
    changed (the caller commits it)."""
    path, text = _current(root)
    new = with_lines(text, lines)
    if new is None:
        return False
    fsio.atomic_write(path, new)
    return True


def missing_gitattributes(root: Path, lines: Sequence[str] = GITATTRIBUTES_LINES) -> bool:
    """Whether the work tree's ``.gitattributes`` lacks one of ``lines`` (custnote's)."""
    return bool(missing_lines(_current(root)[1], lines))
