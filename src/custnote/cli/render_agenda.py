"""Showing the agenda in the terminal: grouped (overdue, today, coming days, quiet customers),
coloured, one line per reminder, in the notebook's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from rich.cells import cell_len

from custnote.cli.render import console, escape
from custnote.core.agenda.reminders import Reminder

_GROUPS = {
    "overdue": ("bold red", "Overdue", "期限切れ"),
    "today": ("bold yellow", "Today", "今日"),
    "upcoming": ("bold cyan", "Coming days", "今後の予定"),
    "dormant": ("bold magenta", "Not contacted for a while", "しばらく連絡のないお客様"),
}
_KINDS = {
    "follow-up": ("red", "follow-up", "フォロー"),
    "visit": ("yellow", "visit", "定期訪問"),
    "replacement": ("yellow", "replace", "買い替え"),
    "memorial": ("white", "memorial", "法要"),
    "birthday": ("green", "birthday", "誕生日"),
    "anniversary": ("green", "anniversary", "記念日"),
    "dormant": ("magenta", "quiet", "休眠"),
}
_WEEKDAYS_JA = "月火水木金土日"


def when(reminder: Reminder, today: date, japanese: bool) -> tuple[str, str]:
    """The day (``11-25(Wed)``, with the year when it is not this year) and how late or how
    soon (``3d late``, ``in 2d``; nothing for today)."""
    due = reminder.due
    if reminder.kind == "dormant":
        return "", ""  # the text says since when
    weekday = f"({_WEEKDAYS_JA[due.weekday()]})" if japanese else f"{due:(%a)}"
    delta = (due - today).days
    if delta == 0:
        relative = ""
    elif delta < 0:
        relative = f"{-delta}日超過" if japanese else f"{-delta}d late"
    else:
        relative = f"{delta}日後" if japanese else f"in {delta}d"
    year = "" if due.year == today.year else f"{due.year}-"
    return f"{year}{due:%m-%d}{weekday}", relative


def show_agenda(
    reminders: Sequence[Reminder], today: date, days: int, *, japanese: bool, limit: int | None
) -> None:
    """The agenda, most urgent first (the order of ``reminders`` is kept), at most ``limit``
    lines per group. Lines are padded by display width (Japanese characters are two cells)."""
    out = console()
    if not reminders:
        empty = (
            f"今日から{days}日間の予定はありません。"
            if japanese
            else f"Nothing due in {days} days."
        )
        out.print(f"[green]{empty}[/]")
        return
    for group, items in groupby(reminders, key=lambda r: r.group(today)):
        rows = list(items)
        style, english, japanese_title = _GROUPS[group]
        lines = [f"[{style}]{japanese_title if japanese else english}[/] [dim]({len(rows)})[/]"]
        cells = [_cells(reminder, today, japanese) for reminder in rows[:limit]]
        widths = [max(cell_len(row[i][0]) for row in cells) for i in range(4)]
        for row in cells:
            padded = [
                f"{style_}{escape(text)}{' ' * (width - cell_len(text))}{'[/]' if style_ else ''}"
                for (text, style_), width in zip(row[:4], widths, strict=True)
                if width
            ]
            lines.append("  " + " ".join(padded) + " " + escape(row[4][0]))
        if limit is not None and len(rows) > limit:
            more = len(rows) - limit
            lines.append(
                f"  [dim]… 他 {more} 件 (--all)[/]"
                if japanese
                else f"  [dim]… {more} more (--all)[/]"
            )
        out.print("\n".join(lines) + "\n", soft_wrap=True)


def _cells(reminder: Reminder, today: date, japanese: bool) -> list[tuple[str, str]]:
    """(text, opening style tag) of: day, how late or soon, kind, customer (with owner), what."""
    colour, english, japanese_kind = _KINDS[reminder.kind]
    who = reminder.customer_name
    if reminder.owner:
        who += f" (担当 {reminder.owner})" if japanese else f" ({reminder.owner})"
    day, relative = when(reminder, today, japanese)
    return [
        (day, "[dim]"),
        (relative, "[dim]"),
        (japanese_kind if japanese else english, f"[{colour}]"),
        (who, "[bold]"),
        (reminder.text_ja if japanese else reminder.text, ""),
    ]
