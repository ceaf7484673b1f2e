"""``custnote who``: who is calling (or writing)?"""

from __future__ import annotations

import typer

from custnote.cli import context, render, render_search


def who(
    ctx: typer.Context,
    number: str = typer.Argument(
        ..., help="Phone number in any form (0355550199, +81 3 5555 0199, ０３…) or email."
    ),
    json_: bool = typer.Option(False, "--json", help="Print the callers as JSON."),
) -> None:
    """Who has this phone number or email: owner (担当), cautions, last three contacts."""
    from custnote.core.search.who import who as find_callers

    nb = context.notebook(ctx)
    callers = find_callers(nb, number)
    if json_:
        render.print_json([render_search.caller_record(c) for c in callers])
    else:
        from custnote.cli.lang import language

        render_search.show_callers(callers, language(nb))


def register(app: typer.Typer) -> None:
    app.command()(who)
