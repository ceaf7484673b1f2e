"""``custnote add``: a new customer."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from custnote import i18n
from custnote.cli import completion, context, render
from custnote.core.note.dates import parse_date
from custnote.core.note.fieldops import REMOVE, parse_assignments
from custnote.core.note.json_records import note_record
from custnote.core.note.templates import load_template
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def _prompt_missing(values: dict[str, object], nb: Notebook) -> None:
    """At a terminal, ask for the basics that were not given (empty answers skip); a wrong
    answer (a control character, an email without @, a phone without digits) asks again."""
    from custnote.cli.labels import label
    from custnote.cli.lang import language
    from custnote.cli.prompts import ask, line_editing
    from custnote.core.note.controlchars import check_text
    from custnote.core.note.validation import validate_field

    lang = language(nb)

    def checker(key: str) -> Callable[[str], object]:
        def check(answer: str) -> object:
            check_text(key, answer, multiline=False)
            value = [answer] if key in ("phones", "emails") else answer
            validate_field(key, value, nb.config, "")
            return value

        return check

    with line_editing(nb.state_dir / "prompt-history"):
        for key in ("kana", "company", "phones", "emails"):
            if not values.get(key):
                values[key] = ask(label(f"ask_{key}", lang), checker(key))


def _refuse_duplicates(nb: Notebook, fields: dict[str, object], *, ask: bool) -> None:
    """A customer who looks like one already here: at a terminal, show them and ask; else
    refuse, naming the existing one (rule: :mod:`custnote.core.notebook.duplicates`)."""
    from custnote.core.notebook.duplicates import duplicates_for_add
    from custnote.errors import AbortedError, DuplicateCustomerError

    found = duplicates_for_add(nb, fields)
    if not found:
        return
    if not ask:
        first = found[0]
        existing = f"{first.name} (id {first.id}, {first.path})"
        raise DuplicateCustomerError(str(fields["name"]), existing, first.reason)
    from custnote.cli.lang import language
    from custnote.cli.render_card import show_card
    from custnote.core import clock

    for duplicate in found:
        render.info(
            _("[yellow]Already here (same {value}):[/]").format(
                value=render.escape(duplicate.reason)
            )
        )
        show_card(nb.load(duplicate.path), lang=language(nb), today=clock.today(), entries=3)
    if not typer.confirm(_("Add a new customer anyway?"), default=False):
        raise AbortedError(_("not added"))


def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help='The customer\'s name, e.g. "山田 太郎".'),
    kana: str | None = typer.Option(None, help="Reading (ふりがな)."),
    company: str | None = typer.Option(None, help="Company (会社名)."),
    phone: list[str] = typer.Option([], "--phone", help="Phone number (repeatable)."),
    email: list[str] = typer.Option([], "--email", help="Email address (repeatable)."),
    owner: str | None = typer.Option(
        None, help="Person in charge (担当).", autocompletion=completion.complete_owner
    ),
    tag: list[str] = typer.Option(
        [], "--tag", help="Tag (repeatable).", autocompletion=completion.complete_tag
    ),
    birthday: str | None = typer.Option(None, help="Birthday, e.g. 1970-05-12 or 昭和45年5月12日."),
    status: str | None = typer.Option(None, help="prospect, active, dormant or lost."),
    template: str = typer.Option("default", "--template", "-t", help="Note template."),
    set_: list[str] = typer.Option([], "--set", help="Any other field: key=value (repeatable)."),
    force: bool = typer.Option(
        False, "--force", help="Add even when the customer looks like one already here."
    ),
    json_: bool = typer.Option(False, "--json", help="Print the new customer as JSON."),
) -> None:
    """Add a customer (one commit). Asks for missing basics when run at a terminal."""
    nb = context.notebook(ctx)
    tpl = load_template(template, i18n.language(), nb.root, nb.config.custom_fields)
    values: dict[str, object] = {
        "kana": kana,
        "company": company,
        "phones": phone or None,
        "emails": email or None,
        "owner": owner,
        "tags": tag or None,
        "birthday": parse_date(birthday, "birthday") if birthday else None,
        "status": status,
    }
    if sys.stdin.isatty() and not json_:
        _prompt_missing(values, nb)
    fields = dict(tpl.fields) | {"name": name}
    fields |= {k: v for k, v in values.items() if v not in (None, "", [])}
    for key, value in parse_assignments(fields, set_, nb.config).items():
        if value is REMOVE:
            fields.pop(key, None)
        else:
            fields[key] = value
    if not force:
        _refuse_duplicates(nb, fields, ask=sys.stdin.isatty() and not json_)
    note = nb.create(fields, body=tpl.body)
    if json_:
        render.print_json(note_record(note))
    else:
        render.info(
            _("Added [bold]{value}[/] (id {id}) → {path}").format(
                value=render.escape(note.name), id=note.id, path=note.path
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(add)
