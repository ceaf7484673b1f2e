"""Statistics as plain JSON records and back, exactly (the memo keeps them as JSON, not pickles).

The order of every mapping is kept (lists of pairs), and an amount stays a ``Decimal``: what is
read back renders exactly as what was computed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from custnote.core.stats.team_stats import Activity, Ranked, Regular, Stats, StatsQuery


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pairs(counter: Counter[str]) -> list[list[Any]]:
    return [[key, n] for key, n in counter.items()]


def _ranked(r: Ranked) -> list[Any]:
    decimal = isinstance(r.value, Decimal)
    return [r.id, r.name, str(r.value) if decimal else r.value, decimal]


def stats_record(stats: Stats) -> dict[str, Any]:
    """``stats`` as JSON values."""
    q = stats.query
    return {
        "query": [
            _day(q.since),
            _day(q.until),
            q.owner,
            q.by,
            q.top,
            q.regular_contacts,
            q.regular_days,
        ],
        "customers": stats.customers,
        "counts": [[name, _pairs(c)] for name, c in stats.counts.items()],
        "activity": [
            [
                key,
                [
                    [month, _pairs(a.contacts), a.call_minutes, a.visits, str(a.sales)]
                    for month, a in per_month.items()
                ],
            ]
            for key, per_month in stats.activity.items()
        ],
        "top_sales": [_ranked(r) for r in stats.top_sales],
        "top_visits": [_ranked(r) for r in stats.top_visits],
        "new_customers": stats.new_customers,
        "regulars": [
            [r.id, r.name, r.owner, r.start.isoformat(), r.contacts] for r in stats.regulars
        ],
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def stats_from_record(record: dict[str, Any]) -> Stats:
    """The :class:`Stats` of :func:`stats_record`."""
    since, until, *rest = record["query"]
    return Stats(
        query=StatsQuery(_date(since), _date(until), *rest),
        customers=record["customers"],
        counts={name: Counter(dict(pairs)) for name, pairs in record["counts"]},
        activity={
            key: {
                month: Activity(Counter(dict(contacts)), minutes, visits, Decimal(sales))
                for month, contacts, minutes, visits, sales in months
            }
            for key, months in record["activity"]
        },
        top_sales=[_ranked_from(r) for r in record["top_sales"]],
        top_visits=[_ranked_from(r) for r in record["top_visits"]],
        new_customers=record["new_customers"],
        regulars=[
            Regular(cid, name, owner, date.fromisoformat(start), contacts)
            for cid, name, owner, start, contacts in record["regulars"]
        ],
    )


def _ranked_from(item: list[Any]) -> Ranked:
    cid, name, value, decimal = item
    return Ranked(cid, name, Decimal(value) if decimal else value)
