"""CUSTOMER on the command line: an id, a file name, an email, a phone number in any usual
spelling, a unique prefix of the name or its reading (kana or romaji)."""

from __future__ import annotations

import json

import pytest
from conftest import git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


@pytest.fixture
def others(notebook: Notebook, yamada: Note) -> Notebook:
    notebook.create({"name": "鈴木 一郎", "kana": "すずき いちろう", "phones": ["06-1234-5678"]})
    notebook.create({"name": "Jane Smith", "emails": ["jane@acme.example.com"]})
    return notebook


def shown_id(cli, query: str) -> str:
    result = cli(["show", query, "--json"])
    assert result.exit_code == 0, f"{query!r}: {result.stderr}"
    return json.loads(result.stdout)["id"]


def test_by_id_and_file_name(cli, others: Notebook, yamada: Note) -> None:
    file_name = yamada.path.rsplit("/", 1)[1]
    for query in (yamada.id, yamada.id.upper(), yamada.path, file_name, file_name[:-3]):
        assert shown_id(cli, query) == yamada.id


def test_by_email_in_any_case(cli, others: Notebook, yamada: Note) -> None:
    assert shown_id(cli, "taro@yamada.example.jp") == yamada.id
    assert shown_id(cli, "Taro@Yamada.Example.JP") == yamada.id


@pytest.mark.parametrize(
    "phone",
    ["03-5555-0199", "0355550199", "０３－５５５５－０１９９", "+81 3 5555 0199", "(03) 5555-0199"],
)
def test_by_phone_in_any_spelling(cli, others: Notebook, yamada: Note, phone: str) -> None:
    assert shown_id(cli, phone) == yamada.id


@pytest.mark.parametrize(
    "query",
    [
        "山田 太郎",
        "山田太郎",
        "山田",
        "山",
        "やまだ",
        "ヤマダ",
        "やまだたろう",
        "yamada",
        "Yamada",
        "taro",
    ],
)
def test_by_name_reading_or_romaji(cli, others: Notebook, yamada: Note, query: str) -> None:
    assert shown_id(cli, query) == yamada.id


def test_english_names_by_prefix(cli, others: Notebook) -> None:
    assert json.loads(cli("show jane --json").stdout)["name"] == "Jane Smith"
    assert json.loads(cli("show smith --json").stdout)["name"] == "Jane Smith"


def test_every_command_resolves_the_same_way(cli, others: Notebook, yamada: Note) -> None:
    assert cli('log 0355550199 "電話" --kind call').exit_code == 0
    assert cli("set taro@yamada.example.jp tags+=vip").exit_code == 0
    assert cli("history やまだ").exit_code == 0
    assert others.load(yamada.path).get("tags") == ["vip"]


def test_an_ambiguous_name_lists_the_candidates(cli, others: Notebook, yamada: Note) -> None:
    hanako = others.create({"name": "山田 花子", "kana": "やまだ はなこ", "company": "山田商店"})
    before = git_log(others.root)

    result = cli('log 山田 "電話"')

    assert result.exit_code == 2
    assert "'山田' matches 2 customers" in result.stderr
    assert f"{yamada.id}  山田 太郎 (山田工務店)  {yamada.path}" in result.stderr
    assert f"{hanako.id}  山田 花子 (山田商店)  {hanako.path}" in result.stderr
    assert git_log(others.root) == before
    assert shown_id(cli, "山田 花") == hanako.id, "a longer prefix is unique"
    assert shown_id(cli, "やまだ た") == yamada.id


def test_a_shared_phone_number_is_ambiguous(cli, others: Notebook, yamada: Note) -> None:
    others.create({"name": "山田 花子", "phones": ["03-5555-0199"]})
    result = cli("show 0355550199")
    assert result.exit_code == 2
    assert "matches 2 customers" in result.stderr


@pytest.mark.parametrize("query", ["tanaka", "田中", "nobody@example.jp", "03-0000-0000", "zzzzzz"])
def test_an_unknown_customer(cli, others: Notebook, query: str) -> None:
    result = cli(["show", query])
    assert result.exit_code == 1
    assert f"no customer matches {query!r}" in result.stderr
    assert result.stdout == ""


def test_an_empty_query_matches_nobody(cli, others: Notebook) -> None:
    result = cli(["show", ""])
    assert result.exit_code == 1
    assert "no customer matches ''" in result.stderr
