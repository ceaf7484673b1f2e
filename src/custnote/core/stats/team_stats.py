"""Team statistics: customers by status, owner, tag and region; activity per owner and month.

Activity counts the log entries dated in the period (``since``..``until``, both inclusive) and
credits them to the customer's owner (担当), or to another grouping chosen with ``by``
(``author`` credits each entry to who wrote it). Contacts are entries of any kind except internal
``note`` entries; call minutes add up the ``duration`` of ``call`` entries; sales add up every
``amount`` exactly (Decimal). A customer starts on its ``created`` date or its first contact,
whichever is earlier (history logged before the note was made counts); it is *new* when it
starts in the period, and *became a regular* with three or more contacts within 90 days of its
start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from custnote.core.agenda.facts import CustomerFacts
from custnote.core.stats.regions import canonical_region, region_of

DEFAULT_BREAKDOWNS = ("status", "owner", "tag", "region")
NONE_KEY = "(none)"

#: One log entry as statistics see it: (date ordinal, kind, author, minutes, amount as text).
#: Plain tuples (or JSON lists), because a notebook of 10,000 customers has ~100,000 of them.
EntryRow = tuple[int, str, str | None, int | None, str | None]


class StatsInput(NamedTuple):
    """What statistics need of one customer (see :func:`stats_input`)."""

    id: str
    name: str
    owner: str | None
    status: str | None
    tags: Sequence[str]
    region: str | None
    created: int | None  # date ordinal
    extra: Mapping[str, str]
    entries: Sequence[EntryRow]


def stats_input(customer: CustomerFacts) -> StatsInput:
    """A customer's facts reduced for statistics (the region read from the address)."""
    return StatsInput(
        customer.id,
        customer.name,
        customer.owner,
        customer.status,
        customer.tags,
        canonical_region(customer.region) if customer.region else region_of(customer.address),
        customer.created.toordinal() if customer.created else None,
        customer.extra,
        [
            (
                c.day.toordinal(),
                c.kind,
                c.author,
                c.minutes,
                None if c.amount is None else str(c.amount),
            )
            for c in customer.log
        ],
    )


@dataclass(frozen=True)
class StatsQuery:
    """What to count: the period, one owner, the grouping and the regular-customer rule."""

    since: date | None = None
    until: date | None = None
    owner: str | None = None
    by: str = "owner"
    top: int = 10
    regular_contacts: int = 3
    regular_days: int = 90
    #: how many of the regulars to list (the first by start); None: all of them
    regulars: int | None = None

    def bounds(self) -> tuple[int, int]:
        """The period as inclusive date ordinals."""
        low = self.since.toordinal() if self.since else 0
        return low, self.until.toordinal() if self.until else date.max.toordinal()


@dataclass(slots=True)
class Activity:
    """One group's work in one month."""

    contacts: Counter[str] = field(default_factory=Counter)
    call_minutes: int = 0
    visits: int = 0
    sales: Decimal = Decimal(0)

    def to_json(self) -> dict[str, object]:
        return {
            "contacts": dict(sorted(self.contacts.items())),
            "contacts_total": sum(self.contacts.values()),
            "call_minutes": self.call_minutes,
            "visits": self.visits,
            "sales": str(self.sales),
        }


@dataclass(frozen=True)
class Ranked:
    """A customer with the figure it is ranked by."""

    id: str
    name: str
    value: Decimal | int


@dataclass(frozen=True)
class Regular:
    """A new customer who became a regular."""

    id: str
    name: str
    owner: str | None
    start: date
    contacts: int


@dataclass
class Stats:
    """The result of :func:`custnote.core.stats.running_sums.compute_stats`."""

    query: StatsQuery
    customers: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    #: group key (owner by default) -> "YYYY-MM" -> activity
    activity: dict[str, dict[str, Activity]] = field(default_factory=dict)
    top_sales: list[Ranked] = field(default_factory=list)
    top_visits: list[Ranked] = field(default_factory=list)
    new_customers: int = 0
    #: the first ``query.regulars`` of them (all when that is None)
    regulars: list[Regular] = field(default_factory=list)
    #: how many new customers became regulars (``regulars`` may list only the first)
    regular_count: int = 0

    def months(self) -> list[str]:
        return sorted({m for per_month in self.activity.values() for m in per_month})

    def totals(self) -> dict[str, Activity]:
        """Activity per group over the whole period."""
        result: dict[str, Activity] = {}
        for key, per_month in self.activity.items():
            total = result[key] = Activity()
            for month in per_month.values():
                total.contacts.update(month.contacts)
                total.call_minutes += month.call_minutes
                total.visits += month.visits
                total.sales += month.sales
        return result

    def to_json(self) -> dict[str, object]:
        q = self.query
        return {
            "period": {
                "since": q.since.isoformat() if q.since else None,
                "until": q.until.isoformat() if q.until else None,
            },
            "owner": q.owner,
            "by": q.by,
            "customers": self.customers,
            "counts": {name: _sorted_counts(c) for name, c in self.counts.items()},
            "activity": {
                key: {month: a.to_json() for month, a in sorted(per_month.items())}
                for key, per_month in sorted(self.activity.items())
            },
            "top_sales": [_ranked_json(r) for r in self.top_sales],
            "top_visits": [_ranked_json(r) for r in self.top_visits],
            "new_customers": self.new_customers,
            "regulars": [
                {
                    "id": r.id,
                    "name": r.name,
                    "owner": r.owner,
                    "start": r.start.isoformat(),
                    "contacts": r.contacts,
                }
                for r in self.regulars
            ],
        }


def _sorted_counts(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _ranked_json(r: Ranked) -> dict[str, object]:
    value = str(r.value) if isinstance(r.value, Decimal) else r.value
    return {"id": r.id, "name": r.name, "value": value}


def group_keys(customer: StatsInput, name: str) -> list[str]:
    """The values of a customer for a breakdown (a customer has one key per tag)."""
    if name == "tag":
        return list(customer.tags) or [NONE_KEY]
    value = {"status": customer.status, "owner": customer.owner, "region": customer.region}.get(
        name, customer.extra.get(name)
    )
    return [value or NONE_KEY]


def stats_rows(stats: Stats) -> Iterator[tuple[str, str, str, str, str]]:
    """Flat ``(section, group, month, metric, value)`` rows of every figure (for CSV)."""
    yield ("customers", "", "", "customers", str(stats.customers))
    for name, counts in stats.counts.items():
        for key, count in _sorted_counts(counts).items():
            yield (f"by {name}", key, "", "customers", str(count))
    for key, per_month in sorted(stats.activity.items()):
        for month, activity in sorted(per_month.items()):
            for kind, count in sorted(activity.contacts.items()):
                yield ("activity", key, month, f"contacts:{kind}", str(count))
            yield ("activity", key, month, "call_minutes", str(activity.call_minutes))
            yield ("activity", key, month, "visits", str(activity.visits))
            yield ("activity", key, month, "sales", str(activity.sales))
    for section, ranked in (("top sales", stats.top_sales), ("top visits", stats.top_visits)):
        metric = section.split()[1]
        yield from ((section, r.name, "", metric, str(r.value)) for r in ranked)
    yield ("new customers", "", "", "customers", str(stats.new_customers))
    for r in stats.regulars:
        yield ("regulars", r.name, r.start.isoformat()[:7], "contacts", str(r.contacts))
