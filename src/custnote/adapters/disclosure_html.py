"""A disclosure (:mod:`custnote.core.privacy.disclosure`) as one self-contained HTML page,
laid out for printing to PDF from a browser (A4, no scripts, no external files)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

STYLE = """\
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif;
       font-size: 10.5pt; line-height: 1.6; color: #111; max-width: 48em; margin: 2em auto; }
h1 { font-size: 16pt; border-bottom: 2px solid #333; padding-bottom: .2em; }
h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; margin: 1em 0 .2em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
pre { white-space: pre-wrap; font-family: inherit; margin: .2em 0 .8em;
      padding: .4em .8em; border-left: 3px solid #ccc; }
"""


def render(blocks: Sequence[Any], lang: str) -> str:
    """The page for ``blocks`` (each with ``kind``, ``text``, ``header``, ``rows``)."""
    title = next((b.text for b in blocks if b.kind == "h1"), "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
    ]
    for block in blocks:
        if block.kind in ("h1", "h2", "h3", "p"):
            parts.append(f"<{block.kind}>{escape(block.text)}</{block.kind}>")
        elif block.kind == "text":
            parts.append(f"<pre>{escape(block.text)}</pre>")
        elif block.kind == "table":
            head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
