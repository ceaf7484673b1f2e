"""``custnote access``: who can read the restricted fields (docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from custnote.cli import context, render
from custnote.i18n import _

access_app = typer.Typer(
    help="Who can read the restricted fields (family, birthday, address, allergies, …).",
    no_args_is_help=True,
)


def _key_text(key: str) -> str:
    """A key given as its text, or as the path of a file holding it (``~/.ssh/id_ed25519.pub``)."""
    if key.startswith(("ssh-", "age1")):
        return key
    path = Path(key).expanduser()
    if path.is_file():
        return path.read_text("utf-8", errors="replace").strip()
    return key


def _confirm(nb, what: str, yes: bool) -> None:
    """Re-encrypting may rewrite every note: a bulk change (confirm_bulk)."""
    from custnote.cli.confirm import confirm_bulk

    confirm_bulk(nb, len(nb.note_paths()) + len(nb.note_paths(archived=True)), what, yes)


@access_app.command("grant")
def grant(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The team member (as in the recipients file)."),
    keys: list[str] = typer.Argument(
        ..., help="Their public keys: 'ssh-ed25519 AAAA…', 'age1…', or a .pub file."
    ),
    group: list[str] = typer.Option([], "--group", "-g", help="A group they belong to."),
    yes: bool = typer.Option(False, "--yes", "-y", help="No question (confirm_bulk)."),
) -> None:
    """Let NAME read restricted fields; re-encrypts what they may read, as one commit."""
    from custnote.core.privacy.access import grant as do_grant

    nb = context.notebook(ctx)
    _confirm(nb, f"granting {name}", yes)
    change = do_grant(nb, name, [_key_text(k) for k in keys], group)
    render.info(
        _(
            "{value} can read restricted fields ({values} values in {notes} notes re-encrypted)"
        ).format(value=render.escape(name), values=change.values, notes=change.notes)
    )


@access_app.command("revoke")
def revoke(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The team member to remove."),
    yes: bool = typer.Option(False, "--yes", "-y", help="No question (confirm_bulk)."),
) -> None:
    """Stop NAME reading restricted fields from now on; re-encrypts, as one commit.

    What they already copied (old commits included) stays readable to them: see
    docs/privacy.md."""
    from custnote.core.privacy.access import revoke as do_revoke

    nb = context.notebook(ctx)
    _confirm(nb, f"revoking {name}", yes)
    change = do_revoke(nb, name)
    render.info(
        _(
            "{value} removed ({values} values in {notes} notes re-encrypted); values "
            "they saw before are in their copy of the history"
        ).format(value=render.escape(name), values=change.values, notes=change.notes)
    )


@access_app.command("list")
def list_readers(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The readers, their keys and groups, and which fields are restricted."""
    nb = context.notebook(ctx)
    policy = nb.policy
    keyring = nb.keyring()
    data = {
        "restricted_fields": list(policy.fields),
        "restricted_sections": list(policy.sections),
        "readers": [{"name": m.name, "keys": m.keys, "groups": m.groups} for m in policy.members],
        "your_keys": list(keyring.sources),
    }
    if as_json:
        render.print_json(data)
        return
    if not policy.members:
        render.info(_("Nothing is restricted yet: 'custnote access grant NAME KEY' starts it."))
        return
    render.info(_("Restricted fields: {value}").format(value=", ".join(policy.fields)))
    render.info(
        _("Restricted body sections: {value}").format(
            value=", ".join("## " + s for s in policy.sections)
        )
    )
    for member in policy.members:
        groups = f" ({', '.join(member.groups)})" if member.groups else ""
        keys = ", ".join(k[:24] + "…" for k in member.keys)
        render.info(f"  {render.escape(member.name)}{render.escape(groups)}: {keys}")
    mine = ", ".join(keyring.sources) or _("none found (see docs/privacy.md: identity)")
    render.info(_("Your private keys: {value}").format(value=render.escape(mine)))


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")
