"""The demo notebook's customers: about thirty realistic notes, two thirds of them Japanese.

``custnote demo`` writes them so that a newcomer sees at once what custnote is for: cards with
allergies and tea preferences, two years of calls, visits and purchases, follow-ups that are
overdue or due this week, birthdays and a memorial day coming up, periodic visits falling due.

The customers are data, in ``custnote/data/demo_customers.yaml`` (its header explains the
notation); this module places their relative dates. Every date is relative to ``today`` so the
demo always looks current; everything else is fixed, so the same ``today`` always gives the same
notebook (ids included).

山田 太郎 (山田工務店, 03-5555-0199, allergic to えび) is the customer README's examples use.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from custnote.core.note.naming import ID_ALPHABET, ID_LENGTH

#: Team members who own customers and write entries.
OWNERS = ("sato", "tanaka", "suzuki", "ogawa", "honda")

#: The keys of a log entry in the data file; any other key is an entry attribute.
_ENTRY_KEYS = {"day", "at", "kind", "author", "dur", "amount", "fu", "done", "text"}


@dataclass(frozen=True)
class DemoCustomer:
    """One demo note as plain data: front-matter fields, free body, log entries (as dicts)."""

    fields: dict[str, Any]
    body: str
    log: list[dict[str, Any]]


def demo_id(name: str) -> str:
    """A stable id in the notebook's id alphabet, derived from the name."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "".join(ID_ALPHABET[b % len(ID_ALPHABET)] for b in digest[:ID_LENGTH])


#: 山田 太郎 keeps the id used in docs/FORMAT.md, so README's examples and paths match.
_FIXED_IDS = {"山田 太郎": "k7m2qa"}


@cache
def _specs() -> list[dict[str, Any]]:
    """The customers as written in the data file (relative dates not yet placed)."""
    from custnote.core.note import yamlio

    text = resources.files("custnote.data").joinpath("demo_customers.yaml").read_text("utf-8")
    return yamlio.load(text)


def _yearly(today: date, spec: dict[str, int]) -> date:
    """The month and day ``yearly_in_days`` after today, in ``year`` or ``years_ago`` years
    before that day's year (birthdays and deaths that must fall within the coming week)."""
    target = today + timedelta(days=spec["yearly_in_days"])
    year = spec.get("year", target.year - spec.get("years_ago", 0))
    day = 28 if (target.month, target.day) == (2, 29) else target.day
    return date(year, target.month, day)


def _materialise(value: Any, today: date) -> Any:
    if isinstance(value, dict):
        if "days_ago" in value:
            return today - timedelta(days=value["days_ago"])
        if "yearly_in_days" in value:
            return _yearly(today, value)
        return {k: _materialise(v, today) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialise(v, today) for v in value]
    return value


def _entry(spec: dict[str, Any], today: date) -> dict[str, Any]:
    def offset(days: int | None) -> date | None:
        return None if days is None else today + timedelta(days=days)

    at, amount = spec.get("at"), spec.get("amount")
    return {
        "date": offset(spec["day"]),
        "time": time.fromisoformat(at) if at else None,
        "kind": spec["kind"],
        "author": spec["author"],
        "duration_min": spec.get("dur"),
        "amount": Decimal(amount) if amount is not None else None,
        "follow_up": offset(spec.get("fu")),
        "done": offset(spec.get("done")),
        "attributes": {k: v for k, v in spec.items() if k not in _ENTRY_KEYS},
        "text": spec.get("text", ""),
    }


def demo_customers(today: date) -> list[DemoCustomer]:
    """The demo customers with every date placed relative to ``today`` (log in date order)."""
    customers = []
    for spec in _specs():
        fields = _materialise(spec["fields"], today)
        fields = {"id": _FIXED_IDS.get(fields["name"]) or demo_id(fields["name"]), **fields}
        log = sorted(
            (_entry(e, today) for e in spec["log"]),
            key=lambda e: (e["date"], e["time"] or time.min),
        )
        customers.append(DemoCustomer(fields=fields, body=spec["body"], log=log))
    return customers
