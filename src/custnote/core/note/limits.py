"""Sizes a note may have, checked before anything is committed (docs/FORMAT.md, "Limits").

A shared notebook takes what anyone with push access commits. A note of megabytes, or one field
of a novel's length, makes every ``show``, ``search`` re-index and merge slow for the whole team;
custnote refuses to write one (``add``, ``log``, ``set``, ``edit``, ``import``, hand edits
committed by ``sync``). The limits are far above any real customer's note.
"""

from __future__ import annotations

from typing import Any

from custnote.errors import NoteFormatError
from custnote.i18n import _

#: the whole note file, in UTF-8 bytes (a note with 2,000 log entries is about 300 KB)
MAX_NOTE_BYTES = 1024 * 1024
#: one text value in the front-matter (a name, a memo field, one list item), in characters
MAX_FIELD_CHARS = 10_000


def check_note_size(rel: str, text: str) -> None:
    """Refuse a note file over :data:`MAX_NOTE_BYTES`, naming it."""
    if len(text) * 4 <= MAX_NOTE_BYTES:  # no need to encode: it cannot be too long
        return
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_NOTE_BYTES:
        raise NoteFormatError(
            rel,
            _(
                "the note is {size:,} bytes, over the limit of {MAX_NOTE_BYTES:,} (move "
                "old entries to another note; docs/FORMAT.md)"
            ).format(size=size, MAX_NOTE_BYTES=MAX_NOTE_BYTES),
        )


def check_field_sizes(fields: dict[str, Any], source: str) -> None:
    """Refuse a front-matter text value over :data:`MAX_FIELD_CHARS`, naming its field."""
    stack: list[tuple[str, Any]] = list(fields.items())
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{key}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{key}[{n}]", v) for n, v in enumerate(value)]
        elif isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise NoteFormatError(
                source,
                _(
                    "field {key!r} is {value:,} characters long, over the limit of "
                    "{MAX_FIELD_CHARS:,} (docs/FORMAT.md)"
                ).format(key=key, value=len(value), MAX_FIELD_CHARS=MAX_FIELD_CHARS),
            )
