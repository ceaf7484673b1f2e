"""Reading and writing note files (the contract is docs/FORMAT.md).

Two kinds of functions live here:

* :func:`parse_note` and :func:`serialise_note` convert between file text and the model, with
  ``parse_note(serialise_note(n)) == n``.
* :func:`insert_entry`, :func:`set_field` and :func:`unset_field` edit the *text* of an existing
  file, touching only the lines they must, so that hand-written notes keep their comments, spacing,
  key order, CRLF line ends and BOM, and so that two people's edits merge cleanly in git.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from custnote.core.note.dates import format_amount, format_duration, parse_amount, parse_duration
from custnote.core.note.model import KNOWN_FIELDS, LogEntry, Note
from custnote.errors import CustnoteError, NoteFormatError
from custnote.i18n import _

BOM = "\ufeff"
LOG_HEADING = "## Log"
_DELIM = re.compile(r"^---[ \t]*$")
_LOG_HEADING = re.compile(r"^## Log[ \t]*$")
_BODY_ESCAPE = re.compile(r"^(\\*)(## Log[ \t]*)$")
_TEXT_ESCAPE = re.compile(r"^(\\*)(#{1,3}(?:[ \t]|$))")
ENTRY_HEADING = re.compile(
    r"^### (\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?[ \t]*[·|][ \t]*(.*?)[ \t]*$"
)
HEADING_SEPARATOR = re.compile(r"[ \t]*[·|][ \t]*")
ATTRIBUTE_LINE = re.compile(r"^- ([A-Za-z][\w-]*):[ \t]?(.*?)[ \t]*$")
_KNOWN_ATTRIBUTES = ("duration", "amount", "follow-up", "done")


def dump_yaml(mapping: dict[str, Any]) -> str:
    """YAML text for a mapping in custnote's readable style (see
    :mod:`custnote.core.note.yamlio`)."""
    from custnote.core.note import yamlio

    return yamlio.dump(mapping)


# --------------------------------------------------------------------------- file structure


@dataclass
class NoteLayout:
    """Where the parts of a note file are, as indexes into its lines (LF, without BOM)."""

    lines: list[str]
    yaml_start: int  # first YAML line
    yaml_end: int  # index of the closing '---'
    log_heading: int | None  # index of '## Log', or None


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def note_layout(text: str, path: str) -> NoteLayout:
    lines = _split_lines(text.removeprefix(BOM))
    if not lines or not _DELIM.match(lines[0]):
        raise NoteFormatError(path, _("no front-matter: the file must start with '---'"), line=1)
    end = next((i for i in range(1, len(lines)) if _DELIM.match(lines[i])), None)
    if end is None:
        raise NoteFormatError(path, _("the front-matter has no closing '---' line"))
    log = next((i for i in range(end + 1, len(lines)) if _LOG_HEADING.match(lines[i])), None)
    return NoteLayout(lines, 1, end, log)


def _load_yaml(layout: NoteLayout, path: str) -> dict[str, Any]:
    from custnote.core.note import yamlio

    source = "\n".join(layout.lines[layout.yaml_start : layout.yaml_end])
    try:
        data = yamlio.load(source)
    except yamlio.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + layout.yaml_start + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        plain = not isinstance(exc, yamlio.AnchorRefusedError)
        reason = f"front-matter{' is not valid YAML' * plain}: {problem}"
        raise NoteFormatError(path, reason, line=line) from None
    except ValueError as exc:  # YAML reads 1970-13-01 as a date and fails on it
        line = _impossible_date_line(layout)
        text = f" {layout.lines[line - 1].strip()!r}" if line else ""
        raise NoteFormatError(
            path, _("impossible date{text}: {exc}").format(text=text, exc=exc), line=line
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise NoteFormatError(path, _("the front-matter must be a mapping of 'key: value' lines"))
    return {str(k): v for k, v in data.items()}


_YAML_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d\d?)-(\d\d?)(?![\w.-])")


def _impossible_date_line(layout: NoteLayout) -> int | None:
    """The 1-based line of the first front-matter date that is not a real day."""
    for n in range(layout.yaml_start, layout.yaml_end):
        for m in _YAML_DATE.finditer(layout.lines[n]):
            try:
                date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return n + 1
    return None


def read_front_matter(text: str, path: str = "<note>") -> dict[str, Any]:
    """Only the front-matter of a note (cheaper than :func:`parse_note`)."""
    return _load_yaml(note_layout(text, path), path)


# --------------------------------------------------------------------------- parsing


def _unescape(line: str, pattern: re.Pattern[str]) -> str:
    m = pattern.match(line)
    return line[1:] if m and m.group(1) else line


def _escape(line: str, pattern: re.Pattern[str]) -> str:
    return "\\" + line if pattern.match(line) else line


def _parse_attributes(raw: list[tuple[str, str]], path: str, line: int) -> dict[str, Any]:
    values: dict[str, Any] = {"attributes": {}}
    try:
        for key, value in raw:
            if key == "duration":
                values["duration_min"] = parse_duration(value, "duration")
            elif key == "amount":
                values["amount"] = parse_amount(value, "amount")
            elif key in ("follow-up", "done"):
                values[key.replace("-", "_")] = date.fromisoformat(value)
            else:
                values["attributes"][key] = value
    except (CustnoteError, ValueError) as exc:
        raise NoteFormatError(path, _("log entry: {exc}").format(exc=exc), line=line) from None
    return values


def _parse_entry(lines: list[str], first: int, path: str) -> LogEntry:
    head = ENTRY_HEADING.match(lines[0])
    assert head is not None
    day, clock, rest = head.groups()
    kind, author = [*HEADING_SEPARATOR.split(rest, maxsplit=1), ""][:2]
    attrs: list[tuple[str, str]] = []
    i = 1
    while i < len(lines) and (m := ATTRIBUTE_LINE.match(lines[i])):
        attrs.append((m[1], m[2]))
        i += 1
    text = "\n".join(_unescape(line, _TEXT_ESCAPE) for line in lines[i:])
    try:
        return LogEntry(
            date=date.fromisoformat(day),
            time=datetime.strptime(clock, "%H:%M").time() if clock else None,
            kind=kind,
            author=author or None,
            text=text,
            **_parse_attributes(attrs, path, first + 1),
        )
    except (CustnoteError, ValueError) as exc:
        raise NoteFormatError(
            path, _("log entry heading: {exc}").format(exc=exc), line=first + 1
        ) from None


def _entry_starts(lines: list[str], start: int) -> list[int]:
    return [i for i in range(start, len(lines)) if ENTRY_HEADING.match(lines[i])]


def parse_note(text: str, path: str = "<note>") -> Note:
    """The model of a note file's text. Raises :class:`NoteFormatError` naming file and line."""
    layout = note_layout(text, path)
    fields = _load_yaml(layout, path)
    lines = layout.lines
    body_end = layout.log_heading if layout.log_heading is not None else len(lines)
    body_lines = lines[layout.yaml_end + 1 : body_end]
    body = "\n".join(_unescape(line, _BODY_ESCAPE) for line in body_lines)
    entries: list[LogEntry] = []
    preamble = ""
    if layout.log_heading is not None:
        starts = _entry_starts(lines, layout.log_heading + 1)
        first = starts[0] if starts else len(lines)
        preamble = "\n".join(lines[layout.log_heading + 1 : first])
        for n, start in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
            entries.append(_parse_entry(lines[start:stop], start, path))
    return Note(fields=fields, body=body, log=entries, path=path, log_preamble=preamble)


