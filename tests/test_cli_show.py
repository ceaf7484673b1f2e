"""``custnote show``: the customer card a salesperson reads before a call."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from custnote.core.note.model import LogEntry, Note
from custnote.core.notebook.notebook import Notebook


@pytest.fixture(autouse=True)
def english(notebook: Notebook) -> None:
    """These tests read the English card (tests/test_cli_card.py reads both languages)."""
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("language: ja", "language: en"), "utf-8")


@pytest.fixture
def visited(notebook: Notebook, yamada: Note) -> Note:
    """Yamada with family, a birthday and seven log entries, one a month."""
    notebook.update_fields(
        yamada,
        {
            "birthday": date(1970, 5, 12),
            "family": [{"name": "花子", "relation": "妻", "birthday": date(1972, 12, 3)}],
            "tags": ["vip", "golf"],
        },
    )
    for month in range(5, 12):
        notebook.add_entry(
            yamada,
            LogEntry(
                date=date(2026, month, 10),
                kind="visit" if month % 2 else "call",
                text=f"{month}月の件",
                author="sato",
                amount=Decimal("12000") if month == 11 else None,
                follow_up=date(2026, 12, 1) if month == 11 else None,
            ),
        )
    return notebook.resolve(yamada.id)


def test_all_shows_the_whole_log(cli, visited: Note) -> None:
    out = cli("show yamada --all").stdout
    for month in range(5, 12):
        assert f"{month}月の件" in out
    assert "--all for every one" not in out and "Last contacts" in out


def test_entries_chooses_how_many(cli, visited: Note) -> None:
    out = cli("show yamada -n 2").stdout
    assert "Last 2 of 7 contacts" in out
    assert "10月の件" in out and "9月の件" not in out


def test_a_customer_without_entries(cli, yamada: Note) -> None:
    result = cli("show yamada")
    assert result.exit_code == 0
    assert "No log entries yet." in result.stdout


def test_the_body_is_shown(cli, notebook: Notebook) -> None:
    notebook.create({"name": "Jane Smith"}, body="Met at the **Osaka** trade fair.")
    out = cli("show jane").stdout
    assert "Met at the **Osaka** trade fair." in out, "the body is shown as the user wrote it"


def test_json_is_the_documented_schema(cli, visited: Note) -> None:
    result = cli("show yamada --json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert set(record) == {"id", "name", "path", "fields", "body", "log"}
    assert record["id"] == visited.id and record["name"] == "山田 太郎"
    assert record["path"] == visited.path
    fields = record["fields"]
    assert fields["birthday"] == "1970-05-12" and fields["created"] == "2026-11-20"
    assert fields["family"] == [{"name": "花子", "relation": "妻", "birthday": "1972-12-03"}]
    assert fields["preferences"] == {"drink": "ほうじ茶", "allergies": ["えび"]}
    assert len(record["log"]) == 7, "--json always has the whole log"
    last = record["log"][-1]
    assert last == {
        "date": "2026-11-10",
        "time": None,
        "kind": "visit",
        "author": "sato",
        "duration_min": None,
        "amount": "12000",
        "follow_up": "2026-12-01",
        "done": None,
        "attributes": {},
        "text": "11月の件",
    }
    assert [e["date"] for e in record["log"]] == sorted(e["date"] for e in record["log"])


def test_markup_in_notes_is_shown_literally(cli, notebook: Notebook) -> None:
    bob = notebook.create({"name": "[bold]Bob[/bold]", "company": "[red]ACME[/]"})
    out = cli(["show", bob.id]).stdout
    assert "[bold]Bob[/bold]" in out and "[red]ACME[/]" in out


def test_an_unknown_customer(cli, yamada: Note) -> None:
    result = cli("show suzuki")
    assert result.exit_code == 1
    assert "no customer matches 'suzuki'" in result.stderr
    assert result.stdout == ""


def test_no_entries_when_asked_for_none(cli, visited: Note) -> None:
    out = cli("show yamada -n 0").stdout
    assert "Last 0 of 7 contacts" in out
    assert "10月の件" not in out, "no entry is shown (only the open follow-up of November)"
    assert "2026-11-10 visit · sato" not in out
