"""The git merge driver for note files: ``python -m custnote.adapters.merge_driver %O %A %B %P``.

git runs it (registered by
:func:`custnote.core.notebook.gitattributes.register_merge_driver`) whenever a merge, rebase,
pull or cherry-pick meets a note changed on both sides. This module is only the face: it reads
the three files, asks the core's merge rules (:func:`custnote.core.sync.note_merge.merge_versions`)
and writes the result to %A, exiting 0 when git may take it as clean. The hidden
``custnote merge-driver`` command calls the same :func:`merge_files`.

Kept light (no typer, rich or GitPython): git may start it once per file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from custnote.core.sync.note_merge import merge_versions


def merge_files(base: Path, ours: Path, theirs: Path, path: str) -> bool:
    """Merge the three files into ``ours``; True when git may take the result as clean."""
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in (base, ours, theirs)]
    merged, clean = merge_versions(texts[0], texts[1], texts[2], path)
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
