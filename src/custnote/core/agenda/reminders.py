"""The morning agenda: what needs attention today and in the next days.

Rules (docs/agenda.md explains them for users):

* **follow-up** — a log entry's ``follow-up`` date. It stays (overdue) until a later entry has
  ``done: D`` with D on or after the follow-up date; "later" is the log order, so an entry logged
  the same day after the promise closes it.
* **replacement** — a purchase entry's ``lifetime`` (``5y``) gives a replacement date. It is closed
  by a later ``done`` covering that date, or by a later purchase of the same ``items``.
* **visit** — ``visit_every`` in the front-matter; due one period after the last ``visit`` entry
  (after ``created`` when no visit is logged yet; today when neither is known).
* **birthday**, **anniversary** — yearly, with the age / the number of years. 29 February is kept
  on 28 February in common years (it stays in February, the month people remember).
* **memorial** — 回忌 from a ``died`` date (of the customer or a family member): 一周忌 one year
  after, then the n-th 回忌 n-1 years after, for n = 3, 7, 13, 17, 23, 27, 33.
* **dormant** — a customer with the active status and no contact for longer than the threshold.

Follow-ups, replacements and visits can be overdue; yearly dates are only shown in the window
``today .. today + days``. Dormant customers form their own group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from custnote.core.agenda.facts import NON_CONTACT_KINDS, Contact, CustomerFacts, Relative
from custnote.core.agenda.periods import on_year
from custnote.core.agenda.relations import relation_in
from custnote.core.note.textnorm import fold

FOLLOW_UP, REPLACEMENT, VISIT = "follow-up", "replacement", "visit"
BIRTHDAY, ANNIVERSARY, MEMORIAL, DORMANT = "birthday", "anniversary", "memorial", "dormant"
#: urgency order of kinds on the same day (follow-ups first)
KINDS = (FOLLOW_UP, VISIT, REPLACEMENT, MEMORIAL, BIRTHDAY, ANNIVERSARY, DORMANT)
GROUPS = ("overdue", "today", "upcoming", "dormant")

#: n-th 回忌 -> its Japanese name; held n-1 years after the death (一周忌: 1 year)
MEMORIALS = {
    1: "一周忌",
    3: "三回忌",
    7: "七回忌",
    13: "十三回忌",
    17: "十七回忌",
    23: "二十三回忌",
    27: "二十七回忌",
    33: "三十三回忌",
}

_KIND_JA = {
    "call": "電話",
    "visit": "訪問",
    "email": "メール",
    "meeting": "打ち合わせ",
    "inquiry": "問い合わせ",
    "complaint": "クレーム",
    "purchase": "購入",
    "note": "メモ",
}


@dataclass(frozen=True)
class AgendaSettings:
    """Notebook settings the rules depend on."""

    dormant_days: int = 90
    active_status: str = "active"


@dataclass(frozen=True)
class Reminder:
    """One agenda line: something to do for a customer on ``due``."""

    kind: str
    due: date
    customer_id: str
    customer_name: str
    owner: str | None
    text: str  # English
    text_ja: str  # Japanese
    path: str = ""
    #: the date the reminder comes from (the promising entry, last visit, purchase, last contact)
    since: date | None = None

    def group(self, today: date) -> str:
        """``overdue``, ``today``, ``upcoming`` or ``dormant``."""
        if self.kind == DORMANT:
            return "dormant"
        if self.due < today:
            return "overdue"
        return "today" if self.due == today else "upcoming"

    def to_json(self, today: date) -> dict[str, object]:
        return {
            "kind": self.kind,
            "group": self.group(today),
            "due": self.due.isoformat(),
            "days": (self.due - today).days,
            "customer": {"id": self.customer_id, "name": self.customer_name, "path": self.path},
            "owner": self.owner,
            "text": self.text,
            "text_ja": self.text_ja,
            "since": self.since.isoformat() if self.since else None,
        }


class Pending(NamedTuple):
    """A follow-up or replacement still open, with its due date and wording (fixed by the log)."""

    kind: str
    due: date
    since: date
    text: str
    text_ja: str


@dataclass(frozen=True)
class AgendaDigest:
    """What the agenda needs of one customer, whatever the day: small enough to cache."""

    customer: CustomerFacts  # without its log
    pending: tuple[Pending, ...] = ()
    last_contact: date | None = None
    last_visit: date | None = None


def digest(customer: CustomerFacts) -> AgendaDigest:
    """Reduce a customer's log to its open follow-ups and replacements and last contact dates."""
    contacts = [c.day for c in customer.log if c.kind not in NON_CONTACT_KINDS]
    visits = [c.day for c in customer.log if c.kind == "visit"]
    return AgendaDigest(
        customer=replace(customer, log=()),
        pending=(*_follow_ups(customer.log), *_replacements(customer.log)),
        last_contact=max(contacts, default=None),
        last_visit=max(visits, default=None),
    )


