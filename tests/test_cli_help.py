"""``--help`` reads as prose: no reStructuredText, metavars that say what to type."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import CUSTNOTE_SRC
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


def test_the_summary_table_is_every_commands_own_help() -> None:
    """``--help`` lists commands from SUMMARIES without importing them: it must be the first
    paragraph of each command's own help, for every command registered, and no other."""
    import inspect

    from custnote.cli.app import SUMMARIES, module_commands

    registered = {}
    for module in dict.fromkeys(COMMANDS.values()):
        registered |= module_commands(module)
    assert list(SUMMARIES) == list(COMMANDS)
    assert set(registered) == set(COMMANDS)
    for name, command in registered.items():
        first = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert SUMMARIES[name] == (None if command.hidden else first), name


def test_help_lists_every_visible_command_and_imports_none() -> None:
    from custnote.cli.app import SUMMARIES

    shown = help_of()
    listed = re.findall(r"^│ (\S+)\s{2,}", shown.split("Commands")[1], re.MULTILINE)
    assert listed == [name for name, summary in SUMMARIES.items() if summary is not None]
    assert "'custnote unarchive' restores" in shown

    probe = (
        "import sys\n"
        "from custnote.cli.completion import main\n"
        "sys.argv = ['custnote', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('custnote.cli.commands.', 'custnote.core.', 'markdown_it', 'pygments')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    result = _run_probe(probe)
    assert "Commands" in result.stdout
    assert result.stderr.strip() == "[]"


def _run_probe(probe: str) -> subprocess.CompletedProcess[str]:
    """``probe`` run by a fresh Python that imports this source tree's custnote."""
    env = {**os.environ, "PYTHONPATH": CUSTNOTE_SRC}
    return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def test_the_deferred_rich_modules_become_real_when_used() -> None:
    probe = (
        "import sys\n"
        "import custnote.cli.app\n"
        "import typer.rich_utils as r\n"
        "before = type(sys.modules['rich.markdown']).__name__\n"
        "m = r.Markdown('# x')\n"
        "try:\n    raise ValueError('x')\nexcept ValueError as e:\n"
        "    tb = r.Traceback.from_exception(type(e), e, e.__traceback__)\n"
        "import rich.markdown, rich.traceback\n"
        "print(before, isinstance(m, rich.markdown.Markdown),"
        " isinstance(tb, rich.traceback.Traceback))\n"
    )
    result = _run_probe(probe)
    assert result.stdout.split() == ["_Deferred", "True", "True"], result.stderr
