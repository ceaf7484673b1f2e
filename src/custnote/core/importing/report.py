"""What a customer import did, row by row, in words: the lines ``custnote import`` (and its
``--dry-run``) prints after the counts. Every merge is listed (``row 4 → updated 山田 太郎 (by
email taro@…)``), so no person is folded into another unseen; created rows are listed up to
``limit`` (a 10,000-row first import would otherwise print 10,000 lines). Pure.
"""

from __future__ import annotations

from custnote.core.importing.customers import Action, ImportPlan, PlannedCustomer
from custnote.i18n import _

_VERB = {Action.UPDATE: "updated", Action.UNCHANGED: "unchanged (nothing new)",
         Action.SKIP: "skipped (exists)"}  # fmt: skip


def _rows(numbers: list[int]) -> str:
    return ("rows " if len(numbers) > 1 else "row ") + ", ".join(map(str, numbers))


def _by(how: str) -> str:
    return f" (same {how})" if how else ""


def _created(items: list[PlannedCustomer], limit: int) -> list[str]:
    if not items:
        return []
    shown = [f"row {item.rows[0]} {item.name}" for item in items[:limit]]
    more = _(", … and {value} more").format(value=len(items) - limit) if len(items) > limit else ""
    return [f"created {len(items)}: " + ", ".join(shown) + more]


def summary_lines(plan: ImportPlan, *, limit: int = 20) -> list[str]:
    """One line for the created rows, and one per merge, update, unchanged or skipped row and
    shared phone (see module docstring; bad rows and cells are the caller's warnings)."""
    lines = _created([i for i in plan.customers if i.action is Action.CREATE], limit)
    for item in plan.customers:
        if item.action is Action.CREATE:
            first = item.rows[0]
            for row, how in item.merged:
                lines.append(f"row {row} → merged into row {first} {item.name}{_by(how)}")
            if item.shares_phone_with:
                others = ", ".join(item.shares_phone_with)
                lines.append(f"row {first} {item.name}: shares a phone number with {others}; "
                             "not merged (another name)")  # fmt: skip
        else:
            target = f"{item.name} ({item.target})" if item.target else item.name
            lines.append(f"{_rows(item.rows)} → {_VERB[item.action]} {target}"
                         f"{_by(item.matched_by)}")  # fmt: skip
    return lines


def counts(plan: ImportPlan) -> str:
    """``3 create, 1 update, 2 rows merged, 1 bad cell(s) dropped``."""
    parts = [f"{plan.count(action)} {action.value}" for action in Action if plan.count(action)]
    merged = sum(len(item.merged) for item in plan.customers)
    if merged:
        parts.append(f"{merged} row(s) merged into others")
    if plan.dropped:
        parts.append(f"{len(plan.dropped)} bad cell(s) dropped")
    if plan.bad:
        parts.append(f"{len(plan.bad)} bad row(s) skipped")
    return ", ".join(parts) or "nothing to import"
