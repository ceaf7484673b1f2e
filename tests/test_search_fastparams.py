"""custnote.cli.fastparams: plain parameters are converted without importing pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from custnote.cli import fastparams


@pytest.fixture
def demo() -> typer.Typer:
    fastparams.install()
    app = typer.Typer()

    @app.command()
    def run(
        words: list[str] = typer.Argument(...),
        limit: int = typer.Option(3, "-n"),
        ratio: float | None = typer.Option(None),
        where: Path | None = typer.Option(None),
        flag: bool = typer.Option(False, "--flag"),
    ) -> None:
        typer.echo(repr((words, limit, ratio, where, flag)))

    return app


def test_values_are_converted(demo):
    result = CliRunner().invoke(demo, ["a", "b", "-n", "5", "--ratio", "0.5", "--where", "x/y",
                                       "--flag"])  # fmt: skip
    assert result.stdout.strip() == repr((["a", "b"], 5, 0.5, Path("x/y"), True))
    assert CliRunner().invoke(demo, ["a"]).stdout.strip() == repr((["a"], 3, None, None, False))


def test_bad_values_are_usage_errors(demo):
    result = CliRunner().invoke(demo, ["a", "-n", "many"])
    assert result.exit_code == 2
    assert "'many' is not a valid integer" in result.output


def test_a_search_does_not_import_pydantic(tmp_path):
    code = (
        "import sys; from custnote.cli.app import app\n"
        "try:\n    app(['-N', sys.argv[1], 'search', 'x', '-n', '2'])\n"
        "except SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules)"
    )
    from custnote.core.notebook import Notebook

    Notebook.init(tmp_path / "nb")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-c", code, str(tmp_path / "nb")]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert out.stdout.strip().endswith("False"), out.stderr
