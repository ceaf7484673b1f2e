"""``custnote log``: one entry appended to the customer's log, one commit ``log: NAME (KIND)``;
a bad value changes nothing."""

from __future__ import annotations

import json

import pytest
from conftest import git_log, run_at_terminal

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def appended(before: str, after: str) -> str:
    """What a write added to a file that it only appended to."""
    assert after.startswith(before), "the old text is kept as it was"
    return after[len(before) :]


def test_log_text_from_the_argument(cli, notebook: Notebook, yamada: Note) -> None:
    before = notebook.read_text(yamada.path)
    result = cli('log yamada "来店。新作の羊羹を購入。" --kind visit')
    assert result.exit_code == 0, result.stderr
    assert "Logged visit for 山田 太郎" in result.stdout
    added = appended(before, notebook.read_text(yamada.path))
    assert added == "\n### 2026-11-20 10:00 · visit · sato\n\n来店。新作の羊羹を購入。\n"
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (visit)"
    assert git_log(notebook.root, "-1", "--format=%an <%ae>")[0] == "sato <sato@example.jp>"


def test_a_second_entry_only_appends_lines(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "一回目" --kind call')
    before = notebook.read_text(yamada.path)
    cli('log yamada "二回目" --kind email')
    added = appended(before, notebook.read_text(yamada.path))
    assert added == "\n### 2026-11-20 10:00 · email · sato\n\n二回目\n"
    numstat = git_log(notebook.root, "-1", "--format=", "--numstat")
    assert numstat[-1].split("\t")[:2] == ["4", "0"], "4 lines added, none removed"


def test_the_author_comes_from_custnote_author(
    cli, notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTNOTE_AUTHOR", "佐藤 花子")
    monkeypatch.setenv("CUSTNOTE_EMAIL", "hanako@example.jp")
    assert cli('log yamada "見積の件で折り返し" --kind call').exit_code == 0
    assert "### 2026-11-20 10:00 · call · 佐藤 花子\n" in notebook.read_text(yamada.path)
    assert git_log(notebook.root, "-1", "--format=%an <%ae>") == ["佐藤 花子 <hanako@example.jp>"]


def test_a_hand_written_note_keeps_every_byte(cli, notebook: Notebook) -> None:
    """CRLF line ends, a BOM, comments and odd spacing survive; only the entry is added."""
    rel = "customers/ta/tanaka-hw2345.md"
    hand = (
        "\ufeff---\r\nid: hw2345\r\nname:   田中 一郎   # 社長\r\nfavourite:  {a: 1}\r\n---\r\n"
        "\r\nメモ  \r\n\r\n## Log\r\n\r\n### 2026-01-05 · call\r\n\r\n年始の挨拶\r\n"
    )
    with notebook.transaction("add: 田中 一郎", "add") as tx:
        tx.write(rel, hand)

    assert cli('log hw2345 "見積を送付" --kind email').exit_code == 0

    after = (notebook.root / rel).read_bytes().decode("utf-8")
    assert appended(hand, after) == "\r\n### 2026-11-20 10:00 · email · sato\r\n\r\n見積を送付\r\n"


def test_log_text_from_stdin(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli("log yamada --kind call", input="電話。\n\n来週また連絡する。\n")
    assert result.exit_code == 0, result.stderr
    assert notebook.load(yamada.path).log[0].text == "電話。\n\n来週また連絡する。"
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (call)"


def test_a_dash_reads_stdin(cli, notebook: Notebook, yamada: Note) -> None:
    assert cli("log yamada - --kind email", input="資料を送付\n").exit_code == 0
    assert notebook.load(yamada.path).log[0].text == "資料を送付"


def test_log_text_from_the_editor(notebook: Notebook, yamada: Note, editor) -> None:
    saw = editor("text = '奥様の誕生日が来月。\\nゴルフ好き。\\n'")
    result = run_at_terminal(notebook.root, "log", "yamada", "--kind", "visit")
    assert result.returncode == 0, result.stderr
    assert saw.read_text(encoding="utf-8") == "", "the editor starts empty"
    entry = notebook.load(yamada.path).log[0]
    assert (entry.kind, entry.text) == ("visit", "奥様の誕生日が来月。\nゴルフ好き。")
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (visit)"


def test_a_failing_editor_logs_nothing(notebook: Notebook, yamada: Note, editor) -> None:
    editor("sys.exit(3)")
    before = notebook.read_text(yamada.path)
    result = run_at_terminal(notebook.root, "log", "yamada")
    assert result.returncode == 1
    assert "exited with status 3" in result.stderr
    assert notebook.read_text(yamada.path) == before
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


@pytest.mark.parametrize(
    ("at", "heading"),
    [
        ("2026-11-18 14:30", "### 2026-11-18 14:30 · call · sato"),
        ("2026-11-18T14:30", "### 2026-11-18 14:30 · call · sato"),
        ("2026/11/18", "### 2026-11-18 · call · sato"),
        ("2026年11月18日 9:05", "### 2026-11-18 09:05 · call · sato"),
        ("R8.11.18", "### 2026-11-18 · call · sato"),
        ("yesterday 9:00", "### 2026-11-19 09:00 · call · sato"),
        ("昨日", "### 2026-11-19 · call · sato"),
        ("14:30", "### 2026-11-20 14:30 · call · sato"),
    ],
)
def test_at_accepts_the_usual_forms(
    cli, notebook: Notebook, yamada: Note, at: str, heading: str
) -> None:
    result = cli(["log", "yamada", "電話", "--kind", "call", "--at", at])
    assert result.exit_code == 0, result.stderr
    assert f"\n{heading}\n" in notebook.read_text(yamada.path)


def test_an_earlier_entry_is_inserted_in_date_order(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "今日の電話" --kind call')
    cli('log yamada "先週の訪問" --kind visit --at "2026-11-13 15:00"')
    log = notebook.load(yamada.path).log
    assert [e.text for e in log] == ["先週の訪問", "今日の電話"]
    text = notebook.read_text(yamada.path)
    assert text.index("先週の訪問") < text.index("今日の電話")


def test_duration_amount_follow_up_and_done(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli(
        'log yamada "商談" --kind meeting --duration 1時間30分 --amount ¥12,000 '
        "--follow-up +3d --done"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "### 2026-11-20 10:00 · meeting · sato\n"
        "- duration: 1h30m\n"
        "- amount: 12000\n"
        "- follow-up: 2026-11-23\n"
        "- done: 2026-11-20\n"
        "\n"
        "商談\n"
    ) in notebook.read_text(yamada.path)


def test_a_relative_follow_up_counts_from_the_entry_date(
    cli, notebook: Notebook, yamada: Note
) -> None:
    cli('log yamada "訪問" --kind visit --at 2026-11-02 --follow-up +1w -d 45m -a 980.5')
    entry = notebook.load(yamada.path).log[0]
    assert entry.follow_up.isoformat() == "2026-11-09"
    assert (entry.duration_min, str(entry.amount)) == (45, "980.5")


def test_a_kind_the_team_added_is_accepted(cli, notebook: Notebook, yamada: Note) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("note]", "note, 施術]")
    config.write_text(text, encoding="utf-8")
    assert cli('log yamada "カット" --kind 施術').exit_code == 0
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (施術)"


def test_json_prints_the_entry_as_show_json_has_it(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli('log yamada "見積" --kind visit --amount 12000 --follow-up 2026-12-01 --json')
    record = json.loads(result.stdout)
    assert (record["id"], record["name"], record["path"]) == (yamada.id, "山田 太郎", yamada.path)
    assert (record["amount"], record["follow_up"], record["time"]) == (
        "12000",
        "2026-12-01",
        "10:00",
    )
    (stored,) = json.loads(cli("show yamada --json").stdout)["log"]
    assert record == {"id": yamada.id, "name": "山田 太郎", "path": yamada.path} | stored


@pytest.mark.parametrize(
    ("option", "value", "named", "shown"),
    [
        ("--at", "2026-02-30", "--at", "'2026-02-30'"),
        ("--at", "someday", "--at", "'someday'"),
        ("--at", "2026-11-18 25:00", "--at", "'25:00'"),
        ("--duration", "soon", "--duration", "'soon'"),
        ("--duration", "45x", "--duration", "'45x'"),
        ("--amount", "12k", "--amount", "'12k'"),
        ("--amount", "Infinity", "--amount", "'Infinity'"),
        ("--follow-up", "never", "--follow-up", "'never'"),
        ("--kind", "lunch", "kind", "'lunch'"),
        ("--kind", "visit · call", "kind", "'visit · call'"),
    ],
)
def test_a_bad_value_changes_nothing(
    cli, notebook: Notebook, yamada: Note, option: str, value: str, named: str, shown: str
) -> None:
    before = (notebook.root / yamada.path).read_bytes()
    commits = git_log(notebook.root)

    result = cli(["log", "yamada", "訪問", option, value])

    assert result.exit_code == 2
    assert named in result.stderr and shown in result.stderr
    assert (notebook.root / yamada.path).read_bytes() == before
    assert git_log(notebook.root) == commits


def test_a_bad_value_is_reported_before_the_editor_opens(
    notebook: Notebook, yamada: Note, editor
) -> None:
    saw = editor("text = '長い報告'")
    result = run_at_terminal(notebook.root, "log", "yamada", "--duration", "soon")
    assert result.returncode == 2
    assert "--duration" in result.stderr
    assert not saw.exists(), "the user does not type a note that is then thrown away"


def test_logging_to_an_unknown_customer(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli('log suzuki "電話"')
    assert result.exit_code == 1
    assert "no customer matches 'suzuki'" in result.stderr
    assert git_log(notebook.root)[0] == "add: 山田 太郎"
