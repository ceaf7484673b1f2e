"""Recall of custnote's Japanese analysis against a plain character-bigram analyzer.

Each case is a query and the document it must find; each negative case a query that must not
find its document. Both analyzers index the same small documents; a case counts as found when
the document is among the hits. Run: ``PYTHONPATH=src python bench/search_recall.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

EBI = {"body": "えびアレルギーがあるので、料理に注意。"}
COFFEE = {"body": "コーヒーはブラックで。"}
YAMADA = {"name": "山田 太郎", "kana": "やまだ たろう"}
SOBA = {"body": "山田様は…そばアレルギーあり。"}
HOJICHA = {"body": "ほうじ茶が好き。１０月に再訪問。"}
BIRTHDAY = {"body": "奥様の誕生日が来月。ゴルフ好き。"}
TEA = {"body": "紅茶派（ミルクティー）。"}
TANAKA = {"name": "田中 花子", "kana": "たなか はなこ"}

#: (query, document) pairs: the query must find the document
CASES: list[tuple[str, dict]] = [
    ("アレルギー", EBI),
    ("えび", EBI),
    ("ｺｰﾋｰ", COFFEE),
    ("こーひー", COFFEE),
    ("コーヒー", {"body": "ｺｰﾋｰはﾌﾞﾗｯｸで。"}),
    ("yamada", YAMADA),
    ("やまだ", YAMADA),
    ("ヤマダ", YAMADA),
    ("tarou", {"name": "山田 太郎", "kana": "ヤマダ タロウ"}),
    ("山田太郎", YAMADA),
    ("山田", SOBA),
    ("そば", SOBA),
    ("ほうじ茶", HOJICHA),
    ("ホウジ茶", HOJICHA),
    ("茶", HOJICHA),
    ("10月", HOJICHA),
    ("１０月", {"body": "10月に再訪問。"}),
    ("見積", {"body": "見積書を送付済み。来週折り返し。"}),
    ("折り返し", {"body": "見積の件で折り返し。"}),
    ("誕生日", BIRTHDAY),
    ("ゴルフ", {"body": "週末はｺﾞﾙﾌに行くそうだ。"}),
    ("ｺﾞﾙﾌ", BIRTHDAY),
    ("ミルクティー", TEA),
    ("紅茶", TEA),
    ("tanaka", TANAKA),
    ("ハナコ", TANAKA),
    ("工務店", {"company": "山田工務店"}),
    ("港区", {"body": "住所は東京都港区芝公園。"}),
    ("meeting", {"body": "Meetings with the CFO went well."}),
    ("Coffee", {"body": "prefers COFFEE, no sugar"}),
    ("ＶＩＰ", {"body": "VIP customer since 2019"}),
]

#: (query, document) pairs: the query must NOT find the document
NEGATIVE: list[tuple[str, dict]] = [
    ("のでは", EBI),
    ("茶色", {"body": "ほうじ茶が好き。"}),
    ("山田花子", YAMADA),
    ("アレルギーなし", EBI),
]

FIELDS = ("name", "kana", "company", "body")


def _custnote_hits(docs: list[dict], query: str, workdir: Path) -> set[int]:
    from custnote.adapters.whoosh_index import index as si
    from custnote.core.search.document import SearchDocument
    from custnote.core.search.query import parse_query

    by_path = {
        f"customers/x/{i}.md": SearchDocument.from_dict(
            {"path": f"customers/x/{i}.md", "id": str(i), **d}
        )
        for i, d in enumerate(docs)
    }
    index = si.SearchIndex(workdir)
    if index.load_state() is None:
        source = si.DocSource(
            root=workdir,
            scan=lambda: {p: (1, 1) for p in by_path},
            load=by_path.__getitem__,
        )
        index.refresh(source, rebuild=True)
    return {int(h.id) for h in index.search(parse_query(query), limit=100).hits}


def _bigram_hits(docs: list[dict], query: str, workdir: Path) -> set[int]:
    """Whoosh's plain NGRAM(2, 2) field (lower-casing only), as in the research table."""
    from whoosh import fields, index, qparser

    if not index.exists_in(str(workdir)):
        workdir.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(
            id=fields.ID(stored=True), **{f: fields.NGRAM(minsize=2, maxsize=2) for f in FIELDS}
        )
        ix = index.create_in(str(workdir), schema)
        with ix.writer() as w:
            for i, d in enumerate(docs):
                w.add_document(id=str(i), **{f: d.get(f, "") for f in FIELDS})
    ix = index.open_dir(str(workdir))
    with ix.searcher() as s:
        q = qparser.MultifieldParser(list(FIELDS), ix.schema).parse(query)
        return {int(r["id"]) for r in s.search(q, limit=100)}


def measure() -> dict[str, dict[str, object]]:
    """Per analyzer: cases found, misses, false hits on the negative cases."""
    docs: list[dict] = []
    for _, d in CASES + NEGATIVE:
        if d not in docs:
            docs.append(d)
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, hits in (("custnote", _custnote_hits), ("bigram", _bigram_hits)):
            workdir = Path(tmp) / name
            misses = [q for q, d in CASES if docs.index(d) not in hits(docs, q, workdir)]
            false = [q for q, d in NEGATIVE if docs.index(d) in hits(docs, q, workdir)]
            out[name] = {
                "found": len(CASES) - len(misses),
                "cases": len(CASES),
                "misses": misses,
                "false_hits": false,
                "negatives": len(NEGATIVE),
            }
    return out


def main() -> int:
    for name, r in measure().items():
        print(
            f"{name:9} recall {r['found']}/{r['cases']}  false hits {len(r['false_hits'])}/"
            f"{r['negatives']}  misses={r['misses']}  false={r['false_hits']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
