"""The region of an address: a Japanese prefecture (都道府県), else a state or a country.

Japanese addresses are written with the prefecture first (``〒100-0001 東京都千代田区…``), sometimes
without it when the city is a designated city (``横浜市中区…``) or a Tokyo ward (``港区…``), and
sometimes in romaji (``Chiyoda-ku, Tokyo 100-0001, Japan``). Other addresses are read from the
end: a US-style ``, IL 62704`` gives the state; otherwise the last comma-separated part that is
not a number is taken as the country.
"""

from __future__ import annotations

import re

from custnote.core.note.textnorm import nfkc

#: the 47 prefectures with their romaji names, in the official order
PREFECTURES = (
    ("北海道", "hokkaido"),
    ("青森県", "aomori"),
    ("岩手県", "iwate"),
    ("宮城県", "miyagi"),
    ("秋田県", "akita"),
    ("山形県", "yamagata"),
    ("福島県", "fukushima"),
    ("茨城県", "ibaraki"),
    ("栃木県", "tochigi"),
    ("群馬県", "gunma"),
    ("埼玉県", "saitama"),
    ("千葉県", "chiba"),
    ("東京都", "tokyo"),
    ("神奈川県", "kanagawa"),
    ("新潟県", "niigata"),
    ("富山県", "toyama"),
    ("石川県", "ishikawa"),
    ("福井県", "fukui"),
    ("山梨県", "yamanashi"),
    ("長野県", "nagano"),
    ("岐阜県", "gifu"),
    ("静岡県", "shizuoka"),
    ("愛知県", "aichi"),
    ("三重県", "mie"),
    ("滋賀県", "shiga"),
    ("京都府", "kyoto"),
    ("大阪府", "osaka"),
    ("兵庫県", "hyogo"),
    ("奈良県", "nara"),
    ("和歌山県", "wakayama"),
    ("鳥取県", "tottori"),
    ("島根県", "shimane"),
    ("岡山県", "okayama"),
    ("広島県", "hiroshima"),
    ("山口県", "yamaguchi"),
    ("徳島県", "tokushima"),
    ("香川県", "kagawa"),
    ("愛媛県", "ehime"),
    ("高知県", "kochi"),
    ("福岡県", "fukuoka"),
    ("佐賀県", "saga"),
    ("長崎県", "nagasaki"),
    ("熊本県", "kumamoto"),
    ("大分県", "oita"),
    ("宮崎県", "miyazaki"),
    ("鹿児島県", "kagoshima"),
    ("沖縄県", "okinawa"),
)
#: 政令指定都市 written without their prefecture
_DESIGNATED_CITIES = {
    "札幌市": "北海道",
    "仙台市": "宮城県",
    "さいたま市": "埼玉県",
    "千葉市": "千葉県",
    "横浜市": "神奈川県",
    "川崎市": "神奈川県",
    "相模原市": "神奈川県",
    "新潟市": "新潟県",
    "静岡市": "静岡県",
    "浜松市": "静岡県",
    "名古屋市": "愛知県",
    "京都市": "京都府",
    "大阪市": "大阪府",
    "堺市": "大阪府",
    "神戸市": "兵庫県",
    "岡山市": "岡山県",
    "広島市": "広島県",
    "北九州市": "福岡県",
    "福岡市": "福岡県",
    "熊本市": "熊本県",
}
_TOKYO_WARDS = [
    "千代田区",
    "中央区",
    "港区",
    "新宿区",
    "文京区",
    "台東区",
    "墨田区",
    "江東区",
    "品川区",
    "目黒区",
    "大田区",
    "世田谷区",
    "渋谷区",
    "中野区",
    "杉並区",
    "豊島区",
    "北区",
    "荒川区",
    "板橋区",
    "練馬区",
    "足立区",
    "葛飾区",
    "江戸川区",
]
_STEMS = sorted(
    ((name if name == "北海道" else name[:-1], name) for name, _ in PREFECTURES),
    key=lambda pair: -len(pair[0]),
)
_ROMAJI = {romaji: name for name, romaji in PREFECTURES}
_ROMAJI_WORD = re.compile(r"\b(" + "|".join(_ROMAJI) + r")(?:[- ](?:to|fu|ken|prefecture))?\b")
_POSTAL = re.compile(r"^[〒\s]*\d{3}-?\d{4}\s*")
_US_STATE = re.compile(r",\s*([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")
_JAPAN = re.compile(r"\b(japan|nippon)\b|日本")


def region_of(address: str | None) -> str | None:
    """The prefecture, state or country of an address; None when nothing can be told."""
    if not address or not address.strip():
        return None
    text = _POSTAL.sub("", nfkc(address).strip()).replace("日本国", "").replace("日本", "")
    found = _prefecture(text.strip()) or _romaji_prefecture(nfkc(address)) or _foreign(text)
    return canonical_region(found) if found else None


_PREFECTURE_SUFFIX = re.compile(r"[- ]?(?:to|fu|ken|prefecture)$")


def canonical_region(region: str) -> str:
    """One name per place: a prefecture however it is written (``Tokyo``, ``tokyo-to``,
    ``東京``, ``Ōsaka Prefecture``) is its kanji name (``東京都``); anything else is kept as
    written (without surrounding spaces)."""
    text = nfkc(region).strip()
    if text in _ROMAJI.values():
        return text
    for stem, prefecture in _STEMS:
        if text == stem:
            return prefecture
    folded = text.casefold().replace("ō", "o").replace("ou", "o")
    folded = _PREFECTURE_SUFFIX.sub("", folded).strip()
    return _ROMAJI.get(folded, text)


def _prefecture(text: str) -> str | None:
    found = [(text.find(name), name) for name, _ in PREFECTURES if name in text]
    if found:
        return min(found)[1]
    for city, prefecture in _DESIGNATED_CITIES.items():
        if text.startswith(city):
            return prefecture
    for stem, prefecture in _STEMS:
        if text.startswith(stem):
            return prefecture
    if any(text.startswith(ward) for ward in _TOKYO_WARDS):
        return "東京都"
    return None


def _romaji_prefecture(address: str) -> str | None:
    folded = address.casefold().replace("ō", "o").replace("ou", "o")
    if not _JAPAN.search(folded):
        return None
    match = _ROMAJI_WORD.search(folded)
    return _ROMAJI[match.group(1)] if match else None


def _foreign(text: str) -> str | None:
    state = _US_STATE.search(text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    country = parts[-1] if len(parts) > 1 and not any(ch.isdigit() for ch in parts[-1]) else None
    if state:
        return f"{state.group(1)}, {country or 'USA'}"
    return country
