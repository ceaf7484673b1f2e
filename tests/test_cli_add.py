"""``custnote add``: a new customer is one new file and one commit ``add: NAME``."""

from __future__ import annotations

import json

import pytest
from conftest import git_log, run_at_terminal
from langfixtures import set_language

from custnote.core.notebook.notebook import Notebook


def only_note_text(nb: Notebook) -> str:
    (path,) = nb.note_paths()
    return nb.read_text(path)


def test_add_with_flags_writes_one_note_and_one_commit(cli, notebook: Notebook) -> None:
    result = cli(
        'add "山田 太郎" --kana "やまだ たろう" --company 山田工務店 --phone 03-5555-0199 '
        "--phone 090-1234-5678 --email taro@yamada.example.jp --owner sato --tag vip --tag golf "
        "--birthday 昭和45年5月12日 --status active"
    )

    assert result.exit_code == 0, result.stderr
    (path,) = notebook.note_paths()
    assert path.startswith("customers/ya/yamada-tarou-") and path.endswith(".md")
    assert f"→ {path}" in result.stdout
    note = notebook.load(path)
    assert f"id: {note.id}\n" in notebook.read_text(path)
    text = notebook.read_text(path)
    for line in (
        "name: 山田 太郎",
        "kana: やまだ たろう",
        "company: 山田工務店",
        "owner: sato",
        "status: active",
        "tags: [vip, golf]",
        "phones: [03-5555-0199, 090-1234-5678]",
        "emails: [taro@yamada.example.jp]",
        "birthday: 1970-05-12",
        "created: 2026-11-20",
    ):
        assert f"\n{line}\n" in text
    assert git_log(notebook.root) == ["add: 山田 太郎", "init: custnote notebook"]
    assert git_log(notebook.root, "-1", "--format=%an <%ae>")[0] == "sato <sato@example.jp>"


def test_add_with_only_a_name(cli, notebook: Notebook) -> None:
    assert cli('add "Jane Smith"').exit_code == 0
    (path,) = notebook.note_paths()
    assert path.startswith("customers/ja/jane-smith-")
    note = notebook.load(path)
    assert set(note.fields) == {"id", "name", "status", "created"}


def test_set_adds_any_field_typed(cli, notebook: Notebook) -> None:
    result = cli(
        'add "山田 太郎" --set preferences.drink=紅茶 --set "preferences.allergies=えび, かに" '
        "--set birthday=1970/5/12 --set 紹介者=鈴木さん --set tags=vip,b2b"
    )
    assert result.exit_code == 0, result.stderr
    text = only_note_text(notebook)
    assert "preferences:\n  drink: 紅茶\n  allergies: [えび, かに]\n" in text
    assert "\nbirthday: 1970-05-12\n" in text
    assert "\ntags: [vip, b2b]\n" in text
    assert "\n紹介者: 鈴木さん\n" in text


def test_set_cannot_choose_the_id(cli, notebook: Notebook) -> None:
    result = cli('add "山田 太郎" --set id=abc234')
    assert result.exit_code == 2
    assert "id" in result.stderr and "cannot be changed" in result.stderr
    assert notebook.note_paths() == []


def test_set_without_equals_is_rejected(cli, notebook: Notebook) -> None:
    result = cli('add "山田 太郎" --set drink')
    assert result.exit_code == 2
    assert "key=value" in result.stderr and "'drink'" in result.stderr
    assert notebook.note_paths() == []


def test_default_template_adds_nothing_unexpected(cli, notebook: Notebook) -> None:
    assert cli('add "Jane Smith" --template default').exit_code == 0
    note = notebook.load(notebook.note_paths()[0])
    assert note.name == "Jane Smith"


def test_a_template_from_the_notebook_gives_fields_and_body(cli, notebook: Notebook) -> None:
    folder = notebook.root / ".custnote" / "templates"
    folder.mkdir()
    (folder / "salon.md").write_text(
        "---\ntags: [salon]\npreferences:\n  drink:\n---\n\n## カルテ\n\n- 髪質:\n",
        encoding="utf-8",
    )
    assert cli('add "山田 花子" --template salon').exit_code == 0
    note = notebook.load(notebook.note_paths()[0])
    assert note.get("tags") == ["salon"]
    assert "## カルテ" in note.body


