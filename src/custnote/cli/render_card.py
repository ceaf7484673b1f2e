"""The customer card (``custnote show``), written for a person about to call.

Order: cautions first, then who they are, how to reach them and when, what they like, family as
people, dates that matter, then the notes, open follow-ups and the last contacts. Labels come
from :mod:`custnote.cli.labels` in one language; values are shown as written. Every value goes
through :func:`text`, so a value may also be a plain placeholder string (e.g. a hidden one).
Long values wrap inside the card; nothing is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from custnote.cli.labels import (
    age,
    full_date,
    label,
    like,
    month_day,
    parens,
    years_count,
)
from custnote.cli.render import console, escape
from custnote.core.agenda.relations import relation_in
from custnote.core.note.date_reader import DateError, read_date
from custnote.core.note.dates import format_duration
from custnote.core.note.model import CAUTION_KEYS, LogEntry, Note
from custnote.i18n import _

#: fields the card lays out itself; any other field is shown under its own name
_LAID_OUT = {
    "id", "name", "kana", "company", "department", "title", "owner", "status", "phones",
    "emails", "contact_hours", "preferences", "birthday", "died", "family", "anniversaries",
    "postal_code", "address", "tags", "source", "visit_every", "created", "conflicts",
}  # fmt: skip

#: a family member's note longer than this (with the name) goes on a line of its own
_ONE_LINE = 24

Row = tuple[str, str, str | None]  # label, value (plain text), rich style of the row


def text(value: Any) -> str:
    """A value as a person reads it: lists joined, dates ISO, a placeholder string as is."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(t for t in (text(v) for v in value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {text(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _as_date(value: Any) -> date | None:
    try:  # a hand-written date is read as the agenda reads it (one reader)
        return read_date(value)
    except DateError:
        return None


def years_since(start: date, today: date) -> int:
    """Whole years from ``start`` to ``today`` (an age, an anniversary's count)."""
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def family_line(member: Any, lang: str, today: date) -> str:
    """``妻 山田 恵子（53歳・12月6日）経理担当`` / ``wife Keiko (age 53, Dec 6) — accounts``: a
    known relation in the card's language (core/agenda/relations.py), anything else as written."""
    if not isinstance(member, dict):
        return text(member)
    relation = relation_in(text(member.get("relation")), lang) if member.get("relation") else ""
    head = " ".join(t for t in (relation, text(member.get("name"))) if t)
    extras = []
    born, died = _as_date(member.get("birthday")), member.get("died")
    if died:
        extras.append(label("deceased", lang))
    elif born and years_since(born, today) >= 0:
        extras.append(age(years_since(born, today), lang))
    if born:
        extras.append(month_day(born.month, born.day, lang))
    elif member.get("birthday"):
        extras.append(text(member.get("birthday")))
    line = head + parens(extras, lang)
    notes = [text(member.get("note"))] if member.get("note") else []
    known = {"relation", "name", "birthday", "died", "note"}
    notes += [f"{k}: {text(v)}" for k, v in member.items() if k not in known and v]
    if notes:
        glue = "" if lang == "ja" and extras else (" " if lang == "ja" else " — ")
        said = " ".join(notes)
        if len(line) + len(said) > _ONE_LINE:
            glue = "\n"  # a long note starts its own line, so the name is never split
        line += glue + said
    return line.strip()


def anniversary_line(item: Any, lang: str, today: date) -> str:
    """``創業記念日 4月1日（38周年）`` / ``Founding day Apr 1 (38 years)``."""
    if not isinstance(item, dict):
        return text(item)
    day = _as_date(item.get("date"))
    name = text(item.get("label"))
    if day is None:
        return " ".join(t for t in (name, text(item.get("date"))) if t)
    count = years_since(day, today)
    when = month_day(day.month, day.day, lang)
    return f"{name} {when}".strip() + parens([years_count(count, lang)] if count > 0 else [], lang)


def birthday_text(value: Any, lang: str, today: date) -> str:
    born = _as_date(value)
    if born is None:
        return text(value)
    return full_date(born.year, born.month, born.day, lang) + parens(
        [age(years_since(born, today), lang)], lang
    )


def likes_text(prefs: dict[str, Any], lang: str) -> str:
    """What they like, as sentences (``お飲み物はほうじ茶。趣味はゴルフ。``)."""
    said = []
    for key, value in prefs.items():
        if key in CAUTION_KEYS or key == "channel" or value in (None, "", []):
            continue
        said.append(like(key, text(value), lang))
    return ("" if lang == "ja" else " ").join(said)


