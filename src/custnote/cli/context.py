"""What the global options decide, passed to every command through ``ctx.obj``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


@dataclass
class State:
    notebook_arg: Path | None = None
    _notebook: Notebook | None = None
    _warned: bool = False

    def notebook(self) -> Notebook:
        """The notebook this command works on (opened once)."""
        if self._notebook is None:
            from custnote.cli.lang import bind
            from custnote.cli.render import warn
            from custnote.core.notebook.locate import find_root
            from custnote.core.notebook.notebook import Notebook
            from custnote.wiring import wired

            self._notebook = wired(Notebook(find_root(self.notebook_arg)))
            bind(self._notebook)  # the notebook's language: before anything is said
            self._notebook.notify = warn  # "rolled back the interrupted import …"
            self._notebook.settle_interrupted()
            self.warn_tracked_caches()
        return self._notebook

    def warn_tracked_caches(self) -> None:
        """Once per command: files someone committed at custnote's old cache paths (never
        read, but a person should know; docs/security.md). Free when there are none."""
        from custnote.core.checks.caches import tracked_legacy_files, warning

        if self._notebook is None or self._warned:
            return
        tracked = tracked_legacy_files(self._notebook)
        if tracked:
            from custnote.cli import render

            render.warn(warning(tracked))
            self._warned = True


def warn_tracked_caches(ctx: typer.Context) -> None:
    """The warning of :meth:`State.warn_tracked_caches` (e.g. again after a ``sync``)."""
    ctx.find_root().obj.warn_tracked_caches()


def notebook(ctx: typer.Context) -> Notebook:
    """The command's notebook; see :func:`custnote.core.notebook.locate.find_root`."""
    state: State = ctx.find_root().obj
    return state.notebook()
