"""What ``custnote sync`` and ``custnote conflicts`` show."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from custnote.cli.render import console, escape
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.sync.sharing import SyncReport


def report_record(report: SyncReport) -> dict[str, Any]:
    return asdict(report)


def show_report(report: SyncReport) -> None:
    out = console()
    for notice in report.notices:
        out.print(f"[yellow]{escape(notice)}[/]")
    if report.committed:
        out.print(
            _("Committed {value} note(s) edited by hand.").format(value=len(report.committed))
        )
    where = f"[bold]{escape(report.remote)}[/] ({escape(report.url)})"
    sent = (
        _("sent {pushed} commit(s)").format(pushed=report.pushed)
        if report.pushed
        else _("nothing to send")
    )
    retried = (
        _(" after {attempts} tries (others pushed meanwhile)").format(attempts=report.attempts)
        if report.attempts > 1
        else ""
    )
    out.print(
        _("Synced with {where}: {sent}{retried}.").format(where=where, sent=sent, retried=retried)
    )
    if report.settings_changed:  # not notes, yet they change custnote for everyone
        more = len(report.settings_changed) - 10
        changed = ", ".join(report.settings_changed[:10]) + (f" and {more} more" * (more > 0))
        out.print(
            _("[yellow]team settings changed: {value}[/]").format(value=escape(changed)),
            soft_wrap=True,
        )
    if not report.incoming and not report.settings_changed:
        out.print(_("[dim]Nothing new from the team.[/]"))
    elif report.incoming:
        out.print(
            _("Changes from the team to {value} customer(s):").format(value=len(report.incoming))
        )
        for change in report.incoming:
            by = ", ".join(change.authors)
            out.print(f"  [bold]{escape(change.name)}[/]  [dim]{change.path}[/]  by {escape(by)}")
    if report.conflicted:
        out.print(
            _(
                "[yellow]⚠ {value} note(s) hold changes that clashed; both versions are "
                "kept in the note. See 'custnote conflicts'.[/]"
            ).format(value=len(report.conflicted))
        )


def show_conflicts(found: dict[str, list[str]]) -> None:
    out = console()
    if not found:
        out.print(_("No conflicts: every note is resolved."))
        return
    for path, what in found.items():
        out.print(f"[yellow]{path}[/]  {escape(', '.join(what))}")
    out.print(
        _(
            "[dim]{value} note(s). Set each clashing field to the right value "
            "('custnote set CUSTOMER field=value'), and in 'custnote edit' keep the "
            "right lines and delete the '!!' lines (docs/sync.md).[/]"
        ).format(value=len(found))
    )
