"""Every note parses, validates, and has an id no other note has (archived ones included)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from custnote.core.checks import Finding
from custnote.core.note.noteformat import parse_note
from custnote.core.note.validation import validate_fields
from custnote.errors import CustnoteError, UnsafePathError

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "notes"


def find(nb: Notebook) -> list[Finding]:
    findings: list[Finding] = []
    by_id: dict[str, list[str]] = defaultdict(list)
    try:
        paths = nb.note_paths() + nb.note_paths(archived=True)
    except UnsafePathError:  # a linked folder or note: the "links" check names every one
        return findings
    for rel in paths:
        try:
            note = parse_note(nb.read_text(rel), rel)
            validate_fields(note.fields, nb.config, rel)
        except CustnoteError as exc:
            findings.append(Finding(NAME, rel, str(exc)))
            continue
        by_id[note.id].append(rel)
    for note_id, paths in sorted(by_id.items()):
        if len(paths) > 1:
            where = ", ".join(paths)
            findings.append(Finding(NAME, paths[0], f"id {note_id!r} is used by {where}"))
    return findings
