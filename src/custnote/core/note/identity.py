"""Is this the same customer? The one rule, shared by ``add`` (:mod:`custnote.core.notebook.
duplicates`) and ``import`` (:mod:`custnote.core.importing.match`).

Two customers are one person when, in this order:

1. (``ids=True``, import only) both carry an id: the ids are equal, else they never are (two
   records of another system); ``add``'s new customer has no id yet;
2. they share an **email** (compared by :func:`email_key`: any case or width);
3. they share a **phone number** (any written form, :func:`custnote.core.note.phone.same_number`:
   E.164 equal, or one's digits ending the other's for a number without its area code) **and**
   have compatible names (:func:`compatible_names`). A phone is shared by different people all the
   time (a company's 代表電話, a household's landline), so a phone alone never makes two one;
   a name custnote made up for a contact without one is compatible with nothing;
4. (``name_and_reading=True``, ``add`` only) the same name and the same reading, both given.
   ``add`` shows such a customer to a person who decides; an import would merge silently, and two
   people of one name and reading (同姓同名) are common, so an import does not use it.

Compatible names: the same person written another way — spacing and width (``山田太郎`` /
``山田　太郎``), the reading (``ヤマダ タロウ`` / ``やまだ たろう``), romaji (``Taro Yamada`` /
``やまだ たろう``), honorifics dropped (``Mr.``, ``様``), or one giving only part of the other
(``ヤマダ`` / ``山田 太郎`` read ``やまだ たろう``). Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from custnote.core.note.honorifics import JAPANESE_HONORIFICS, PREFIXES
from custnote.core.note.phone import PhoneKey, phone_keys, same_number
from custnote.core.note.textnorm import compact, fold, kana_to_romaji, nfkc

_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\s・]+$")
_LATIN_ONLY = re.compile(r"^[a-z\s.'-]+$")
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("oh", "o"), ("aa", "a"), ("ii", "i"))
_HONORIFICS = frozenset({*PREFIXES, *JAPANESE_HONORIFICS})


def email_key(email: str) -> str:
    """An address as compared: NFKC (full-width letters), case-folded, spaces trimmed."""
    return fold(email)


@functools.lru_cache(maxsize=65536)
def phone_key(number: str, region: str = "JP") -> PhoneKey:
    """A number's comparison keys (cached: an import compares the same numbers many times)."""
    return phone_keys(number, region)


@dataclass(frozen=True)
class Identity:
    """What the rule compares of one customer: its id, name and reading as written, email keys
    and phone keys; ``made_up_name`` when custnote invented the name (from an email or phone)."""

    id: str
    name: str
    kana: str
    emails: tuple[str, ...]
    phones: tuple[PhoneKey, ...]
    made_up_name: bool = False


def identity_of(
    fields: Mapping[str, Any], region: str = "JP", *, made_up_name: bool = False
) -> Identity:
    """The :class:`Identity` of a customer's fields (front-matter, a catalog summary or a row)."""

    def listed(key: str) -> list[str]:
        value = fields.get(key) or []
        return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]

    return Identity(
        str(fields.get("id") or ""),
        str(fields.get("name") or ""),
        str(fields.get("kana") or ""),
        tuple(email_key(e) for e in listed("emails")),
        tuple(phone_key(p, region) for p in listed("phones")),
        made_up_name or not fields.get("name"),
    )


@dataclass(frozen=True)
class Match:
    """Why ``new`` is ``old``: the ``field`` (``id``, ``emails``, ``phones``, ``name``) and the
    position of the value in ``new``'s list of that field (0 for ``id`` and ``name``)."""

    field: str
    index: int = 0


def same_customer(
    new: Identity, old: Identity, *, ids: bool = False, name_and_reading: bool = False
) -> Match | None:
    """Whether ``new`` and ``old`` are one customer, and by what (module doc), or None."""
    if ids and new.id and old.id:
        return Match("id") if new.id == old.id else None
    for i, email in enumerate(new.emails):
        if email in old.emails:
            return Match("emails", i)
    if new.phones and old.phones and not new.made_up_name and not old.made_up_name:
        for i, mine in enumerate(new.phones):
            if any(same_number(mine, theirs) for theirs in old.phones):
                if compatible_names((new.name, new.kana), (old.name, old.kana)):
                    return Match("phones", i)
                break
    same_name = new.name and compact(new.name) == compact(old.name)
    if name_and_reading and same_name and new.kana and compact(new.kana) == compact(old.kana):
        return Match("name")
    return None


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
