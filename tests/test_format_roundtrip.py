"""The note format contract (docs/FORMAT.md): exact round trips and minimal text edits."""

from __future__ import annotations

import difflib
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custnote.core.note.model import LogEntry, Note
from custnote.core.note.noteformat import (
    insert_entry,
    parse_note,
    serialise_note,
    set_field,
    unset_field,
)
from custnote.errors import NoteFormatError

# --------------------------------------------------------------------------- strategies

_text_chars = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"
)
line = st.text(_text_chars, max_size=30)
word = st.text(_text_chars, min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and "·" not in s and "|" not in s
)
markdown_line = st.one_of(
    line,
    st.sampled_from(
        ["## Log", "### 2026-01-01 · call", "# title", "\\## Log", "- a: b", "", "---"]
    ),
)
multiline = st.lists(markdown_line, max_size=6).map("\n".join)
scalar = st.one_of(
    line, st.integers(-(10**6), 10**6), st.booleans(), st.none(), st.dates(date(1900, 1, 1))
)
field_name = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)


@st.composite
def entries(draw) -> LogEntry:
    return LogEntry(
        date=draw(st.dates(date(2000, 1, 1), date(2030, 12, 31))),
        time=draw(st.none() | st.times().map(lambda t: time(t.hour, t.minute))),
        kind=draw(st.sampled_from(["call", "visit", "purchase", "来店"])),
        author=draw(st.none() | word),
        text=draw(multiline),
        duration_min=draw(st.none() | st.integers(0, 1000)),
        amount=draw(
            st.none()
            | st.decimals(  # the documented limit: 15 digits before the point (docs/FORMAT.md)
                min_value=-(10**15) + 1, max_value=10**15 - 1, allow_nan=False, places=2
            )
        ),
        follow_up=draw(st.none() | st.dates()),
        done=draw(st.none() | st.dates()),
        attributes=draw(st.dictionaries(st.sampled_from(["items", "lifetime", "x-ref"]), word)),
    )


