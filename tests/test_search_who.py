"""``custnote who``: the caller for any way a number is written, or an email."""

from __future__ import annotations

import json

import pytest
from langfixtures import set_language

from custnote.core.note.phone import phone_keys, same_number


@pytest.fixture(params=["catalog", "index"])
def callers(request, notebook, yamada, cli):
    """Both lookups: the catalog scan, and the search index when it exists."""
    set_language(notebook, "ja")
    for day, text in (("2026-11-01", "一回目"), ("2026-11-05", "二回目"), ("2026-11-09", "三回目"),
                      ("2026-11-12", "四回目")):  # fmt: skip
        cli(["log", "yamada", text, "--kind", "call", "--at", day])
    cli('add "Jane Smith" --company Acme --phone "+1 415 555 0100" --phone 090-1234-5678')
    if request.param == "index":
        assert cli("index").exit_code == 0
    return notebook


@pytest.mark.parametrize(
    "number",
    [
        "03-5555-0199",
        "0355550199",
        "０３－５５５５－０１９９",
        "+81 3 5555 0199",
        "(03) 5555 0199",
        "+81-3-5555-0199",
        "tel:0355550199",
        "03ー5555ー0199",
    ],
)
def test_every_way_to_write_the_number_finds_the_caller(callers, cli, number):
    result = cli(["who", number, "--json"])
    assert result.exit_code == 0, result.stderr
    [caller] = json.loads(result.stdout)
    assert (caller["name"], caller["matched"]) == ("山田 太郎", "03-5555-0199")


@pytest.mark.parametrize("number", ["09012345678", "+81 90 1234 5678", "+1 (415) 555-0100",
                                    "+14155550100"])  # fmt: skip
def test_mobile_and_international_numbers(callers, cli, number):
    [caller] = json.loads(cli(["who", number, "--json"]).stdout)
    assert caller["name"] == "Jane Smith"


def test_card_has_owner_cautions_preferences_and_last_three_contacts(callers, cli):
    [caller] = json.loads(cli("who 0355550199 --json").stdout)
    assert caller["company"] == "山田工務店" and caller["owner"] == "sato"
    assert caller["cautions"] == {"allergies": ["えび"]}
    assert caller["preferences"] == {"drink": "ほうじ茶"}
    assert [e["text"] for e in caller["last_contacts"]] == ["四回目", "三回目", "二回目"]
    human = cli("who 0355550199").stdout
    expected_words = ("山田 太郎", "担当 sato", "⚠ アレルギー: えび", "お飲み物はほうじ茶。")
    for expected in (*expected_words, "四回目", "二回目"):
        assert expected in human
    assert "一回目" not in human


def test_by_email_case_insensitively(callers, cli):
    [caller] = json.loads(cli("who TARO@Yamada.Example.JP --json").stdout)
    assert caller["name"] == "山田 太郎"


def test_unknown_number_exits_1_with_a_hint(callers, cli):
    result = cli("who 06-1111-2222")
    assert result.exit_code == 1
    assert "'06-1111-2222' に一致する顧客はいません" in result.stderr  # the notebook speaks ja
    assert "custnote set 顧客 phones+=06-1111-2222" in result.stderr
    assert "custnote add 名前 --phone 06-1111-2222" in result.stderr
    assert "; " not in result.stderr, "the hint joins the error in Japanese punctuation"


def test_not_a_number_is_a_usage_error(callers, cli):
    assert cli("who yamada").exit_code == 2


def test_number_without_area_code_matches_by_suffix(callers, cli, notebook):
    cli("set jane phones+=5555-0100")
    names = [c["name"] for c in json.loads(cli("who 5555-0100 --json").stdout)]
    assert names == ["Jane Smith"]


def test_phone_keys_agree_across_forms():
    a = phone_keys("０３－５５５５－０１９９")
    assert same_number(a, phone_keys("(03) 5555 0199"))
    assert not same_number(a, phone_keys("03-5555-0198"))


def test_who_reads_only_the_callers_notes_and_never_the_search_index(notebook, yamada, monkeypatch):
    """The note store names the callers; only their files are read, and not
    the search index is opened, even when an index exists."""

    from custnote.core.search import notebook_search as search
    from custnote.core.search import who as who_module

    search.reindex(notebook)
    loaded = []
    load = notebook.load
    monkeypatch.setattr(notebook, "load", lambda rel: loaded.append(rel) or load(rel))
    monkeypatch.setattr(search, "search_index", lambda *a: pytest.fail("search index opened"))
    monkeypatch.setattr(notebook, "summaries", lambda *a: pytest.fail("catalog scanned"))
    [caller] = who_module.who(notebook, "03-5555-0199")
    assert caller.note == yamada
    assert loaded == [yamada.path]


def test_who_answers_a_fresh_change_while_the_index_is_locked(notebook, yamada, cli, monkeypatch):
    """Right after a write (whose own index update may still run, holding the index's lock)
    ``who`` answers at once, from the note store, with the note as just written."""
    from custnote.adapters.fsio import exclusive_lock
    from custnote.core.search import notebook_search as search
    from custnote.core.search.who import who

    search.reindex(notebook)
    monkeypatch.setenv(search.INDEX_ON_WRITE, "off")  # the index stays behind
    cli('add "Jane Smith" --phone 090-1234-5678')
    index_lock = search.search_index(notebook).lock_path
    with exclusive_lock(index_lock, 1):
        [caller] = who(notebook, "09012345678")
    assert caller.note.name == "Jane Smith"
    assert search.search_index(notebook).refresh(search.doc_source(notebook)).updated == 1


def test_an_email_is_marked_as_an_email_and_english_labels_in_english(
    callers, cli, notebook
) -> None:
    japanese = cli("who taro@yamada.example.jp").stdout
    assert "✉ taro@yamada.example.jp" in japanese and "☎" not in japanese
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("language: ja", "language: en"), "utf-8")
    english = cli("who 0355550199").stdout
    assert "Owner sato" in english and "☎ 03-5555-0199" in english
    assert "⚠ Allergies: えび" in english and "Likes: Drinks ほうじ茶." in english
    assert "担当" not in english and "好み" not in english
