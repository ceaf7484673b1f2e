"""``--help`` reads as prose: no reStructuredText, metavars that say what to type."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from custnote.cli.app import COMMANDS, app


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_rst_and_no_click_types_in_any_help(command: str) -> None:
    shown = help_of(command)
    assert "``" not in shown and ":class:" not in shown and ":func:" not in shown
    assert not re.search(r"<(str|int|int range|path|float|text)>", shown), shown


def test_readable_metavars() -> None:
    agenda = help_of("agenda")
    assert re.search(r"--owner\s+-o\s+OWNER\s", agenda)
    assert re.search(r"--days\s+-n\s+DAYS", agenda) and re.search(r"--ics\s+FILE", agenda)
    done = help_of("done")
    assert "with 'done'." in done and re.search(r"--until\s+DATE", done)
    assert re.search(r"--at\s+WHEN", help_of("log"))
    assert re.search(r"--notebook\s+-N\s+PATH", help_of())
