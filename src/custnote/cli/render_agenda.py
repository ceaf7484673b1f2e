"""Showing the agenda in the terminal: grouped (overdue, today, coming days, quiet customers),
coloured, one line per reminder, in the notebook's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby

from rich.cells import cell_len

from custnote.cli.render import console, escape
from custnote.core.agenda.reminders import Reminder
from custnote.i18n import N_, gettext_in

_GROUPS = {
    "overdue": ("bold red", N_("Overdue")),
    "today": ("bold yellow", N_("Today")),
    "upcoming": ("bold cyan", N_("Coming days")),
    "dormant": ("bold magenta", N_("Not contacted for a while")),
}
_KINDS = {
    "follow-up": ("red", N_("follow-up")),
    "visit": ("yellow", N_("visit")),
    "replacement": ("yellow", N_("replace")),
    "memorial": ("white", N_("memorial")),
    "birthday": ("green", N_("birthday")),
    "anniversary": ("green", N_("anniversary")),
    "dormant": ("magenta", N_("quiet")),
}
_WEEKDAYS_JA = "月火水木金土日"


def _in(japanese: bool, message: str) -> str:
    """``message`` in the agenda's language (the run's: ``japanese`` says which)."""
    return gettext_in("ja" if japanese else "en", message)


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
        relative = _in(japanese, "{days}d late").format(days=-delta)
    else:
        relative = _in(japanese, "in {days}d").format(days=delta)
    year = "" if due.year == today.year else f"{due.year}-"
    return f"{year}{due:%m-%d}{weekday}", relative


def show_agenda(
    reminders: Sequence[Reminder],
    today: date,
    days: int,
    *,
    japanese: bool,
    limit: int | None,
    counts: Mapping[str, int] | None = None,
) -> None:
    """The agenda, most urgent first (the order of ``reminders`` is kept), at most ``limit``
    lines per group, each group's title with its count (``counts``, when ``reminders`` holds
    only the first of each group; else as many as there are). Lines are padded by display
    width (Japanese characters are two cells)."""
    out = console()
    if not reminders:
        empty = _in(japanese, "Nothing due in {days} days.").format(days=days)
        out.print(f"[green]{empty}[/]")
        return
    for group, items in groupby(reminders, key=lambda r: r.group(today)):
        rows = list(items)
        total = counts[group] if counts else len(rows)
        style, title = _GROUPS[group]
        lines = [f"[{style}]{_in(japanese, title)}[/] [dim]({total})[/]"]
        cells = [_cells(reminder, today, japanese) for reminder in rows[:limit]]
        widths = [max(cell_len(row[i][0]) for row in cells) for i in range(4)]
        for row in cells:
            padded = [
                f"{style_}{escape(text)}{' ' * (width - cell_len(text))}{'[/]' if style_ else ''}"
                for (text, style_), width in zip(row[:4], widths, strict=True)
                if width
            ]
            lines.append("  " + " ".join(padded) + " " + escape(row[4][0]))
        if limit is not None and total > limit:
            more = total - limit
            more_text = _in(japanese, "… {more} more (--all)").format(more=more)
            lines.append(f"  [dim]{more_text}[/]")
        out.print("\n".join(lines) + "\n", soft_wrap=True)


def _cells(reminder: Reminder, today: date, japanese: bool) -> list[tuple[str, str]]:
    """(text, opening style tag) of: day, how late or soon, kind, customer (with owner), what."""
    colour, kind = _KINDS[reminder.kind]
    who = reminder.customer_name
    if reminder.owner:
        who += _in(japanese, " ({owner})").format(owner=reminder.owner)
    day, relative = when(reminder, today, japanese)
    return [
        (day, "[dim]"),
        (relative, "[dim]"),
        (_in(japanese, kind), f"[{colour}]"),
        (who, "[bold]"),
        (reminder.text_ja if japanese else reminder.text, ""),
    ]
