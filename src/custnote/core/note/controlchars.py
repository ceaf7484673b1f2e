"""Control characters are refused in every value custnote writes.

An escape sequence typed into a prompt (arrow keys without line editing: ``\\x1b[D``) or hidden
in an imported cell would be stored in the note and replayed to the terminal of whoever shows it.
Every write path (add, set, edit, import, sync, log) goes through :func:`check_fields` or
:func:`check_entry`; the error names the field and shows the value with the character escaped.

Tab and newline are allowed where a value may span lines (an address, a family member's note,
a log text); one-line values (a name, a phone, a tag, …) allow neither.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from custnote.core.privacy import is_armored
from custnote.errors import InvalidValueError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.note.model import LogEntry

#: C0 controls, DEL and C1 controls (``\x9b`` is a one-byte escape on some terminals)
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_TAB_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: values that are one line; anything else (address, notes, custom text) may span lines
ONE_LINE_FIELDS = frozenset(
    {
        "id", "name", "kana", "company", "department", "title", "owner", "status", "tags",
        "phones", "emails", "postal_code", "source", "visit_every", "region", "prefecture",
        "relation", "label", "birthday", "died", "date", "created",
    }
)  # fmt: skip
#: keys that are one line inside a mapping (an anniversary's label, a relative's relation) but
#: at the top of the front-matter are someone else's field: an imported vCard LABEL (a postal
#: label) is several lines
_NESTED_ONE_LINE = frozenset({"label", "relation", "date", "region", "prefecture"})


def check_text(field: str, value: str, *, multiline: bool, source: str | None = None) -> None:
    """Raise :class:`InvalidValueError` when ``value`` holds a control character."""
    pattern = _CONTROL_BUT_TAB_NEWLINE if multiline else _ANY_CONTROL
    found = pattern.search(value)
    if found:
        char = found.group()
        what = _("a line break") if char in "\n\r" else _("a control character")
        raise InvalidValueError(
            field,
            value,
            _("contains {what} ({char!r} at position {value})").format(
                what=what, char=char, value=found.start() + 1
            ),
            source=source,
        )


def _walk(path: str, key: str, value: Any, source: str | None) -> None:
    if isinstance(value, str):
        if is_armored(value):
            return  # an encrypted value: its text was checked before it was encrypted
        top_level = path == key
        one_line = key in ONE_LINE_FIELDS and not (top_level and key in _NESTED_ONE_LINE)
        check_text(path, value, multiline=not one_line, source=source)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _walk(f"{path}[{n}]", key, item, source)
    elif isinstance(value, dict):
        for sub, item in value.items():
            check_text(f"{path}", str(sub), multiline=False, source=source)
            _walk(f"{path}.{sub}", str(sub), item, source)


def check_fields(fields: dict[str, Any], source: str | None = None) -> None:
    """Every front-matter value and key, at any depth (see the module docstring)."""
    for key, value in fields.items():
        check_text(str(key), str(key), multiline=False, source=source)
        _walk(str(key), str(key), value, source)


def check_entry(entry: LogEntry, source: str | None = None) -> None:
    """A log entry about to be written: its text may span lines, the rest is one line."""
    check_text("text", entry.text, multiline=True, source=source)
    check_text("kind", entry.kind, multiline=False, source=source)
    if entry.author is not None:
        check_text("author", entry.author, multiline=False, source=source)
    for key, value in entry.attributes.items():
        check_text(key, key, multiline=False, source=source)
        check_text(key, value, multiline=False, source=source)
