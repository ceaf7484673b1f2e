"""``custnote set`` / ``unset``: one commit, and only the changed field's lines change."""

from __future__ import annotations

import difflib
import json

import pytest
from conftest import git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook

HAND_WRITTEN = """\
---
id: hw2345
name: 鈴木 一郎
# 担当は来月から田中さん
owner: sato
tags: [b2b]
phones: [06-1234-5678]
preferences:
  drink: コーヒー   # ブラック
紹介者: 山田さん
created: 2025-04-01
---

大阪支社の窓口。

## Log
"""


@pytest.fixture
def suzuki(notebook: Notebook) -> Note:
    """A hand-written note with a comment, an extra key and odd spacing, committed."""
    path = "customers/su/suzuki-ichiro-hw2345.md"
    with notebook.transaction("add: 鈴木 一郎", "add") as tx:
        tx.write(path, HAND_WRITTEN)
    return notebook.load(path)


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def set_and_diff(cli, notebook: Notebook, note: Note, *assignments: str):
    before = notebook.read_text(note.path)
    result = cli(["set", note.id, *assignments])
    assert result.exit_code == 0, result.stderr
    return diff(before, notebook.read_text(note.path))


def test_set_a_value_changes_only_its_line(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "owner=tanaka") == (
        ["owner: sato"],
        ["owner: tanaka"],
    )
    assert git_log(notebook.root)[0] == "set: 鈴木 一郎 (owner)"


def test_a_new_field_is_one_new_line_in_its_place(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "company=鈴木商事") == ([], ["company: 鈴木商事"])
    lines = notebook.read_text(suzuki.path).splitlines()
    assert lines.index("company: 鈴木商事") == lines.index("name: 鈴木 一郎") + 1


def test_tags_add_and_remove(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "tags+=vip") == (
        ["tags: [b2b]"],
        ["tags: [b2b, vip]"],
    )
    assert set_and_diff(cli, notebook, suzuki, "tags+=vip") == ([], []), "already there"
    assert set_and_diff(cli, notebook, suzuki, "tags-=b2b") == (
        ["tags: [b2b, vip]"],
        ["tags: [vip]"],
    )
    assert git_log(notebook.root)[:2] == ["set: 鈴木 一郎 (tags)", "set: 鈴木 一郎 (tags)"]


def test_an_unchanged_value_makes_no_commit(cli, notebook: Notebook, suzuki: Note) -> None:
    commits = git_log(notebook.root)
    assert cli(["set", suzuki.id, "owner=sato"]).exit_code == 0
    assert git_log(notebook.root) == commits


def test_a_key_inside_preferences(cli, notebook: Notebook, suzuki: Note) -> None:
    removed, added = set_and_diff(cli, notebook, suzuki, "preferences.drink=紅茶")
    assert removed == ["  drink: コーヒー   # ブラック"]
    assert added == ["  drink: 紅茶"]
    assert set_and_diff(cli, notebook, suzuki, "preferences.allergies=そば, 卵") == (
        [],
        ["  allergies: [そば, 卵]"],
    )
    assert notebook.load(suzuki.path).cautions == {"allergies": ["そば", "卵"]}


def test_dates_are_typed(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "birthday=昭和45年5月12日") == (
        [],
        ["birthday: 1970-05-12"],
    )
    data = json.loads(cli(["show", suzuki.id, "--json"]).stdout)
    assert data["fields"]["birthday"] == "1970-05-12"


def test_lists_are_split(cli, notebook: Notebook, suzuki: Note) -> None:
    _, added = set_and_diff(cli, notebook, suzuki, "emails=a@example.jp、b@example.jp")
    assert added == ["emails: [a@example.jp, b@example.jp]"]


def test_several_assignments_are_one_commit(cli, notebook: Notebook, suzuki: Note) -> None:
    removed, added = set_and_diff(cli, notebook, suzuki, "owner=tanaka", "status=active")
    assert (removed, added) == (["owner: sato"], ["owner: tanaka", "status: active"])
    assert git_log(notebook.root)[:2] == ["set: 鈴木 一郎 (owner, status)", "add: 鈴木 一郎"]


def test_json_prints_the_updated_customer(cli, notebook: Notebook, suzuki: Note) -> None:
    record = json.loads(cli(["set", suzuki.id, "tags+=vip", "--json"]).stdout)
    assert record["fields"]["tags"] == ["b2b", "vip"]
    assert record["fields"]["紹介者"] == "山田さん"


def test_unset_removes_only_that_field(cli, notebook: Notebook, suzuki: Note) -> None:
    before = notebook.read_text(suzuki.path)
    result = cli(["unset", suzuki.id, "紹介者"])
    assert result.exit_code == 0, result.stderr
    assert diff(before, notebook.read_text(suzuki.path)) == (["紹介者: 山田さん"], [])
    assert git_log(notebook.root)[0] == "set: 鈴木 一郎 (紹介者)"


