"""``custnote disclose``: one file with everything held about a customer (開示)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from custnote import i18n
from custnote.cli import context, render
from custnote.i18n import _


def disclose(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help="Id, name, reading, email, phone or file name."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
    lang: str | None = typer.Option(
        None, "--lang", help="ja or en (default: the notebook's language)."
    ),
    format_: str | None = typer.Option(
        None, "--format", "-f", help="md or html (default: from the -o suffix, else md)."
    ),
    archived: bool = typer.Option(False, "--archived", help="Look among archived customers."),
) -> None:
    """Everything held about CUSTOMER: fields (restricted ones too), notes, every contact,
    every change with its date and author. Markdown, or HTML ready to print to PDF.

    Only someone who can read the restricted fields can make it; it is recorded in the
    audit log."""
    from custnote.core.privacy import audit
    from custnote.core.privacy.disclosure import build, markdown
    from custnote.errors import InvalidValueError

    nb = context.notebook(ctx)
    chosen = format_ or ("html" if output and output.suffix.lower() in (".html", ".htm") else "md")
    if chosen not in ("md", "html"):
        raise InvalidValueError("--format", chosen, _("must be md or html"))
    language = lang or i18n.language()
    note = nb.resolve(customer, archived=archived)
    blocks = build(nb, note, language if language in ("ja", "en") else "en")
    if chosen == "html":
        from custnote.adapters.disclosure_html import render as html

        text = html(blocks, language)
    else:
        text = markdown(blocks)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.write_text(text, "utf-8")
    audit.record(nb, "disclose", 1, f"customer {note.id}, {chosen}, to {output or 'stdout'}")
    if output is not None:
        render.info(
            _("Disclosure of {value} written to {output}").format(
                value=render.escape(note.name), output=output
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(disclose)
