"""The agenda and ``done`` used as a library, without the CLI (the date is pinned)."""

from __future__ import annotations

from datetime import date

from custnote.core.agenda.notebook_agenda import DONE_TEXT, close_follow_ups, notebook_agenda
from custnote.core.note.model import LogEntry

TODAY = date(2026, 11, 20)


def follow_ups(notebook) -> list[tuple[str, date]]:
    agenda = notebook_agenda(notebook, TODAY, days=30)
    return [(r.customer_name, r.due) for r in agenda.reminders if r.kind == "follow-up"]


def test_follow_ups_are_on_the_agenda_until_done_closes_them(notebook, yamada):
    for day, due in ((date(2026, 11, 10), date(2026, 11, 18)), (TODAY, date(2026, 12, 5))):
        entry = LogEntry(day, "call", "見積の件", follow_up=due)
        notebook.add_entry(notebook.load(yamada.path), entry)
    assert follow_ups(notebook) == [
        ("山田 太郎", date(2026, 11, 18)),
        ("山田 太郎", date(2026, 12, 5)),
    ]
    done = close_follow_ups(notebook, notebook.load(yamada.path), until=TODAY)
    assert (done.closed, done.entry.done, done.entry.text) == (
        [date(2026, 11, 18)],
        TODAY,
        DONE_TEXT,
    )
    assert follow_ups(notebook) == [("山田 太郎", date(2026, 12, 5))]
    done = close_follow_ups(notebook, notebook.load(yamada.path), text="再見積を送付", kind="email")
    assert done.closed == [date(2026, 12, 5)]  # without until: every open one, even ahead
    assert follow_ups(notebook) == []
    assert notebook.load(yamada.path).sorted_log()[-1].text == "再見積を送付"


def test_the_agenda_of_one_owner(notebook, yamada):
    assert yamada.get("owner") == "sato"  # who the tests write as, too
    entry = LogEntry(TODAY, "call", "見積の件", follow_up=TODAY)
    notebook.add_entry(yamada, entry)
    for owner, expected in ((None, 1), ("me", 1), ("SATO", 1), ("suzuki", 0)):
        assert len(notebook_agenda(notebook, TODAY, 7, owner=owner).reminders) == expected
