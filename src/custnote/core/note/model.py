"""The customer note and its log entries: plain data, no I/O.

A :class:`Note` keeps the front-matter as an ordered ``dict`` (so that unknown keys a team adds
survive untouched) and offers typed accessors for the known fields. ``docs/FORMAT.md`` is the
contract for what the fields mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from custnote.errors import InvalidValueError
from custnote.i18n import _

#: Known front-matter fields in their canonical order (new fields are inserted in this order).
KNOWN_FIELDS: tuple[str, ...] = (
    "id", "name", "kana", "company", "department", "title", "owner", "status", "tags",
    "phones", "emails", "postal_code", "address", "birthday", "died", "anniversaries", "family",
    "preferences", "contact_hours", "visit_every", "source", "created",
)  # fmt: skip
LIST_FIELDS = frozenset({"tags", "phones", "emails"})
DATE_FIELDS = frozenset({"birthday", "died", "created"})
MAPPING_LIST_FIELDS = frozenset({"anniversaries", "family"})
#: Preference keys whose values are shown as cautions (allergies first).
CAUTION_KEYS = ("allergies", "cautions", "dislikes")

DEFAULT_KINDS = ("call", "visit", "email", "meeting", "inquiry", "complaint", "purchase", "note")
DEFAULT_STATUSES = ("prospect", "active", "dormant", "lost")

_ENTRY_KIND = re.compile(r"^[^\s·|][^·|\n]*$")


@dataclass
class LogEntry:
    """One dated entry of a customer's log (a call, visit, purchase, ...)."""

    date: date
    kind: str
    text: str = ""
    time: time | None = None
    author: str | None = None
    duration_min: int | None = None
    amount: Decimal | None = None
    follow_up: date | None = None
    done: date | None = None
    #: Other ``- key: value`` attribute lines, kept verbatim and in order.
    attributes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)
        if not _ENTRY_KIND.match(self.kind.strip()) or self.kind != self.kind.strip():
            raise InvalidValueError("kind", self.kind, _("a kind is one word without '·' or '|'"))
        if self.author is not None and (
            not self.author.strip() or "\n" in self.author or "·" in self.author
        ):
            raise InvalidValueError("author", self.author, _("an author is one line without '·'"))

    @property
    def sort_key(self) -> datetime:
        """When the entry happened; entries without a time sort at the start of their day."""
        return datetime.combine(self.date, self.time or time(0, 0))


def normalise_text(text: str) -> str:
    """Entry text as stored: LF line ends, no leading or trailing blank lines or trailing spaces."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@dataclass
class Note:
    """A customer note: front-matter ``fields``, a free Markdown ``body`` and a ``log``.

    ``path`` is the file's path relative to the notebook root (not part of equality)."""

    fields: dict[str, Any]
    body: str = ""
    log: list[LogEntry] = field(default_factory=list)
    path: str | None = field(default=None, compare=False)
    #: Free text between ``## Log`` and the first entry.
    log_preamble: str = ""

    def __post_init__(self) -> None:
        self.body = self.body.replace("\r\n", "\n").strip("\n")
        self.log_preamble = normalise_text(self.log_preamble)

    @property
    def id(self) -> str:
        return str(self.fields.get("id", ""))

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))

    def get(self, key: str, default: Any = None) -> Any:
        """A front-matter value; ``a.b`` reads inside a mapping (``preferences.drink``)."""
        value: Any = self.fields
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def list_field(self, key: str) -> list[str]:
        """A list field as a list of strings (a single scalar counts as one item)."""
        value = self.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(v) for v in value if v is not None]
        return [str(value)]

    @property
    def cautions(self) -> dict[str, Any]:
        """Preferences a person must not miss before a contact (allergies first)."""
        prefs = self.fields.get("preferences") or {}
        if not isinstance(prefs, dict):
            return {}
        return {k: prefs[k] for k in CAUTION_KEYS if prefs.get(k)}

    @property
    def last_contact(self) -> date | None:
        return max((e.date for e in self.log), default=None)

    def sorted_log(self) -> list[LogEntry]:
        return sorted(self.log, key=lambda e: e.sort_key)
