"""The index's fields: what is searched, what is stored for the results, what is a column."""

from __future__ import annotations

from typing import Any

from whoosh import columns
from whoosh import fields as wf

from custnote.adapters.whoosh_index.analysis import (
    CustnoteAnalyzer,
    CustnoteFrequency,
    ReadingAnalyzer,
)

#: Bump when the schema, the analysis or the document layout changes: the index is then rebuilt.
SCHEMA_VERSION = 12

#: free-text fields searched by a word without ``field:``, with their weight
DEFAULT_FIELDS = {
    "name": 4.0,
    "kana": 3.0,
    "company": 2.0,
    "owner": 1.0,
    "body": 1.0,
    "log": 1.0,
    "details": 1.0,
}
#: exact-value fields (folded at index and query time)
KEYWORD_FIELDS = ("tags", "status", "kind", "phone", "email")


def _varbytes() -> columns.VarBytesColumn:
    """A column of bytes that keeps its offsets: Whoosh keeps them only past 32,768 documents
    a segment and otherwise adds up the lengths in Python each time it opens the column
    (50 ms at 100,000 customers); they cost 4 bytes a document."""
    return columns.VarBytesColumn(write_offsets_cutoff=0)


def make_schema() -> wf.Schema:
    ana, reading = CustnoteAnalyzer(), ReadingAnalyzer()

    def text(analyzer: CustnoteAnalyzer = ana) -> wf.TEXT:
        # no positions: a phrase is the AND of its terms, checked against the stored texts
        # (:mod:`.verify`); positions were half the postings
        field = wf.TEXT(analyzer=analyzer, phrase=False)
        field.format = CustnoteFrequency()
        return field

    def keyword(**kwargs: Any) -> wf.KEYWORD:
        # frequencies as weights only (Whoosh's Frequency format repeats each as 4 bytes):
        # the postings a quarter smaller (bench notebook)
        field = wf.KEYWORD(scorable=True, **kwargs)
        field.format = CustnoteFrequency()
        return field

    return wf.Schema(
        path=wf.ID(unique=True),  # stored in doc
        name=text(),
        kana=text(reading),
        company=text(),
        owner=text(),
        body=text(),
        log=text(),
        details=text(),
        # scorable everywhere: Whoosh 2.7 stats the disk for every posting of a field without
        # a lengths column, both when writing and when scoring
        tags=keyword(commas=True),
        status=keyword(),
        kind=keyword(),
        logdate=keyword(),
        kinddate=keyword(),  # "complaint:20250601": kind and date of one entry
        phone=keyword(),
        email=keyword(),
        spell=keyword(),
        # what a hit shows and a phrase is checked against, compressed (see docfields): a
        # column of bytes, as Whoosh's stored fields would pickle them (protocol 2 turns
        # bytes into text: half as long again)
        doc=wf.COLUMN(_varbytes()),
        last=wf.ID(sortable=_varbytes()),
        first=wf.ID(sortable=_varbytes()),
    )
