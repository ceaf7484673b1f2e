"""The core's bulk helpers the importer relies on: many entries inserted in one pass."""

from __future__ import annotations

import datetime as dt
from functools import reduce

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.note.model import LogEntry, Note
from custnote.core.note.noteformat import insert_entries, insert_entry, parse_note, serialise_note

ENTRIES = st.builds(
    LogEntry,
    date=st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 4)),
    kind=st.sampled_from(["call", "visit", "note"]),
    text=st.sampled_from(["", "見積", "a\nb"]),
    time=st.one_of(st.none(), st.sampled_from([dt.time(9, 0), dt.time(14, 30)])),
)


@settings(max_examples=60)
@given(
    existing=st.lists(ENTRIES, max_size=4),
    new=st.lists(ENTRIES, min_size=1, max_size=5),
    with_log=st.booleans(),
    body=st.sampled_from(["", "メモ"]),
)
def test_insert_entries_is_insert_entry_repeated(existing, new, with_log, body):
    note = Note({"id": "aaaaaa", "name": "山田"}, body, sorted(existing, key=lambda e: e.sort_key))
    text = serialise_note(note)
    if not with_log and not existing:
        text = text.replace("\n## Log\n", "")
    one_by_one = reduce(
        lambda t, e: insert_entry(t, e), sorted(new, key=lambda e: e.sort_key), text
    )
    assert insert_entries(text, new) == one_by_one
    log = parse_note(insert_entries(text, new)).log
    assert [e.sort_key for e in log] == sorted(e.sort_key for e in log)
    assert len(log) == len(existing) + len(new)


def test_crlf_and_bom_are_kept():
    text = "\ufeff---\r\nid: aaaaaa\r\nname: A\r\n---\r\n\r\n## Log\r\n"
    out = insert_entries(text, [LogEntry(dt.date(2026, 1, 1), "call", "x")])
    assert out.startswith("\ufeff---\r\n") and "\n" not in out.replace("\r\n", "")
