"""What to offer when a person presses Tab: customers, tags, owners, log kinds, field names.

Every candidate is a ``(value, description)`` pair whose value **starts with what was typed**
(shells filter by prefix) and **names one customer** when given back to custnote:

- typed in kanji or kana: the name or its reading without spaces (``山田`` → ``山田太郎``);
- typed in Latin letters: the note's file name (``yama`` → ``yamada-tarou-k7m2qa``, the romaji of
  the reading), the id, or an email address;
- two customers whose value would be the same get their file names instead.

The descriptions (``山田 太郎 (山田工務店)``) are what zsh and fish show beside each value.
Candidates come from the summaries the lookup itself uses (:meth:`Notebook.summaries`), so
completion never offers a customer that ``show`` would not find.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from custnote.core.note.textnorm import compact, fold

Candidate = tuple[str, str]
Summary = Mapping[str, Any]

#: at most this many customers are offered (a shell asks before showing hundreds anyway)
LIMIT = 100
#: at most this many notes are read per kind of key (the first ones in key order): a path found
#: by its id may be offered under its file name instead, so more than LIMIT
FETCH = 3 * LIMIT


def _stem(path: str) -> str:
    return path.rpartition("/")[2].removesuffix(".md")


def _describe(summary: Summary) -> str:
    company = f" ({summary['company']})" if summary.get("company") else ""
    return f"{summary.get('name', '?')}{company}"


def _value_for(typed: str, folded: str, path: str, summary: Summary) -> str | None:
    """The value offered for one customer, or None when it does not match what was typed
    (``folded`` is ``typed`` in its comparison form, computed once for all customers)."""
    if not typed:
        return _stem(path)
    if typed.isascii():
        if _stem(path).startswith(folded):
            return _stem(path)
        if str(summary.get("id", "")).casefold().startswith(folded):
            return str(summary["id"])
        for email in summary.get("emails", []):
            if str(email).casefold().startswith(folded):
                return str(email)
        return None
    match = summary.get("match") or {}
    for key in ("name", "kana"):
        # the folded forms the lookup compares (catalog summaries carry them), else fold here
        value = match.get(key) if key in match else compact(str(summary.get(key) or ""))
        if value and value.startswith(folded):
            # the stored spelling (not the folded one) so that the value starts with what was
            # typed, as the shell expects; spaces dropped, as resolve compares without them
            return "".join(str(summary[key]).split())
    return None


def matching_paths(store: Any, typed: str) -> set[str] | None:
    """The notes whose keys in the note store (:mod:`custnote.core.notebook.notestore`) start with
    what was typed: index ranges, so a Tab does not decode 100,000 summaries. None when nothing was
    typed (every customer is a candidate)."""
    if not typed:
        return None
    if typed.isascii():
        folded = fold(typed)
        kinds = ("stem", "id", "email")
    else:
        folded = compact(typed)
        kinds = ("name", "kana")
    found: set[str] = set()
    for kind in kinds:  # the first ones of each kind, in key order: candidates are cut at LIMIT
        found |= store.paths_with_prefix(kind, folded, limit=FETCH)
    return found


def customer_candidates(summaries: Mapping[str, Summary], typed: str) -> list[Candidate]:
    """Customers matching ``typed`` (see the module docstring), sorted by value."""
    found: dict[str, list[tuple[str, Summary]]] = {}
    folded = fold(typed) if typed.isascii() else compact(typed)
    for path, summary in summaries.items():
        if "error" in summary:
            continue
        value = _value_for(typed, folded, path, summary)
        if value is not None:
            found.setdefault(value, []).append((path, summary))
    result: list[Candidate] = []
    for value, matches in sorted(found.items()):
        if len(matches) == 1:
            result.append((value, _describe(matches[0][1])))
        else:  # the same name twice: each by its own file name, which is unique
            result += [(_stem(path), _describe(summary)) for path, summary in matches]
    return result[:LIMIT]


def word_candidates(values: Iterable[Any], typed: str) -> list[Candidate]:
    """Distinct words (tags, owners, kinds) that start with ``typed``, sorted."""
    words = {str(v) for v in values if v not in (None, "")}
    return [(w, "") for w in sorted(words) if w.startswith(typed)]


#: the preference keys docs/FORMAT.md describes
PREFERENCE_KEYS = ("drink", "food", "allergies", "hobbies", "channel")


def field_candidates(typed: str, custom_fields: Mapping[str, str] | None = None) -> list[Candidate]:
    """``set`` assignments: ``name=``, ``tags+=``, ``preferences.drink=`` and the notebook's own
    fields (list fields also take ``+=`` and ``-=``)."""
    from custnote.core.note.model import KNOWN_FIELDS, LIST_FIELDS, MAPPING_LIST_FIELDS

    custom = dict(custom_fields or {})
    skip = {"id", "created", "preferences", *MAPPING_LIST_FIELDS}
    keys = [k for k in KNOWN_FIELDS if k not in skip]
    keys += [f"preferences.{p}" for p in PREFERENCE_KEYS]
    keys += sorted(k for k in custom if k not in keys)
    forms = []
    for key in keys:
        forms.append(f"{key}=")
        if key in LIST_FIELDS or key.endswith(".allergies") or custom.get(key) == "list":
            forms += [f"{key}+=", f"{key}-="]
    return [(f, "") for f in forms if f.startswith(typed)]
