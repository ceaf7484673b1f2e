"""Shared fixtures: a real notebook (real files, real git) in tmp_path, a pinned clock, and a
CliRunner-based ``cli`` helper that reads like the commands a user types."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import custnote
from custnote.cli.app import app
from custnote.core.notebook.notebook import Notebook

PINNED_NOW = "2026-11-20T10:00"
#: Where the custnote package is imported from, for tests that start custnote in a new process.
CUSTNOTE_SRC = str(Path(custnote.__file__).resolve().parents[1])


@pytest.fixture(autouse=True)
def pinned_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test runs at a fixed time, as a fixed author, with no user config or default
    notebook of the machine it runs on."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CUSTNOTE_NOW", PINNED_NOW)
    monkeypatch.setenv("CUSTNOTE_AUTHOR", "sato")
    monkeypatch.setenv("CUSTNOTE_EMAIL", "sato@example.jp")
    monkeypatch.setenv("CUSTNOTE_CONFIG", str(home / "config.yaml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CUSTNOTE_INDEX_ON_WRITE", "now")  # no background processes
    monkeypatch.setenv("CUSTNOTE_FSMONITOR_IDLE", "120")  # a watcher a test forgot stops soon
    monkeypatch.setenv("CUSTNOTE_DEBUG", "1")  # a bug raises in its test, not one tidy line
    monkeypatch.delenv("CUSTNOTE_NOTEBOOK", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test says otherwise (docs/i18n.md)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture(scope="session", autouse=True)
def no_watcher_left(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every fsmonitor watcher a test started was stopped by it (tests/fsmonitorfixtures.py)."""
    yield
    from fsmonitorfixtures import stop_all

    left = stop_all(tmp_path_factory.getbasetemp(), wait=6.0)  # gone folders: they stop alone
    assert not left, f"fsmonitor watchers left running: {left}"


@pytest.fixture
def notebook(tmp_path: Path) -> Notebook:
    nb, _ = Notebook.init(tmp_path / "notes")
    return nb


@pytest.fixture
def yamada(notebook: Notebook):
    """The README's customer: 山田 太郎, with an allergy and a phone number."""
    return notebook.create(
        {
            "name": "山田 太郎",
            "kana": "やまだ たろう",
            "company": "山田工務店",
            "owner": "sato",
            "status": "active",
            "phones": ["03-5555-0199"],
            "emails": ["taro@yamada.example.jp"],
            "preferences": {"drink": "ほうじ茶", "allergies": ["えび"]},
        }
    )


class Result:
    def __init__(self, raw) -> None:
        self.exit_code: int = raw.exit_code
        self.stdout: str = raw.stdout
        self.stderr: str = raw.stderr
        self.exception = raw.exception


CLI = Callable[..., Result]


@pytest.fixture
def cli(notebook: Notebook) -> CLI:
    """``cli('log yamada "text" --kind visit')`` runs custnote on the test notebook."""
    runner = CliRunner()

    def run(
        args: str | list[str], input: str | None = None, notebook_path: Path | None = None
    ) -> Result:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        root = notebook_path or notebook.root
        raw = runner.invoke(app, ["-N", str(root), *argv], input=input, catch_exceptions=True)
        if raw.exception and not isinstance(raw.exception, SystemExit):
            raise raw.exception
        return Result(raw)

    return run


def git_log(root: Path, *args: str) -> list[str]:
    """Subjects of the notebook's commits, newest first."""
    import subprocess

    out = subprocess.run(
        ["git", "log", "--format=%s", *args], cwd=root, capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """rich decides the width once per (cached) console: make it wide and fresh for each test,
    so tables do not fold names and no test depends on the one before."""
    from custnote.cli import render

    monkeypatch.setenv("COLUMNS", "200")
    render.console.cache_clear()
    yield
    render.console.cache_clear()


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], Path]:
    """``editor("text = text.replace('a', 'b')")`` makes $EDITOR a small Python script that runs
    that code on the text of the file it is given (``text``) and saves the result. Returns the
    path of a file where the script leaves a copy of the text it was given."""
    import sys

    def install(code: str) -> Path:
        seen = tmp_path / "editor-saw.txt"
        script = tmp_path / "fake_editor.py"
        script.write_text(
            "import sys\n"
            "from pathlib import Path\n"
            "path = Path(sys.argv[1])\n"
            "text = path.read_bytes().decode('utf-8')\n"
            f"Path({str(seen)!r}).write_bytes(text.encode('utf-8'))\n"
            f"{code}\n"
            "path.write_bytes(text.encode('utf-8'))\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
        return seen

    return install


def run_at_terminal(root: Path, *args: str, typed: str = "") -> subprocess.CompletedProcess[str]:
    """Run custnote in a new process as a user does, with a terminal as stdin (so it prompts
    and opens the editor); ``typed`` is what the user types at that terminal."""
    import os
    import pty
    import sys

    leader, follower = pty.openpty()
    os.write(leader, typed.encode("utf-8"))
    try:
        return subprocess.run(
            [sys.executable, "-m", "custnote", "-N", str(root), *args],
            stdin=follower,
            capture_output=True,
            text=True,
            env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC},
            timeout=60,
        )
    finally:
        os.close(leader)
        os.close(follower)
