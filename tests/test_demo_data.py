"""The demo customers: realistic, deterministic, dated relative to today, valid notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from custnote.core.note.model import LogEntry, Note
from custnote.core.note.naming import ID_PATTERN
from custnote.core.note.noteformat import parse_note, serialise_note
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.config import NotebookConfig
from custnote.core.notebook.demo_customers import demo_customers

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def customers():
    return demo_customers(TODAY)


def _by_name(customers, name):
    return next(c for c in customers if c.fields["name"] == name)


def _open_follow_ups(log: list[dict]) -> list[date]:
    """Follow-up dates not closed by a ``done`` on or after them (docs/FORMAT.md)."""
    dones = [e["done"] for e in log if e["done"]]
    return [
        e["follow_up"]
        for e in log
        if e["follow_up"] and not any(d >= e["follow_up"] for d in dones)
    ]


def test_same_today_gives_the_same_demo_and_dates_move_with_today(customers) -> None:
    assert demo_customers(TODAY) == customers
    later = demo_customers(TODAY + timedelta(days=100))
    assert [c.fields["id"] for c in later] == [c.fields["id"] for c in customers]
    assert later[0].log[-1]["date"] == customers[0].log[-1]["date"] + timedelta(days=100)


def test_about_thirty_customers_two_thirds_japanese_with_unique_valid_ids(customers) -> None:
    assert 28 <= len(customers) <= 32
    japanese = [c for c in customers if c.fields.get("kana")]
    assert abs(len(japanese) - len(customers) * 2 / 3) <= 2
    ids = [c.fields["id"] for c in customers]
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.match(i) for i in ids)


def test_yamada_is_the_readme_customer(customers) -> None:
    yamada = _by_name(customers, "山田 太郎")
    assert yamada.fields["id"] == "k7m2qa"
    assert yamada.fields["kana"] == "やまだ たろう"
    assert yamada.fields["company"] == "山田工務店"
    assert "03-5555-0199" in yamada.fields["phones"]
    assert yamada.fields["preferences"]["allergies"] == ["えび"]


def test_histories_span_two_years_in_date_order(customers) -> None:
    for c in customers:
        assert 3 <= len(c.log) <= 25, c.fields["name"]
        keys = [(e["date"], e["time"] or "") for e in c.log]
        assert keys == sorted(keys, key=lambda k: (k[0], str(k[1])))
        assert all(e["date"] < TODAY for e in c.log)
    oldest = min(e["date"] for c in customers for e in c.log)
    assert (TODAY - oldest).days >= 700


def test_follow_ups_are_closed_or_deliberately_open(customers) -> None:
    open_ = [d for c in customers for d in _open_follow_ups(c.log)]
    overdue = [d for d in open_ if d < TODAY]
    this_week = [d for d in open_ if TODAY <= d <= TODAY + timedelta(days=7)]
    assert overdue and this_week
    assert all(TODAY - d <= timedelta(days=14) for d in overdue), "stale follow-ups in the demo"
    assert len(open_) == len(overdue) + len(this_week)
    closed = [e for c in customers for e in c.log if e["done"]]
    assert len(closed) >= 5


def test_reminders_have_something_to_show_this_week(customers) -> None:
    def soon(d: date) -> bool:
        upcoming = d.replace(year=TODAY.year)
        return TODAY <= upcoming <= TODAY + timedelta(days=7)

    family = [f for c in customers for f in c.fields.get("family", [])]
    birthdays = [c.fields["birthday"] for c in customers if "birthday" in c.fields]
    birthdays += [f["birthday"] for f in family if "birthday" in f]
    assert any(soon(d) for d in birthdays)
    died = [f["died"] for f in family if "died" in f]
    assert len(died) == 1 and soon(died[0])
    assert sum(1 for c in customers if "visit_every" in c.fields) >= 3


def test_variety_of_statuses_kinds_amounts_and_preferences(customers) -> None:
    assert {c.fields["status"] for c in customers} == {"prospect", "active", "dormant", "lost"}
    entries = [e for c in customers for e in c.log]
    kinds = {e["kind"] for e in entries}
    assert {"call", "visit", "email", "meeting", "inquiry", "complaint", "purchase"} <= kinds
    purchases = [e for e in entries if e["kind"] == "purchase"]
    assert all(e["amount"] is not None for e in purchases)
    assert any(e["attributes"].get("lifetime") == "5y" for e in entries)
    assert all(e["duration_min"] for e in entries if e["kind"] == "call")
    allergies = {a for c in customers for a in c.fields.get("preferences", {}).get("allergies", [])}
    assert {"えび", "そば", "卵"} <= allergies
    drinks = {c.fields.get("preferences", {}).get("drink") for c in customers}
    assert {"ほうじ茶", "コーヒー"} <= drinks
    assert {c.fields.get("owner") for c in customers} >= {"sato", "tanaka", "suzuki"}


def test_every_demo_customer_is_a_valid_note_that_round_trips(customers) -> None:
    config = NotebookConfig()
    for c in customers:
        note = Note(fields=c.fields, body=c.body, log=[LogEntry(**e) for e in c.log])
        validate_fields(note.fields, config, c.fields["name"])
        assert parse_note(serialise_note(note)) == note
