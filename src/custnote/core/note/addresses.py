"""Postal addresses from their parts, for every importer (sheets' address blocks, vCard ADR).

An address in Japan is written in Japanese order, 都道府県 市区町村 番地 建物 (the postal code is a
field of its own); any other address in Western order with its country, as it is written there
(``100 Waters Edge, Suite 5, Baytown, LA 30314, United States``). An address is Japanese when its
country is Japan (日本, JP, Japan) or, without a country, when it is written in Japanese. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_JAPAN = frozenset({"", "jp", "jpn", "japan", "日本", "日本国", "にほん", "にっぽん"})
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_PLACES = ("street", "street2", "street3", "city", "region", "extended")


def compose(parts: Mapping[str, str]) -> tuple[str, str]:
    """(address, postal code) from ``street``, ``street2``, ``street3``, ``extended``,
    ``pobox``, ``city``, ``region``, ``postal``, ``country`` (and ``formatted``, used when
    there are no parts: its lines joined)."""

    def get(key: str) -> str:
        return (parts.get(key) or "").strip()

    country, code = get("country"), get("postal")
    streets = [get(p) for p in ("street", "street2", "street3", "extended", "pobox")]
    if not any(get(p) for p in _PLACES):
        formatted = get("formatted")
        return re.sub(r"\s*\n\s*", " " if _CJK.search(formatted) else ", ", formatted), code
    japanese = country.casefold() in _JAPAN and (
        country != "" or bool(_CJK.search(get("region") + get("city") + streets[0]))
    )
    if japanese:
        return " ".join(p for p in (get("region"), get("city"), *streets) if p), code
    locality = ", ".join(p for p in (get("city"), f"{get('region')} {code}".strip()) if p)
    return ", ".join(p for p in (*streets, locality, country) if p), code


def with_code(address: str, code: str) -> str:
    """An address with its postal code, as ``other addresses`` keeps it: ``〒181-0001 東京都…``
    for a Japanese one, the Western one as it is (its code is in it already)."""
    return f"〒{code} {address}" if code and _CJK.search(address) else address
