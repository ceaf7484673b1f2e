"""vCard 3.0 for phones and address books, with Japanese readings.

The reading (kana) goes out three ways so every app finds one: X-PHONETIC-LAST-NAME and
X-PHONETIC-FIRST-NAME (iOS, Android), and SORT-STRING (vCard 3). Fields a vCard has no place for
(id, owner, status, preferences, extra fields) travel as ``X-CUSTNOTE-FIELD;X-NAME=key`` lines,
which :mod:`custnote.adapters.io.vcard_reader` reads back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from custnote.adapters.io.vcard_reader import CUSTNOTE_PROPERTY
from custnote.core.exporting import cell, flatten

_STANDARD = frozenset(
    {"name", "kana", "company", "department", "title", "phones", "emails", "address",
     "postal_code", "birthday", "tags", "body"}
)  # fmt: skip
_MOBILE_PREFIXES = ("070", "080", "090", "+8170", "+8180", "+8190")


def _split_name(text: str) -> tuple[str, str]:
    """(family, given) from ``山田 太郎``; a name without a space is all family name."""
    family, _, given = text.strip().replace("\u3000", " ").partition(" ")
    return family, given.strip()


def _card(fields: Mapping[str, Any], body: str):
    import vobject

    card = vobject.vCard()
    name = str(fields.get("name", ""))
    card.add("fn").value = name
    family, given = _split_name(name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if fields.get("kana"):
        kana_family, kana_given = _split_name(str(fields["kana"]))
        card.add("x-phonetic-last-name").value = kana_family
        if kana_given:
            card.add("x-phonetic-first-name").value = kana_given
        card.add("sort-string").value = str(fields["kana"])
    if fields.get("company") or fields.get("department"):
        org = [str(fields.get("company") or "")]
        card.add("org").value = org + (
            [str(fields["department"])] if fields.get("department") else []
        )
    if fields.get("title"):
        card.add("title").value = str(fields["title"])
    for number in fields.get("phones") or []:
        tel = card.add("tel")
        tel.value = str(number)
        tel.type_param = (
            "CELL" if str(number).replace("-", "").startswith(_MOBILE_PREFIXES) else "VOICE"
        )
    for email in fields.get("emails") or []:
        mail = card.add("email")
        mail.value = str(email)
        mail.type_param = "INTERNET"
    if fields.get("address") or fields.get("postal_code"):
        card.add("adr").value = vobject.vcard.Address(
            street=str(fields.get("address") or ""), code=str(fields.get("postal_code") or "")
        )
    if fields.get("birthday"):
        card.add("bday").value = cell(fields["birthday"])
    if fields.get("tags"):
        card.add("categories").value = [str(tag) for tag in fields["tags"]]
    if body.strip():
        card.add("note").value = body.strip("\n")
    rest = {k: v for k, v in fields.items() if k not in _STANDARD}
    for key, value in flatten(rest).items():
        prop = card.add(CUSTNOTE_PROPERTY.lower())
        prop.value = value
        prop.params["X-NAME"] = [key]
    return card


def render(customers: Sequence[tuple[Mapping[str, Any], str]]) -> bytes:
    """A .vcf file of one card per (fields, body)."""
    return "".join(_card(fields, body).serialize() for fields, body in customers).encode()
