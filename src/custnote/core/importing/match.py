"""Which customer an imported row denotes, by the one rule of
:mod:`custnote.core.note.identity` (id, then email, then phone WITH a compatible name).

The import's own part is finding the candidates quickly (by id, email, phone and name, for
10,000s of rows) and picking one: the first customer, in the order they were added (the
notebook's, then this file's rows), that the rule calls the same; an earlier match by email wins
over one by phone. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from custnote.core.note.identity import (
    Identity,
    identity_of,
    phone_key,
    same_customer,
)
from custnote.core.note.phone import PhoneKey, same_number
from custnote.core.note.textnorm import compact

_MIN_DIGITS = 5  # the shortest number matched by its digits' ending (phone.same_number)


@dataclass
class CustomerIndex:
    """Customers by id, email, phone number (E.164, digits, and their endings) and exact name;
    with each customer's :class:`Identity` for the rule."""

    region: str = "JP"
    by_id: dict[str, str] = field(default_factory=dict)
    by_email: dict[str, dict[str, None]] = field(default_factory=dict)
    by_e164: dict[str, dict[str, None]] = field(default_factory=dict)
    by_digits: dict[str, dict[str, None]] = field(default_factory=dict)
    by_ending: dict[str, dict[str, None]] = field(default_factory=dict)
    by_name: dict[str, dict[str, None]] = field(default_factory=dict)
    identities: dict[str, Identity] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    # Endings of every number are indexed only once a number without an E.164 form is looked
    # up (a local number, matched by its digits' ending); till then only those of such numbers.
    all_endings: bool = False

    def phone_key(self, number: str) -> str:
        """One string per number, for telling a list's numbers apart (``03(5555)0199`` is
        ``03-5555-0199``)."""
        key = phone_key(number, self.region)
        return key.e164 or key.digits

    def name_of(self, key: str) -> str | None:
        """The customer's name as written; None when custnote made it up."""
        identity = self.identities.get(key)
        return None if identity is None or identity.made_up_name else identity.name

    def add(self, key: str, fields: Mapping[str, Any], *, derived_name: bool = False) -> None:
        """Register a customer (its id, emails, phones and name) under ``key``."""
        identity = identity_of(fields, self.region, made_up_name=derived_name)
        self.identities[key] = identity
        self.order.setdefault(key, len(self.order))
        if identity.id:
            self.by_id[identity.id] = key
        for email in identity.emails:
            _append(self.by_email, email, key)
        for number in identity.phones:
            if number.e164:
                _append(self.by_e164, number.e164, key)
            _append(self.by_digits, number.digits, key)
            if self.all_endings or not number.e164:
                self._add_endings(number.digits, key)
        if identity.name:
            _append(self.by_name, compact(identity.name), key)

    def match(
        self, fields: Mapping[str, Any], *, derived_name: bool = False
    ) -> tuple[str, str, str] | None:
        """(key, field, value) by which these fields denote a known customer: the id, an email,
        or a phone number whose customer has a compatible name; None for a new customer."""
        if fields.get("id") in self.by_id:
            return self.by_id[fields["id"]], "id", fields["id"]
        new = identity_of(fields, self.region, made_up_name=derived_name)
        candidates = [k for email in new.emails for k in self.by_email.get(email, ())]
        if not new.made_up_name:
            for number in fields.get("phones", ()):
                candidates += self.with_phone(str(number))
        for key in dict.fromkeys(candidates):
            found = same_customer(new, self.identities[key], ids=True)
            if found:
                return key, found.field, fields[found.field][found.index]
        return None

    def with_phone(self, number: str) -> list[str]:
        """Keys of the customers with this number (any spelling), in the order they were added."""
        mine = phone_key(number, self.region)
        found = list(self.by_e164.get(mine.e164, ())) if mine.e164 else []
        if len(mine.digits) >= _MIN_DIGITS:
            if not mine.e164 and not self.all_endings:  # the first number without E.164 form
                self.all_endings = True
                for digits, keys in list(self.by_digits.items()):
                    for key in keys:
                        self._add_endings(digits, key)
            found += self.by_ending.get(mine.digits, ())  # theirs end with mine
            for n in range(_MIN_DIGITS, len(mine.digits) + 1):  # mine ends with theirs
                found += self.by_digits.get(mine.digits[-n:], ())
        theirs = (k for k in dict.fromkeys(found) if _has_number(self.identities[k], mine))
        return sorted(theirs, key=self.order.__getitem__)

    def _add_endings(self, digits: str, key: str) -> None:
        for n in range(_MIN_DIGITS, len(digits) + 1):
            _append(self.by_ending, digits[-n:], key)

    def sharing_phone(self, fields: Mapping[str, Any]) -> list[str]:
        """Keys of customers who share a phone number with ``fields`` (for the summary)."""
        found = [k for number in fields.get("phones", ()) for k in self.with_phone(str(number))]
        return list(dict.fromkeys(found))


def _has_number(identity: Identity, number: PhoneKey) -> bool:
    return any(same_number(number, theirs) for theirs in identity.phones)


def _append(index: dict[str, dict[str, None]], value: str, key: str) -> None:
    """Add ``key`` to the keys under ``value`` (a dict: ordered, and no key twice)."""
    index.setdefault(value, {})[key] = None
