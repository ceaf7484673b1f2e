"""Customer ids and file names: stable, unique, filesystem-safe ASCII (docs/FORMAT.md)."""

from __future__ import annotations

import re
import secrets

from custnote.core.textnorm import ascii_slug, kana_to_romaji

ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: easy to read aloud
ID_LENGTH = 6
ID_PATTERN = re.compile(rf"^[{ID_ALPHABET}]{{{ID_LENGTH}}}$")
_MAX_SLUG = 40


def new_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def slug_for(name: str, kana: str | None = None) -> str:
    """ASCII words for a file name: the Latin name, else the romaji of the reading, else ``c``."""
    slug = ascii_slug(name)
    if not slug and kana:
        slug = ascii_slug(kana_to_romaji(kana))
    return (slug[:_MAX_SLUG].strip("-") or "c") if slug else "c"


def note_path(folder: str, name: str, kana: str | None, customer_id: str) -> str:
    """``customers/ya/yamada-tarou-k7m2qa.md``: a new note's path, relative to the notebook."""
    slug = slug_for(name, kana)
    bucket = (slug + "_")[:2]
    return f"{folder}/{bucket}/{slug}-{customer_id}.md"
