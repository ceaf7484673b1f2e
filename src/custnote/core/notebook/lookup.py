"""Finding the customer a user means through the note store's indexes, not by reading notes.

The rules are those of :mod:`custnote.core.notebook.resolve` (id, file name, email, phone, exact
name or
reading, a prefix of the name, reading, romaji or file name, then a prefix of one word); each
tier here is one or two indexed look-ups in :class:`~custnote.core.notebook.notestore.NoteStore`
(O(log n) each), so ``show NAME`` costs the same at 100,000 customers as at 100.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custnote.core.note.phone import looks_like_phone, phone_keys, same_number
from custnote.core.note.textnorm import ascii_slug, compact, fold, romaji_to_hiragana
from custnote.core.notebook.notestore import NoteStore, phone_candidates
from custnote.core.notebook.resolve import describe
from custnote.errors import AmbiguousCustomerError, CustomerNotFoundError
from custnote.i18n import _

Tier = Callable[[], set[str]]


def _tiers(store: NoteStore, query: str, top: str) -> list[Tier]:
    q_fold, q_compact, q_slug = fold(query), compact(query), ascii_slug(query)
    q_kana = romaji_to_hiragana(q_compact) if q_compact.isascii() else q_compact
    exact_file = {query, query.removesuffix(".md")}
    keyed, prefixed = store.paths_with_key, store.paths_with_prefix

    def by_file() -> set[str]:
        paths = keyed("stem", exact_file)
        marks = ",".join("?" * len(exact_file))
        readable = store.db.execute(
            f"SELECT path FROM notes WHERE error IS NULL AND path IN ({marks})", list(exact_file)
        )
        return paths | {p for (p,) in readable}

    def by_prefix() -> set[str]:
        found = prefixed("name", q_compact) | prefixed("kana", q_compact) | prefixed("kana", q_kana)
        return found | (prefixed("stem", q_slug) if q_slug else set())

    def by_word() -> set[str]:
        return prefixed("word", q_fold) | (prefixed("word", q_kana) if q_kana else set())

    tiers: list[Tier] = [lambda: keyed("id", [q_fold]), by_file]
    if "@" in query:
        tiers.append(lambda: keyed("email", [q_fold]))
    if looks_like_phone(query):
        tiers.append(lambda: _by_phone(store, query))
    tiers.append(lambda: keyed("name", [q_compact]) | keyed("kana", [q_compact]))
    tiers += [by_prefix, by_word]
    return [_within(store, tier, top) for tier in tiers]


def _within(store: NoteStore, tier: Tier, top: str) -> Tier:
    return lambda: {p for p in tier() if p.startswith(f"{top}/")}


def _by_phone(store: NoteStore, query: str) -> set[str]:
    wanted = phone_keys(query, store.region)
    found = set()
    for rel in phone_candidates(store, query, store.region):
        summary = store.summary(rel) or {}
        for number in summary.get("phones", []):
            if same_number(wanted, phone_keys(str(number), store.region)):
                found.add(rel)
    return found


def resolve_path(store: NoteStore, query: str, archived: bool = False) -> str:
    """The relative path of the one customer ``query`` means (see
    :mod:`custnote.core.notebook.resolve`).

    Raises :class:`CustomerNotFoundError` or :class:`AmbiguousCustomerError`."""
    query = query.strip()
    top = "archive" if archived else "customers"
    for tier in _tiers(store, query, top) if query else []:
        matches = tier()
        if len(matches) == 1:
            return next(iter(matches))
        if matches:
            candidates = []
            for rel in sorted(matches):
                summary = store.summary(rel) or {}
                candidates.append((summary.get("id", ""), describe(rel, summary)))
            raise AmbiguousCustomerError(query, candidates)
    raise CustomerNotFoundError(query, _not_found_hint(store))


def _not_found_hint(store: NoteStore) -> str:
    broken, count = store.errors(limit=1)
    if not broken:
        return _("try 'custnote list' or 'custnote search'")
    more = (
        _(" (and {value} more, see 'custnote list')").format(value=count - 1) if count > 1 else ""
    )
    return _("a note that cannot be read may be the one: {value}{more}").format(
        value=broken[0], more=more
    )


def callers(store: NoteStore, field: str, text: str) -> list[tuple[str, str]]:
    """``(path, stored value)`` of customers with this email (``field="emails"``) or phone
    number (``"phones"``, any way it is written, by E.164 or by the last digits)."""
    found: list[tuple[str, str]] = []
    if field == "emails":
        wanted = fold(text)
        for rel in sorted(store.paths_with_key("email", [wanted])):
            summary: dict[str, Any] = store.summary(rel) or {}
            match = next((str(e) for e in summary.get("emails", []) if fold(str(e)) == wanted), "")
            found += [(rel, match)] if match and rel.startswith("customers/") else []
        return found
    key = phone_keys(text, store.region)
    for rel in sorted(phone_candidates(store, text, store.region)):
        if not rel.startswith("customers/"):
            continue
        for number in (store.summary(rel) or {}).get("phones", []):
            if same_number(key, phone_keys(str(number), store.region)):
                found.append((rel, str(number)))
                break
    return found
