"""The pure three-way merge (custnote.core.sync.merge_rules): fields, log entries, free text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.sync.merge_rules import (
    CONFLICT_END,
    CONFLICT_START,
    FieldConflict,
    has_git_markers,
    has_text_conflict,
    merge_entries,
    merge_lists,
    merge_mappings,
    merge_text,
)

BASE = {
    "id": "k7m2qa",
    "name": "山田 太郎",
    "status": "prospect",
    "tags": ["vip", "golf"],
    "phones": ["03-5555-0199"],
    "preferences": {"drink": "ほうじ茶", "allergies": ["えび"]},
}


def test_different_fields_changed_both_kept():
    ours = {**BASE, "status": "active"}
    theirs = {**BASE, "company": "山田工務店"}
    result = merge_mappings(BASE, ours, theirs)
    assert result.merged["status"] == "active"
    assert result.merged["company"] == "山田工務店"
    assert result.conflicts == []
    assert "conflicts" not in result.merged


def test_list_fields_merge_as_sets():
    ours = {**BASE, "tags": ["vip", "golf", "b2b"], "phones": []}
    theirs = {**BASE, "tags": ["golf", "new"], "phones": ["03-5555-0199", "090-1234-5678"]}
    merged = merge_mappings(BASE, ours, theirs).merged
    assert merged["tags"] == ["golf", "b2b", "new"]  # vip removed by theirs
    assert merged["phones"] == ["090-1234-5678"]  # the old number removed by ours


def test_nested_preferences_merge_per_key():
    ours = {**BASE, "preferences": {"drink": "紅茶", "allergies": ["えび"]}}
    theirs = {**BASE, "preferences": {"drink": "ほうじ茶", "allergies": ["えび", "そば"]}}
    merged = merge_mappings(BASE, ours, theirs).merged
    assert merged["preferences"] == {"drink": "紅茶", "allergies": ["えび", "そば"]}


def test_same_field_changed_differently_keeps_both_values():
    ours = {**BASE, "status": "active"}
    theirs = {**BASE, "status": "lost"}
    result = merge_mappings(BASE, ours, theirs)
    assert result.merged["status"] == "active"
    assert result.conflicts == [FieldConflict("status", "prospect", ("active", "lost"))]
    assert result.merged["conflicts"] == [
        {"field": "status", "was": "prospect", "values": ["active", "lost"]}
    ]
    assert merge_mappings(BASE, theirs, ours).merged == result.merged


def test_nested_conflict_names_the_dotted_field():
    ours = {**BASE, "preferences": {"drink": "紅茶"}}
    theirs = {**BASE, "preferences": {"drink": "コーヒー"}}
    result = merge_mappings(BASE, ours, theirs)
    assert [c.field for c in result.conflicts] == ["preferences.drink"]
    assert "allergies" not in result.merged["preferences"]  # removed on both sides


def test_edit_beats_deletion():
    ours = {k: v for k, v in BASE.items() if k != "status"}
    theirs = {**BASE, "status": "active"}
    result = merge_mappings(BASE, ours, theirs)
    assert result.merged["status"] == "active"
    assert result.conflicts == []


def test_existing_conflicts_are_kept_and_extended():
    old = {"field": "owner", "was": "sato", "values": ["ito", "kato"]}
    base = {**BASE, "conflicts": [old]}
    result = merge_mappings(base, {**base, "status": "active"}, {**base, "status": "lost"})
    assert result.merged["conflicts"][0] == old
    assert result.merged["conflicts"][1]["field"] == "status"


def test_dates_compare_by_value():
    base = {**BASE, "birthday": dt.date(1970, 5, 12)}
    ours = {**base, "birthday": dt.date(1970, 5, 13)}
    assert merge_mappings(base, ours, dict(base)).merged["birthday"] == dt.date(1970, 5, 13)


def test_merge_lists_of_mappings():
    a = {"name": "花子", "relation": "妻"}
    b = {"name": "一郎", "relation": "息子"}
    c = {"name": "次郎", "relation": "息子"}
    assert merge_lists([a], [a, b], [a, c]) == [a, b, c]


def _key(entry: tuple[str, str]) -> str:
    return entry[0]


def test_concurrent_log_entries_all_kept_in_date_order():
    base = [("2026-11-01", "first")]
    ours = [*base, ("2026-11-20 14:30", "visit by sato")]
    theirs = [*base, ("2026-11-19 09:00", "call by ito"), ("2026-11-21", "mail")]
    merged = merge_entries(base, ours, theirs, key=_key)
    assert merged == [
        ("2026-11-01", "first"),
        ("2026-11-19 09:00", "call by ito"),
        ("2026-11-20 14:30", "visit by sato"),
        ("2026-11-21", "mail"),
    ]
    assert merge_entries(base, theirs, ours, key=_key) == merged


def test_entry_deleted_on_one_side_stays_deleted_and_duplicates_once():
    base = [("2026-11-01", "a"), ("2026-11-02", "b")]
    ours = [("2026-11-02", "b"), ("2026-11-03", "same")]
    theirs = [*base, ("2026-11-03", "same")]
    assert merge_entries(base, ours, theirs, key=_key) == ours


def test_entry_edited_on_both_sides_keeps_both_edits():
    base = [("2026-11-01", "a")]
    ours = [("2026-11-01", "a, edited by sato")]
    theirs = [("2026-11-01", "a, edited by ito")]
    merged = merge_entries(base, ours, theirs, key=_key)
    assert sorted(merged) == sorted(ours + theirs)


def test_one_side_changed_log_returned_as_is():
    base = [("2026-11-02", "b"), ("2026-11-01", "a")]  # hand-ordered, not by date
    ours = [*base, ("2026-11-03", "c")]
    assert merge_entries(base, ours, base, key=_key) == ours


def test_text_one_side_changes_taken():
    base = "line 1\nline 2\nline 3\n"
    ours = "line 1 changed\nline 2\nline 3\n"
    theirs = "line 1\nline 2\nline 3 changed\n"
    merged = merge_text(base, ours, theirs)
    assert merged == merge_text(base, theirs, ours)
    assert merged.text == "line 1 changed\nline 2\nline 3 changed\n"
    assert not merged.conflicted


def test_text_both_append_keeps_both():
    base = "# Notes\n"
    merged = merge_text(base, base + "ゴルフ好き\n", base + "犬を飼っている\n")
    assert "ゴルフ好き" in merged.text and "犬を飼っている" in merged.text
    assert not merged.conflicted


def test_text_same_lines_changed_differently_become_a_readable_block():
    base = "a\nお茶: ほうじ茶\nc\n"
    merged = merge_text(base, "a\nお茶: 紅茶\nc\n", "a\nお茶: 緑茶\nc\n")
    assert merged.conflicted
    lines = merged.text.splitlines()
    assert lines[0] == "a" and lines[-1] == "c"
    assert lines[1] == CONFLICT_START and lines[-2] == CONFLICT_END
    assert "お茶: 紅茶" in lines and "お茶: 緑茶" in lines
    assert has_text_conflict(merged.text)
    assert not has_git_markers(merged.text)


def test_git_markers_detected_but_not_a_setext_heading():
    assert not has_git_markers("Title\n=======\n")
    assert has_git_markers("<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n")


lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "お茶\n", "\n"]), max_size=8)


@settings(max_examples=150, deadline=None)
@given(lines, lines, lines)
def test_text_merge_is_symmetric_and_loses_no_line(base, ours, theirs):
    b, o, t = "".join(base), "".join(ours), "".join(theirs)
    merged = merge_text(b, o, t)
    assert merged == merge_text(b, t, o)
    out = merged.text.splitlines(keepends=True)
    for added in (set(ours) | set(theirs)) - set(base):
        assert added in out


entry = st.tuples(
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 5)).map(str), st.sampled_from("abcdef")
)
entries = st.lists(entry, max_size=8, unique=True).map(lambda xs: sorted(xs, key=_key))


@settings(max_examples=200, deadline=None)
@given(entries, entries, entries)
def test_entry_merge_symmetric_and_no_entry_lost(base, ours, theirs):
    merged = merge_entries(base, ours, theirs, key=_key)
    assert merged == merge_entries(base, theirs, ours, key=_key)
    assert len(merged) == len(set(merged))
    assert [_key(e) for e in merged] == sorted(_key(e) for e in merged)
    for e in (set(ours) | set(theirs)) - set(base):  # every new entry survives
        assert e in merged
    for e in set(base) - (set(ours) & set(theirs)):  # every deletion holds
        assert e not in merged
    for e in set(base) & set(ours) & set(theirs):  # every untouched entry stays
        assert e in merged


values = st.one_of(
    st.sampled_from(["x", "y", "z"]),
    st.lists(st.sampled_from(["p", "q", "r"]), max_size=3, unique=True),
    st.dictionaries(st.sampled_from(["k", "m"]), st.sampled_from(["1", "2"]), max_size=2),
)
mappings = st.dictionaries(st.sampled_from(["status", "tags", "preferences", "owner"]), values)


@settings(max_examples=200, deadline=None)
@given(mappings, mappings, mappings)
def test_mapping_merge_symmetric_and_no_value_lost(base, ours, theirs):
    result = merge_mappings(base, ours, theirs)
    assert result.merged == merge_mappings(base, theirs, ours).merged
    for key in set(ours) | set(theirs):
        if key not in base or ours.get(key) != base.get(key) or theirs.get(key) != base.get(key):
            changed = [v for v in (ours.get(key), theirs.get(key)) if v is not None]
            if any(v != base.get(key) for v in changed):
                assert key in result.merged  # a change is never lost to a deletion
