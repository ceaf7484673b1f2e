"""The agenda as an iCalendar file."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from custnote.adapters.ics import agenda_to_ics, reminder_uid
from custnote.core.agenda.facts import Contact, CustomerFacts
from custnote.core.agenda.reminders import build_agenda

TODAY = date(2026, 11, 20)


NOW = datetime(2026, 11, 20, 10, 0)


def test_agenda_as_all_day_events():
    facts = CustomerFacts(
        id="k7m2qa",
        name="山田 太郎",
        path="customers/ya/yamada-taro-k7m2qa.md",
        birthday=date(1970, 11, 23),
        log=(Contact(date(2026, 11, 1), "call", follow_up=date(2026, 11, 10), summary="見積"),),
    )
    reminders = build_agenda([facts], TODAY)
    data = agenda_to_ics(reminders, TODAY, NOW)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "山田 太郎: フォローアップ（2026-11-01の電話）：見積",
        "山田 太郎: お誕生日（56歳）",
    ]
    overdue, birthday = events
    assert overdue.decoded("dtstart") == TODAY  # overdue: shown today, not in the past
    assert "（期限 2026-11-10）" in str(overdue["description"])
    assert "Follow up" not in str(overdue["description"]), "one language"
    english = Calendar.from_ical(agenda_to_ics(reminders, TODAY, NOW, japanese=False))
    summaries = [str(e["summary"]) for e in english.walk("VEVENT")]
    assert summaries == [
        "山田 太郎: Follow up (call on 2026-11-01): 見積",
        "山田 太郎: Birthday (turns 56)",
    ]
    assert "(due 2026-11-10)" in str(english.walk("VEVENT")[0]["description"])
    assert birthday.decoded("dtstart") == date(2026, 11, 23)
    assert birthday.decoded("dtend") == date(2026, 11, 24)
    assert str(birthday["uid"]) == reminder_uid(reminders[1])
    assert reminder_uid(reminders[1]) == reminder_uid(build_agenda([facts], TODAY)[1])  # stable
    assert b"PRODID:-//custnote//agenda//EN" in data


def test_empty_agenda_is_a_valid_calendar():
    calendar = Calendar.from_ical(agenda_to_ics([], TODAY, datetime(2026, 11, 20, 10, 0)))
    assert calendar["version"] == "2.0" and list(calendar.walk("VEVENT")) == []
