"""The lean search index: no positions (phrases checked against the stored texts of the hits
shown) and one stored value per customer compressed with a dictionary of the notebook's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_search_index import source, write

from custnote.adapters.whoosh_index import index as si
from custnote.adapters.whoosh_index import query as query_module
from custnote.adapters.whoosh_index.docfields import ZDICT_FILE, Packer
from custnote.adapters.whoosh_index.schema import make_schema
from custnote.core.search.query import parse_query

#: the phrase's terms all occur in each "scattered" note, never in a row
PHRASES = {
    "山田花子": ("山田花子さんの件", "山田さんと田花さんと花子さん"),
    "アレルギー": ("えびアレルギーあり", "アレ、ルギ、ギー、レル"),
    '"coffee beans"': ("likes coffee beans", "beans, not coffee"),
    "name:田中一郎": ("田中一郎", "田中 一 一郎"),
}


def built(root: Path, **kwargs) -> si.SearchIndex:
    index = si.SearchIndex(root / "cache", **kwargs)
    assert index.refresh(source(root)).rebuilt
    return index


@pytest.mark.parametrize("query", sorted(PHRASES))
def test_a_phrase_shows_only_notes_that_hold_it_in_a_row(tmp_path, query):
    exact, scattered = PHRASES[query]
    field = "name" if query.startswith("name:") else "body"
    write(tmp_path, "customers/a/exact.md", **{"name": "A", field: exact})
    write(tmp_path, "customers/a/scattered.md", **{"name": "B", field: scattered})
    results = built(tmp_path).search(parse_query(query))
    assert [h.id for h in results.hits] == ["exact"]
    assert results.total == 1  # every candidate was checked: the count is exact


def test_the_index_keeps_no_positions_and_a_phrase_is_the_and_of_its_terms():
    schema = make_schema()
    for field in ("name", "kana", "company", "owner", "body", "log", "details"):
        assert not schema[field].format.supports("positions"), field
    q = query_module.to_whoosh(parse_query("アレルギー"))
    phrases = [p for p in q.subqueries if isinstance(p, query_module.BagPhrase)]
    assert len(phrases) == 7  # one for each free-text field
    assert phrases[0].words == ["あれ", "れる", "るぎ", "ぎー"]
    assert phrases[0].offsets == [0, 1, 2, 3]
    assert sorted(t.text for t in phrases[0].subqueries) == ["あれ", "ぎー", "るぎ", "れる"]


def test_phrase_checks_hold_under_or_and_not(tmp_path):
    write(tmp_path, "customers/a/a.md", name="A", body="山田花子さん", tags=["vip"])
    write(tmp_path, "customers/a/b.md", name="B", body="山田さん、田花、花子", tags=["vip"])
    write(tmp_path, "customers/a/c.md", name="C", body="紅茶", tags=["vip"])
    index = built(tmp_path)

    def found(query: str) -> list[str]:
        return sorted(h.name for h in index.search(parse_query(query)).hits)

    assert found("山田花子 OR 紅茶") == ["A", "C"]
    assert found("tag:vip 山田花子") == ["A"]
    assert found("tag:vip -紅茶") == ["A", "B"]


def test_more_scattered_candidates_than_a_page_still_fill_the_page(tmp_path):
    for i in range(30):  # the best-scored candidates are the scattered ones
        write(tmp_path, f"customers/s/s{i}.md", name=f"s{i}", body="花子、山田 田花 " * 3)
    for i in range(3):
        write(tmp_path, f"customers/e/e{i}.md", name=f"e{i}", body="山田花子")
    results = built(tmp_path).search(parse_query("山田花子"), limit=2)
    assert [h.name[0] for h in results.hits] == ["e", "e"]
    assert results.total <= 33 and results.total >= 3


def test_stored_values_round_trip_through_the_notebooks_dictionary(tmp_path):
    write(
        tmp_path,
        "customers/ya/yamada.md",
        name="山田 太郎",
        kana="やまだ たろう",
        tags=["VIP"],
        phones=["03-5555-0199"],
        entries=[{"date": "2026-11-20", "kind": "call", "text": "見積の件で折り返し。"}],
    )
    for i in range(10):
        entries = [{"date": f"2026-10-{i + 1:02d}", "kind": "call", "text": "見積の件で連絡"}]
        write(tmp_path, f"customers/c/c{i}.md", name=f"顧客{i}", entries=entries)
    index = built(tmp_path)
    zdict = (index.dir / ZDICT_FILE).read_bytes()
    assert "見積の件で連".encode() in zdict  # what the notes share
    hit = index.search(parse_query("折り返し")).hits[0]
    assert (hit.name, hit.kana, hit.tags, hit.last_contact) == (
        "山田 太郎",
        "やまだ たろう",
        ["vip"],
        "2026-11-20",
    )
    assert hit.snippet is not None and hit.snippet.text == "見積の件で折り返し。"
    [doc] = index.find_exact("phone", "0355550199")
    assert doc["path"] == "customers/ya/yamada.md"
    data = {"path": "p", "e": [["2026-01-02", "", "call", "見積の件で連絡"]]}
    packer = Packer(zdict)
    assert packer.unpack(packer.pack(data)) == data
    assert len(packer.pack(data)) < len(Packer().pack(data))  # the dictionary helps


def test_updates_use_the_dictionary_of_the_build(tmp_path):
    write(tmp_path, "customers/a/a.md", name="Aoki", body="first visit")
    index = built(tmp_path)
    zdict = (index.dir / ZDICT_FILE).read_bytes()
    write(tmp_path, "customers/a/b.md", name="Baba", body="second visit")
    assert index.refresh(source(tmp_path)).updated == 1
    assert (index.dir / ZDICT_FILE).read_bytes() == zdict
    assert sorted(h.name for h in index.search(parse_query("visit")).hits) == ["Aoki", "Baba"]


COUNTED = ["visit", "visit tag:vip", "visit -tag:vip", "visit OR 見積", "見積もり", "見", "-visit"]


def test_matches_are_scored_in_bulk_as_whoosh_finds_and_scores_them(tmp_path):
    from custnote.adapters.whoosh_index.collect import scored

    for i in range(12):
        tags = ["vip"] if i % 3 == 0 else []
        body = "visit 見積もり" if i % 2 else "visit visit"
        write(tmp_path, f"customers/c/c{i}.md", name=f"C{i}", body=body * (i % 4 + 1), tags=tags)
    index = built(tmp_path)
    for i in (1, 4):  # updates leave deleted documents in the build's segment
        write(tmp_path, f"customers/c/c{i}.md", name=f"C{i}", body="gone")
    assert index.refresh(source(tmp_path)).updated == 2
    ix = index._open()
    try:
        with ix.searcher() as searcher:
            for query in COUNTED:
                q = query_module.to_whoosh(parse_query(query))
                whoosh = {d: s for s, d in searcher.search(q, limit=None).top_n}
                mine, _parts = scored(searcher, q)
                assert set(mine) == set(whoosh), query
                assert mine or query == "-visit"
                if query in ("visit", "visit OR 見積"):  # BM25F of terms, as Whoosh has it
                    assert mine == pytest.approx(whoosh, rel=1e-6), query
                    assert len(set(mine.values())) > 2  # lengths and frequencies count
    finally:
        ix.close()


def test_the_dictionary_holds_only_what_many_notes_share(tmp_path):
    for i in range(12):
        body = "打ち合わせの件で折り返し連絡" + ("。奥様の誕生日は三月" if i == 5 else "")
        write(tmp_path, f"customers/c/c{i:02d}.md", name=f"顧客{i:02d}", body=body)
    zdict = (built(tmp_path).dir / ZDICT_FILE).read_bytes().decode("utf-8", "replace")
    assert "打ち合わせの" in zdict  # twelve notes share it (in strings of 16 characters)
    assert "奥様" not in zdict and "誕生日" not in zdict  # one note's own words
    few = tmp_path / "few"
    for i in range(3):  # a small notebook: nothing is shared by enough notes
        write(few, f"customers/c/c{i}.md", name="同じ名前", body="同じ本文")
    assert (built(few).dir / ZDICT_FILE).read_bytes() == b""
