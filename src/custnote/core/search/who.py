"""Caller lookup (``custnote who``): the customers with a phone number or an email address.

It asks the search index when it exists (an exact term: every stored number is indexed in all
its digit forms), and otherwise the note store (:mod:`custnote.core.notebook.notestore`), which
indexes every customer's phone keys and emails; the phone never waits for a first full index
build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from custnote.core.note.model import Note
from custnote.core.note.phone import PhoneKey, looks_like_phone, phone_digits, phone_keys
from custnote.core.note.textnorm import fold
from custnote.core.search.notebook_search import doc_source, private_index, search_index
from custnote.errors import CustomerNotFoundError, InvalidValueError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


#: ``who`` re-indexes at most this many changed notes before asking the catalog instead
WHO_MAX_REINDEX = 50


@dataclass
class Caller:
    """A customer found by ``who``, with what the person answering needs first."""

    note: Note
    matched: str  # the stored number or email that matched


@dataclass
class _Needle:
    """What ``who`` looks for: an email address or a phone number, as typed."""

    text: str
    field: str  # "emails" or "phones"
    region: str

    @classmethod
    def parse(cls, text: str, region: str) -> _Needle:
        text = text.strip()
        if "@" in text:
            return cls(text, "emails", region)
        if looks_like_phone(text):
            return cls(text, "phones", region)
        raise InvalidValueError("number", text, _("expected a phone number or an email address"))

    @cached_property
    def key(self) -> str | PhoneKey:
        return fold(self.text) if self.field == "emails" else phone_keys(self.text, self.region)


def who(nb: Notebook, number: str) -> list[Caller]:
    """Customers with this phone number (any way it is written) or email address, most
    recently contacted first. Raises :class:`CustomerNotFoundError` with a hint how to add it.

    The search index answers when it exists (an exact E.164 or email term: fastest, see
    bench/bench_search.py); otherwise, or when it finds nobody, the catalog is scanned, which
    also matches numbers written without an area code by their last digits.
    """
    needle = _Needle.parse(number, nb.config.phone_region)
    with private_index(nb):
        has_index = (nb.reader_cache_dir / "search").is_dir()  # else no Whoosh, no 2nd status
        callers = (has_index and _who_by_index(nb, needle)) or _who_by_catalog(nb, needle)
    if not callers:
        from custnote.core.notebook.archived import archived_error

        if error := archived_error(nb, needle.text):
            raise error
        option = "--email" if needle.field == "emails" else "--phone"
        hint = _(
            "add it to a customer with 'custnote set CUSTOMER {field}+={text}' or "
            "create one with 'custnote add NAME {option} {text}'"
        ).format(field=needle.field, text=needle.text, option=option)
        raise CustomerNotFoundError(needle.text, hint)
    return sorted(callers, key=lambda c: str(c.note.last_contact or ""), reverse=True)


def _who_by_index(nb: Notebook, needle: _Needle) -> list[Caller]:
    """Exact lookup of the email, or of the digits: every stored number is indexed in its
    E.164, national and written digit forms, so no number is parsed at query time."""
    source = doc_source(nb)  # first: git works while Whoosh is imported
    index = search_index(nb)
    if index.refresh(source, max_changes=WHO_MAX_REINDEX).skipped:
        return []  # the phone never waits for a (re)build: the catalog answers instead
    callers = []
    if needle.field == "emails":
        wanted = fold(needle.text)
        for doc in index.find_exact("email", needle.text):
            note = nb.load(doc["path"])
            matched = next((e for e in note.list_field("emails") if fold(e) == wanted), None)
            callers += [Caller(note, matched)] if matched else []
        return callers
    digits = phone_digits(needle.text)
    for doc in index.find_exact("phone", digits):
        forms = json.loads(doc.get("phones") or "{}")
        matched = next((number for number, f in forms.items() if digits in f), needle.text)
        callers.append(Caller(nb.load(doc["path"]), matched))
    return callers


def _who_by_catalog(nb: Notebook, needle: _Needle) -> list[Caller]:
    """Indexed look-ups in the note store (:func:`custnote.core.notebook.lookup.callers`)."""
    from custnote.core.notebook.lookup import callers

    return [
        Caller(nb.load(rel), matched)
        for rel, matched in callers(nb.store(), needle.field, needle.text)
    ]
