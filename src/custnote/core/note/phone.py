"""Phone numbers: one comparable form for every way a number is written.

``03-5555-0199``, ``0355550199``, ``０３－５５５５－０１９９`` and ``+81 3 5555 0199`` are one
number. :func:`phone_keys` gives the keys to compare: the E.164 form when ``phonenumbers`` can
parse it for the notebook's region, and always the bare digits (for numbers without an area code,
which are matched by suffix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from custnote.core.note.textnorm import nfkc

_NON_DIGITS = re.compile(r"\D")
_PHONE_LIKE = re.compile(r"^(tel:)?\+?[\d\s\-()./ー‐−]{5,}$")


@dataclass(frozen=True)
class PhoneKey:
    """A number's comparison keys: ``e164`` (or None when unparseable) and bare ``digits``."""

    e164: str | None
    digits: str


def looks_like_phone(text: str) -> bool:
    """True when the text is made of digits and the usual separators (at least five digits)."""
    folded = nfkc(text).strip()
    return bool(_PHONE_LIKE.match(folded)) and len(_NON_DIGITS.sub("", folded)) >= 5


def phone_keys(number: str, region: str = "JP") -> PhoneKey:
    """Normalise a number as written for comparison (see module docstring)."""
    import phonenumbers

    folded = nfkc(number).strip().replace("ー", "-").replace("−", "-")
    digits = _NON_DIGITS.sub("", folded)
    try:
        parsed = phonenumbers.parse(folded, region)
    except phonenumbers.NumberParseException:
        return PhoneKey(None, digits)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneKey(None, digits)
    return PhoneKey(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), digits)


def same_number(a: PhoneKey, b: PhoneKey) -> bool:
    """True when two keys denote the same number (E.164 equal, or one's digits end the other's)."""
    if a.e164 and b.e164:
        return a.e164 == b.e164
    if len(a.digits) < 5 or len(b.digits) < 5:
        return False
    return a.digits.endswith(b.digits) or b.digits.endswith(a.digits)


def phone_digits(text: str) -> str:
    """The digits of a number as typed (full-width digits count), for exact lookups."""
    return _NON_DIGITS.sub("", nfkc(text))


def digit_forms(number: str, region: str = "JP") -> set[str]:
    """Every digits-only spelling of a stored number that a caller's number may have: as
    written, E.164 without ``+`` (81355550199) and national with its trunk prefix (0355550199).

    Indexing these lets a lookup compare bare digits without parsing (or importing
    ``phonenumbers``) at query time.
    """
    key = phone_keys(number, region)
    forms = {key.digits}
    if key.e164:
        import phonenumbers

        national = phonenumbers.format_number(
            phonenumbers.parse(key.e164), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        forms |= {key.e164.lstrip("+"), _NON_DIGITS.sub("", national)}
    return {f for f in forms if f}
