"""A cold note store parses each customer's front-matter once, for both its row (summary and
lookup keys) and its facts: the row made from the facts' reading equals the row made by
reading the note on its own, for every kind of front-matter value (notestore._rows_of)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.agenda import factstore
from custnote.core.notebook import notestore

REL = "customers/ya/yamada-taro-abc123.md"

scalars = st.sampled_from(
    [
        "2026-11-05",  # a date
        "2026-1-5",  # a date YAML reads, not zero-padded
        "2026-02-30",  # an impossible date: the whole note is an error for the summary
        "2026-11-05 10:30",  # a datetime
        "2026-11-05T10:30:00+09:00",
        "'2026-11-05'",  # quoted: text for both
        "山田 太郎",
        "03-5555-0199",
        "+81 3 5555 0199",
        "taro@example.jp",
        "12",
        "yes",
        "",
        "~",
    ]
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.tuples(scalars, scalars).map(lambda kv: "{" + f"{kv[0]}: {kv[1]}" + "}"),
)
keys = st.sampled_from(
    ["id", "name", "kana", "company", "owner", "status", "tags", "phones", "emails",
     "birthday", "created", "visit_every", "2026-11-05", "anniversaries"]
)  # fmt: skip


def _note(fields: list[tuple[str, str]], log: str) -> bytes:
    front = "\n".join(f"{key}: {value}" for key, value in fields)
    return f"---\n{front}\n---\n\n## Log\n{log}".encode()


def _row(data: bytes, front=None):
    return notestore.note_row(REL, data, "JP", front)


def _both(data: bytes):
    alone = _row(data)
    front: list = []
    facts = factstore.records_of(REL, data, front)
    shared = _row(data, front[0] if front else None)
    return alone, shared, facts


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    fields=st.lists(st.tuples(keys, values), max_size=8, unique_by=lambda kv: kv[0]),
    log=st.sampled_from(["", "\n### 2026-11-02 · call\n- duration: 3m\n\n電話\n"]),
)
def test_a_row_from_the_facts_reading_is_the_row_read_alone(fields, log) -> None:
    data = _note([("id", "abc123"), ("name", "山田 太郎"), *fields], log)
    alone, shared, facts = _both(data)
    assert shared == alone
    assert facts == factstore.records_of(REL, data)


def test_the_usual_note_and_the_broken_ones() -> None:
    usual = _note(
        [("id", "abc123"), ("name", "山田 太郎"), ("phones", "[03-5555-0199]"),
         ("created", "2026-11-05"), ("birthday", "1970-02-30")],
        "\n### 2026-11-02 · call\n\n電話\n",
    )  # fmt: skip
    for data in (
        usual,
        usual.replace(b"1970-02-30", b"1970-02-03"),
        b"---\nname: [unclosed\n---\n",
        b"---\n- a list\n---\n",
        b"no front-matter\n",
        b"---\nname: &a x\nkana: *a\n---\n",
        b"---\nname: \xff\n---\n",
    ):
        alone, shared, _facts = _both(data)
        assert shared == alone, data
    assert "error" in _both(usual)[0][0][4]  # the impossible birthday: as before, an error
