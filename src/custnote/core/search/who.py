"""Caller lookup (``custnote who``): the customers with a phone number or an email address.

It asks the note store (:mod:`custnote.core.notebook.notestore`), which indexes every
customer's phone keys (E.164 and the digits reversed, for numbers written without an area
code) and emails, and which every command brings up to date from git's change detection
before it answers. The search index is not asked: it would cost Whoosh's import and, right
after a write, waiting for the write's own index update (at 100,000 customers that made
``who`` grow with the notebook while ``show`` stayed flat; docs/scale.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from custnote.core.note.model import Note
from custnote.core.note.phone import looks_like_phone
from custnote.errors import CustomerNotFoundError, InvalidValueError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


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


def who(nb: Notebook, number: str) -> list[Caller]:
    """Customers with this phone number (any way it is written) or email address, most
    recently contacted first. Raises :class:`CustomerNotFoundError` with a hint how to add it.

    A number matches when its E.164 form is the same, or, for one written without an area
    code, by its last digits (indexed look-ups in the note store, see the module docstring).
    """
    needle = _Needle.parse(number, nb.config.phone_region)
    callers = _who_by_catalog(nb, needle)
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


def _who_by_catalog(nb: Notebook, needle: _Needle) -> list[Caller]:
    """Indexed look-ups in the note store (:func:`custnote.core.notebook.lookup.callers`)."""
    from custnote.core.notebook.lookup import callers

    return [
        Caller(nb.load(rel), matched)
        for rel, matched in callers(nb.store(), needle.field, needle.text)
    ]
