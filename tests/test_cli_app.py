"""The command table: every command is listed, found by name, and its module is loaded lazily."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer
import typer.main

from custnote.cli import app as cli_app

MODULES = sorted(set(cli_app.COMMANDS.values()))


def test_the_table_names_exactly_what_the_modules_register():
    registered = []
    for module in MODULES:
        sub = typer.Typer()
        importlib.import_module(f"custnote.cli.commands.{module}").register(sub)
        registered += [(name, module) for name in typer.main.get_group(sub).commands]
    assert sorted(registered) == sorted(cli_app.COMMANDS.items())


def test_help_lists_every_visible_command_in_table_order(cli):
    result = cli("--help")
    assert result.exit_code == 0
    rows = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ")]
    visible = [name for name in cli_app.COMMANDS if name != "merge-driver"]  # git runs that
    assert [name for name in rows if name in cli_app.COMMANDS] == visible


def test_a_command_loads_only_its_own_module():
    code = (
        "import sys\n"
        "from custnote.cli.app import main\n"
        "sys.argv = ['custnote', 'who', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
        "if m.startswith('custnote.cli.commands.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['who']"


def test_a_misspelt_command_gets_a_suggestion(cli):
    result = cli("serch x")
    assert result.exit_code == 2
    assert "Did you mean 'search'?" in result.stderr
