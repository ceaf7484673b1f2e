"""``key=value`` assignments from the command line, turned into typed front-matter changes.

``tags+=vip`` adds to a list, ``tags-=vip`` removes from it, ``preferences.drink=紅茶`` sets a key
inside a mapping, and values are typed by field: lists split on ``,`` ``;`` ``、``, dates are
parsed (``1970/5/12`` is stored as ``1970-05-12``), custom fields follow the notebook's types.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from custnote.core.note.dates import parse_date
from custnote.core.note.model import DATE_FIELDS, LIST_FIELDS
from custnote.core.note.textnorm import nfkc
from custnote.core.notebook.config import NotebookConfig
from custnote.core.sync.merge_rules import CONFLICTS_KEY
from custnote.errors import InvalidValueError
from custnote.i18n import _

#: Marks a field to delete in a change set.
REMOVE = object()
PROTECTED = frozenset({"id"})
# lazy key parts, so that ``tags-=vip`` is key ``tags`` with ``-=`` (not key ``tags-`` with ``=``)
_ASSIGNMENT = re.compile(r"^([^\W\d][\w-]*?(?:\.[\w-]+?)*?)\s*(\+=|-=|=)(.*)$", re.DOTALL)
_LIST_SPLIT = re.compile(r"\s*[,;、]\s*")
#: ``a.b.c``: at most this many levels (docs/FORMAT.md); deeper is a typo, never a field.
MAX_KEY_DEPTH = 8


def _check_depth(key: str) -> None:
    if key.count(".") >= MAX_KEY_DEPTH:
        shown = key if len(key) <= 60 else key[:60] + "…"
        raise InvalidValueError(
            "key",
            shown,
            _("nested more than {MAX_KEY_DEPTH} levels deep").format(MAX_KEY_DEPTH=MAX_KEY_DEPTH),
        )


def split_list(value: str) -> list[str]:
    """``vip, golf、b2b`` -> ``["vip", "golf", "b2b"]``."""
    return [item for item in _LIST_SPLIT.split(value.strip()) if item]


def _is_list_field(key: str, config: NotebookConfig) -> bool:
    return (
        key in LIST_FIELDS or key.endswith(".allergies") or config.custom_fields.get(key) == "list"
    )


def typed_value(key: str, raw: str, config: NotebookConfig) -> Any:
    """The value to store for ``key`` given what the user typed."""
    kind = config.custom_fields.get(key)
    if _is_list_field(key, config):
        return split_list(raw)
    if key in DATE_FIELDS or kind == "date":
        return parse_date(raw, key)
    if kind == "number":
        try:
            number = float(nfkc(raw))
        except ValueError:
            raise InvalidValueError(key, raw, _("must be a number")) from None
        return int(number) if number.is_integer() else number
    return raw


def _path_set(fields: dict[str, Any], dotted: str, value: Any) -> tuple[str, Any]:
    """Set ``a.b.c`` inside a copy of the top-level value; returns (top key, new value)."""
    top, *rest = dotted.split(".")
    if not rest:
        return top, value
    root = copy.deepcopy(fields.get(top)) if isinstance(fields.get(top), dict) else {}
    node = root
    for part in rest[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value is REMOVE:
        node.pop(rest[-1], None)
    else:
        node[rest[-1]] = value
    return top, root


def _apply(working: dict[str, Any], dotted: str, value: Any) -> str:
    """Set (or with :data:`REMOVE`, delete) ``dotted`` in ``working``; returns the top key."""
    top, top_value = _path_set(working, dotted, value)
    if top_value is REMOVE:
        working.pop(top, None)
    else:
        working[top] = top_value
    return top


def _get(fields: dict[str, Any], dotted: str) -> Any:
    value: Any = fields
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def parse_assignments(
    fields: dict[str, Any], assignments: list[str], config: NotebookConfig
) -> dict[str, Any]:
    """Top-level changes ``{key: new value or REMOVE}`` for ``key=value`` strings."""
    working = copy.deepcopy(fields)
    changed: set[str] = set()
    for text in assignments:
        _check_depth(re.split(r"[+-]?=", text, maxsplit=1)[0])
        m = _ASSIGNMENT.match(text.strip())
        if not m:
            raise InvalidValueError(
                "assignment", text, _("write key=value, key+=value or key-=value")
            )
        key, op, raw = m[1], m[2], m[3].strip()
        if key.split(".")[0] in PROTECTED:
            raise InvalidValueError(key, raw, _("cannot be changed"))
        if op == "=":
            value = typed_value(key, raw, config) if raw else REMOVE
        else:
            current = _get(working, key)
            items = current if isinstance(current, list) else ([] if current is None else [current])
            new = split_list(raw)
            if op == "+=":
                value = items + [item for item in new if item not in items]
            else:
                value = [item for item in items if item not in new]
        changed.add(_apply(working, key, value))
        changed |= _resolve_conflicts(working, key)
    return {key: working.get(key, REMOVE) for key in changed}


def _exists(fields: dict[str, Any], key: str) -> bool:
    value: Any = fields
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


def parse_removals(fields: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Top-level changes for ``unset`` of ``key`` or ``key.sub``."""
    working = copy.deepcopy(fields)
    changed = set()
    for key in keys:
        _check_depth(key)
        if key.split(".")[0] in PROTECTED or key == "name":
            raise InvalidValueError(key, None, _("cannot be removed"))
        if not _exists(fields, key):
            raise InvalidValueError(key, key, _("no such field, nothing was removed"))
        changed.add(_apply(working, key, REMOVE))
        changed |= _resolve_conflicts(working, key)
    return {key: working.get(key, REMOVE) for key in changed}


def _resolve_conflicts(working: dict[str, Any], key: str) -> set[str]:
    """Setting or removing a field a merge left conflicted resolves it: its entries under
    ``conflicts`` (docs/FORMAT.md) go, and the key with them once none is left. Returns the
    top-level keys that changed."""
    recorded = working.get(CONFLICTS_KEY)
    if not isinstance(recorded, list):
        return set()

    def about_key(conflict: object) -> bool:
        field = str(conflict.get("field", "")) if isinstance(conflict, dict) else ""
        return field == key or field.startswith(f"{key}.")

    kept = [conflict for conflict in recorded if not about_key(conflict)]
    if len(kept) == len(recorded):
        return set()
    if kept:
        working[CONFLICTS_KEY] = kept
    else:
        del working[CONFLICTS_KEY]
    return {CONFLICTS_KEY}
