"""Text normalisation shared by lookup, search and sorting.

Japanese text arrives in many equivalent spellings: full-width digits and letters, half-width
katakana, katakana or hiragana readings, romaji. Everything custnote compares goes through
:func:`fold` so that those spellings meet.
"""

from __future__ import annotations

import re
import unicodedata

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6  # ァ..ヶ map onto ぁ..ゖ
_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(_KATAKANA_START, _KATAKANA_END + 1)}
_SPACES = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width ASCII to half-width, half-width kana to full-width, U+3000 to
    a space."""
    return unicodedata.normalize("NFKC", text)


def kata_to_hira(text: str) -> str:
    """Fold katakana onto hiragana (ヤマダ -> やまだ); the long-vowel mark ー is kept."""
    return text.translate(_KATA_TO_HIRA)


def fold(text: str) -> str:
    """The comparison form: NFKC, case-folded, katakana folded to hiragana, spaces collapsed."""
    return _SPACES.sub(" ", kata_to_hira(nfkc(text).casefold())).strip()


def compact(text: str) -> str:
    """:func:`fold` without any spaces, for prefix matching of names (山田太郎 == 山田 太郎)."""
    return fold(text).replace(" ", "")


def romaji_to_hiragana(text: str) -> str:
    """Read Latin letters as Hepburn romaji (yamada -> やまだ); other characters pass through."""
    import jaconv

    return jaconv.alphabet2kana(fold(text))


def full_width_kana(text: str) -> str:
    """Half-width katakana as full-width (ﾔﾏﾀﾞ -> ヤマダ), everything else as it is: readings
    from old systems and feature phones come half-width."""
    import jaconv

    return jaconv.h2z(text, kana=True, ascii=False, digit=False)


def kana_to_romaji(text: str) -> str:
    """Hepburn romaji of a kana reading (やまだ たろう -> yamada tarou)."""
    import jaconv

    return jaconv.kana2alphabet(kata_to_hira(nfkc(text)))


def ascii_slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; non-Latin characters are dropped."""
    decomposed = unicodedata.normalize("NFKD", nfkc(text))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only))
