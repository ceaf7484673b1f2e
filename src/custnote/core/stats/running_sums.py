"""The running sums behind ``stats``: a customer's share can be added and taken back.

:func:`compute_stats` adds every customer once; kept
statistics (:mod:`custnote.core.stats.kept_stats`) take back a changed note's share as it was
counted and add the new one. Sums stay exact: counts and call minutes are integers, sales are
Decimals shown at the finest scale among the amounts still counted (as a sum made in one go
would show them). The top customers are kept as the leading ``top + 100`` and a count of the
others, so a change costs no sort of every customer; when take-backs leave fewer leaders than
asked for while others exist, the sums say so (:attr:`StatsSums.needs_recount`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from custnote.core.agenda.facts import NON_CONTACT_KINDS, CustomerFacts
from custnote.core.note.textnorm import fold
from custnote.core.stats.team_stats import (
    DEFAULT_BREAKDOWNS,
    NONE_KEY,
    Activity,
    Ranked,
    Regular,
    Stats,
    StatsInput,
    StatsQuery,
    group_keys,
    stats_input,
)

#: leaders kept beyond those shown, so that a few take-backs need no recount
SPARE_LEADERS = 100


def compute_stats(customers: Iterable[StatsInput | CustomerFacts], query: StatsQuery) -> Stats:
    """Count everything for the customers that match ``query.owner``."""
    sums = StatsSums(query)
    for number, given in enumerate(customers):
        customer = given if isinstance(given, StatsInput) else stats_input(given)
        sums.add(customer, f"{number:09d}")
    return sums.result()


@dataclass
class _Cell:
    """One group's work in one month, as running sums that can also be taken back."""

    activity: Activity = field(default_factory=Activity)
    entries: int = 0  # how many entries fell in the cell (it goes when none is left)
    #: how many amounts of each exponent were added: the sum is shown at the finest of them,
    #: as a sum made in one go would be (1.5 + 2.00 - 2.00 is 1.5, not 1.50)
    scales: Counter[int] = field(default_factory=Counter)


