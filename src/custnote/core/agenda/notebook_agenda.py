"""A notebook's agenda, and closing follow-ups: what ``custnote agenda`` and ``custnote done``
do, usable without the CLI (the rules themselves are in :mod:`custnote.core.agenda.reminders`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from custnote.core import clock
from custnote.core.agenda.fact_loading import load_agenda, warnings_of
from custnote.core.agenda.fact_reader import facts_from_text, from_digest_record
from custnote.core.agenda.reminders import (
    GROUPS,
    AgendaSettings,
    Reminder,
    build_agenda,
    open_follow_ups,
    open_replacements,
)
from custnote.core.agenda.window import Window
from custnote.core.note.model import LogEntry, Note
from custnote.core.note.summary import collector_paused
from custnote.core.note.textnorm import fold
from custnote.errors import CustnoteError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

#: the text of the entry ``done`` writes when none is given
DONE_TEXT = "フォローアップ完了 (follow-up done)"


def owner_key(nb: Notebook, owner: str | None) -> str | None:
    """The folded owner (担当) to keep, ``me`` being the current author; None for everyone."""
    if owner is None:
        return None
    return fold(nb.author() if owner == "me" else owner)


@dataclass
class Agenda:
    """What needs attention from ``today`` for ``days`` days, most urgent first."""

    today: date
    days: int
    #: every reminder; with a ``limit``, the first ``limit`` of each group
    reminders: list[Reminder]
    #: notes (or fields) that could not be read; everything else is on the agenda
    warnings: list[str]
    #: how many reminders each group has (all of them, whatever the limit)
    counts: dict[str, int] = field(default_factory=dict)


def notebook_agenda(
    nb: Notebook, today: date, days: int, owner: str | None = None, limit: int | None = None
) -> Agenda:
    """The agenda of every customer, or of ``owner``'s (see :func:`owner_key`); with a
    ``limit``, only the first ``limit`` reminders of each group (and every group's count),
    which at 100,000 customers builds a few hundred reminders rather than tens of thousands
    (:mod:`custnote.core.agenda.paging`)."""
    settings = AgendaSettings(nb.config.dormant_days)
    window = Window.of(today, days, settings)
    wanted = owner_key(nb, owner)
    with collector_paused():
        if limit is not None:
            return _first_of_each_group(nb, window, days, wanted, limit)
        loaded = load_agenda(nb, window)
        customers = [
            d for d in loaded.items if wanted is None or fold(d.customer.owner or "") == wanted
        ]
        reminders = build_agenda(customers, today, days, settings)
    counts = dict.fromkeys(GROUPS, 0)
    for reminder in reminders:
        counts[reminder.group(today)] += 1
    return Agenda(today, days, reminders, loaded.warnings, counts)


def _first_of_each_group(
    nb: Notebook, window: Window, days: int, wanted: str | None, limit: int
) -> Agenda:
    from custnote.core.agenda import factstore, paging

    store = nb.store()
    factstore.fill(store)
    db = store.db
    counted = paging.table_counts(db, window, wanted)
    customers = [
        from_digest_record(record, rel)
        for rel, record in paging.records_of(db, paging.page_paths(db, window, wanted, limit))
        if "error" not in record and (wanted is None or fold(record.get("owner") or "") == wanted)
    ]
    reminders = build_agenda(customers, window.today, days, window.settings)
    page, counts = paging.first_of_each_group(reminders, window, limit, counted)
    warnings = [line for record in paging.warning_records(db) for line in warnings_of(record)]
    return Agenda(window.today, days, page, warnings, counts)


@dataclass
class ClosedFollowUps:
    entry: LogEntry  # the entry written, with ``done``
    closed: list[date]  # due dates of the follow-ups it closed


def closing_date(nb: Notebook, note: Note, day: date, until: date | None = None) -> date:
    """The ``done`` date of an entry written on ``day`` that closes ``note``'s open follow-ups:
    ``until``, else the latest open one (even if it lies ahead), else ``day``. ``custnote done``
    and ``custnote log --done`` both use it."""
    assert note.path
    return _closing_date(nb.read_text(note.path), note.path, day, until)


def _closing_date(text: str, rel: str, day: date, until: date | None) -> date:
    pending = open_follow_ups(facts_from_text(rel, text).log)
    return until or max([day, *(p.follow_up for p in pending if p.follow_up)])


def close_follow_ups(
    nb: Notebook,
    note: Note,
    *,
    until: date | None = None,
    text: str | None = None,
    kind: str = "note",
) -> ClosedFollowUps:
    """Log one entry with ``done: D`` (one commit, D from :func:`closing_date`), closing the
    open follow-ups and replacements due on or before D; refused when none is open."""
    assert note.path
    today = clock.today()
    closed: list[date] = []

    def entry_for(current: str) -> LogEntry:  # the note as it is under the lock
        log = facts_from_text(note.path or "", current).log
        last = _closing_date(current, note.path or "", today, until)
        dues = [p.follow_up for p in open_follow_ups(log) if p.follow_up and p.follow_up <= last]
        if not dues and not any(due <= last for _ignored, due in open_replacements(log)):
            up_to = _(" due by {value}").format(value=until.isoformat()) if until else ""
            raise CustnoteError(
                _("{name} has no open follow-up{up_to}; nothing was written").format(
                    name=note.name, up_to=up_to
                )
            )
        closed[:] = dues
        return LogEntry(
            date=today,
            time=clock.now().time(),
            kind=kind,
            author=nb.author(),
            text=text or DONE_TEXT,
            done=last,
        )

    entry = nb.add_entry(note, entry_for)
    return ClosedFollowUps(entry, closed)
