"""The git merge driver for note files: ``python -m custnote.adapters.merge_driver %O %A %B %P``.

git runs it (see ``merge.custnote.driver`` in ``.git/config``) whenever a merge, rebase, pull or
cherry-pick meets a note changed on both sides. It writes the merged note to %A and exits 0 —
field and text conflicts are kept inside the note in custnote's readable form (docs/sync.md), so
git's conflict markers are never written. Only when a version is not a valid note does it fall
back to a plain line merge, exiting 1 (a conflict for git) if that merge clashes.

This module is kept light (no typer, rich or GitPython): git may start it once per file.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from custnote.core.sync.merge_rules import merge_text
from custnote.core.sync.note_merge import merge_note_texts
from custnote.errors import NoteFormatError

if TYPE_CHECKING:
    from custnote.adapters.gitrepo import GitRepo

#: The ``merge.<name>`` custnote registers; ``.gitattributes`` says ``merge=custnote``.
DRIVER_NAME = "custnote"


def gitattributes_lines(folders: Iterable[str]) -> list[str]:
    """The ``.gitattributes`` lines that send note files in ``folders`` to the driver."""
    return [f"{folder}/**/*.md merge={DRIVER_NAME}" for folder in folders]


def driver_command() -> str:
    """The command git runs for ``merge=custnote``: this very Python, so a venv install works."""
    return f"{shlex.quote(sys.executable)} -m custnote.adapters.merge_driver %O %A %B %P"


def register_merge_driver(git: GitRepo) -> None:
    """Register the driver in ``.git/config`` (git never shares this file, so every clone must)."""
    git.config_set(f"merge.{DRIVER_NAME}.name", "custnote note merge (never loses a note)")
    git.config_set(f"merge.{DRIVER_NAME}.driver", driver_command())


def merge_files(base: Path, ours: Path, theirs: Path, path: str) -> bool:
    """Merge the three files into ``ours``; True when git may take the result as clean."""
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in (base, ours, theirs)]
    try:
        result = merge_note_texts(texts[0], texts[1], texts[2], path)
        merged, clean = result.text, True
    except NoteFormatError:
        lines = merge_text(*texts)
        merged, clean = lines.text, not lines.conflicted
    ours.write_bytes(merged.encode("utf-8", errors="surrogateescape"))
    return clean


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3:
        usage = "usage: python -m custnote.adapters.merge_driver BASE OURS THEIRS [PATH]"
        print(usage, file=sys.stderr)
        return 2
    base, ours, theirs = (Path(a) for a in args[:3])
    path = args[3] if len(args) > 3 else str(ours)
    return 0 if merge_files(base, ours, theirs, path) else 1


if __name__ == "__main__":
    sys.exit(main())
