"""The agenda's first lines of each group, and each group's count, without building every
reminder of a notebook of 100,000 customers.

The rules stay in :mod:`custnote.core.agenda.reminders`; this module only picks which customers
to build them for. The note store keeps, per customer, each dated item that does not depend on
the day (open follow-ups and replacements, the visit due: the ``dated`` table of
:mod:`custnote.core.agenda.factstore`, with the kind's rank, the due date, the folded name and
owner), and the quick facts (status, last contact, folded name and owner, yearly days). So:

* **counts**: overdue, today and upcoming follow-ups, replacements and visits are counted by
  SQL over ``dated`` (a visit with no date to count from is due today, whatever today is: its
  ``due`` is NULL); dormant customers over ``quick``; birthdays, anniversaries and memorials
  are counted from the reminders built for the few customers with a yearly day in the window;
* **the page**: for each group, the first ``limit`` rows in :func:`~reminders.urgency` order
  (kind, due, name for overdue and today; due, kind, name for upcoming; last contact, name for
  dormant; ties by path, as the full agenda's stable sort leaves them) name the customers whose
  reminders are built, with those of the yearly candidates. Every reminder of the full agenda's
  first ``limit`` per group is among them, and everything built is a true reminder, so the
  first ``limit`` per group of what is built, sorted by ``urgency``, is the full agenda's.

``tests/test_agenda_paging.py`` checks that against the full agenda over random notebooks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from custnote.core.agenda.reminders import (
    ANNIVERSARY,
    BIRTHDAY,
    GROUPS,
    MEMORIAL,
    Reminder,
)
from custnote.core.agenda.window import Window

#: reminders that come from a yearly day (counted from those built, never from ``dated``)
YEARLY_KINDS = frozenset({BIRTHDAY, ANNIVERSARY, MEMORIAL})


class _Where:
    """A WHERE clause with its parameters, ``owner`` (folded) added when one is asked for."""

    def __init__(self, owner: str | None) -> None:
        self.owner = owner

    def __call__(self, condition: str, *params: Any) -> tuple[str, list[Any]]:
        if self.owner is None:
            return condition, list(params)
        return f"owner = ? AND {condition}", [self.owner, *params]


def _conditions(window: Window) -> dict[str, list[tuple[str, str, tuple[Any, ...]]]]:
    """Per group: ``(table, condition, params)`` of each part; ORDER BY follows from the group."""
    today, until = window.today.isoformat(), window.until_iso
    active = window.settings.active_status
    return {
        "overdue": [("dated", "due < ?", (today,))],
        "today": [("dated", "due = ?", (today,)), ("dated", "due IS NULL", ())],
        "upcoming": [("dated", "due > ? AND due <= ?", (today, until))],
        "dormant": [
            ("quick", "status = ? AND last_contact IS NULL", (active,)),
            ("quick", "status = ? AND last_contact < ?", (active, window.quiet_before_iso)),
        ],
    }


_ORDER = {
    "overdue": "kind, due, name, path",
    "today": "kind, due, name, path",
    "upcoming": "due, kind, name, path",
    "dormant": "last_contact, name, path",
}


def table_counts(db: sqlite3.Connection, window: Window, owner: str | None) -> dict[str, int]:
    """Per group, the reminders counted by SQL (all but the yearly kinds)."""
    where = _Where(owner)
    counts: dict[str, int] = {}
    for group, parts in _conditions(window).items():
        counts[group] = 0
        for table, condition, params in parts:
            clause, values = where(condition, *params)
            counts[group] += db.execute(
                f"SELECT count(*) FROM {table} WHERE {clause}", values
            ).fetchone()[0]
    return counts


def page_paths(db: sqlite3.Connection, window: Window, owner: str | None, limit: int) -> set[str]:
    """The customers whose reminders hold every group's first ``limit`` lines (module doc)."""
    where = _Where(owner)
    paths: set[str] = set()
    for group, parts in _conditions(window).items():
        for table, condition, params in parts:
            clause, values = where(condition, *params)
            query = f"SELECT path FROM {table} WHERE {clause} ORDER BY {_ORDER[group]} LIMIT ?"
            paths.update(path for (path,) in db.execute(query, [*values, limit]))
    days = sorted(window.month_days)
    marks = ",".join("?" * len(days))
    query = f"SELECT DISTINCT path FROM yearly WHERE mmdd IN ({marks})"
    if owner is not None:
        query += " AND path IN (SELECT path FROM quick WHERE owner = ?)"
    paths.update(
        path for (path,) in db.execute(query, [*days, *([owner] if owner is not None else [])])
    )
    return paths


def records_of(db: sqlite3.Connection, paths: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """``(path, agenda record)`` of these customers, in path order (the full agenda's order)."""
    query = (
        "SELECT path, record FROM facts WHERE kind = 'agenda'"
        " AND path IN (SELECT value FROM json_each(?)) ORDER BY path"
    )
    rows = db.execute(query, (json.dumps(sorted(paths)),))
    return [(path, json.loads(record)) for path, record in rows]


def warning_records(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """The records with a problem to report, in path order (every one, as the full agenda)."""
    query = (
        "SELECT record FROM facts WHERE kind = 'agenda'"
        " AND path IN (SELECT path FROM quick WHERE warn) ORDER BY path"
    )
    return [json.loads(record) for (record,) in db.execute(query)]


def first_of_each_group(
    reminders: list[Reminder], window: Window, limit: int, counted: dict[str, int]
) -> tuple[list[Reminder], dict[str, int]]:
    """The first ``limit`` of each group of ``reminders`` (sorted by urgency), and each group's
    full count: ``counted`` by SQL plus the yearly ones built."""
    today = window.today
    counts = dict(counted)
    shown: dict[str, int] = dict.fromkeys(GROUPS, 0)
    page: list[Reminder] = []
    for reminder in reminders:
        group = reminder.group(today)
        if reminder.kind in YEARLY_KINDS:
            counts[group] += 1
        if shown[group] < limit:
            shown[group] += 1
            page.append(reminder)
    return page, counts