class StatsSums:
    """The running sums of :func:`compute_stats`, per customer ``key`` (any sortable text, in
    the order a single pass would meet the customers): :meth:`add` with ``sign=-1`` takes a
    customer's share back, so a changed note costs two calls rather than a recount of every
    customer (:mod:`custnote.core.stats.kept_stats`)."""

    def __init__(self, query: StatsQuery) -> None:
        self.query = query
        self.breakdowns = (
            DEFAULT_BREAKDOWNS if query.by in ("owner", "author") else (query.by, "status", "owner")
        )
        self.customers = 0
        self.counts: dict[str, Counter[str]] = {name: Counter() for name in self.breakdowns}
        self.cells: dict[tuple[str, str], _Cell] = {}
        self.sales = _Leaders(query.top + SPARE_LEADERS)
        self.visits = _Leaders(query.top + SPARE_LEADERS)
        self.new_customers = 0
        #: (start, folded name, key, id, name, owner, contacts): the first ``query.regulars``
        #: and a count of the others (a notebook of 100,000 has some 45,000 regulars)
        shown = query.regulars
        self.regulars = _Ranks(None if shown is None else shown + SPARE_LEADERS, 2)
        self.months = _Months()
        self.wanted_owner = fold(query.owner) if query.owner else None
        self.bounds = query.bounds()

    def add(self, customer: StatsInput, key: str, sign: int = 1) -> None:
        """Count ``customer`` in (``sign=1``) or take back what adding it counted (``-1``)."""
        if self.wanted_owner is not None and fold(customer.owner or "") != self.wanted_owner:
            return
        self.customers += sign
        for name in self.breakdowns:
            counter = self.counts[name]
            for group in group_keys(customer, name):
                counter[group] += sign
                if not counter[group]:
                    del counter[group]
        total, visit_count = _add_activity(
            customer, self.query.by, self.bounds, self.months, self.cells, sign
        )
        self.sales.add(key, customer, total, sign)
        self.visits.add(key, customer, visit_count, sign)
        newcomer = _newcomer(customer, self.query, self.bounds)
        if newcomer is not None:
            start, within = newcomer
            self.new_customers += sign
            if within < self.query.regular_contacts:
                pass
            elif sign < 0:
                self.regulars.take_back(key)
            else:
                c = customer
                self.regulars.put((start, fold(c.name), key, c.id, c.name, c.owner, within))

    def to_record(self) -> dict[str, Any]:
        """The sums as plain JSON values (kept between runs as JSON, never as a pickle)."""
        return {
            "customers": self.customers,
            "counts": {name: dict(counter) for name, counter in self.counts.items()},
            "cells": [
                [
                    group,
                    month,
                    c.entries,
                    dict(c.activity.contacts),
                    c.activity.call_minutes,
                    c.activity.visits,
                    str(c.activity.sales),
                    list(c.scales.items()),
                ]
                for (group, month), c in self.cells.items()
            ],
            "sales": self.sales.to_record(),
            "visits": self.visits.to_record(),
            "new_customers": self.new_customers,
            "regulars": self.regulars.to_record(),
        }

    @classmethod
    def from_record(cls, query: StatsQuery, record: dict[str, Any]) -> StatsSums:
        sums = cls(query)
        sums.customers = record["customers"]
        sums.counts = {name: Counter(counts) for name, counts in record["counts"].items()}
        for group, month, entries, contacts, minutes, visits, sales, scales in record["cells"]:
            activity = Activity(Counter(contacts), minutes, visits, Decimal(sales))
            sums.cells[group, month] = _Cell(activity, entries, Counter(dict(scales)))
        sums.sales = _Leaders.from_record_of(sums.sales.keep or 0, record["sales"], Decimal)
        sums.visits = _Leaders.from_record_of(sums.visits.keep or 0, record["visits"], int)
        sums.new_customers = record["new_customers"]
        sums.regulars = _Ranks.from_record(sums.regulars.keep, 2, record["regulars"])
        return sums

    @property
    def needs_recount(self) -> bool:
        """Take-backs left fewer leaders than are shown while other customers may rank."""
        q = self.query
        return (
            self.sales.short(q.top) or self.visits.short(q.top) or self.regulars.short(q.regulars)
        )

    def result(self) -> Stats:
        stats = Stats(self.query, self.customers, {n: Counter(c) for n, c in self.counts.items()})
        for (group, month), cell in sorted(self.cells.items()):
            kept, exponent = cell.activity, min(0, min(cell.scales, default=0))
            sales = kept.sales.quantize(Decimal(1).scaleb(exponent))
            activity = Activity(Counter(kept.contacts), kept.call_minutes, kept.visits, sales)
            stats.activity.setdefault(group, {})[month] = activity
        stats.top_sales = self.sales.top(self.query.top)
        stats.top_visits = self.visits.top(self.query.top)
        stats.new_customers = self.new_customers
        stats.regular_count = self.regulars.count
        stats.regulars = [
            Regular(id_, name, owner, date.fromordinal(start), within)
            for start, _, _, id_, name, owner, within in self.regulars.first(self.query.regulars)
        ]
        return stats


class _Ranks:
    """The first items of an order: at least ``keep`` of them (``None``: all), exactly the
    first by their rank tuple (``rank[at]`` is the customer's key), and how many others there
    are. A take-back of a kept item leaves one fewer known; the others all rank after
    ``bound`` (the first one trimmed), so an item added after it is only counted, and the kept
    ones are always exactly the first of the whole order."""

    def __init__(self, keep: int | None, at: int) -> None:
        self.keep, self.at = keep, at
        self.best: dict[str, tuple] = {}
        self.others = 0
        self.bound: tuple | None = None

    def put(self, rank: tuple) -> None:
        if self.bound is not None and rank > self.bound:
            self.others += 1
            return
        self.best[rank[self.at]] = rank
        if self.keep is not None and len(self.best) > 2 * self.keep:  # now and then: no sort
            kept = heapq.nsmallest(self.keep + 1, self.best.values())  # per customer
            self.bound = kept.pop()
            self.others += len(self.best) - len(kept)
            self.best = {rank[self.at]: rank for rank in kept}

    def take_back(self, key: str) -> None:
        if self.best.pop(key, None) is None:
            self.others -= 1

    @property
    def count(self) -> int:
        return len(self.best) + self.others

    def short(self, n: int | None) -> bool:
        """Fewer known than ``n`` (``None``: all) while others exist."""
        return self.others > 0 and (n is None or len(self.best) < n)

    def first(self, n: int | None) -> list[tuple]:
        ranks = self.best.values()
        return sorted(ranks) if n is None else heapq.nsmallest(n, ranks)

    def to_record(self, value: Any = None) -> list[Any]:
        ranks = list(self.best.values())
        if value is not None:  # the first item as JSON
            ranks = [[value(first), *rest] for first, *rest in ranks]
        bound = self.bound
        if bound is not None and value is not None:
            bound = (value(bound[0]), *bound[1:])
        return [self.others, ranks, bound]

    @classmethod
    def from_record(cls, keep: int | None, at: int, record: list[Any], value: Any = None) -> _Ranks:
        ranks = cls(keep, at)
        ranks.others = record[0]
        value = value or (lambda v: v)
        for first, *rest in record[1]:
            rank = (value(first), *rest)
            ranks.best[rank[at]] = rank
        if record[2] is not None:
            ranks.bound = (value(record[2][0]), *record[2][1:])
        return ranks