def build_agenda(
    customers: Iterable[CustomerFacts | AgendaDigest],
    today: date,
    days: int = 7,
    settings: AgendaSettings | None = None,
) -> list[Reminder]:
    """All reminders due up to ``today + days`` (inclusive), most urgent first."""
    settings = settings or AgendaSettings()
    until = today + timedelta(days=days)
    found = [
        reminder
        for c in customers
        for reminder in reminders_for(
            c if isinstance(c, AgendaDigest) else digest(c), today, until, settings
        )
    ]
    return sorted(found, key=lambda r: urgency(r, today))


def urgency(reminder: Reminder, today: date) -> tuple[object, ...]:
    """Sort key: overdue (by kind, oldest first), today, upcoming (by date), dormant (longest)."""
    group = GROUPS.index(reminder.group(today))
    kind = KINDS.index(reminder.kind)
    name = fold(reminder.customer_name)
    if group == 2:
        return (group, reminder.due, kind, name)
    return (group, kind, reminder.due, name)


def reminders_for(
    digested: AgendaDigest, today: date, until: date, settings: AgendaSettings
) -> Iterator[Reminder]:
    """Every reminder of one customer due up to ``until``."""
    customer = digested.customer
    for item in digested.pending:
        if item.due <= until:
            yield _reminder(
                customer, item.kind, item.due, item.text, item.text_ja, since=item.since
            )
    yield from _visit(customer, digested.last_visit, today, until)
    yield from _birthdays(customer, today, until)
    yield from _anniversaries(customer, today, until)
    yield from _memorials(customer, today, until)
    yield from _dormant(customer, digested.last_contact, today, settings)


def _reminder(customer: CustomerFacts, kind: str, due: date, text: str, text_ja: str, **kw):
    return Reminder(
        kind, due, customer.id, customer.name, customer.owner, text, text_ja, customer.path, **kw
    )


def open_follow_ups(log: Iterable[Contact]) -> list[Contact]:
    """Entries whose follow-up is not closed by a later ``done`` entry."""
    pending: list[Contact] = []
    for entry in log:
        if entry.done is not None:
            pending = [p for p in pending if p.follow_up > entry.done]  # type: ignore[operator]
        if entry.follow_up is not None:
            pending.append(entry)
    return pending


def _follow_ups(log: Iterable[Contact]) -> Iterator[Pending]:
    for entry in open_follow_ups(log):
        assert entry.follow_up is not None
        kind_ja = _KIND_JA.get(entry.kind, entry.kind)
        about = f": {entry.summary}" if entry.summary else ""
        yield Pending(
            FOLLOW_UP,
            entry.follow_up,
            entry.day,
            f"Follow up ({entry.kind} on {entry.day.isoformat()}){about}",
            f"フォローアップ（{entry.day.isoformat()}の{kind_ja}）{about.replace(': ', '：', 1)}",
        )


def open_replacements(log: Iterable[Contact]) -> list[tuple[Contact, date]]:
    """Purchases with a ``lifetime`` whose replacement is not yet closed, with their due dates."""
    pending: list[tuple[Contact, date]] = []
    for entry in log:
        if entry.done is not None:
            pending = [(p, due) for p, due in pending if due > entry.done]
        if entry.kind == "purchase" and entry.items:
            pending = [(p, due) for p, due in pending if fold(p.items or "") != fold(entry.items)]
        if entry.lifetime is not None:
            pending.append((entry, entry.lifetime.after(entry.day)))
    return pending


def _replacements(log: Iterable[Contact]) -> Iterator[Pending]:
    for entry, due in open_replacements(log):
        what = entry.items or entry.summary or "purchase"
        bought = entry.day.isoformat()
        yield Pending(
            REPLACEMENT,
            due,
            entry.day,
            f"Replacement due: {what} (bought {bought}, lifetime {entry.lifetime})",
            f"買い替えの時期：{what}（{bought} ご購入、耐用 {entry.lifetime.japanese()}）",
        )


def visit_due(customer: CustomerFacts, last: date | None) -> date | None:
    """When a periodic visit is due: one period after the last visit, else after ``created``;
    None when neither is known (then it is due today, whatever today is)."""
    start = last or customer.created
    assert customer.visit_every is not None
    return customer.visit_every.after(start) if start else None