def test_an_unknown_template_is_named(cli, notebook: Notebook) -> None:
    result = cli('add "Jane Smith" --template nosuch')
    assert result.exit_code == 2
    assert "template" in result.stderr and "'nosuch'" in result.stderr
    assert notebook.note_paths() == []


def test_json_prints_the_new_customer(cli, notebook: Notebook) -> None:
    result = cli('add "山田 太郎" --kana やまだ --birthday 1970-05-12 --tag vip --json')
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert set(record) == {"id", "name", "path", "fields", "body", "log"}
    assert record["name"] == "山田 太郎"
    assert record["path"] == notebook.note_paths()[0]
    assert record["fields"]["id"] == record["id"]
    assert record["fields"]["birthday"] == "1970-05-12"
    assert record["fields"]["created"] == "2026-11-20"
    assert record["fields"]["tags"] == ["vip"]
    assert record["log"] == []


@pytest.mark.parametrize("birthday", ["1970-13-01", "いつか", "1970-02-30"])
def test_a_bad_birthday_names_the_field_and_value(cli, notebook: Notebook, birthday: str) -> None:
    result = cli(["add", "山田 太郎", "--birthday", birthday])
    assert result.exit_code == 2
    assert "birthday" in result.stderr and repr(birthday) in result.stderr
    assert notebook.note_paths() == []
    assert git_log(notebook.root) == ["init: custnote notebook"]


def test_an_unknown_status_lists_the_allowed_ones(cli, notebook: Notebook) -> None:
    result = cli('add "山田 太郎" --status vip')
    assert result.exit_code == 2
    assert "status" in result.stderr and "'vip'" in result.stderr
    assert "prospect, active, dormant, lost" in result.stderr
    assert notebook.note_paths() == []


def test_a_status_the_team_added_is_accepted(cli, notebook: Notebook) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("lost]", "lost, vip-care]")
    config.write_text(text, encoding="utf-8")
    assert cli('add "山田 太郎" --status vip-care').exit_code == 0


def test_a_bad_email_is_rejected(cli, notebook: Notebook) -> None:
    result = cli('add "山田 太郎" --email taro.yamada.example.jp')
    assert result.exit_code == 2
    assert "emails" in result.stderr and "taro.yamada.example.jp" in result.stderr
    assert notebook.note_paths() == []


def test_two_customers_with_the_same_name_get_two_files(cli, notebook: Notebook) -> None:
    assert cli('add "山田 太郎" --kana やまだたろう').exit_code == 0
    assert cli('add "山田 太郎" --kana やまだたろう --force').exit_code == 0
    paths = notebook.note_paths()
    assert len(paths) == 2
    ids = {notebook.load(p).id for p in paths}
    assert len(ids) == 2
    assert git_log(notebook.root)[:2] == ["add: 山田 太郎", "add: 山田 太郎"]


def test_at_a_terminal_add_asks_for_the_missing_basics(notebook: Notebook) -> None:
    set_language(notebook, "ja")
    typed = "やまだ たろう\n山田工務店\n03-5555-0199\n\n"
    result = run_at_terminal(notebook.root, "add", "山田 太郎", typed=typed)
    assert result.returncode == 0, result.stderr
    assert "ふりがな:" in result.stdout and "メール:" in result.stdout
    assert "Reading" not in result.stdout, "one language per run"
    note = notebook.load(notebook.note_paths()[0])
    assert note.get("kana") == "やまだ たろう" and note.get("company") == "山田工務店"
    assert note.get("phones") == ["03-5555-0199"]
    assert "emails" not in note.fields, "an empty answer skips the field"


def test_at_a_terminal_given_basics_are_not_asked_again(notebook: Notebook) -> None:
    result = run_at_terminal(
        notebook.root, "add", "Jane Smith", "--kana", "ジェーン", "--company", "ACME",
        "--phone", "090-1111-2222", "--email", "jane@acme.example.com",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ふりがな" not in result.stdout and "電話" not in result.stdout


def test_the_default_template_makes_a_prospect(cli, notebook: Notebook) -> None:
    assert cli('add "Jane Smith"').exit_code == 0
    text = only_note_text(notebook)
    assert "\nstatus: prospect\n" in text
    assert notebook.load(notebook.note_paths()[0]).get("status") == "prospect"
