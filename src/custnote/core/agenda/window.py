"""The days an agenda covers, and the quick facts that let it skip most customers unread.

:meth:`Window.may_remind` is False only when a customer surely has no reminder in the window;
the note store keeps every customer's :class:`QuickFacts` as indexed columns
(:mod:`custnote.core.agenda.factstore`), so an agenda of 100,000 customers reads only the few
that may have one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from custnote.core.agenda.periods import on_year
from custnote.core.agenda.reminders import KINDS, VISIT, AgendaDigest, AgendaSettings, visit_due


@dataclass(frozen=True)
class Window:
    """The days an agenda covers, in the forms a quick pre-check compares (ISO, ``MM-DD``)."""

    today: date
    until: date
    settings: AgendaSettings
    #: ``MM-DD`` of every day in the window (29 February too when 28 February stands for it)
    month_days: frozenset[str]
    until_iso: str
    #: a last contact before this day (ISO) makes an active customer dormant
    quiet_before_iso: str

    @classmethod
    def of(cls, today: date, days: int, settings: AgendaSettings) -> Window:
        until = today + timedelta(days=days)
        keys: set[str] = set()
        for n in range(min(days, 366) + 1):
            day = today + timedelta(days=n)
            keys.add(f"{day:%m-%d}")
            if on_year(date(2000, 2, 29), day.year) == day:
                keys.add("02-29")
        quiet_before = today - timedelta(days=settings.dormant_days)
        return cls(
            today, until, settings, frozenset(keys), until.isoformat(), quiet_before.isoformat()
        )

    def may_remind(self, quick: QuickFacts) -> bool:
        """False only when the customer surely has no reminder in the window (see QuickFacts)."""
        return (
            (quick.next_due is not None and quick.next_due <= self.until_iso)
            or quick.visits
            or (
                quick.status == self.settings.active_status
                and (quick.last_contact is None or quick.last_contact < self.quiet_before_iso)
            )
            or not self.month_days.isdisjoint(quick.yearly)
        )


class QuickFacts(NamedTuple):
    """A customer's agenda digest in plain values, for :meth:`Window.may_remind` to skip most
    customers without building their digest."""

    next_due: str | None  # the earliest open follow-up or replacement (ISO)
    visits: bool  # has visit_every
    status: str | None
    last_contact: str | None  # ISO, else created
    yearly: tuple[str, ...]  # MM-DD of birthdays, anniversaries and dates of death


def quick_facts(digested: AgendaDigest) -> QuickFacts:
    """The quick facts of a digest (cached beside it)."""
    c = digested.customer
    yearly = [a.day for a in c.anniversaries]
    yearly += [d for d in (c.died, *(m.died for m in c.family)) if d]
    if not c.died and c.birthday:
        yearly.append(c.birthday)
    yearly += [m.birthday for m in c.family if m.birthday and not m.died]
    last = digested.last_contact or c.created
    next_due = min((p.due for p in digested.pending), default=None)
    return QuickFacts(
        next_due.isoformat() if next_due else None,
        c.visit_every is not None,
        c.status,
        last.isoformat() if last else None,
        tuple(sorted({f"{d:%m-%d}" for d in yearly})),
    )


def dated_items(digested: AgendaDigest) -> list[tuple[int, str | None]]:
    """``(kind rank, due ISO or None for today)`` of each follow-up, replacement and visit of a
    customer: what does not depend on the day, for the note store's ``dated`` table (the agenda's
    first page is asked of it: :mod:`custnote.core.agenda.paging`)."""
    items: list[tuple[int, str | None]] = [
        (KINDS.index(p.kind), p.due.isoformat()) for p in digested.pending
    ]
    if digested.customer.visit_every is not None:
        due = visit_due(digested.customer, digested.last_visit)
        items.append((KINDS.index(VISIT), due.isoformat() if due else None))
    return items
