"""The note the search index keeps for ``who`` (custnote.core.search.note_record): exact JSON,
never a pickle."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from custnote.core.note.model import LogEntry, Note
from custnote.core.search.note_record import note_from_record, note_record

ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=9))])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.dates()
    | st.datetimes(timezones=ZONES).map(lambda d: d.replace(fold=0))
    | st.times().map(lambda t: t.replace(fold=0))
    | st.decimals(allow_nan=False, places=2)
    | st.floats(allow_nan=False)
)  # fmt: skip (what YAML gives: no "fold", which YAML cannot write)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)


def sample_note() -> Note:
    entry = LogEntry(
        date(2026, 11, 1), "purchase", "給湯器の交換", time=time(14, 30), author="sato",
        duration_min=45, amount=Decimal("120000.50"), follow_up=date(2026, 12, 1),
        attributes={"items": "給湯器"},
    )  # fmt: skip
    fields = {
        "id": "k7m2qa", "name": "山田 太郎", "birthday": date(1970, 5, 12),
        "family": [{"name": "花子", "relation": "妻", "birthday": date(1972, 3, 3)}],
        "preferences": {"drink": "緑茶", 3: "a number as a key"},
        "visited": datetime(2026, 11, 20, 10, 0), "tags": ["vip", "golf"], "rank": 2.5,
    }  # fmt: skip
    return Note(fields, "## メモ\n- 甘いもの好き", [entry], "customers/ya/yamada-k7m2qa.md")


def test_a_note_reads_back_exactly() -> None:
    note = sample_note()
    again = note_from_record(note_record(note))
    assert again == note
    assert again.path == note.path
    assert type(again.fields["visited"]) is datetime
    assert type(again.log[0].amount) is Decimal
    assert list(again.fields["preferences"]) == ["drink", 3]


@given(VALUES)
def test_any_front_matter_value_reads_back_with_its_type(value) -> None:
    note = Note({"id": "k7m2qa", "name": "x", "extra": value})
    again = note_from_record(note_record(note))
    assert again is not None
    assert repr(again.fields["extra"]) == repr(value)


def test_a_pickle_is_never_unpickled() -> None:
    class Payload:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled')",))

    assert note_from_record(pickle.dumps(Payload())) is None
    assert note_from_record(pickle.dumps(("model", sample_note()))) is None


def test_a_value_without_a_json_form_leaves_no_record() -> None:
    note = Note({"id": "k7m2qa", "name": "x", "odd": {1, 2}})
    assert note_record(note) == b""
    assert note_from_record(b"") is None
