"""vCard 3.0 for phones and address books, with Japanese readings.

The reading (kana) goes out three ways so every app finds one: X-PHONETIC-LAST-NAME and
X-PHONETIC-FIRST-NAME (iOS, Android), and SORT-STRING (vCard 3). Fields a vCard has no place for
(id, owner, status, preferences, extra fields) travel as ``X-CUSTNOTE-FIELD;X-NAME=key`` lines,
which :mod:`custnote.adapters.io.vcard_reader` reads back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from custnote.adapters.io.vcard_reader import CUSTNOTE_PROPERTY
from custnote.core.exporting.rows import cell, flatten
from custnote.core.note.honorifics import is_company, split_prefix

_STANDARD = frozenset(
    {"name", "kana", "company", "department", "title", "phones", "emails", "address",
     "postal_code", "birthday", "tags", "body"}
)  # fmt: skip
_MOBILE_PREFIXES = ("070", "080", "090", "+8170", "+8180", "+8190")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f.'-]+$")


def _split_name(text: str) -> tuple[str, str]:
    """(family, given) from ``山田 太郎``; a name without a space is all family name."""
    family, _, given = text.strip().replace("\u3000", " ").partition(" ")
    return family, given.strip()


def structured_name(fields: Mapping[str, Any]):
    """N from the stored name: a Western title (``Mr.``) as the prefix, a Latin name as given
    names then the family name (``John Richter``), a Japanese one as family then given name
    (``山田 太郎``), a company's name (the customer is a company) as no person's name."""
    vobject = _vobject()

    name = str(fields.get("name", ""))
    if is_company(name, str(fields.get("company") or "")):
        return vobject.vcard.Name()
    prefix, bare = split_prefix(name)
    if not prefix:  # an imported Outlook/Google title kept in the honorific field
        prefix = split_prefix(f"{fields.get('honorific') or ''} x")[0]
    words = bare.replace("\u3000", " ").split()
    if words and all(_LATIN.match(word) for word in words) and len(words) > 1:
        given, additional = words[0], " ".join(words[1:-1])
        return vobject.vcard.Name(family=words[-1], given=given, additional=additional,
                                  prefix=prefix)  # fmt: skip
    family, given = _split_name(bare)
    return vobject.vcard.Name(family=family, given=given, prefix=prefix)


def _vobject():
    """vobject, with its own logger silenced: it prints to the terminal by itself ("ERROR
    Skipped line …"); custnote reports problems in its own words or raises."""
    import logging

    import vobject

    logging.getLogger("vobject").setLevel(logging.CRITICAL)
    return vobject


def _card(fields: Mapping[str, Any], body: str):
    vobject = _vobject()

    card = vobject.vCard()
    name = str(fields.get("name", ""))
    card.add("fn").value = name
    card.add("n").value = structured_name(fields)
    if is_company(name, str(fields.get("company") or "")):
        card.add("x-abshowas").value = "COMPANY"
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