def test_unset_a_key_inside_preferences(cli, notebook: Notebook, suzuki: Note) -> None:
    assert cli(["unset", suzuki.id, "preferences.drink"]).exit_code == 0
    assert "drink" not in notebook.read_text(suzuki.path)


@pytest.mark.parametrize(
    ("assignment", "shown"),
    [
        ("id=abc234", "cannot be changed"),
        ("owner", "write key=value"),
        ("=tanaka", "write key=value"),
        ("birthday=いつか", "'いつか'"),
        ("birthday=1970-02-30", "'1970-02-30'"),
        ("status=vip", "'vip'"),
        ("emails=suzuki.example.jp", "'suzuki.example.jp'"),
    ],
)
def test_a_bad_assignment_changes_nothing(
    cli, notebook: Notebook, suzuki: Note, assignment: str, shown: str
) -> None:
    before = (notebook.root / suzuki.path).read_bytes()
    commits = git_log(notebook.root)
    result = cli(["set", suzuki.id, assignment])
    assert result.exit_code == 2
    assert shown in result.stderr
    assert (notebook.root / suzuki.path).read_bytes() == before
    assert git_log(notebook.root) == commits


@pytest.mark.parametrize("key", ["id", "name"])
def test_id_and_name_cannot_be_unset(cli, notebook: Notebook, suzuki: Note, key: str) -> None:
    before = (notebook.root / suzuki.path).read_bytes()
    result = cli(["unset", suzuki.id, key])
    assert result.exit_code == 2
    assert f"{key}: cannot be removed" in result.stderr
    assert (notebook.root / suzuki.path).read_bytes() == before


def test_set_on_an_unknown_customer(cli, suzuki: Note) -> None:
    result = cli("set tanaka owner=sato")
    assert result.exit_code == 1
    assert "no customer matches 'tanaka'" in result.stderr


def test_an_empty_value_removes_the_field(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "owner=") == (
        ["owner: sato"],
        [],
    )


def test_renaming_keeps_the_file_name(cli, notebook: Notebook, suzuki: Note) -> None:
    assert set_and_diff(cli, notebook, suzuki, "name=鈴木 一朗") == (
        ["name: 鈴木 一郎"],
        ["name: 鈴木 一朗"],
    )
    assert notebook.note_paths() == [suzuki.path]
    assert git_log(notebook.root)[0] == "set: 鈴木 一郎 (name)", "named as it was known"


def test_setting_a_conflicted_field_resolves_its_conflict(cli, notebook: Notebook, suzuki: Note):
    from custnote.core.note.noteformat import set_field

    clashes = [
        {"field": "owner", "was": "sato", "values": ["tanaka", "ito"]},
        {"field": "preferences.drink", "values": ["紅茶", "緑茶"]},
    ]
    with notebook.transaction("merge: 鈴木 一郎", "merge") as tx:  # as a merge leaves it
        tx.write(suzuki.path, set_field(tx.read(suzuki.path), "conflicts", clashes, suzuki.path))
    assert suzuki.path in cli("conflicts").stdout
    assert cli("set hw2345 owner=tanaka").exit_code == 0
    assert notebook.load(suzuki.path).get("conflicts") == [clashes[1]]
    assert cli("set hw2345 preferences.drink=紅茶").exit_code == 0
    note = notebook.load(suzuki.path)
    assert "conflicts" not in note.fields
    assert (note.get("owner"), note.get("preferences")["drink"]) == ("tanaka", "紅茶")
    assert "No conflicts" in cli("conflicts").stdout
    assert "# 担当は来月から田中さん" in notebook.read_text(suzuki.path)  # the rest as it was


def test_removing_a_conflicted_field_resolves_it_too(cli, notebook: Notebook, suzuki: Note):
    from custnote.core.note.noteformat import set_field

    clash = [{"field": "紹介者", "values": ["山田さん", "佐藤さん"]}]
    with notebook.transaction("merge: 鈴木 一郎", "merge") as tx:
        tx.write(suzuki.path, set_field(tx.read(suzuki.path), "conflicts", clash, suzuki.path))
    assert cli("unset hw2345 紹介者").exit_code == 0
    assert "conflicts" not in notebook.load(suzuki.path).fields


def test_unset_of_a_field_that_does_not_exist_says_so_and_commits_nothing(cli, notebook, yamada):
    from conftest import git_log

    before, commits = notebook.read_text(yamada.path), git_log(notebook.root)
    for key in ("nosuchfield", "preferences.nosuch"):
        result = cli(f"unset yamada {key}")
        assert result.exit_code == 2
        assert f"{key}: no such field, nothing was removed" in result.stderr
        assert "Removed" not in result.stdout
    assert notebook.read_text(yamada.path) == before and git_log(notebook.root) == commits
