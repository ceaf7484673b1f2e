"""``custnote check``: find (and with ``--fix`` repair) what is wrong in a notebook."""

from __future__ import annotations

import typer

from custnote.cli import context, render
from custnote.i18n import _


def check(
    ctx: typer.Context,
    fix: bool = typer.Option(False, "--fix", help="Repair what is safe to repair."),
    json_: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check the notebook: notes that do not validate, duplicate ids, and more (exit 1 if any)."""
    from custnote.core.checks import run_checks

    report = run_checks(context.notebook(ctx), fix=fix)
    if json_:
        render.print_json(
            {
                "ok": report.ok,
                "fixed": report.fixed,
                "findings": [
                    {"check": f.check, "path": f.path, "message": f.message, "fixable": f.fixable}
                    for f in report.findings
                ],
            }
        )
    else:
        for line in report.fixed:
            render.info(f"fixed: {render.escape(line)}")
        for f in report.findings:
            hint = _(" (custnote check --fix repairs it)") if f.fixable and not fix else ""
            render.warn(f"{f.check}: {f.message}{hint}")
        if report.ok:
            render.info(_("The notebook is healthy."))
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(check)
