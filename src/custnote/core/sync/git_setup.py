"""How a notebook's git merges notes: custnote's merge driver registered in each clone, and the
one writer of ``.gitattributes`` (which files go to which driver).

git runs the driver (``python -m custnote.adapters.merge_driver %O %A %B %P``, a thin face over
:func:`custnote.core.sync.note_merge.merge_versions`) whenever a merge, rebase, pull or cherry-pick
meets a note changed on both sides. ``.git/config`` is never shared, so every clone registers
the driver (init, clone, sync, restore); ``.gitattributes`` is committed (docs/sync.md).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.adapters import fsio

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo

#: The ``merge.<name>`` custnote registers; ``.gitattributes`` says ``merge=custnote``.
DRIVER_NAME = "custnote"
ATTRIBUTES_FILE = ".gitattributes"
#: The module git runs as the driver (by name: the core never imports it).
DRIVER_MODULE = "custnote.adapters.merge_driver"


def gitattributes_lines(folders: Iterable[str]) -> list[str]:
    """The ``.gitattributes`` lines that send note files in ``folders`` to the driver."""
    return [f"{folder}/**/*.md merge={DRIVER_NAME}" for folder in folders]


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


def ensure_gitattributes(root: Path, lines: Sequence[str]) -> bool:
    """Add ``lines`` to the work tree's ``.gitattributes``; True when the file changed (the
    caller commits it). A committed link is refused: it is never read nor written through."""
    path = fsio.inside(root, ATTRIBUTES_FILE)
    new = with_lines(fsio.read_text(path) if path.exists() else "", lines)
    if new is None:
        return False
    fsio.atomic_write(path, new)
    return True


def gitattributes_missing(root: Path, lines: Sequence[str]) -> bool:
    """Whether the work tree's ``.gitattributes`` lacks one of ``lines`` (never through a link)."""
    path = fsio.inside(root, ATTRIBUTES_FILE)
    return bool(missing_lines(fsio.read_text(path) if path.exists() else "", lines))