class _Leaders(_Ranks):
    """The customers with the highest figures, ranked by ``(-value, name, id, key)``."""

    def __init__(self, keep: int) -> None:
        super().__init__(keep, 3)

    def add(self, key: str, customer: StatsInput, value: Decimal | int, sign: int) -> None:
        if not value:
            return
        if sign < 0:
            self.take_back(key)
        else:
            self.put((-value, customer.name, customer.id, key))

    def to_record(self, value: Any = None) -> list[Any]:
        return super().to_record(lambda minus: str(-minus))

    @classmethod
    def from_record_of(cls, keep: int, record: list[Any], number: type) -> _Leaders:
        ranks = _Ranks.from_record(keep, 3, record, lambda v: -number(v))
        leaders = cls(keep)
        leaders.best, leaders.others, leaders.bound = ranks.best, ranks.others, ranks.bound
        return leaders

    def top(self, n: int) -> list[Ranked]:
        return [Ranked(id_, name, -minus) for minus, name, id_, _ in self.first(n)]


class _Months(dict[int, str]):
    """Date ordinal -> ``YYYY-MM``, computed once per day seen."""

    def __missing__(self, ordinal: int) -> str:
        day = date.fromordinal(ordinal)
        month = self[ordinal] = f"{day.year:04d}-{day.month:02d}"
        return month


def _add_activity(
    customer: StatsInput,
    by: str,
    bounds: tuple[int, int],
    months: _Months,
    cells: dict[tuple[str, str], _Cell],
    sign: int = 1,
) -> tuple[Decimal, int]:
    """Add a customer's entries in the period to ``cells[(group key, month)]`` (or take them
    back, ``sign=-1``); returns the customer's sales and visits in the period. (The hot loop of
    a full ``stats``: ~100,000 entries.)"""
    low, high = bounds
    keys = None if by == "author" else group_keys(customer, by)
    total, visit_count = Decimal(0), 0
    for day, kind, author, minutes, amount in customer.entries:
        if day < low or day > high:
            continue
        month = months[day]
        value = None if amount is None else Decimal(amount)
        for key in keys or (author or NONE_KEY,):
            cell = cells.get((key, month))
            if cell is None:
                cell = cells[key, month] = _Cell()
            _count(cell, kind, minutes, value, sign)
            if not cell.entries:
                del cells[key, month]
        if value is not None:
            total += value
        visit_count += kind == "visit"
    return total, visit_count


def _count(cell: _Cell, kind: str, minutes: int | None, value: Decimal | None, sign: int) -> None:
    activity = cell.activity
    cell.entries += sign
    if kind not in NON_CONTACT_KINDS:
        contacts = activity.contacts
        contacts[kind] = contacts.get(kind, 0) + sign
        if not contacts[kind]:
            del contacts[kind]
    if kind == "call":
        activity.call_minutes += sign * (minutes or 0)
    elif kind == "visit":
        activity.visits += sign
    if value is not None:
        activity.sales += value if sign > 0 else -value
        exponent = int(value.as_tuple().exponent)
        cell.scales[exponent] += sign
        if not cell.scales[exponent]:
            del cell.scales[exponent]


def _newcomer(
    customer: StatsInput, query: StatsQuery, bounds: tuple[int, int]
) -> tuple[int, int] | None:
    """``(start ordinal, contacts within regular_days of it)`` of a customer who started in
    the period (a regular has ``regular_contacts`` of them); None for the others."""
    low, high = bounds
    if customer.created is not None and customer.created < low:
        return None  # started before the period (a contact logged earlier only moves that back)
    contacts = [e[0] for e in customer.entries if e[1] not in NON_CONTACT_KINDS]
    start = min(contacts, default=customer.created)
    if customer.created is not None:
        start = min(start, customer.created)  # type: ignore[type-var]
    if start is None or not low <= start <= high:
        return None
    end = start + query.regular_days
    return start, sum(1 for day in contacts if start <= day <= end)