def _visit(
    customer: CustomerFacts, last: date | None, today: date, until: date
) -> Iterator[Reminder]:
    every = customer.visit_every
    if every is None:
        return
    due = visit_due(customer, last) or today
    if due > until:
        return
    if last:
        text, text_ja = f"last visit {last.isoformat()}", f"前回訪問 {last.isoformat()}"
    else:
        text, text_ja = "no visit logged yet", "訪問記録なし"
    yield _reminder(
        customer,
        VISIT,
        due,
        f"Periodic visit due (every {every}; {text})",
        f"定期訪問の時期（{every.japanese()}ごと、{text_ja}）",
        since=last,
    )


def _yearly(day: date, today: date, until: date) -> Iterator[tuple[date, int]]:
    """Occurrences of a yearly date in ``today..until`` with the number of years since ``day``."""
    for year in range(today.year, until.year + 1):
        occurrence = on_year(day, year)
        if today <= occurrence <= until and year > day.year:
            yield occurrence, year - day.year


def _birthdays(customer: CustomerFacts, today: date, until: date) -> Iterator[Reminder]:
    if customer.birthday and not customer.died:
        for due, age in _yearly(customer.birthday, today, until):
            yield _reminder(
                customer, BIRTHDAY, due, f"Birthday (turns {age})", f"お誕生日（{age}歳）"
            )
    for member in customer.family:
        if member.birthday is None or member.died is not None:
            continue
        for due, age in _yearly(member.birthday, today, until):
            of = (
                f"{relation_in(member.relation, 'en')} of {customer.name}; "
                if member.relation
                else ""
            )
            yield _reminder(
                customer,
                BIRTHDAY,
                due,
                f"{member.name}'s birthday ({of}turns {age})",
                f"{_relative_names(member, customer)[1]}のお誕生日（{age}歳）",
            )


def _relative_names(member: Relative, customer: CustomerFacts) -> tuple[str, str]:
    """``Lily Smith (daughter of Jane Smith)`` and ``Lily Smith様（Jane Smith様の娘）``: the
    relation in each sentence's language."""
    en, ja = relation_in(member.relation, "en"), relation_in(member.relation, "ja")
    relation = f" ({en} of {customer.name})" if member.relation else ""
    relation_ja = f"（{customer.name}様の{ja}）" if member.relation else ""
    return f"{member.name}{relation}", f"{member.name}様{relation_ja}"


def _anniversaries(customer: CustomerFacts, today: date, until: date) -> Iterator[Reminder]:
    for item in customer.anniversaries:
        label = item.label or "Anniversary"
        label_ja = item.label or "記念日"
        for due, years in _yearly(item.day, today, until):
            yield _reminder(
                customer,
                ANNIVERSARY,
                due,
                f"{label} ({ordinal(years)}, since {item.day.year})",
                f"{label_ja}（{years}周年）",
            )


def memorial_dates(died: date) -> Iterator[tuple[int, date]]:
    """(n, date) of each 回忌 after a death on ``died``."""
    for n in MEMORIALS:
        yield n, on_year(died, died.year + max(n - 1, 1))


def _memorials(customer: CustomerFacts, today: date, until: date) -> Iterator[Reminder]:
    departed = [Relative(customer.name, died=customer.died)] if customer.died else []
    departed += [m for m in customer.family if m.died]
    for member in departed:
        assert member.died is not None
        who, who_ja = _relative_names(member, customer)
        for n, due in memorial_dates(member.died):
            if today <= due <= until:
                yield _reminder(
                    customer,
                    MEMORIAL,
                    due,
                    f"{_memorial_en(n)} ({MEMORIALS[n]}) of the late {who}",
                    f"故 {who_ja}の{MEMORIALS[n]}",
                    since=member.died,
                )


def _memorial_en(n: int) -> str:
    if n == 1:
        return "First memorial anniversary"
    return f"{ordinal(n)} memorial service"


def _dormant(
    customer: CustomerFacts, last_contact: date | None, today: date, settings: AgendaSettings
) -> Iterator[Reminder]:
    if customer.status != settings.active_status:
        return
    last = last_contact or customer.created
    if last is None:
        yield _reminder(customer, DORMANT, today, "No contact recorded", "連絡の記録がありません")
        return
    silent = (today - last).days
    if silent > settings.dormant_days:
        yield _reminder(
            customer,
            DORMANT,
            last + timedelta(days=settings.dormant_days + 1),
            f"No contact for {silent} days (last {last.isoformat()})",
            f"{silent}日間ご連絡なし（最終 {last.isoformat()}）",
            since=last,
        )


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, …"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
