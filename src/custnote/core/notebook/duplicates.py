"""Is a customer about to be added already in the notebook? (``custnote add``)

The rule is :func:`custnote.core.note.identity.same_customer` (shared with ``import``): the same
email, or the same phone with a compatible name, or — for ``add`` only, since a person decides —
the same name and reading. ``add`` lists every customer it matches, in file order.

Candidates come from the note store's indexed keys, so checking a new customer against 10,000
reads only the few that may match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from custnote.core.note.identity import Identity, Match, identity_of, same_customer
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


@dataclass(frozen=True)
class Duplicate:
    """An existing customer the new one looks like, and why (``email …``, ``phone …``)."""

    id: str
    name: str
    path: str
    reason: str


def _reason(new: Identity, match: Match) -> str:
    if match.field == "emails":
        return _("email {email}").format(email=new.emails[match.index])
    if match.field == "phones":
        return _("phone {number}").format(number=new.phones[match.index].digits)
    return _("name and reading")


def duplicates_for_add(nb: Notebook, fields: dict[str, Any]) -> list[Duplicate]:
    """The customers ``fields`` (a new customer's front-matter) looks like, in file order.

    Candidates come from the note store's indexed keys (same email, a phone that may be the
    same, same name or reading), so an ``add`` does not read the catalog of 100,000 notes; the
    rule (:func:`same_customer`) then decides on each."""
    from custnote.core.note.textnorm import compact
    from custnote.core.notebook.notestore import phone_candidates

    region = nb.config.phone_region
    new = identity_of({k: v for k, v in fields.items() if k != "id"}, region)
    store = nb.store()
    candidates = store.paths_with_key("email", list(new.emails))
    phones = fields.get("phones") or []
    for phone in phones if isinstance(phones, list) else [phones]:
        candidates |= phone_candidates(store, str(phone), region)
    name, kana = compact(new.name), compact(new.kana)
    candidates |= store.paths_with_key("name", [name] if name else [])
    candidates |= store.paths_with_key("kana", [kana] if kana else [])
    found = []
    for path in sorted(candidates):
        old = store.summary(path)
        if old is None or "error" in old or not path.startswith("customers/"):
            continue
        match = same_customer(new, identity_of(old, region), name_and_reading=True)
        if match:
            found.append(Duplicate(str(old.get("id", "")), str(old.get("name", "")), path,
                                   _reason(new, match)))  # fmt: skip
    return found
