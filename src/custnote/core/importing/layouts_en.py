"""Google Contacts CSV (its old and its current layout) and Outlook CSV (English headers).

Roles are given for header keys (:func:`custnote.core.importing.mapping.header_key`: lower case,
no spaces or punctuation: ``E-mail 1 - Value`` -> ``email1value``). See
:mod:`custnote.core.importing.layouts` for what the roles mean. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from custnote.core.importing.layouts import LEFT_OUT, Layout, Role

_NUMBERED = re.compile(r"^(email|phone|address|organization|event|website|relation|im|"
                       r"customfield|externalid|calendarlink)(\d+)(.*)$")  # fmt: skip
_GOOGLE_ADDRESS = {"formatted": "formatted", "street": "street", "city": "city",
                   "pobox": "pobox", "region": "region", "postalcode": "postal",
                   "country": "country", "extendedaddress": "extended"}  # fmt: skip
_GOOGLE_FIELDS = {
    "name": "name", "givenname": "name.given", "additionalname": "name.middle",
    "familyname": "name.family", "yominame": "kana", "givennameyomi": "kana.given",
    "additionalnameyomi": "kana.middle", "familynameyomi": "kana.family",
    "firstname": "name.given", "middlename": "name.middle", "lastname": "name.family",
    "phoneticfirstname": "kana.given", "phoneticmiddlename": "kana.middle",
    "phoneticlastname": "kana.family", "nameprefix": "name.prefix", "namesuffix": "name.suffix",
    "birthday": "birthday", "notes": "body", "groupmembership": "tags", "labels": "tags",
    "organizationname": "company", "organizationtitle": "title",
    "organizationdepartment": "department", "organizationyominame": "company_kana",
    "organizationphoneticname": "company_kana",
}  # fmt: skip


def _google(key: str) -> Role | None:
    if key in _GOOGLE_FIELDS:
        return _GOOGLE_FIELDS[key]
    found = _NUMBERED.match(key)
    if not found:
        return None
    kind, number, rest = found.groups()
    if rest in ("type", "label"):
        return f"event.{number}.label" if kind == "event" else LEFT_OUT
    if kind == "email" and rest == "value":
        return "emails"
    if kind == "phone" and rest == "value":
        return "phones"
    if kind == "event" and rest == "value":
        return f"event.{number}.value"
    if kind == "address" and rest in _GOOGLE_ADDRESS:
        return f"addr.{number}.{_GOOGLE_ADDRESS[rest]}"
    if kind == "organization" and number == "1":
        organisation = {"name": "company", "title": "title", "department": "department",
                        "yominame": "company_kana", "phoneticname": "company_kana"}  # fmt: skip
        return organisation.get(rest)
    return None


_OUTLOOK_BLOCKS = ("business", "home", "other")
_OUTLOOK_PARTS = {"street": "street", "street2": "street2", "street3": "street3",
                  "city": "city", "state": "region", "postalcode": "postal",
                  "countryregion": "country", "country": "country", "addresspobox": "pobox",
                  "pobox": "pobox", "address": "formatted"}  # fmt: skip
_OUTLOOK_PHONES = frozenset(
    {"businessphone", "businessphone2", "homephone", "homephone2", "mobilephone", "primaryphone",
     "companymainphone", "otherphone", "carphone", "assistantsphone", "callback", "isdn",
     "radiophone", "ttytddphone"}
)  # fmt: skip
_OUTLOOK_FIELDS = {
    "title": "name.prefix", "firstname": "name.given", "middlename": "name.middle",
    "lastname": "name.family", "suffix": "name.suffix", "company": "company",
    "department": "department", "jobtitle": "title", "birthday": "birthday",
    "anniversary": "anniversary", "notes": "body", "categories": "tags",
    "referredby": "source", "emailaddress": "emails", "email2address": "emails",
    "email3address": "emails", "emaildisplayname": LEFT_OUT, "email2displayname": LEFT_OUT,
    "email3displayname": LEFT_OUT, "emailtype": LEFT_OUT, "email2type": LEFT_OUT,
    "email3type": LEFT_OUT, "yomifirstname": "kana.given", "yomilastname": "kana.family",
    "firstnameyomi": "kana.given", "lastnameyomi": "kana.family",
    "companyyomi": "company_kana", "yomicompany": "company_kana",
    # Outlook's settings, written for every contact ("Normal", "False", "Unspecified"):
    "priority": LEFT_OUT, "sensitivity": LEFT_OUT, "private": LEFT_OUT,
    "internetfreebusy": LEFT_OUT, "gender": LEFT_OUT,
}  # fmt: skip


def _outlook(key: str) -> Role | None:
    if key in _OUTLOOK_FIELDS:
        return _OUTLOOK_FIELDS[key]
    if key in _OUTLOOK_PHONES:
        return "phones"
    for block in _OUTLOOK_BLOCKS:
        rest = key.removeprefix(block)
        if rest != key and rest in _OUTLOOK_PARTS:
            return f"addr.{block}.{_OUTLOOK_PARTS[rest]}"
    return None


def _google_old(keys: set[str]) -> bool:
    return {"givenname", "familyname"} <= keys and bool(
        keys & {"groupmembership", "givennameyomi", "email1value", "phone1value"}
    )


def _google_current(keys: set[str]) -> bool:
    return {"firstname", "lastname"} <= keys and bool(
        keys & {"phoneticfirstname", "organizationname", "email1value", "phone1value", "labels"}
    )


_OUTLOOK_ONLY = frozenset(
    {"email2address", "emaildisplayname", "emailtype", "businessstreet", "homestreet",
     "businessphone", "homephone", "companymainphone"}
)  # fmt: skip


def _outlook_english(keys: set[str]) -> bool:
    """Two columns only Outlook writes besides ``E-mail Address`` (a plain sheet with an
    "Email Address" and a "Title" is no Outlook file: there Title is a job title)."""
    return "emailaddress" in keys and len(keys & _OUTLOOK_ONLY) >= 2


Claims = Callable[[set[str]], bool]
ENGLISH_LAYOUTS: tuple[tuple[Claims, Layout], ...] = (
    (_google_old, Layout("Google Contacts CSV (old layout)", _google)),
    (_google_current, Layout("Google Contacts CSV", _google)),
    (_outlook_english, Layout("Outlook CSV", _outlook, us_dates=True)),
)
