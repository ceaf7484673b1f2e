"""Showing the agenda in the terminal: grouped (overdue, today, coming days, quiet customers),
coloured, one line per reminder, in the notebook's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from custnote.cli.render import console, escape
from custnote.core.reminders import Reminder

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


def when(reminder: Reminder, today: date, japanese: bool) -> str:
    """``11-25 (Wed)``, with how late or how soon: ``3 days late``, ``in 2 days``."""
    due = reminder.due
    if reminder.kind == "dormant":
        return ""  # the text says since when
    weekday = f"({_WEEKDAYS_JA[due.weekday()]})" if japanese else f"{due:(%a)}"
    delta = (due - today).days
    if delta == 0:
        relative = ""
    elif delta < 0:
        relative = f"{-delta}日超過" if japanese else f"{-delta}d late"
    else:
        relative = f"{delta}日後" if japanese else f"in {delta}d"
    year = "" if due.year == today.year else f"{due.year}-"
    return f"{year}{due:%m-%d}{weekday} {relative}".rstrip()


def show_agenda(reminders: Sequence[Reminder], today: date, days: int, *, japanese: bool) -> None:
    """The agenda, most urgent first (the order of ``reminders`` is kept)."""
    from rich.table import Table

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
        out.print(f"[{style}]{japanese_title if japanese else english}[/] [dim]({len(rows)})[/]")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)  # when
        grid.add_column(no_wrap=True)  # kind
        grid.add_column(no_wrap=True)  # customer and owner
        grid.add_column(overflow="fold")  # what
        for reminder in rows:
            grid.add_row(*_cells(reminder, today, japanese))
        out.print(grid)
        out.print()


def _cells(reminder: Reminder, today: date, japanese: bool) -> tuple[str, str, str, str]:
    colour, english, japanese_kind = _KINDS[reminder.kind]
    owner = ""
    if reminder.owner:
        owner = (
            f" [dim]担当 {escape(reminder.owner)}[/]"
            if japanese
            else f" [dim]({escape(reminder.owner)})[/]"
        )
    return (
        "  " + when(reminder, today, japanese),
        f"[{colour}]{japanese_kind if japanese else english}[/]",
        f"[bold]{escape(reminder.customer_name)}[/]{owner}",
        escape(reminder.text_ja if japanese else reminder.text),
    )
