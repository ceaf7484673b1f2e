"""Is a customer about to be added already in the notebook? (``custnote add``)

The rule, in one function (:func:`same_customer`), so that the import matcher can share it:

* the same email address (compared case-folded), or
* the same phone number (any written form, :mod:`custnote.core.note.phone`) with a compatible name:
  the same name once folded (山田太郎 = 山田 太郎, ヤマダ = やまだ), one name the start of the
  other (山田 = 山田 太郎), or the same reading; two people sharing a family landline
  (山田 花子, 山田 太郎) are not duplicates, or
* the same name and the same reading (both given).

It compares the folded keys the catalog keeps for lookups
(:func:`custnote.core.note.summary.match_keys`), so checking a new customer against 10,000 costs one
pass over the cached catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from custnote.core.note.phone import PhoneKey, same_number
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


def _compatible_names(new: dict[str, Any], old: dict[str, Any]) -> bool:
    a, b = new["name"], old["name"]
    if a and b and (a == b or a.startswith(b) or b.startswith(a)):
        return True
    return bool(new["kana"]) and new["kana"] == old["kana"]


def same_customer(new: dict[str, Any], old: dict[str, Any]) -> str | None:
    """Why two customers' match keys denote one person (see the module docstring), or None."""
    for email in new["emails"]:
        if email in old["emails"]:
            return _("email {email}").format(email=email)
    for mine in new["phones"]:
        for theirs in old["phones"]:
            if same_number(PhoneKey(*mine), PhoneKey(*theirs)) and _compatible_names(new, old):
                return _("phone {number}").format(number=mine[1])
    if new["name"] and new["name"] == old["name"] and new["kana"] and new["kana"] == old["kana"]:
        return _("name and reading")
    return None


def duplicates_for_add(nb: Notebook, fields: dict[str, Any]) -> list[Duplicate]:
    """The customers ``fields`` (a new customer's front-matter) looks like, in file order.

    Candidates come from the note store's indexed keys (same email, a phone that may be the
    same, same name or reading), so an ``add`` does not read the catalog of 100,000 notes; the
    rules of :func:`same_customer` then decide on their match keys."""
    from custnote.core.note.summary import match_keys
    from custnote.core.notebook.notestore import phone_candidates

    region = nb.config.phone_region
    summary = {k: fields.get(k) for k in ("name", "kana") if fields.get(k)}
    for key in ("phones", "emails"):
        value = fields.get(key) or []
        summary[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
    new = match_keys(summary, region)
    store = nb.store()
    candidates = store.paths_with_key("email", new["emails"])
    for phone in summary["phones"]:
        candidates |= phone_candidates(store, phone, region)
    candidates |= store.paths_with_key("name", [new["name"]] if new["name"] else [])
    candidates |= store.paths_with_key("kana", [new["kana"]] if new["kana"] else [])
    found = []
    for path in sorted(candidates):
        old = store.summary(path)
        if old is None or "error" in old or not path.startswith("customers/"):
            continue
        reason = same_customer(new, match_keys(old, region))
        if reason:
            found.append(Duplicate(str(old.get("id", "")), str(old.get("name", "")), path, reason))
    return found
