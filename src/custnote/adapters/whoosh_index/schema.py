"""The index's fields: what is searched, what is stored for the results, what is a column."""

from __future__ import annotations

from whoosh import fields as wf

from custnote.adapters.whoosh_index.analysis import (
    CustnoteAnalyzer,
    CustnotePositions,
    ReadingAnalyzer,
)

#: Bump when the schema, the analysis or the document layout changes: the index is then rebuilt.
SCHEMA_VERSION = 11

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


def make_schema() -> wf.Schema:
    ana, reading = CustnoteAnalyzer(), ReadingAnalyzer()

    def text(analyzer: CustnoteAnalyzer = ana, stored: bool = False) -> wf.TEXT:
        field = wf.TEXT(analyzer=analyzer, stored=stored, multitoken_query="phrase")
        field.format = CustnotePositions()
        return field

    return wf.Schema(
        path=wf.ID(stored=True, unique=True),
        id=wf.ID(stored=True),
        name=text(stored=True),
        kana=text(reading, stored=True),
        company=text(stored=True),
        owner=text(stored=True),
        body=text(),
        log=text(),
        details=text(),
        # scorable everywhere: Whoosh 2.7 stats the disk for every posting of a field without
        # a lengths column, both when writing and when scoring
        tags=wf.KEYWORD(stored=True, commas=True, scorable=True),
        status=wf.KEYWORD(stored=True, scorable=True),
        kind=wf.KEYWORD(scorable=True),
        logdate=wf.KEYWORD(scorable=True),
        kinddate=wf.KEYWORD(scorable=True),  # "complaint:20250601": kind and date of one entry
        phone=wf.KEYWORD(scorable=True),
        email=wf.KEYWORD(scorable=True),
        spell=wf.KEYWORD(scorable=True),
        # what a snippet is cut from (log entries, body, details), compressed: see docfields
        shown=wf.STORED(),
        phones=wf.STORED(),  # {number as written: its digit forms}, for who and updates
        last=wf.ID(stored=True, sortable=True),
        first=wf.ID(sortable=True),
    )