# --------------------------------------------------------------------------- serialising


def serialise_entry(entry: LogEntry) -> str:
    """An entry's lines (LF, ending with a newline), as in docs/FORMAT.md."""
    stamp = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
    head = f"### {stamp} · {entry.kind}" + (f" · {entry.author}" if entry.author else "")
    attrs = []
    if entry.duration_min is not None:
        attrs.append(("duration", format_duration(entry.duration_min)))
    if entry.amount is not None:
        attrs.append(("amount", format_amount(entry.amount)))
    if entry.follow_up is not None:
        attrs.append(("follow-up", entry.follow_up.isoformat()))
    if entry.done is not None:
        attrs.append(("done", entry.done.isoformat()))
    attrs.extend(entry.attributes.items())
    out = [head, *(f"- {k}: {v}" for k, v in attrs)]
    if entry.text:
        out.append("")
        out.extend(_escape(line, _TEXT_ESCAPE) for line in entry.text.split("\n"))
    return "\n".join(out) + "\n"


def serialise_note(note: Note) -> str:
    """The canonical file text of a note (LF line ends, no BOM)."""
    parts = ["---\n", dump_yaml(note.fields) if note.fields else "", "---\n"]
    if note.body:
        body = "\n".join(_escape(line, _BODY_ESCAPE) for line in note.body.split("\n"))
        parts.append(f"\n{body}\n")
    parts.append(f"\n{LOG_HEADING}\n")
    if note.log_preamble:
        parts.append(f"\n{note.log_preamble}\n")
    parts.extend("\n" + serialise_entry(entry) for entry in note.log)
    return "".join(parts)


# --------------------------------------------------------------------------- editing text


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _join(lines: list[str], text: str) -> str:
    """Lines back to file text, with the original BOM and line ends."""
    prefix = BOM if text.startswith(BOM) else ""
    return prefix + _newline(text).join(lines)