def card_rows(note: Note, lang: str, today: date, conflicts: Sequence[str] = ()) -> list[Row]:
    """The card's rows in reading order (see the module docstring)."""
    rows: list[Row] = []
    caution = "bold red"
    for key, value in note.cautions.items():
        rows.append((f"⚠ {label(key, lang)}", text(value), caution))
    if conflicts:
        fields = ", ".join(conflicts)
        rows.append(
            (
                f"⚠ {label('conflict', lang)}",
                label("conflict_text", lang).format(fields=fields),
                caution,
            )
        )

    def add(key: str, value: Any, style: str | None = None) -> None:
        if value not in (None, "", []):
            rows.append((label(key, lang), value if isinstance(value, str) else text(value), style))

    company = [text(note.get(k)) for k in ("company", "department", "title") if note.get(k)]
    add("company", " · ".join(company))
    add("owner", note.get("owner"))
    add("phones", note.get("phones"))
    add("emails", note.get("emails"))
    add("contact_hours", note.get("contact_hours"))
    prefs = note.get("preferences")
    if isinstance(prefs, dict):
        add("channel", prefs.get("channel"))
        add("likes", likes_text(prefs, lang))
    else:
        add("likes", prefs)
    if note.get("birthday"):
        add("birthday", birthday_text(note.get("birthday"), lang, today))
    add("died", note.get("died"))
    for key, line in (("family", family_line), ("anniversaries", anniversary_line)):
        items = note.get(key)
        for n, item in enumerate(items if isinstance(items, list) else [items] if items else []):
            rows.append((label(key, lang) if n == 0 else "", line(item, lang, today), None))
    postal = text(note.get("postal_code"))
    address = " ".join(t for t in (f"〒{postal}" if postal else "", text(note.get("address"))) if t)
    add("address", address)
    add("tags", note.get("tags"))
    add("source", note.get("source"))
    add("visit_every", note.get("visit_every"))
    for key, value in note.fields.items():
        if key not in _LAID_OUT and value not in (None, "", []):
            rows.append((key, text(value), None))
    return rows


def entry_heading(entry: LogEntry, lang: str) -> str:
    """``2026-11-20 14:30 visit · sato · 45m · 12,000 · フォローアップ 2026-12-01`` (markup)."""
    stamp = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
    parts = [f"[bold]{stamp}[/] [cyan]{escape(entry.kind)}[/]"]
    if entry.author:
        parts.append(escape(entry.author))
    if entry.duration_min is not None:
        parts.append(format_duration(entry.duration_min))
    if entry.amount is not None:
        parts.append(f"{entry.amount:,f}")
    if entry.follow_up:
        parts.append(f"[magenta]{label('follow_up', lang)} {entry.follow_up.isoformat()}[/]")
    if entry.done:
        parts.append(f"[green]{label('done', lang)} {entry.done.isoformat()}[/]")
    parts += [f"{escape(k)}: {escape(v)}" for k, v in entry.attributes.items()]
    return " · ".join(parts)


def show_card(
    note: Note,
    *,
    lang: str,
    today: date,
    entries: int | None = 5,
    conflicts: Sequence[str] = (),
) -> None:
    """Print the card (see the module docstring)."""
    from rich.panel import Panel
    from rich.table import Table

    from custnote.cli.render import print_body
    from custnote.core.agenda.reminders import open_follow_ups

    out = console()
    kana = text(note.get("kana"))
    reading = (f"（{kana}）" if lang == "ja" else f" ({kana})") if kana else ""
    status = text(note.get("status"))
    out.print(
        f"[bold]{escape(note.name)}[/]{escape(reading)}"
        + (f" · {escape(label('status', lang))} {escape(status)}" if status else "")
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value, style in card_rows(note, lang, today, conflicts):
        grid.add_row(escape(name), escape(value), style=style)
    out.print(Panel(grid))
    out.print(_("[dim]id {id} · {value}[/]").format(id=note.id, value=escape(note.path or "")))
    if note.body:
        print_body(note.body)
    log = note.sorted_log()
    pending = open_follow_ups(log)
    if pending:
        out.print(f"[bold magenta]{label('follow_ups', lang)}[/]")
        for entry in pending:
            about = (entry.text.splitlines() or [""])[0]
            out.print(
                f"  [magenta]{entry.follow_up.isoformat()}[/] ← {entry.date.isoformat()} "  # type: ignore[union-attr]
                f"{escape(entry.kind)}" + (f"  {escape(about)}" if about else "")
            )
        out.print()
    if not log:
        out.print(f"[dim]{label('no_log', lang)}[/]")
        return
    shown = log if entries is None else log[max(len(log) - entries, 0) :]
    if len(shown) < len(log):
        out.print(f"[dim]{label('last_n_of', lang).format(shown=len(shown), total=len(log))}[/]")
    else:
        out.print(f"[bold]{label('last_contacts', lang)}[/]")
    for entry in reversed(shown):
        out.print(entry_heading(entry, lang))
        if entry.text:
            out.print(escape(entry.text), style="default")
        out.print()
