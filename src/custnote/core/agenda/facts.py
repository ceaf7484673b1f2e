"""A customer's facts: the part of a note that reminders and statistics work on.

:class:`CustomerFacts` is small, typed and independent of the note format, so the agenda and the
statistics can be computed (and tested) on plain values, and cached per note file. The builder
:func:`facts_from_fields` reads the front-matter values as YAML gave them, tolerating dates written
by hand in odd forms (:func:`custnote.core.agenda.periods.read_date`); a value it cannot read
becomes a
*problem* (one line naming the file and field) instead of an error, so one bad date never hides
the rest of the agenda.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from custnote.core.agenda.periods import Period, parse_period, read_date
from custnote.errors import InvalidValueError
from custnote.i18n import _

T = TypeVar("T")

#: Log kinds that are not a contact with the customer (internal notes).
NON_CONTACT_KINDS = frozenset({"note"})


class Contact(NamedTuple):
    """One log entry, reduced to what reminders and statistics need.

    A NamedTuple rather than a dataclass: tens of thousands are built from the cache per run.
    """

    day: date
    kind: str
    author: str | None = None
    minutes: int | None = None
    amount: Decimal | None = None
    follow_up: date | None = None
    done: date | None = None
    lifetime: Period | None = None
    items: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class Relative:
    """A family member (``family:`` in the front-matter)."""

    name: str
    relation: str = ""
    birthday: date | None = None
    died: date | None = None


@dataclass(frozen=True)
class Anniversary:
    """A yearly date to remember (``anniversaries:``), e.g. a wedding anniversary."""

    day: date
    label: str = ""


@dataclass(frozen=True)
class CustomerFacts:
    """What the agenda and the statistics know about one customer."""

    id: str
    name: str
    path: str = ""
    owner: str | None = None
    status: str | None = None
    tags: tuple[str, ...] = ()
    address: str | None = None
    region: str | None = None
    created: date | None = None
    birthday: date | None = None
    died: date | None = None
    anniversaries: tuple[Anniversary, ...] = ()
    family: tuple[Relative, ...] = ()
    visit_every: Period | None = None
    log: tuple[Contact, ...] = ()
    #: other short scalar front-matter values (company, source, …), for ``stats --by FIELD``
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: one line per value that could not be read ("FILE: FIELD: reason: 'value'")
    problems: tuple[str, ...] = field(default=(), compare=False)


class _Reader:
    """Reads front-matter values, collecting a problem line for each one it cannot read."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def read(self, name: str, value: Any, parse: Callable[[Any], T]) -> T | None:
        if value is None or value == "":
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.problems.append(str(InvalidValueError(name, value, str(exc), source=self.source)))
            return None

    def items(self, name: str, value: Any) -> list[Mapping[str, Any]]:
        """The mappings of a list-of-mappings field; anything else is a problem."""
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            return value
        self.problems.append(
            str(
                InvalidValueError(name, value, _("expected a list of mappings"), source=self.source)
            )
        )
        return []


def facts_from_fields(
    fields: Mapping[str, Any],
    log: Iterable[Contact] = (),
    *,
    path: str = "",
    log_problems: Iterable[str] = (),
) -> CustomerFacts:
    """Build the facts of one customer from its front-matter values and its reduced log."""
    reader = _Reader(path)
    family = tuple(
        Relative(
            name=str(member.get("name") or member.get("relation") or "?"),
            relation=str(member.get("relation") or ""),
            birthday=reader.read(f"family[{i}].birthday", member.get("birthday"), read_date),
            died=reader.read(f"family[{i}].died", member.get("died"), read_date),
        )
        for i, member in enumerate(reader.items("family", fields.get("family")))
    )
    anniversaries = tuple(
        Anniversary(day, str(item.get("label") or ""))
        for i, item in enumerate(reader.items("anniversaries", fields.get("anniversaries")))
        if (day := reader.read(f"anniversaries[{i}].date", item.get("date"), read_date))
    )
    tags = fields.get("tags")
    tags = [] if tags in (None, "") else tags if isinstance(tags, list) else [tags]
    return CustomerFacts(
        id=str(fields.get("id") or ""),
        name=str(fields.get("name") or ""),
        path=path,
        owner=_text(fields.get("owner")),
        status=_text(fields.get("status")),
        tags=tuple(str(t) for t in tags),
        address=_text(fields.get("address")),
        region=_text(fields.get("region") or fields.get("prefecture")),
        created=reader.read("created", fields.get("created"), read_date),
        birthday=reader.read("birthday", fields.get("birthday"), read_date),
        died=reader.read("died", fields.get("died"), read_date),
        anniversaries=anniversaries,
        family=family,
        visit_every=reader.read("visit_every", fields.get("visit_every"), parse_period),
        log=tuple(log),
        extra=_extra(fields),
        problems=(*reader.problems, *log_problems),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


_STRUCTURED = frozenset(
    [
        "id",
        "name",
        "kana",
        "owner",
        "status",
        "tags",
        "address",
        "region",
        "prefecture",
        "created",
        "birthday",
        "died",
        "anniversaries",
        "family",
        "visit_every",
    ]
)


def _extra(fields: Mapping[str, Any]) -> dict[str, str]:
    """Short scalar values of the other fields (a long free text is no grouping key)."""
    return {
        key: str(value)
        for key, value in fields.items()
        if key not in _STRUCTURED
        and isinstance(value, str | int | float | date)
        and not isinstance(value, bool)
        and len(str(value)) <= 80
    }