def insert_entry(text: str, entry: LogEntry, path: str = "<note>") -> str:
    """The file text with ``entry`` added to the log, in date order, touching no other line.

    Logging "now" appends at the end; an entry dated earlier than existing ones goes before the
    first later entry. A file without a ``## Log`` section gets one at its end."""
    return insert_entries(text, [entry], path)


def insert_entries(text: str, entries: Sequence[LogEntry], path: str = "<note>") -> str:
    """:func:`insert_entry` for many entries, reading the file once (bulk imports). Entries with
    the same date and time as existing ones go after them, and keep their own order."""
    layout = note_layout(text, path)
    lines = list(layout.lines)
    heading = layout.log_heading
    if heading is None:
        if lines[-1] != "":
            lines.append("")
        lines[-1:] = ["", LOG_HEADING, ""]
        heading = len(lines) - 2
    starts = _entry_starts(lines, heading + 1)
    keys = [_parse_entry(lines[i : i + 1], i, path).sort_key for i in starts]
    before: dict[int, list[str]] = {}
    for entry in sorted(entries, key=lambda e: e.sort_key):
        later = next((at for at, key in zip(starts, keys, strict=True) if key > entry.sort_key), -1)
        before.setdefault(later, []).extend([*serialise_entry(entry).rstrip("\n").split("\n"), ""])
    if -1 in before:  # after the last entry
        if lines[-1] != "":  # the file did not end with a newline
            lines.append("")
        lines[-1:] = ["", *before.pop(-1)]
    for at in sorted(before, reverse=True):
        lines[at:at] = before[at]
    return _join(lines, text)


_CONTINUATION = re.compile(r"^([ \t]|-(\s|$))")


def _field_block(lines: list[str], layout: NoteLayout, key: str) -> tuple[int, int] | None:
    """(first, stop) line indexes of a top-level key and the lines that belong to it."""
    key_line = re.compile(rf"^(['\"]?){re.escape(key)}\1[ \t]*:(\s|$)")
    for i in range(layout.yaml_start, layout.yaml_end):
        if key_line.match(lines[i]):
            stop = i + 1
            last = i + 1
            while stop < layout.yaml_end and (
                _CONTINUATION.match(lines[stop]) or not lines[stop].strip()
            ):
                stop += 1
                if lines[stop - 1].strip():
                    last = stop
            return i, last
    return None


def _insertion_point(lines: list[str], layout: NoteLayout, key: str) -> int:
    """Where a new field goes: after the nearest known field before it, else at the end."""
    if key in KNOWN_FIELDS:
        for earlier in reversed(KNOWN_FIELDS[: KNOWN_FIELDS.index(key)]):
            block = _field_block(lines, layout, earlier)
            if block:
                return block[1]
    return layout.yaml_end


def _edit_field(text: str, key: str, value: Any, path: str, *, remove: bool) -> str:
    layout = note_layout(text, path)
    before = _load_yaml(layout, path)
    lines = list(layout.lines)
    block = _field_block(lines, layout, key)
    new = [] if remove else dump_yaml({key: value}).rstrip("\n").split("\n")
    if block:
        lines[block[0] : block[1]] = new
    elif remove:
        return text
    else:
        at = _insertion_point(lines, layout, key)
        lines[at:at] = new
    result = _join(lines, text)
    expected = {k: v for k, v in before.items() if k != key}
    if not remove:
        expected[key] = value
    if read_front_matter(result, path) != expected:
        raise NoteFormatError(
            path,
            _(
                "cannot change field {key!r} in place (unusual YAML layout); use 'custnote edit'"
            ).format(key=key),
        )
    return result


def set_body(text: str, body: str, path: str = "<note>") -> str:
    """The file text with its body (between the front-matter and ``## Log``) replaced."""
    layout = note_layout(text, path)
    lines = list(layout.lines)
    end = layout.log_heading if layout.log_heading is not None else len(lines)
    escaped = [_escape(line, _BODY_ESCAPE) for line in body.strip("\n").split("\n")] if body else []
    tail = [""] if layout.log_heading is not None or lines[-1] == "" else []
    new = ["", *escaped, *tail] if escaped else tail
    lines[layout.yaml_end + 1 : end] = new
    return _join(lines, text)


def set_field(text: str, key: str, value: Any, path: str = "<note>") -> str:
    """The file text with one top-level front-matter field set, touching only its lines."""
    return _edit_field(text, key, value, path, remove=False)


def unset_field(text: str, key: str, path: str = "<note>") -> str:
    """The file text without a top-level front-matter field (unchanged if it is absent)."""
    return _edit_field(text, key, None, path, remove=True)
