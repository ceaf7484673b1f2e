"""``custnote init`` and which notebook a command works on:
``-N``, then ``$CUSTNOTE_NOTEBOOK``, then the notebook around the current folder, then the default
notebook under the user data folder."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import git_log
from typer.testing import CliRunner

from custnote.cli.app import app


def custnote(*args: str, input: str | None = None):
    """Run custnote with exactly these arguments (no ``-N`` added)."""
    result = CliRunner().invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def names_in(root: Path) -> list[str]:
    listed = custnote("-N", str(root), "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    return [c["name"] for c in json.loads(listed.stdout)]


def default_notebook() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "custnote" / "notebook"


def git_status(root: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def two_notebooks(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        assert custnote("init", str(root)).exit_code == 0
    return a, b


def test_init_creates_a_git_notebook_with_settings_and_one_commit(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    result = custnote("init", str(root))
    assert result.exit_code == 0
    assert "Created a custnote notebook" in result.stdout
    assert (root / ".git").is_dir()
    config = (root / ".custnote" / "config.yaml").read_text(encoding="utf-8")
    assert "phone_region: JP" in config
    assert "log_kinds: [call, visit" in config
    gitignore = (root / ".gitignore").read_text(encoding="utf-8")
    assert ".custnote/cache/" in gitignore and ".custnote/lock" in gitignore
    assert git_log(root) == ["init: custnote notebook"]
    status = git_status(root)
    assert status == "", "init leaves nothing uncommitted"


def test_init_twice_is_harmless(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    custnote("init", str(root))
    config = root / ".custnote" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "dormant_days: 30\n", encoding="utf-8")
    before = config.read_bytes()

    again = custnote("init", str(root))

    assert again.exit_code == 0
    assert "already a custnote notebook" in again.stdout
    assert config.read_bytes() == before, "the team's settings are kept"
    assert git_log(root) == ["init: custnote notebook"]


def test_init_keeps_customers_of_an_existing_notebook(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    custnote("init", str(root))
    custnote("-N", str(root), "add", "山田 太郎")
    assert custnote("init", str(root)).exit_code == 0
    assert names_in(root) == ["山田 太郎"]


def test_init_without_a_path_creates_the_default_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = custnote("init")
    assert result.exit_code == 0
    default = default_notebook()
    assert (default / ".custnote" / "config.yaml").is_file()
    assert str(default) in result.stdout


def test_dash_n_wins_over_the_environment_and_the_current_folder(
    two_notebooks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two_notebooks
    monkeypatch.setenv("CUSTNOTE_NOTEBOOK", str(b))
    monkeypatch.chdir(b)
    assert custnote("-N", str(a), "add", "Jane Smith").exit_code == 0
    assert names_in(a) == ["Jane Smith"]
    assert names_in(b) == []


def test_the_environment_wins_over_the_current_folder(
    two_notebooks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two_notebooks
    monkeypatch.setenv("CUSTNOTE_NOTEBOOK", str(b))
    monkeypatch.chdir(a)
    assert custnote("add", "Jane Smith").exit_code == 0
    assert names_in(b) == ["Jane Smith"]
    assert names_in(a) == []


def test_the_notebook_around_the_current_folder_wins_over_the_default(
    two_notebooks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    a, _ = two_notebooks
    monkeypatch.chdir(tmp_path)
    custnote("init")  # the default notebook exists too
    monkeypatch.chdir(a / "customers")  # a folder inside notebook a
    assert custnote("add", "Jane Smith").exit_code == 0
    assert names_in(a) == ["Jane Smith"]


def test_outside_any_notebook_the_default_notebook_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    custnote("init")
    assert custnote("add", "Jane Smith").exit_code == 0
    default = default_notebook()
    assert names_in(default) == ["Jane Smith"]
    assert git_log(default)[0] == "add: Jane Smith"


def test_outside_any_notebook_without_a_default_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = custnote("list")
    assert result.exit_code == 1
    assert "not inside a custnote notebook" in result.stderr
    assert "custnote init" in result.stderr
    assert result.stdout == ""


def test_a_folder_that_is_not_a_notebook_is_named(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    result = custnote("-N", str(plain), "list")
    assert result.exit_code == 1
    assert f"{plain} is not a custnote notebook" in result.stderr


def test_custnote_notebook_pointing_nowhere_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTNOTE_NOTEBOOK", str(tmp_path / "missing"))
    result = custnote("list")
    assert result.exit_code == 1
    assert "missing is not a custnote notebook" in result.stderr


def test_init_uses_the_global_notebook_option(tmp_path: Path) -> None:
    target = tmp_path / "team-notes"
    result = CliRunner().invoke(app, ["-N", str(target), "init"])
    assert result.exit_code == 0, result.stderr
    assert (target / ".custnote" / "config.yaml").is_file()
