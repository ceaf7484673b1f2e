"""Output of ``custnote search``, ``who`` and ``index``: rich for people, records for ``--json``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from custnote.cli.render import console
from custnote.core.note.json_records import entry_record, plain
from custnote.i18n import _, ngettext

if TYPE_CHECKING:
    from custnote.core.note.model import LogEntry
    from custnote.core.search.results import Hit, RefreshReport, SearchResults, Snippet
    from custnote.core.search.who import Caller

#: a refresh touching more files than this shows a progress bar
PROGRESS_THRESHOLD = 200
LAST_CONTACTS = 3


@contextmanager
def index_progress() -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that shows a bar with the time left (on stderr) for
    long refreshes, at a terminal only: nothing is written to a pipe or a file."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
            return
        if "bar" not in state:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            columns = (
                TextColumn(_("Indexing notes")),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(_("ETA")),
                TimeRemainingColumn(),
            )
            bar = Progress(*columns, console=console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("index", total=total)
        if done == total or done % 50 == 0:
            state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


class _Style:
    """ANSI styles for ``search`` output, written without rich (whose import alone costs a
    tenth of the 0.25 s a search may take). Plain text when not a terminal or with NO_COLOR."""

    def __init__(self) -> None:
        self.on = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and text else text


def highlighted(snippet: Snippet, style: Callable[[str, str], str]) -> str:
    """The snippet with the matched parts highlighted."""
    out, at = [], 0
    for start, end in snippet.spans:
        out += [snippet.text[at:start], style(snippet.text[start:end], "1;30;43")]
        at = end
    out.append(snippet.text[at:])
    return "".join(out)


def show_results(results: SearchResults) -> None:
    style = _Style()
    lines = []
    for rank, hit in enumerate(results.hits, 1):
        line = style(f"{rank:>2}. {hit.name}", "1")
        if hit.kana:
            line += " " + style(f"({hit.kana})", "2")
        extra = [hit.company] if hit.company else []
        extra += [f"担当 {hit.owner}"] if hit.owner else []
        if extra:
            line += "  " + " · ".join(extra)
        lines.append(f"{line}  " + style(f"{hit.id} · {hit.path}", "2"))
        snip = hit.snippet
        if snip and snip.text:
            if snip.date:
                stamp = snip.date + (f" {snip.time}" if snip.time else "")
                label = style(stamp, "1") + " " + style(snip.kind, "36")
            else:
                label = style(snip.source, "2")
            lines.append(f"    {label}  {highlighted(snip, style)}")
    shown, total = len(results.hits), results.total
    if total > shown:
        more = _("{shown} of {total} customers; -n {total} shows all")
        lines.append(style(more.format(shown=shown, total=total), "2"))
    else:
        lines.append(style(ngettext("{n} customer", "{n} customers", total).format(n=total), "2"))
    sys.stdout.write("\n".join(lines) + "\n")


def hit_record(hit: Hit) -> dict[str, Any]:
    snippet = hit.snippet
    return {
        "id": hit.id,
        "name": hit.name,
        "kana": hit.kana or None,
        "company": hit.company or None,
        "owner": hit.owner or None,
        "status": hit.status or None,
        "tags": hit.tags,
        "path": hit.path,
        "score": hit.score,
        "last_contact": hit.last_contact or None,
        "snippet": snippet.text if snippet else "",
        "snippet_source": snippet.source if snippet else None,
        "snippet_date": (snippet.date or None) if snippet else None,
        "snippet_kind": (snippet.kind or None) if snippet else None,
        "highlights": [list(span) for span in snippet.spans] if snippet else [],
    }


def show_refresh(report: RefreshReport, total: int) -> None:
    if report.rebuilt:
        what = (
            _("rebuilt ({reason})").format(reason=report.reason)
            if report.reason != "rebuild"
            else _("rebuilt")
        )
        console().print(_("Search index {what}: {total} customers.").format(what=what, total=total))
    elif report.updated or report.deleted:
        console().print(
            _(
                "Search index updated: {updated} re-indexed, {deleted} removed; {total} customers."
            ).format(updated=report.updated, deleted=report.deleted, total=total)
        )
    else:
        console().print(_("Search index up to date: {total} customers.").format(total=total))


# ----------------------------------------------------------------------------------- who


def caller_record(caller: Caller) -> dict[str, Any]:
    note = caller.note
    prefs = note.get("preferences") or {}
    return {
        "id": note.id,
        "name": note.name,
        "kana": note.get("kana"),
        "path": note.path,
        "company": note.get("company"),
        "owner": note.get("owner"),
        "status": note.get("status"),
        "matched": caller.matched,
        "cautions": plain(note.cautions),
        "preferences": plain(
            {k: v for k, v in prefs.items() if k not in note.cautions}
            if isinstance(prefs, dict)
            else {}
        ),
        "last_contacts": [entry_record(e) for e in reversed(note.sorted_log()[-LAST_CONTACTS:])],
    }


def _contact_line(entry: LogEntry, style: _Style, lang: str = "en") -> str:
    """One compact line per recent contact: when, what, who, follow-up, the text."""
    stamp = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
    parts = [style(stamp, "1") + " " + style(entry.kind, "36")]
    parts += [entry.author] if entry.author else []
    if entry.follow_up:
        from custnote.cli.labels import label

        parts.append(style(f"{label('follow_up', lang)} {entry.follow_up.isoformat()}", "35"))
    return " · ".join(parts) + ("  " + entry.text.replace("\n", " ") if entry.text else "")


def show_callers(callers: list[Caller], lang: str = "en") -> None:
    """Who is calling, what to watch out for, and the last contacts (without rich: see _Style).
    Labels in ``lang``; the card's words (:mod:`custnote.cli.labels`)."""
    from custnote.cli.labels import label
    from custnote.cli.render_card import likes_text

    style = _Style()
    lines = []
    for caller in callers:
        record = caller_record(caller)
        head = style(caller.note.name, "1")
        head += " " + style(f"({record['kana']})", "2") if record["kana"] else ""
        head += f"  {record['company']}" if record["company"] else ""
        owner = record["owner"]
        facts = [f"{label('owner', lang)} {style(str(owner), '1')}"] if owner else []
        facts += [str(record["status"])] if record["status"] else []
        mark = "✉" if "@" in caller.matched else "☎"
        facts += [f"id {caller.note.id}", f"{mark} {caller.matched}"]
        lines += [head, "  " + " · ".join(facts)]
        lines += [
            style(f"  ⚠ {label(k, lang)}: {_text(v)}", "1;31")
            for k, v in record["cautions"].items()
        ]
        likes = likes_text(record["preferences"], lang)
        lines += [f"  {label('likes', lang)}: {likes}"] if likes else []
        if channel := record["preferences"].get("channel"):
            lines.append(f"  {label('channel', lang)}: {_text(channel)}")
        recent = caller.note.sorted_log()[-LAST_CONTACTS:]
        lines += [f"  {_contact_line(e, style, lang)}" for e in reversed(recent)]
        lines += [] if recent else ["  " + style(label("no_contacts", lang), "2")]
        lines.append("")
    sys.stdout.write("\n".join(lines))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(plain(value))
