"""Three-way merge of customer notes, independent of file parsing.

The git merge driver (``custnote.adapters.merge_driver``) parses the three versions of a note and
hands the pieces to the functions here:

* :func:`merge_mappings` merges the front-matter field by field;
* :func:`merge_entries` merges the dated log (a union of entries minus deletions);
* :func:`merge_text` merges the free Markdown body line by line.

Every function is **symmetric**: swapping ``ours`` and ``theirs`` gives the same result. That
matters because git hands the sides over in opposite roles under ``git pull --rebase`` (%A is the
upstream) and ``git pull --no-rebase`` (%A is yours), and both must end in the same note.

Nothing is ever dropped. When both sides changed the same field or the same lines differently,
the result keeps both values, in the readable form documented in docs/sync.md (a ``conflicts:``
front-matter record, or a ``!!`` block in the body), until a person resolves it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T", bound=Hashable)

#: The front-matter key that records unresolved field conflicts.
CONFLICTS_KEY = "conflicts"

#: Lines that delimit a body conflict block (see docs/sync.md).
CONFLICT_START = '!! custnote conflict: keep what is right, then delete the "!!" lines'
CONFLICT_VERSION = "!! version {n}"
CONFLICT_END = "!! end of conflict"
CONFLICT_PREFIX = "!! custnote conflict"


class _Missing:
    """A key absent from a mapping (distinct from a key whose value is ``None``)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def canonical(value: Any) -> str:
    """A stable text form of a YAML value, used for identity and deterministic ordering."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- front-matter


@dataclass(frozen=True)
class FieldConflict:
    """Both sides changed ``field`` (a dotted path) to different values.

    ``values`` holds the two new values in canonical order; the merged mapping keeps
    ``values[0]`` in the field itself so that the note stays valid.
    """

    field: str
    base: Any
    values: tuple[Any, Any]

    def to_record(self) -> dict[str, Any]:
        """The mapping written under ``conflicts:`` in the front-matter."""
        record: dict[str, Any] = {"field": self.field}
        if self.base is not MISSING:
            record["was"] = self.base
        record["values"] = list(self.values)
        return record


@dataclass
class MappingMerge:
    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)


def merge_mappings(
    base: Mapping[str, Any] | None,
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
) -> MappingMerge:
    """Merge front-matter mappings key by key.

    Changes to different keys are all kept. Lists merge as sets (see :func:`merge_lists`),
    nested mappings merge per key. A key deleted on one side and changed on the other keeps the
    change. Two different changes of one scalar become a :class:`FieldConflict`, and the
    ``conflicts:`` key itself is unioned and extended with the new conflicts.
    """
    result = _merge_dicts(base or {}, ours, theirs, prefix="")
    if result.conflicts or CONFLICTS_KEY in result.merged:
        records = list(result.merged.get(CONFLICTS_KEY) or [])
        records = _dedupe(records + [c.to_record() for c in result.conflicts])
        result.merged[CONFLICTS_KEY] = records
    return result


def _merge_dicts(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any], prefix: str
) -> MappingMerge:
    merged: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for key in _merged_key_order(base, ours, theirs):
        value, found = _merge_value(
            base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING), prefix + key
        )
        conflicts.extend(found)
        if value is not MISSING:
            merged[key] = value
    return MappingMerge(merged, conflicts)


def _merged_key_order(*mappings: Mapping[str, Any]) -> list[str]:
    """Keys in the order of ``base``, then new keys from either side, each in first-seen order.

    New keys from both sides are ordered by name among themselves so that the order does not
    depend on which side is which.
    """
    base, ours, theirs = mappings
    order = list(base)
    new = {k for k in list(ours) + list(theirs) if k not in base}
    order += sorted(new)
    return order


def _merge_value(b: Any, o: Any, t: Any, path: str) -> tuple[Any, list[FieldConflict]]:
    if _same(o, t):
        return o, []
    if _same(o, b):
        return t, []
    if _same(t, b):
        return o, []
    # Both sides changed the value, differently.
    if o is MISSING or t is MISSING:  # an edit beats a deletion
        return (t if o is MISSING else o), []
    if isinstance(o, list) and isinstance(t, list):
        return merge_lists(b if isinstance(b, list) else [], o, t), []
    if isinstance(o, dict) and isinstance(t, dict):
        sub = _merge_dicts(b if isinstance(b, dict) else {}, o, t, prefix=path + ".")
        return sub.merged, sub.conflicts
    first, second = sorted((o, t), key=canonical)
    return first, [FieldConflict(path, b, (first, second))]


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return canonical(a) == canonical(b)


def merge_lists(base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> list[Any]:
    """Merge lists as sets: the union of both sides minus what either side removed.

    Kept elements stay in their base order; elements new on either side follow in canonical
    order, so that the result does not depend on which side is ours. Elements may be mappings
    (compared by value). Only called when both sides changed the list.
    """
    b_keys = {canonical(x) for x in base}
    o_keys = {canonical(x) for x in ours}
    t_keys = {canonical(x) for x in theirs}
    removed = (b_keys - o_keys) | (b_keys - t_keys)
    kept = [x for x in base if canonical(x) not in removed]
    added = {canonical(x): x for x in [*ours, *theirs] if canonical(x) not in b_keys}
    return _dedupe(kept + [added[k] for k in sorted(added)])


def _dedupe(values: Iterable[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for v in values:
        k = canonical(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


# --------------------------------------------------------------------------- log entries


def merge_entries(
    base: Sequence[T],
    ours: Sequence[T],
    theirs: Sequence[T],
    key: Callable[[T], Any],
    tiebreak: Callable[[T], Any] = repr,
) -> list[T]:
    """Merge log entries: everything either side has, minus entries a side deleted.

    An entry edited on one side counts as the old one deleted and a new one added, so an entry
    edited differently on both sides survives in both edited forms. Exact duplicates appear once.
    When only one side changed the log, that side's list is returned as it is (no reordering).
    Otherwise entries are ordered by ``key`` (the date and time); among equal keys entries that
    were already in ``base`` keep their base order and come first, then new ones in ``tiebreak``
    order, so the result does not depend on which side is ours.
    """
    if list(ours) == list(theirs) or list(theirs) == list(base):
        return _dedupe_hashable(ours)
    if list(ours) == list(base):
        return _dedupe_hashable(theirs)
    base_set, ours_set, theirs_set = set(base), set(ours), set(theirs)
    deleted = (base_set - ours_set) | (base_set - theirs_set)
    kept = [e for e in _dedupe_hashable(base) if e not in deleted]
    new = (ours_set | theirs_set) - base_set
    ordered = kept + sorted(new, key=tiebreak)
    return sorted(ordered, key=key)  # stable: base order, then tiebreak, within one key


def _dedupe_hashable(items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------- free text


@dataclass(frozen=True)
class TextMerge:
    text: str
    conflicted: bool


def merge_text(base: str, ours: str, theirs: str) -> TextMerge:
    """A line-based three-way merge (diff3), symmetric in ``ours`` and ``theirs``.

    A passage changed on one side only takes that change. Text inserted at the same place on both
    sides is kept from both (the longer one alone when one extends the other). A passage changed
    differently on both sides becomes a conflict block (see :func:`conflict_block`).
    """
    if ours == theirs or theirs == base:
        return TextMerge(ours, False)
    if ours == base:
        return TextMerge(theirs, False)
    o_lines, a_lines, b_lines = (_lines(x) for x in (base, ours, theirs))
    out: list[str] = []
    conflicted = False
    for o_chunk, a_chunk, b_chunk in _diff3_chunks(o_lines, a_lines, b_lines):
        lines, clash = _resolve_chunk(o_chunk, a_chunk, b_chunk)
        out.extend(lines)
        conflicted |= clash
    return TextMerge("".join(out), conflicted)


def _lines(text: str) -> list[str]:
    """Split keeping line ends; a last line without one gets one so that lines compare equal."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines


