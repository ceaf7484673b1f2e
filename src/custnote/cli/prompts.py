"""Questions at a terminal: line editing and history, and a wrong answer re-asks only that
question.

Line editing comes from the standard library's ``readline`` (GNU readline or libedit, whichever
Python was built with): importing it makes ``input()`` — which typer's prompt calls — edit the
line, so arrow keys move the cursor instead of landing in the answer as ``\\x1b[D``. History is
kept in the notebook's private state folder (never committed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

HISTORY_LENGTH = 500


@contextmanager
def line_editing(history: Path) -> Iterator[None]:
    """Readline editing while the block runs; answers are added to ``history``."""
    try:
        import readline
    except ImportError:  # Python built without it: plain input still works
        yield
        return
    with suppress(OSError):
        readline.read_history_file(history)
    try:
        yield
    finally:
        readline.set_history_length(HISTORY_LENGTH)
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError:
            pass  # history is a convenience


def ask(question: str, check: Callable[[str], Any]) -> Any:
    """Ask until ``check(answer)`` accepts it (an empty answer means None, skipping).

    ``check`` returns the value to keep or raises a :class:`~custnote.errors.CustnoteError`,
    whose one line is shown before the same question is asked again."""
    import typer

    from custnote.errors import CustnoteError
    from custnote.i18n import _

    while True:  # not click's value_proc: its "Error:" is English whatever the run speaks
        raw = str(typer.prompt(question, default="", show_default=False)).strip()
        if not raw:
            return None
        try:
            return check(raw)
        except CustnoteError as exc:
            typer.echo(_("Error: {message}").format(message=exc))
