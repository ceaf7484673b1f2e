"""Text for a cp932 (Shift_JIS) export: every character cp932 cannot hold is replaced by its
closest equivalent, in this order (docs/import-export.md):

1. the character cp932 uses for it (— U+2014 as ―, – as -; Python's cp932 already writes
   〜 − ‖ ¢ £ ¬ as Windows does) and a few variant kanji (𠮷 as 吉, 𡈽 as 土; 髙 and 﨑 are
   in cp932);
2. its compatibility form (NFKC: ﬁ as fi, ™ as TM);
3. its letters without accents (é as e, ü as u, ß as ss, ø as o);
4. otherwise 〓 (げた, the mark Japanese printing uses for a missing character), and the
   customer and column are named in a warning.

An export therefore never fails for one character; what was replaced is said.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

GETA = "〓"
_TABLE = {"\u2014": "―", "\u2013": "-", "\U00020bb7": "吉", "\U0002123d": "土",
          "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
          "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "\u00a0": " "}  # fmt: skip


def _fits(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def substitute_char(char: str) -> str:
    """The closest cp932 text for one character (see module docstring); 〓 when none."""
    if _fits(char):
        return char
    if char in _TABLE and _fits(_TABLE[char]):
        return _TABLE[char]
    compatible = unicodedata.normalize("NFKC", char)
    if compatible != char and _fits(compatible):
        return compatible
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    if stripped and stripped != char and _fits(stripped):
        return stripped
    return GETA


def substitute(text: str) -> tuple[str, list[str]]:
    """``text`` as cp932 can hold it, and the characters that became 〓."""
    if _fits(text):
        return text, []
    out, lost = [], []
    for char in text:
        replaced = substitute_char(char)
        if replaced == GETA and char != GETA:
            lost.append(char)
        out.append(replaced)
    return "".join(out), lost


def substitute_rows(
    columns: Sequence[str], rows: Sequence[Sequence[str]], names: Sequence[str]
) -> tuple[list[list[str]], list[str], int]:
    """Every cell made cp932-safe; the warnings (customer and column of each 〓) and how many
    cells were changed."""
    result: list[list[str]] = []
    warnings: list[str] = []
    changed = 0
    for row, name in zip(rows, names, strict=True):
        cells = []
        for column, value in zip(columns, row, strict=False):
            text, lost = substitute(value)
            changed += text != value
            if lost:
                shown = "".join(dict.fromkeys(lost))
                warnings.append(f"{name}: column {column!r}: cp932 has no {shown!r}; "
                                f"written as {GETA}")  # fmt: skip
            cells.append(text)
        result.append(cells)
    return result, warnings, changed
