"""What goes wrong around the notes: a locked notebook, a crashed writer, no git, a broken or
non-UTF-8 file; and ``--json`` printing nothing but JSON on stdout."""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC, git_log

from custnote.adapters import fsio
from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def lock_path(nb: Notebook) -> Path:
    return nb.lock_path


def test_a_held_lock_gives_exit_3_and_changes_nothing(
    cli, notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold = fsio.exclusive_lock
    monkeypatch.setattr(fsio, "exclusive_lock", functools.partial(hold, timeout=0.2))
    before = (notebook.root / yamada.path).read_bytes()

    with hold(lock_path(notebook)):
        result = cli('log yamada "電話" --kind call')

    assert result.exit_code == 3
    assert "locked" in result.stderr and f"pid {os.getpid()}" in result.stderr
    assert (notebook.root / yamada.path).read_bytes() == before
    assert git_log(notebook.root)[0] == "add: 山田 太郎"
    assert cli('log yamada "電話" --kind call').exit_code == 0, "free again once released"


def test_every_write_waits_for_the_lock(
    cli, notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold = fsio.exclusive_lock
    monkeypatch.setattr(fsio, "exclusive_lock", functools.partial(hold, timeout=0.1))
    with hold(lock_path(notebook)):
        for command in ('add "Jane Smith"', "set yamada owner=tanaka", "rm yamada -y", "undo -y"):
            result = cli(command)
            assert result.exit_code == 3, command
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


def test_a_lock_left_by_a_killed_process_does_not_block(
    cli, notebook: Notebook, yamada: Note
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from custnote.adapters.fsio import exclusive_lock\n"
            "with exclusive_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
            str(lock_path(notebook)),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert lock_path(notebook).read_text() == str(holder.pid), "the dead process's lock file"

    result = cli('log yamada "電話" --kind call')

    assert result.exit_code == 0, result.stderr
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (call)"


def test_a_lock_file_with_garbage_does_not_block(cli, notebook: Notebook, yamada: Note) -> None:
    lock_path(notebook).write_text("99999999 crashed\n")
    assert cli('log yamada "電話" --kind call').exit_code == 0


@pytest.fixture
def no_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_git_a_write_says_git_is_not_installed(
    cli, notebook: Notebook, yamada: Note, no_git: None
) -> None:
    before = (notebook.root / yamada.path).read_bytes()
    result = cli('log yamada "電話" --kind call')
    assert result.exit_code == 1
    assert "git is not installed" in result.stderr
    assert (notebook.root / yamada.path).read_bytes() == before, "nothing written uncommitted"


def test_without_git_init_says_git_is_not_installed(tmp_path: Path, no_git: None) -> None:
    from typer.testing import CliRunner

    from custnote.cli.app import app

    result = CliRunner().invoke(app, ["init", str(tmp_path / "nb")])
    assert result.exit_code == 1
    assert "git is not installed" in result.stderr


def test_without_git_reading_still_works(cli, yamada: Note, no_git: None) -> None:
    assert cli("show yamada").exit_code == 0
    assert cli("list").exit_code == 0


@pytest.fixture
def shift_jis_note(notebook: Notebook) -> Path:
    """A note saved in Shift_JIS by some other program."""
    path = notebook.root / "customers" / "ta" / "tanaka-sj2345.md"
    path.parent.mkdir()
    path.write_bytes("---\nid: sj2345\nname: 田中 一郎\n---\n\n## Log\n".encode("shift_jis"))
    return path


def test_a_note_that_is_not_utf8_is_named(
    cli, notebook: Notebook, yamada: Note, shift_jis_note: Path
) -> None:
    before = shift_jis_note.read_bytes()
    for command in ("show sj2345", 'log sj2345 "電話"', "set sj2345 owner=sato"):
        result = cli(command)
        assert result.exit_code != 0, command
        assert "customers/ta/tanaka-sj2345.md" in result.stderr, command
        assert "UTF-8" in result.stderr, command
    assert shift_jis_note.read_bytes() == before
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


def test_list_warns_about_a_note_that_is_not_utf8(cli, yamada: Note, shift_jis_note: Path) -> None:
    result = cli("list --json")
    assert result.exit_code == 0
    assert "customers/ta/tanaka-sj2345.md" in result.stderr and "UTF-8" in result.stderr
    assert [c["name"] for c in json.loads(result.stdout)] == ["山田 太郎"]


def test_a_hand_broken_note_is_named_when_it_cannot_be_found(
    cli, notebook: Notebook, yamada: Note
) -> None:
    path = notebook.root / yamada.path
    path.write_text(
        path.read_text(encoding="utf-8").replace("company: 山田工務店", "company: [山田"),
        encoding="utf-8",
    )
    result = cli("show yamada")
    assert result.exit_code == 1
    assert yamada.path in result.stderr and "not valid YAML" in result.stderr


def test_an_unreadable_notebook_config_is_named(cli, notebook: Notebook) -> None:
    (notebook.root / ".custnote" / "config.yaml").write_text("log_kinds: [call\n")
    result = cli("list")
    assert result.exit_code == 1
    assert "config.yaml" in result.stderr and "not valid YAML" in result.stderr


@pytest.fixture
def busy(notebook: Notebook, yamada: Note) -> Note:
    """A customer with a log and a broken neighbour (whose warning must go to stderr)."""
    broken = notebook.root / "customers" / "ko" / "kowareta-bad234.md"
    broken.parent.mkdir()
    broken.write_text("---\nname: [\n---\n", encoding="utf-8")
    return yamada


@pytest.mark.parametrize(
    "command",
    [
        'add "Jane Smith" --tag vip --json',
        'log yamada "電話" --kind call --amount 1200 --json',
        "show yamada --json",
        "set yamada tags+=vip --json",
        "list --json",
        "list --archived --json",
        "history yamada --json",
    ],
)
def test_json_prints_only_json(cli, busy: Note, command: str) -> None:
    result = cli(command)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data is not None
    assert "\\u" not in result.stdout, "Japanese is written as it is"


def test_json_errors_go_to_stderr_only(cli, busy: Note) -> None:
    result = cli("show suzuki --json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no customer matches 'suzuki'" in result.stderr


def test_errors_are_one_line_without_a_traceback(cli, yamada: Note) -> None:
    result = cli("log yamada 電話 --at 2026-13-01")
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "custnote: error: --at: not a real date (month must be in 1..12): '2026-13-01'"
    ]


def test_writers_at_the_same_time_lose_nothing(notebook: Notebook, yamada: Note) -> None:
    """Four people log at once: the lock lets one in at a time, each gets its own commit."""
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "custnote",
                "-N",
                str(notebook.root),
                "log",
                "yamada",
                f"電話{n}",
            ],
            env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC},
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for writer in writers:
        assert writer.wait(timeout=60) == 0, writer.stderr.read()
    texts = sorted(entry.text for entry in notebook.load(yamada.path).log)
    assert texts == ["電話0", "電話1", "電話2", "電話3"]
    assert git_log(notebook.root)[:4] == ["log: 山田 太郎 (note)"] * 4
