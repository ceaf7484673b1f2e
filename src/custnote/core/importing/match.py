"""Which customer an imported row denotes: by id, then email, then phone WITH a compatible name.

A phone number is shared by different people all the time (a company's 代表電話, a household's
landline), so a phone alone never makes two rows one customer: the names must also be the same
person written another way (:func:`compatible_names`): spacing and width (``山田太郎`` /
``山田　太郎``), the reading (``ヤマダ タロウ`` / ``やまだ たろう``), romaji (``Taro Yamada`` /
``やまだ たろう``), or one of them giving only part of the other (``ヤマダ`` / ``山田 太郎`` with
the reading ``やまだ たろう``). A name custnote made up for a contact without one (from its
organisation, email or phone) is compatible with nothing. Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from custnote.core.note.honorifics import JAPANESE_HONORIFICS, PREFIXES
from custnote.core.note.phone import phone_keys
from custnote.core.note.textnorm import fold, kana_to_romaji, nfkc

_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\s・]+$")
_LATIN_ONLY = re.compile(r"^[a-z\s.'-]+$")
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("oh", "o"), ("aa", "a"), ("ii", "i"))
_HONORIFICS = frozenset({*PREFIXES, *JAPANESE_HONORIFICS})


def _romaji_words(text: str) -> tuple[str, ...]:
    words = []
    for word in re.findall(r"[a-z]+", text):
        for long, short in _LONG_VOWELS:
            word = word.replace(long, short)
        if word not in _HONORIFICS:
            words.append(word)
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def name_forms(name: str, kana: str = "") -> tuple[tuple[str, ...], ...]:
    """The ways a person's name can be compared: ``(written, reading, romaji)`` as word tuples
    (a form is empty when it cannot be had: no reading for ``山田 太郎`` without ``kana``)."""
    written = tuple(w for w in fold(name).split() if w.strip(".") not in _HONORIFICS)
    folded_name = " ".join(written)
    reading: tuple[str, ...] = ()
    if kana.strip():
        reading = tuple(fold(kana).split())
    elif written and _KANA_ONLY.match(folded_name):
        reading = written
    romaji: tuple[str, ...] = ()
    if reading:
        romaji = _romaji_words(kana_to_romaji(" ".join(reading)))
    elif written and _LATIN_ONLY.match(nfkc(folded_name)):
        romaji = _romaji_words(nfkc(folded_name))
    return written, reading, romaji


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two forms of one kind denote one person: the same words in any order or spacing, or the
    words of one all among the other's (a family name alone), or one written without spaces
    as the beginning of the other (``山田`` / ``山田太郎``)."""
    if not a or not b:
        return False
    joined_a, joined_b = "".join(a), "".join(b)
    if joined_a == joined_b or sorted(a) == sorted(b):
        return True
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    shorter, longer = sorted((joined_a, joined_b), key=len)
    return len(shorter) >= 2 and longer.startswith(shorter)


def compatible_names(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """True when ``(name, kana)`` and ``(name, kana)`` can be the same person (module doc)."""
    forms_a, forms_b = name_forms(*first), name_forms(*second)
    if any(_same(a, b) for a, b in zip(forms_a, forms_b, strict=True)):
        return True
    # A reading against a name written in kana only, or a Latin name against a reading.
    return _same(forms_a[1], forms_b[0]) or _same(forms_a[0], forms_b[1])


@dataclass
class CustomerIndex:
    """Customers by id, email, phone number (E.164 or bare digits) and exact name; with each
    customer's (name, kana) for the phone rule (None: a made-up name, compatible with none)."""

    region: str = "JP"
    by_id: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    by_phone: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def phone_key(self, number: str) -> str:
        return _phone_key(number, self.region)

    def add(self, key: str, fields: Mapping[str, Any], *, derived_name: bool = False) -> None:
        """Register a customer (its id, emails, phones and name) under ``key``."""
        if fields.get("id"):
            self.by_id[str(fields["id"])] = key
            self.ids[key] = str(fields["id"])
        for email in fields.get("emails") or ():
            self.by_email.setdefault(nfkc(str(email)).casefold(), key)
        for number in fields.get("phones") or ():
            keys = self.by_phone.setdefault(self.phone_key(str(number)), [])
            if key not in keys:
                keys.append(key)
        name = str(fields.get("name") or "")
        if name:
            keys = self.by_name.setdefault(fold(name).replace(" ", ""), [])
            if key not in keys:
                keys.append(key)
        if derived_name or not name:
            self.names[key] = None
        else:
            self.names[key] = (name, str(fields.get("kana") or ""))

    def match(
        self, fields: Mapping[str, Any], *, derived_name: bool = False
    ) -> tuple[str, str, str] | None:
        """(key, field, value) by which these fields denote a known customer: the id, an email,
        or a phone number whose customer has a compatible name; None for a new customer."""
        if fields.get("id") in self.by_id:
            return self.by_id[fields["id"]], "id", fields["id"]
        for email in fields.get("emails", ()):
            found = self.by_email.get(nfkc(email).casefold())
            if found and not self._other_id(found, fields):
                return found, "emails", email
        if derived_name or not fields.get("name"):
            return None
        incoming = (str(fields["name"]), str(fields.get("kana") or ""))
        for number in fields.get("phones", ()):
            for key in self.by_phone.get(self.phone_key(number), ()):
                known = self.names.get(key)
                if known is None or self._other_id(key, fields):
                    continue
                if compatible_names(incoming, known):
                    return key, "phones", number
        return None

    def _other_id(self, key: str, fields: Mapping[str, Any]) -> bool:
        """True when both have an id and the ids differ: two records of another system."""
        return bool(fields.get("id")) and key in self.ids and self.ids[key] != str(fields["id"])

    def sharing_phone(self, fields: Mapping[str, Any]) -> list[str]:
        """Keys of customers who share a phone number with ``fields`` (for the summary)."""
        found: list[str] = []
        for number in fields.get("phones", ()):
            for key in self.by_phone.get(self.phone_key(number), ()):
                if key not in found:
                    found.append(key)
        return found


@functools.lru_cache(maxsize=65536)
def _phone_key(number: str, region: str) -> str:
    key = phone_keys(number, region)
    return key.e164 or key.digits
