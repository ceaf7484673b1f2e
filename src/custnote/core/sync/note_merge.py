"""Three-way merge of whole note files, on top of :mod:`custnote.core.sync.merge_rules`.

A note file is cut into three regions: the front-matter, the free body and the log (from the
``## Log`` line to the end). A region that only one side changed is taken from that side byte for
byte, so hand formatting survives. A region both sides changed is merged by meaning:

* front-matter: field by field (:func:`merge_mappings`); the merged YAML text is the line merge
  of the three texts when that gives exactly the merged fields (comments and layout kept), else
  ours with the changed fields rewritten in place, else a fresh dump;
* body and the log's preamble: line by line (:func:`merge_text`);
* log entries: :func:`merge_entries`, an entry being identified by its canonical text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from custnote.core.note import yamlio
from custnote.core.note.model import LogEntry, Note
from custnote.core.note.noteformat import (
    BOM,
    LOG_HEADING,
    dump_yaml,
    parse_note,
    serialise_entry,
    set_field,
    unset_field,
)
from custnote.core.sync.merge_rules import (
    CONFLICT_PREFIX,
    CONFLICTS_KEY,
    canonical,
    has_git_markers,
    merge_entries,
    merge_mappings,
    merge_text,
)
from custnote.errors import CustnoteError, NoteFormatError


@dataclass(frozen=True)
class NoteMerge:
    text: str
    #: True when the result holds a field or text conflict for a person to resolve.
    conflicted: bool


@dataclass
class _Parts:
    """A note's regions as LF text: YAML between the delimiters, body, log (from ``## Log``)."""

    front: str
    body: str
    log: str
    note: Note


_EMPTY = _Parts("", "", "", Note(fields={}))


def _parts(text: str, path: str) -> _Parts:
    note = parse_note(text, path)
    lines = text.removeprefix(BOM).replace("\r\n", "\n").split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip(" \t") == "---")
    log = next(
        (i for i in range(close + 1, len(lines)) if lines[i].rstrip(" \t") == LOG_HEADING),
        len(lines),
    )
    front = "".join(line + "\n" for line in lines[1:close])
    body = "\n".join(lines[close + 1 : log]).strip("\n")
    return _Parts(front, body, "\n".join(lines[log:]).rstrip("\n"), note)


def merge_note_texts(base: str | None, ours: str, theirs: str, path: str = "<note>") -> NoteMerge:
    """Merge three versions of a note file's text (``base`` is None or empty when both sides
    created the file). Raises :class:`NoteFormatError` when a version cannot be parsed."""
    b = _parts(base, path) if base and base.strip() else _EMPTY
    o, t = _parts(ours, path), _parts(theirs, path)
    fields = merge_mappings(b.note.fields, o.note.fields, t.note.fields)
    front = _merge_front(b, o, t, fields.merged, path)
    body = merge_text(b.body, o.body, t.body)
    log, log_conflicted = _merge_log(b, o, t)
    text = "---\n" + front + "---\n"
    if body.text.strip("\n"):
        text += "\n" + body.text.strip("\n") + "\n"
    if log:
        text += "\n" + log + "\n"
    return NoteMerge(
        _restore_style(text, ours), bool(fields.conflicts) or body.conflicted or log_conflicted
    )


def _merge_front(b: _Parts, o: _Parts, t: _Parts, merged: dict[str, Any], path: str) -> str:
    want = canonical(merged)
    lines = merge_text(b.front, o.front, t.front)
    if not lines.conflicted and _yaml_canonical(lines.text) == want:
        return lines.text
    for side in (o, t):
        if canonical(side.note.fields) == want:
            return side.front
    try:
        return _edit_front(o, merged, path)
    except CustnoteError:
        return dump_yaml(merged)


def _yaml_canonical(front: str) -> str | None:
    try:
        return canonical(yamlio.load(front) or {})
    except yamlio.YAMLError:
        return None


def _edit_front(o: _Parts, merged: dict[str, Any], path: str) -> str:
    """Ours' front-matter with each field that differs from ``merged`` rewritten in place."""
    text = "---\n" + o.front + "---\n"
    for key in o.note.fields:
        if key not in merged:
            text = unset_field(text, key, path)
    for key, value in merged.items():
        if canonical(o.note.fields.get(key)) != canonical(value) or key not in o.note.fields:
            text = set_field(text, key, value, path)
    result = text.removeprefix("---\n").removesuffix("---\n")
    if _yaml_canonical(result) != canonical(merged):
        raise CustnoteError("in-place edit did not give the merged fields")
    return result


def _merge_log(b: _Parts, o: _Parts, t: _Parts) -> tuple[str, bool]:
    if o.log == t.log or t.log == b.log:
        return o.log, False
    if o.log == b.log:
        return t.log, False
    preamble = merge_text(
        _text_lines(b.note.log_preamble),
        _text_lines(o.note.log_preamble),
        _text_lines(t.note.log_preamble),
    )
    by_text: dict[str, LogEntry] = {}
    sides = []
    for part in (b, o, t):
        texts = [serialise_entry(e) for e in part.note.log]
        by_text.update(zip(texts, part.note.log, strict=True))
        sides.append(texts)
    entries = merge_entries(*sides, key=lambda s: by_text[s].sort_key, tiebreak=str)
    out = LOG_HEADING + "\n"
    if preamble.text.strip("\n"):
        out += "\n" + preamble.text.strip("\n") + "\n"
    out += "".join("\n" + entry for entry in entries)
    return out.rstrip("\n"), preamble.conflicted


def _text_lines(text: str) -> str:
    return text + "\n" if text else ""


def _restore_style(text: str, like: str) -> str:
    """Give the merged text the BOM and line ends of ``like`` (ours)."""
    if "\r\n" in like:
        text = text.replace("\n", "\r\n")
    return BOM + text if like.startswith(BOM) else text


def note_conflicts(note: Note) -> list[str]:
    """What a person still has to resolve in a note: ``field status``, ``text``, ``git markers``
    (empty when nothing). ``custnote show`` and ``custnote conflicts`` report these."""
    found = []
    for record in note.fields.get(CONFLICTS_KEY) or []:
        if isinstance(record, dict) and record.get("field"):
            found.append(f"field {record['field']}")
    texts = (note.body, note.log_preamble, *(e.text for e in note.log))
    if any(line.startswith(CONFLICT_PREFIX) for t in texts for line in t.splitlines()):
        found.append("text")
    if any(has_git_markers(t) for t in texts):
        found.append("git markers")
    return found


def merge_versions(base: str, ours: str, theirs: str, path: str = "<note>") -> tuple[str, bool]:
    """What git's merge driver writes for three versions of a note file, and whether git may
    take it as clean: the note merge (field and text conflicts kept inside the note in
    custnote's readable form, so always clean); only when a version is not a valid note, a plain
    line merge, clean unless its lines clash."""
    try:
        return merge_note_texts(base, ours, theirs, path).text, True
    except NoteFormatError:
        lines = merge_text(base, ours, theirs)
        return lines.text, not lines.conflicted
