"""What lookup and ``list`` need of one note (its catalog summary), kept per note in the note
store (:mod:`custnote.core.notebook.notestore`)."""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from custnote.core.note.identity import email_key
from custnote.core.note.noteformat import read_front_matter
from custnote.core.note.phone import phone_keys
from custnote.core.note.textnorm import compact, fold
from custnote.errors import CustnoteError, NoteFormatError
from custnote.i18n import _

_LOG_DATE = re.compile(r"^### (\d{4}-\d{2}-\d{2})", re.MULTILINE)
#: a front-matter key YAML may read as a timestamp (its text then depends on the reading)
_TIMESTAMP_KEY = re.compile(r"\d{4}-\d\d?-\d\d?")

Summariser = Callable[[str, str], dict[str, Any]]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside: reading a cache makes hundreds of thousands of objects
    that live until the command ends, and the collector would scan the growing heap again and
    again (2-3x slower at 10,000 notes). Nests; at the outermost end the objects made so far
    are frozen (left out of later collections; still freed when no longer referenced) and the
    collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def summarise_note(
    rel: str, text: str, region: str = "JP", front: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What lookup and ``list`` need of one note: basics from the front-matter, log dates, and
    the folded forms :mod:`custnote.core.notebook.resolve` compares (computed once, not per
    lookup). ``front``: the front-matter as the agenda's reading of the same text loaded it
    (timestamps as text), so that a note is parsed once for both (the same summary results)."""
    fields = _as_loaded(front) if front is not None else None
    if fields is None:
        try:
            fields = read_front_matter(text, rel)
        except CustnoteError as exc:
            return {"error": str(exc)}
    dates = _LOG_DATE.findall(text)
    keep = ("id", "name", "kana", "company", "owner", "status", "tags", "phones", "emails")
    summary: dict[str, Any] = {k: fields[k] for k in keep if fields.get(k) is not None}
    for key in ("tags", "phones", "emails"):
        if key in summary and not isinstance(summary[key], list):
            summary[key] = [summary[key]]
    try:
        summary = json.loads(json.dumps(summary, ensure_ascii=False, default=str))
    except TypeError:  # a mapping whose keys YAML read as dates (``{2026-11-05: x}``): one line
        return {"error": _unreadable_field(rel, summary)}
    summary["match"] = match_keys(summary, region)
    summary["log_count"] = len(dates)
    summary["last_contact"] = max(dates) if dates else None
    return summary


def _as_loaded(front: dict[str, Any]) -> dict[str, Any] | None:
    """``front`` as :func:`read_front_matter` reads it, or None when only reading again gives
    the same (an impossible date, whose error names its line; a key that is a timestamp)."""
    from custnote.core.note.yamlio import with_timestamps

    if any(_TIMESTAMP_KEY.match(key) for key in front):
        return None
    try:
        return with_timestamps(front)
    except ValueError:
        return None


def match_keys(summary: dict[str, Any], region: str) -> dict[str, Any]:
    """Folded name, reading, words and phone keys of a summary, for lookups."""
    name, kana = str(summary.get("name", "")), str(summary.get("kana", ""))
    return {
        "name": compact(name),
        "kana": compact(kana),
        "words": fold(name).split() + fold(kana).split(),
        "emails": [email_key(str(e)) for e in summary.get("emails", [])],
        "phones": [
            list(vars(phone_keys(str(p), region)).values()) for p in summary.get("phones", [])
        ],
    }


def _unreadable_field(rel: str, summary: dict[str, Any]) -> str:
    """The error of a note whose basics cannot be kept as JSON, naming the first such field."""
    field = next(key for key, value in summary.items() if not _as_json(value))
    reason = _("field {field!r} holds a mapping whose keys are not text").format(field=field)
    return str(NoteFormatError(rel, reason))


def _as_json(value: Any) -> bool:
    """Whether ``value`` can be written as JSON (dates as text)."""
    try:
        json.dumps(value, default=str)
    except TypeError:
        return False
    return True
