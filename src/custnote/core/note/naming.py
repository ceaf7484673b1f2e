"""Customer ids and file names: stable, unique, filesystem-safe ASCII (docs/FORMAT.md).

This module holds THE id rule: what custnote generates (:data:`ID_PATTERN`), what a note may
carry as its id (:func:`is_valid_id`, also ids brought by an import from another system) and
what becomes of an id FORMAT.md does not allow (:func:`imported_id`: kept as ``external_id``).
"""

from __future__ import annotations

import re
import secrets

from custnote.core.note.textnorm import ascii_slug, kana_to_romaji, nfkc

ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: easy to read aloud
ID_LENGTH = 6
ID_PATTERN = re.compile(rf"^[{ID_ALPHABET}]{{{ID_LENGTH}}}$")
#: Any id a note may carry (docs/FORMAT.md): it is part of the file name.
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SAFE_ID_RULE = "must be letters, digits, '-' or '_' (at most 64; it is part of the file name)"
#: Where an imported id that is not a valid custnote id is kept.
EXTERNAL_ID = "external_id"
_MAX_SLUG = 40
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]+")


def new_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def is_custnote_id(value: object) -> bool:
    """True for an id custnote itself would make (6 characters from a-z and 2-9)."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def is_valid_id(value: object) -> bool:
    """True for any id docs/FORMAT.md allows (letters, digits, ``-``, ``_``; at most 64)."""
    return isinstance(value, str | int) and bool(SAFE_ID.match(str(value)))


def imported_id(value: str) -> tuple[str, str]:
    """Where an id from another system goes: ``("id", value)`` when FORMAT.md allows it as an
    id, else ``("external_id", value)`` (kept, searchable, never part of the file name)."""
    text = nfkc(value).strip()
    return ("id", text) if is_valid_id(text) else (EXTERNAL_ID, value.strip())


def slug_for(name: str, kana: str | None = None) -> str:
    """ASCII words for a file name: the Latin name, else the romaji of the reading, else the
    romaji of the kana in the name itself, together with any digits in it, else ``c``."""
    slug = ascii_slug(name)
    if kana and not re.search("[a-z]", slug):
        slug = ascii_slug(f"{kana_to_romaji(kana)} {slug}")
    if not re.search("[a-z]", slug):
        kana_words = " ".join(_KANA.findall(nfkc(name)))
        slug = ascii_slug(f"{kana_to_romaji(kana_words)} {slug}") if kana_words else slug
    return slug[:_MAX_SLUG].strip("-") or "c"


def note_path(folder: str, name: str, kana: str | None, customer_id: str) -> str:
    """``customers/ya/yamada-tarou-k7m2qa.md``: a new note's path, relative to the notebook.
    A name that gives no letters (kanji only, no reading) is slug ``c``; its bucket takes the
    id's first character (``cq/c-q7m2ka.md``) so that such customers do not all share one."""
    slug = slug_for(name, kana)
    bucket = (slug + "_")[:2] if slug != "c" else f"c{customer_id[:1].lower() or '_'}"
    return f"{folder}/{bucket}/{slug}-{customer_id}.md"
