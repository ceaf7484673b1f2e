"""Terminal rendering details: dates relative to today, bars, the per-group limit."""

from __future__ import annotations

from datetime import date

from langfixtures import set_language

from custnote.cli.render_agenda import when
from custnote.cli.render_stats import bar
from custnote.core.agenda.reminders import Reminder


def reminder(due: date, kind: str = "follow-up") -> Reminder:
    return Reminder(kind, due, "k7m2qa", "山田 太郎", "sato", "text", "テキスト")


def test_when_says_how_late_or_how_soon_with_the_weekday():
    today = date(2026, 11, 20)
    assert when(reminder(date(2026, 11, 18)), today, japanese=True) == ("11-18(水)", "2日超過")
    assert when(reminder(today), today, japanese=False) == ("11-20(Fri)", "")
    assert when(reminder(date(2026, 11, 23)), today, japanese=False) == ("11-23(Mon)", "in 3d")
    assert when(reminder(today, "dormant"), today, japanese=True) == ("", "")


def test_when_shows_the_year_across_the_new_year():
    assert when(reminder(date(2027, 1, 2)), date(2026, 12, 28), japanese=True) == (
        "2027-01-02(土)",
        "5日後",
    )


def test_bars_in_eighths_of_a_cell():
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 10, 4) == "▍"  # 3.2 eighths round to 3
    assert bar(0.01, 10, 4) == "▏"  # never invisible when above zero
    assert bar(0, 10, 4) == "" and bar(3, 0, 4) == ""


def test_agenda_shows_the_first_of_each_group_then_how_many_more(cli, notebook, monkeypatch):
    set_language(notebook, "ja")
    for n in range(4):
        notebook.create({"name": f"客 {n}", "owner": "sato", "birthday": "1980-11-21"})
    monkeypatch.setattr("custnote.cli.commands.agenda.GROUP_LIMIT", 2)
    shown = cli("agenda").stdout
    everything = cli("agenda --all").stdout
    assert shown.count("お誕生日") == 2 and "… 他 2 件 (--all)" in shown
    assert everything.count("お誕生日") == 4 and "(--all)" not in everything
