"""The search query language (custnote.core.search.query)."""

from __future__ import annotations

import datetime as dt

import pytest

from custnote.core.search.query import And, Not, Or, Text, parse_query
from custnote.errors import InvalidValueError


def test_words_are_anded_by_default():
    assert parse_query("見積 golf").tree == And((Text("見積"), Text("golf")))


def test_or_not_and_parentheses():
    tree = parse_query("(golf OR テニス) NOT lost -dormant").tree
    assert tree == And(
        (Or((Text("golf"), Text("テニス"))), Not(Text("lost")), Not(Text("dormant")))
    )


def test_quoted_phrases_including_japanese_quotes():
    assert parse_query('"coffee beans"').tree == Text("coffee beans", phrase=True)
    assert parse_query("「ほうじ茶 好き」").tree == Text("ほうじ茶 好き", phrase=True)


def test_field_filters_and_aliases():
    parsed = parse_query("tag:vip owner:sato status:active kind:complaint company:山田工務店")
    assert parsed.tree == And(
        (
            Text("vip", "tags"),
            Text("sato", "owner"),
            Text("active", "status"),
            Text("complaint", "kind"),
            Text("山田工務店", "company"),
        )
    )
    assert parsed.kinds == {"complaint"}


def test_full_width_query_is_normalised():
    assert parse_query("ｔａｇ：ＶＩＰ").tree == Text("VIP", "tags")


def test_date_ranges():
    parsed = parse_query("見積 since:2025-01 until:2025-06")
    assert parsed.tree == Text("見積")
    assert parsed.since == dt.date(2025, 1, 1)
    assert parsed.until == dt.date(2025, 6, 30)
    only = parse_query("since:2024 until:2024")
    assert (only.tree, only.since, only.until) == (None, dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize("bad", ["since:yesterday", "until:2025-13-01"])
def test_bad_dates_are_reported(bad):
    with pytest.raises(InvalidValueError, match=bad.split(":")[0]):
        parse_query(bad)


def test_odd_input_is_text_not_an_error():
    assert parse_query("14:30 (unclosed").tree == And((Text("14:30"), Text("unclosed")))
    assert parse_query(") NOT").tree is None
    assert parse_query("").is_empty


def test_positive_texts_skip_negations():
    parsed = parse_query("golf NOT テニス tag:vip")
    assert parsed.positive == [Text("golf"), Text("vip", "tags")]
