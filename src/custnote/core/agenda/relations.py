"""Family relations in the other language: ``daughter`` is ``娘`` in a Japanese sentence and
``娘`` is ``daughter`` in an English one (the agenda, the card). A relation not in the table is
shown as written: data is never guessed at."""

from __future__ import annotations

#: (English, Japanese) pairs; the first pair naming a word wins when it is translated
PAIRS: tuple[tuple[str, str], ...] = (
    ("wife", "妻"),
    ("husband", "夫"),
    ("spouse", "配偶者"),
    ("partner", "パートナー"),
    ("son", "息子"),
    ("daughter", "娘"),
    ("child", "子"),
    ("eldest son", "長男"),
    ("second son", "次男"),
    ("third son", "三男"),
    ("eldest daughter", "長女"),
    ("second daughter", "次女"),
    ("third daughter", "三女"),
    ("father", "父"),
    ("mother", "母"),
    ("parent", "親"),
    ("older brother", "兄"),
    ("younger brother", "弟"),
    ("older sister", "姉"),
    ("younger sister", "妹"),
    ("brother", "兄弟"),
    ("sister", "姉妹"),
    ("grandfather", "祖父"),
    ("grandmother", "祖母"),
    ("grandchild", "孫"),
    ("grandson", "孫"),
    ("granddaughter", "孫娘"),
    ("father-in-law", "義父"),
    ("mother-in-law", "義母"),
    ("son-in-law", "娘婿"),
    ("daughter-in-law", "嫁"),
    ("uncle", "おじ"),
    ("aunt", "おば"),
    ("nephew", "甥"),
    ("niece", "姪"),
    ("cousin", "いとこ"),
)

#: honorific and everyday Japanese forms people write, by the plain word
_JA_ALIASES = {
    "奥様": "妻",
    "奥さん": "妻",
    "奥さま": "妻",
    "家内": "妻",
    "ご主人": "夫",
    "主人": "夫",
    "旦那": "夫",
    "旦那様": "夫",
    "息子さん": "息子",
    "娘さん": "娘",
    "お子さん": "子",
    "子供": "子",
    "子ども": "子",
    "父親": "父",
    "母親": "母",
    "お父様": "父",
    "お母様": "母",
    "お孫さん": "孫",
}

_TO_JA = {en: ja for en, ja in reversed(PAIRS)}
_TO_EN = {ja: en for en, ja in reversed(PAIRS)}


def relation_in(relation: str, lang: str) -> str:
    """``relation`` as said in ``lang`` (``ja`` or ``en``); as written when unknown."""
    word = relation.strip()
    if lang == "ja":
        return _TO_JA.get(word.lower(), word)
    plain = _JA_ALIASES.get(word, word)
    return _TO_EN.get(plain, word)