def _diff3_chunks(
    o: list[str], a: list[str], b: list[str]
) -> Iterable[tuple[list[str], list[str], list[str]]]:
    """Yield aligned (base, a, b) chunks: stable ones (all equal) and unstable ones between."""
    ma, mb = _match_map(o, a), _match_map(o, b)
    lo = la = lb = 0
    while lo < len(o) or la < len(a) or lb < len(b):
        i = 0
        while lo + i < len(o) and ma.get(lo + i) == la + i and mb.get(lo + i) == lb + i:
            i += 1
        if i:
            yield o[lo : lo + i], a[la : la + i], b[lb : lb + i]
            lo, la, lb = lo + i, la + i, lb + i
            continue
        nxt = next((k for k in range(lo + 1, len(o)) if k in ma and k in mb), None)
        if nxt is None:
            yield o[lo:], a[la:], b[lb:]
            return
        yield o[lo:nxt], a[la : ma[nxt]], b[lb : mb[nxt]]
        lo, la, lb = nxt, ma[nxt], mb[nxt]


def _match_map(o: list[str], x: list[str]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, o, x, autojunk=False)
    return {i + k: j + k for i, j, n in matcher.get_matching_blocks() for k in range(n)}


def _resolve_chunk(o: list[str], a: list[str], b: list[str]) -> tuple[list[str], bool]:
    if a == b or b == o:
        return a, False
    if a == o:
        return b, False
    first, second = sorted((a, b), key="".join)
    if not o:  # both inserted here: keep both, or the longer when one extends the other
        if second[: len(first)] == first or second[-len(first) :] == first:
            return second, False
        return first + second, False
    return conflict_block(first, second), True


def conflict_block(first: list[str], second: list[str]) -> list[str]:
    """The readable block that keeps two conflicting versions of a passage (docs/sync.md)."""
    block = [CONFLICT_START + "\n", CONFLICT_VERSION.format(n=1) + "\n", *first]
    block += [CONFLICT_VERSION.format(n=2) + "\n", *second, CONFLICT_END + "\n"]
    return block


# --------------------------------------------------------------------------- detection


def has_text_conflict(text: str) -> bool:
    """True when ``text`` holds a custnote conflict block or raw git conflict markers."""
    return has_git_markers(text) or any(
        line.startswith(CONFLICT_PREFIX) for line in text.splitlines()
    )


def has_git_markers(text: str) -> bool:
    """True when ``text`` holds raw git conflict markers (never to be committed or pushed).

    Both an opening and a closing marker are required: a lone ``=======`` is a Markdown heading
    underline.
    """
    lines = text.splitlines()
    return any(x.startswith("<<<<<<< ") for x in lines) and any(
        x.startswith(">>>>>>> ") for x in lines
    )
