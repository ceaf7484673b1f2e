"""What the global options decide, passed to every command through ``ctx.obj``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from custnote.core.notebook import Notebook


@dataclass
class State:
    notebook_arg: Path | None = None
    _notebook: Notebook | None = None

    def notebook(self) -> Notebook:
        """The notebook this command works on (opened once)."""
        if self._notebook is None:
            from custnote.cli.render import warn
            from custnote.core.notebook import Notebook, find_root

            self._notebook = Notebook(find_root(self.notebook_arg))
            self._notebook.notify = warn  # "rolled back the interrupted import …"
            self._notebook.settle_interrupted()
        return self._notebook


def notebook(ctx: typer.Context) -> Notebook:
    """The command's notebook; see :func:`custnote.core.notebook.find_root`."""
    state: State = ctx.find_root().obj
    return state.notebook()
