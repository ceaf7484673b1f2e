"""``custnote demo``: a committed demo notebook, harmless to run twice, never over other data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from conftest import git_log
from typer.testing import CliRunner

from custnote.cli.app import app
from custnote.core.notebook.notebook import Notebook

runner = CliRunner()


def demo(*args: str):
    return runner.invoke(app, ["demo", *args], catch_exceptions=False)


def test_demo_creates_thirty_customers_in_one_commit(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = demo(str(root))
    assert result.exit_code == 0, result.output
    assert "30 customers (20 Japanese, 10 English)" in result.stdout
    assert len(Notebook.open(root).note_paths()) == 30
    assert git_log(root) == ["demo: 30 demo customers", "init: custnote notebook"]


def test_demo_dates_follow_the_clock(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    demo(str(root))
    shown = runner.invoke(app, ["-N", str(root), "show", "yamada", "--json"])
    record = json.loads(shown.stdout)
    assert record["fields"]["company"] == "山田工務店"
    assert record["log"][-1]["date"] == "2026-11-19"  # CUSTNOTE_NOW is 2026-11-20
    assert record["log"][-1]["follow_up"] is None


def test_readme_examples_work_on_the_demo(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    demo(str(root))
    card = runner.invoke(app, ["-N", str(root), "show", "0355550199"])
    assert card.exit_code == 0 and "えび" in card.stdout and "ほうじ茶" in card.stdout
    logged = runner.invoke(
        app, ["-N", str(root), "log", "yamada", "見積の件で折り返し", "--kind", "call"]
    )
    assert logged.exit_code == 0, logged.output
    assert git_log(root)[0] == "log: 山田 太郎 (call)"


def test_running_demo_again_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    demo(str(root))
    again = demo(str(root))
    assert again.exit_code == 0
    assert "already holds the demo" in again.stdout
    assert len(git_log(root)) == 2


def test_demo_uses_the_global_notebook_option_as_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "via-option"
    result = runner.invoke(app, ["-N", str(root), "demo"])
    assert result.exit_code == 0, result.output
    assert len(Notebook.open(root).note_paths()) == 30


def test_demo_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "taxes.xlsx").write_bytes(b"not ours")
    result = runner.invoke(app, ["demo", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taxes.xlsx"]


def test_demo_refuses_a_notebook_with_real_customers(notebook: Notebook, yamada) -> None:
    before = git_log(notebook.root)
    result = runner.invoke(app, ["demo", str(notebook.root)])
    assert result.exit_code == 2
    assert "already holds 1 customers" in result.stderr
    assert git_log(notebook.root) == before


def test_demo_suggests_only_commands_that_exist(tmp_path: Path) -> None:
    result = demo(str(tmp_path / "demo"))
    suggested = re.findall(r"custnote -N \S+ (\w+)", result.stdout)
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"show", "log"} <= set(suggested)
    assert set(suggested) <= registered
