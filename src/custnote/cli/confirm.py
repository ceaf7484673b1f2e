"""Asking before a bulk change (the notebook option ``confirm_bulk``, docs/privacy.md)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def confirm_bulk(nb: Notebook, count: int, what: str, yes: bool) -> None:
    """Ask at a terminal, else refuse without ``--yes``, when ``what`` changes more notes than
    the notebook allows at once."""
    from custnote.core.privacy.bulk import needs_confirmation, refusal

    if yes or not needs_confirmation(nb.config, count):
        return
    if not sys.stdin.isatty():
        raise refusal(count, what, nb.config)
    typer.confirm(
        _("{what} changes {count} notes. Go ahead?").format(what=what, count=count), abort=True
    )
