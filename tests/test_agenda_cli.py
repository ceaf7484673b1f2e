"""``custnote agenda`` and ``custnote done`` on a real notebook (pinned at 2026-11-20 10:00)."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar
from langfixtures import set_language

from custnote.core.notebook.notebook import Notebook


def write_note(nb: Notebook, rel: str, text: str) -> Path:
    """A note written by hand, as a person would in an editor."""
    path = nb.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HAND_WRITTEN = """\
---
id: hw2345
name: 鈴木 一郎
owner: tanaka
status: active
birthday: 昭和45年11月22日
anniversaries:
  - {date: 1996/11/25, label: 結婚記念日}
family:
  - {name: 鈴木 次郎, relation: 父, died: "2024年11月24日"}
  - {name: 鈴木 花子, relation: 妻, birthday: "１９７２－１１－２１"}
visit_every: 3ヶ月
---

## Log

### 2026-09-01 10:00 · visit · tanaka

### 2026-11-19 15:00 · call · tanaka
- follow-up: 2026/11/26

見積の再送を約束
"""

BAD_DATES = """\
---
id: bd2345
name: 田中 三郎
owner: tanaka
status: active
birthday: 1970-02-30
anniversaries:
  - {date: 2000-11-23, label: 開業記念日}
---

## Log

### 2026-11-19 09:00 · call · tanaka
- follow-up: 2026-13-01

