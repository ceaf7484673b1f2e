"""The notebook's ``.gitattributes``: custnote's lines (which files git merges with custnote's
driver), written by ``init`` and added by ``sync``, ``clone`` and ``remote add`` when missing.
The one writer of that file."""

from __future__ import annotations

from pathlib import Path

from custnote.adapters import fsio
from custnote.adapters.merge_driver import gitattributes_lines
from custnote.core.notebook.locate import ARCHIVE, CUSTOMERS

NOTE_DIRS = (CUSTOMERS, ARCHIVE)


GITATTRIBUTES_LINES = gitattributes_lines(NOTE_DIRS)


def ensure_gitattributes(root: Path) -> bool:
    """Add custnote's lines to ``.gitattributes``; True when the file changed."""
    path = fsio.inside(root, ".gitattributes")  # a committed link is refused: never read, sent
    text = fsio.read_text(path) if path.exists() else ""
    missing = [line for line in GITATTRIBUTES_LINES if line not in text.splitlines()]
    if not missing:
        return False
    prefix = text if not text or text.endswith("\n") else text + "\n"
    fsio.atomic_write(path, prefix + "".join(line + "\n" for line in missing))
    return True


def missing_gitattributes(root: Path) -> bool:
    path = fsio.inside(root, ".gitattributes")  # a committed link is refused: never read
    text = fsio.read_text(path) if path.exists() else ""
    return any(line not in text.splitlines() for line in GITATTRIBUTES_LINES)