@st.composite
def notes(draw) -> Note:
    fields = {"id": draw(st.from_regex(r"[a-z2-9]{6}", fullmatch=True)), "name": draw(word)}
    fields |= draw(
        st.dictionaries(
            field_name.filter(lambda k: k not in ("id", "name")),
            st.one_of(
                scalar,
                st.lists(word, max_size=3),
                st.dictionaries(field_name, scalar, max_size=3),
                st.lists(st.dictionaries(field_name, scalar, min_size=1, max_size=2), max_size=2),
            ),
            max_size=5,
        )
    )
    return Note(
        fields=fields,
        body=draw(multiline),
        log=sorted(draw(st.lists(entries(), max_size=4)), key=lambda e: e.sort_key),
        log_preamble=draw(st.sampled_from(["", "Older history is on paper."])),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_parse_of_serialise_is_identity(note: Note) -> None:
    assert parse_note(serialise_note(note)) == note


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(notes(), entries())
def test_insert_entry_adds_exactly_the_entry(note: Note, entry: LogEntry) -> None:
    text = serialise_note(note)
    after = parse_note(insert_entry(text, entry))
    assert after.fields == note.fields and after.body == note.body
    assert sorted(after.log, key=lambda e: e.sort_key) == after.log
    assert len(after.log) == len(note.log) + 1 and entry in after.log


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(notes(), field_name, st.one_of(scalar, st.lists(word, max_size=3)))
def test_set_field_changes_only_that_field(note: Note, key: str, value: object) -> None:
    updated = parse_note(set_field(serialise_note(note), key, value))
    assert updated.fields == note.fields | {key: value}
    assert updated.body == note.body and updated.log == note.log


# --------------------------------------------------------------------------- hand-written notes

HAND_WRITTEN = (
    "---\n"
    "# 顧客カード (hand-written)\n"
    "name:   山田 太郎     # 読み: やまだ\n"
    "id: k7m2qa\n"
    "tags:\n"
    "- vip\n"
    "-   golf\n"
    "\n"
    "favourite_dish: 天ぷら   # unknown key, kept\n"
    "preferences: {drink: ほうじ茶}\n"
    "---\n"
    "Some   free text with   odd spacing.  \n"
    "\n"
    "\n"
    "## Log\n"
    "Written on paper before 2020.\n"
    "### 2025-01-05   | visit |  tanaka\n"
    "- amount: 5000\n"
    "\n"
    "初回訪問。\n"
)


def _variants() -> list[tuple[str, str]]:
    crlf = HAND_WRITTEN.replace("\n", "\r\n")
    return [
        ("lf", HAND_WRITTEN),
        ("crlf", crlf),
        ("bom", "\ufeff" + HAND_WRITTEN),
        ("bom+crlf", "\ufeff" + crlf),
        ("no final newline", HAND_WRITTEN.rstrip("\n")),
    ]


@pytest.mark.parametrize(("label", "text"), _variants(), ids=[v[0] for v in _variants()])
def test_log_keeps_a_hand_written_note_byte_for_byte(label: str, text: str) -> None:
    entry = LogEntry(date(2026, 11, 20), "call", "見積の件で折り返し。", time(9, 10), "sato")
    after = insert_entry(text, entry)
    newline = "\r\n" if "\r\n" in text else "\n"
    original = text if text.endswith(newline) else text + newline
    assert after.startswith(original)
    appended = after[len(original) :]
    assert appended == newline.join(
        ["", "### 2026-11-20 09:10 · call · sato", "", "見積の件で折り返し。", ""]
    )
    assert parse_note(after).log[-1] == entry
    assert parse_note(after).fields["favourite_dish"] == "天ぷら"


def test_hand_written_note_parses() -> None:
    note = parse_note(HAND_WRITTEN)
    assert note.fields["tags"] == ["vip", "golf"]
    assert note.log_preamble == "Written on paper before 2020."
    (entry,) = note.log
    assert (entry.kind, entry.author, entry.amount) == ("visit", "tanaka", Decimal("5000"))


def test_set_field_touches_only_its_lines_and_keeps_comments() -> None:
    after = set_field(HAND_WRITTEN.replace("\n", "\r\n"), "tags", ["vip"])
    diff = [
        d
        for d in difflib.ndiff(HAND_WRITTEN.splitlines(), after.replace("\r\n", "\n").splitlines())
        if d[0] in "+-"
    ]
    assert sorted(diff) == sorted(["- tags:", "- - vip", "- -   golf", "+ tags: [vip]"])
    assert "\r\n" in after and "# 読み: やまだ" in after


def test_new_known_field_goes_after_its_predecessor() -> None:
    after = set_field(HAND_WRITTEN, "kana", "やまだ たろう")
    lines = after.splitlines()
    assert lines[lines.index("name:   山田 太郎     # 読み: やまだ") + 1] == "kana: やまだ たろう"
    assert parse_note(after).fields["kana"] == "やまだ たろう"


def test_unset_field_removes_only_its_lines() -> None:
    after = unset_field(HAND_WRITTEN, "favourite_dish")
    assert "favourite_dish" not in after
    assert after.replace("favourite_dish: 天ぷら   # unknown key, kept\n", "") == after
    assert len(HAND_WRITTEN.splitlines()) - len(after.splitlines()) == 1


def test_entry_inserted_in_date_order_touches_no_other_line() -> None:
    earlier = LogEntry(date(2024, 6, 1), "call", "古い記録")
    after = insert_entry(HAND_WRITTEN, earlier)
    added = [
        d for d in difflib.ndiff(HAND_WRITTEN.splitlines(), after.splitlines()) if d[0] in "+-"
    ]
    assert all(d.startswith("+") for d in added)
    assert [e.date for e in parse_note(after).log] == [date(2024, 6, 1), date(2025, 1, 5)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\n", "no front-matter"),
        ("---\nname: x\n", "no closing"),
        ("---\nname: [x\n---\n", "not valid YAML"),
        ("---\n- a\n---\n", "must be a mapping"),
        ("---\nid: a\n---\n## Log\n### 2026-02-30 · call\n", "log entry heading"),
        ("---\nid: a\n---\n## Log\n### 2026-01-01 · call\n- duration: soon\n", "duration"),
    ],
)
def test_malformed_notes_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(NoteFormatError, match=message):
        parse_note(text, "customers/xx/broken.md")


def test_emoji_and_kanji_are_written_as_themselves() -> None:
    note = Note(fields={"id": "abc234", "name": "花子 🌸", "preferences": {"drink": "☕ ラテ"}})
    text = serialise_note(note)
    assert "name: 花子 🌸" in text and "drink: ☕ ラテ" in text and "\\U" not in text
    assert parse_note(text) == note