### 2026-11-19 09:30 · call · tanaka
- follow-up: 2026-11-21
"""


def agenda_json(cli, *args: str) -> dict:
    result = cli(["agenda", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def kinds(data: dict) -> list[tuple[str, str, str]]:
    return [(r["customer"]["name"], r["kind"], r["due"]) for r in data["reminders"]]


def test_follow_up_logged_appears_and_done_closes_it_the_same_day(cli, yamada):
    assert cli('log yamada "見積の件" --kind call --follow-up 2026-11-20').exit_code == 0
    data = agenda_json(cli)
    assert kinds(data) == [("山田 太郎", "follow-up", "2026-11-20")]
    assert data["reminders"][0]["group"] == "today"
    assert data["reminders"][0]["text_ja"] == "フォローアップ（2026-11-20の電話）：見積の件"
    done = cli("done yamada --json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["closed"] == ["2026-11-20"]
    assert agenda_json(cli)["reminders"] == []


def test_log_done_flag_closes_the_open_follow_ups_as_done_does(cli, notebook, yamada):
    """Calling back early closes the follow-up planned for later (the same rule as done)."""
    cli('log yamada "電話する" --kind call --at "2026-11-01 09:00" --follow-up 2026-11-10')
    cli('log yamada "来月また" --kind call --at "2026-11-02 09:00" --follow-up 2026-11-25')
    assert [k[2] for k in kinds(agenda_json(cli))] == ["2026-11-10", "2026-11-25"]
    logged = cli('log yamada "折り返した" --kind call --done --json')
    assert logged.exit_code == 0, logged.stderr
    assert json.loads(logged.stdout)["done"] == "2026-11-25"
    assert "- done: 2026-11-25" in notebook.read_text(yamada.path)
    assert agenda_json(cli)["reminders"] == []


def test_done_with_nothing_open_refuses_and_writes_nothing(cli, notebook, yamada):
    before = notebook.read_text(yamada.path)
    result = cli("done yamada")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("山田 太郎 has no open follow-up; nothing was written")
    assert notebook.read_text(yamada.path) == before
    cli('log yamada "a" --kind call --at "2026-11-01 09:00" --follow-up 2026-11-25')
    result = cli("done yamada --until 2026-11-15")
    assert result.exit_code == 1 and "no open follow-up due by 2026-11-15" in result.stderr


def test_agenda_json_keeps_the_whole_text(cli, yamada):
    long = "見積の件で折り返し。" * 12
    cli(["log", "yamada", long, "--kind", "call", "--follow-up", "2026-11-21"])
    [reminder] = agenda_json(cli)["reminders"]
    assert reminder["text_ja"].endswith(long) and "…" not in reminder["text_ja"]
    assert reminder["text"].endswith(long)


def test_done_until_closes_only_what_is_due_by_then(cli, yamada):
    cli('log yamada "a" --kind call --at "2026-11-01 09:00" --follow-up 2026-11-10')
    cli('log yamada "b" --kind call --at "2026-11-02 09:00" --follow-up 2026-11-25')
    result = cli("done yamada 対応済み --until 2026-11-15")
    assert result.exit_code == 0
    assert "Closed 1 follow-up of" in result.stdout
    assert kinds(agenda_json(cli)) == [("山田 太郎", "follow-up", "2026-11-25")]


def test_hand_written_dates_in_odd_forms(cli, notebook):
    write_note(notebook, "customers/su/suzuki-ichirou-hw2345.md", HAND_WRITTEN)
    data = agenda_json(cli, "--days", "7")
    assert data["warnings"] == []
    found = {(r["kind"], r["due"]): r for r in data["reminders"]}
    assert set(found) == {
        ("birthday", "2026-11-22"),
        ("birthday", "2026-11-21"),
        ("memorial", "2026-11-24"),
        ("anniversary", "2026-11-25"),
        ("follow-up", "2026-11-26"),
    }
    assert found["birthday", "2026-11-22"]["text"] == "Birthday (turns 56)"
    assert found["memorial", "2026-11-24"]["text_ja"] == "故 鈴木 次郎様（鈴木 一郎様の父）の三回忌"
    assert found["anniversary", "2026-11-25"]["text"] == "結婚記念日 (30th, since 1996)"
    assert ("visit", "2026-12-01") in {  # 3ヶ月 after the last visit
        (r["kind"], r["due"]) for r in agenda_json(cli, "--days", "11")["reminders"]
    }


def test_bad_dates_warn_with_file_and_field_and_the_rest_still_shows(cli, notebook, yamada):
    write_note(notebook, "customers/ta/tanaka-saburou-bd2345.md", BAD_DATES)
    assert cli('log yamada "x" --kind call --follow-up 2026-11-22').exit_code == 0
    result = cli("agenda --json")
    assert result.exit_code == 0
    assert (
        "customers/ta/tanaka-saburou-bd2345.md: birthday: not a real date "
        "(day is out of range for month): '1970-02-30'"
    ) in result.stderr.replace("\n", "")
    assert "customers/ta/tanaka-saburou-bd2345.md:14: log 2026-11-19 follow-up" in result.stderr
    data = json.loads(result.stdout)
    assert len(data["warnings"]) == 2
    assert kinds(data) == [
        ("田中 三郎", "follow-up", "2026-11-21"),
        ("山田 太郎", "follow-up", "2026-11-22"),
        ("田中 三郎", "anniversary", "2026-11-23"),
    ]


def test_a_broken_note_is_a_warning_not_a_failure(cli, notebook, yamada):
    write_note(notebook, "customers/zz/broken-zz2345.md", "---\nname: [unclosed\n---\n")
    cli('log yamada "x" --kind call --follow-up 2026-11-20')
    result = cli("agenda")
    assert result.exit_code == 0
    assert "customers/zz/broken-zz2345.md" in result.stderr
    assert "山田 太郎" in result.stdout


def test_customer_with_no_log_and_an_empty_agenda(cli, notebook):
    set_language(notebook, "ja")
    notebook.create({"name": "新規 客", "status": "prospect"})
    result = cli("agenda")
    assert result.exit_code == 0
    assert "今日から7日間の予定はありません。" in result.stdout


def test_owner_filter_me_and_name(cli, notebook):
    notebook.create({"name": "佐藤の客", "owner": "sato", "birthday": "1980-11-21"})
    notebook.create({"name": "田中の客", "owner": "tanaka", "birthday": "1980-11-21"})
    assert [r[0] for r in kinds(agenda_json(cli, "--owner", "me"))] == ["佐藤の客"]
    assert [r[0] for r in kinds(agenda_json(cli, "--owner", "TANAKA"))] == ["田中の客"]
    assert len(agenda_json(cli)["reminders"]) == 2


def test_terminal_output_is_grouped_in_the_notebook_language(cli, notebook, yamada):
    set_language(notebook, "ja")
    cli('log yamada "見積" --kind call --at "2026-11-01 09:00" --follow-up 2026-11-10')
    notebook.create({"name": "Jane Smith", "owner": "suzuki", "birthday": "1990-11-23"})
    result = cli("agenda")
    lines = result.stdout.splitlines()
    assert lines[0] == "期限切れ (1)"
    assert "10日超過" in lines[1] and "山田 太郎 (担当 sato)" in lines[1]
    assert "今後の予定 (1)" in lines
    assert any("11-23(月) 3日後" in line and "お誕生日（36歳）" in line for line in lines)
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text().replace("language: ja", "language: en"))
    english = cli("agenda").stdout
    assert "Overdue (1)" in english and "Birthday (turns 36)" in english


def test_ics_export(cli, notebook, yamada, tmp_path):
    cli('log yamada "見積" --kind call --follow-up 2026-11-24')
    target = tmp_path / "agenda.ics"
    result = cli(["agenda", "--ics", str(target)])
    assert result.exit_code == 0 and "Wrote 1 agenda events" in result.stdout
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "山田 太郎: Follow up (call on 2026-11-20): 見積"
    ], "the calendar speaks the run's language, as the line above it does"


def test_cache_follows_edits(cli, notebook, yamada):
    assert agenda_json(cli)["reminders"] == []
    assert (notebook.cache_dir / "notes.sqlite").is_file()
    cli('log yamada "x" --kind call --follow-up 2026-11-21')
    assert len(agenda_json(cli)["reminders"]) == 1


def test_owner_me_without_an_author_says_which_name_it_used(cli, notebook, yamada, monkeypatch):
    import getpass

    monkeypatch.delenv("CUSTNOTE_AUTHOR")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    import subprocess

    subprocess.run(["git", "config", "--unset", "user.name"], cwd=notebook.root, check=False)
    result = cli("agenda --owner me --json")
    assert result.exit_code == 0
    assert f"no author is set, so 'me' is the login name {getpass.getuser()!r}" in result.stderr
    assert "CUSTNOTE_AUTHOR" in result.stderr and "author:" in result.stderr
    assert json.loads(result.stdout)["reminders"] == []
    monkeypatch.setenv("CUSTNOTE_AUTHOR", "sato")
    assert cli("agenda --owner me").stderr == "", "a configured author needs no word"
