"""Japanese/English analysis of the search index and its recall."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.adapters.whoosh_index.analysis import (
    analyze,
    fold_for_index,
    fold_with_offsets,
    one_cjk_char,
)
from custnote.adapters.whoosh_index.highlight import highlight_spans
from custnote.core.search.query import parse_query
from custnote.errors import InvalidValueError


def terms(text: str, mode: str = "index", reading: bool = False) -> list[str]:
    return [t for t, *_ in analyze(fold_for_index(text), mode=mode, reading=reading)]


def test_cjk_runs_index_bigrams_and_the_last_character_and_query_bigrams():
    assert terms("ほうじ茶") == ["ほう", "うじ", "じ茶", "茶"]
    assert terms("ほうじ茶", mode="query") == ["ほう", "うじ", "じ茶"]
    assert terms("茶", mode="query") == ["茶"]
    assert terms("ほうじ茶", mode="highlight") == ["ほ", "ほう", "う", "うじ", "じ", "じ茶", "茶"]


def test_katakana_half_width_and_full_width_fold_together():
    assert terms("ｺｰﾋｰ", "query") == terms("コーヒー", "query") == terms("こーひー", "query")
    assert terms("１０月") == terms("10月") == ["10", "月"]


def test_latin_words_are_stemmed_and_case_folded():
    assert terms("Meetings COFFEE") == ["meet", "coffe"]


def test_reading_mode_reads_romaji_as_kana():
    assert terms("yamada", "query", reading=True) == terms("やまだ", "query")
    assert terms("golf2", "query", reading=True) == ["golf2"]


def test_offsets_point_into_the_original_text():
    text = "ｶﾞｰﾃﾞﾝで会議"
    folded, starts, ends = fold_with_offsets(text)
    assert folded == "がーでんで会議"
    assert text[starts[2] : ends[3]] == "ﾃﾞﾝ"
    spans = highlight_spans("週末はｺﾞﾙﾌに行く", set(terms("ゴルフ", "query")))
    assert [("週末はｺﾞﾙﾌに行く")[s:e] for s, e in spans] == ["ｺﾞﾙﾌ"]


def test_recall_against_plain_bigrams():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        import search_recall
    finally:
        sys.path.pop(0)
    results = search_recall.measure()
    ours = results["custnote"]
    assert ours["misses"] == [] and ours["false_hits"] == []
    assert results["bigram"]["found"] < ours["found"]


@pytest.mark.parametrize("text", ["", "   ", "!!!"])
def test_empty_text_gives_no_terms(text):
    assert terms(text) == []


JAPANESE_ISH = st.text(
    alphabet=st.sampled_from(list('あいうアイウｱｲｳｶﾞﾟ漢字茶ーＡＢ１２abc 　\n-:"()')), max_size=30
)


@settings(max_examples=150, deadline=None)
@given(JAPANESE_ISH)
def test_every_character_of_a_run_starts_an_indexed_term_at_its_position(text):
    """What a one-character query relies on: it matches the terms it starts (see query.py)."""
    indexed = {(term[0], pos) for term, pos, *_ in analyze(fold_for_index(text))}
    for term, pos, *_ in analyze(fold_for_index(text), mode="highlight"):
        if one_cjk_char(term):
            assert (term, pos) in indexed


@settings(max_examples=150, deadline=None)
@given(JAPANESE_ISH)
def test_every_highlight_span_covers_text_that_folds_to_the_term(text):
    for term, *_ in analyze(fold_for_index(text), mode="highlight"):
        spans = highlight_spans(text, {term})
        assert spans
        for s, e in spans:
            assert term in fold_for_index(text[s:e])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_query_string_parses(text):
    try:
        parse_query(text)
    except InvalidValueError as exc:  # only a bad since:/until: date may be refused
        assert exc.field in ("since", "until")
