"""A write killed at a precise point (the process exits on the spot, like SIGKILL: no cleanup)
is completed or rolled back by the next command, which says which in one line; git's
index.lock left by a killed custnote is removed, one left by someone else's git is not; and
``custnote check`` reports and repairs what is left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC, git_log

from custnote.core.checks import run_checks
from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def killed_during(root: Path, patch: str, *args: str) -> None:
    """Run ``custnote -N ROOT ARGS`` in a process where ``patch`` (Python run first) makes it
    die on the spot (``os._exit``) at a chosen point."""
    code = (
        "import os, sys\n"
        f"{patch}\n"
        "from custnote.cli.app import app\n"
        "app(sys.argv[1:], prog_name='custnote')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "-N", str(root), *args],
        env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 9, proc.stderr


DIE_AT_COMMIT = (
    "from custnote.adapters import gitrepo\ngitrepo.GitRepo.commit = lambda *a, **k: os._exit(9)\n"
)
DIE_BEFORE_WRITTEN = (
    "from custnote.core.notebook import journal\n"
    "journal.mark_written = lambda *a, **k: os._exit(9)\n"
)


def status(root: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_write_killed_after_writing_is_completed_by_the_next_command(
    cli, notebook: Notebook, yamada: Note
) -> None:
    killed_during(notebook.root, DIE_AT_COMMIT, "log", "yamada", "電話した", "--kind", "call")
    assert (notebook.state_dir / "journal.json").exists()
    assert "電話した" in (notebook.root / yamada.path).read_text()

    result = cli("show yamada")

    assert "completed the interrupted 'log: 山田 太郎 (call)'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (call)"
    assert status(notebook.root) == ""
    assert not (notebook.state_dir / "journal.json").exists()


def test_a_write_killed_while_writing_is_rolled_back(cli, notebook: Notebook, yamada: Note):
    before = (notebook.root / yamada.path).read_bytes()
    killed_during(notebook.root, DIE_BEFORE_WRITTEN, "set", "yamada", "tags+=vip")
    assert (notebook.root / yamada.path).read_bytes() != before  # written, not committed

    result = cli('log yamada "次の電話"')

    assert result.exit_code == 0
    assert "rolled back the interrupted 'set: 山田 太郎 (tags)'" in result.stderr
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (note)"
    assert "vip" not in (notebook.root / yamada.path).read_text()
    assert status(notebook.root) == ""


def test_an_import_killed_in_the_middle_is_rolled_back_whole(
    cli, notebook: Notebook, yamada: Note, tmp_path: Path
) -> None:
    path = notebook.root / yamada.path
    path.write_text(path.read_text() + "\n手で書いた一行\n")  # an uncommitted hand edit
    hand_edited = path.read_bytes()
    rows = "".join(f"顧客 {i},03-6000-{i:04d},\n" for i in range(50))
    csv = tmp_path / "名簿.csv"
    csv.write_text("氏名,電話,部署\n" + rows + "山田 太郎,03-5555-0199,営業部\n", encoding="utf-8")
    die_at_30th_file = (
        "from custnote.adapters import fsio\n"
        "create, count = fsio.create, []\n"
        "def dying(*a):\n"
        "    count.append(1)\n"
        "    if len(count) == 30: os._exit(9)\n"
        "    create(*a)\n"
        "fsio.create = dying\n"
    )
    killed_during(notebook.root, die_at_30th_file, "import", str(csv))
    assert len(notebook.note_paths()) > 1

    result = cli("list --json")

    assert "rolled back the interrupted 'import: 50 new, 1 updated" in result.stderr
    assert [c["name"] for c in json.loads(result.stdout)] == ["山田 太郎"]
    assert path.read_bytes() == hand_edited, "the hand edit is put back, not lost"
    assert status(notebook.root) == f" M {yamada.path}\n"
    assert cli(["import", str(csv)]).exit_code == 0, "the import runs again as new"
    assert len(notebook.note_paths()) == 51
    assert "手で書いた一行" in path.read_text() and "営業部" in path.read_text()


def test_an_undo_killed_midway_is_rolled_back(cli, notebook: Notebook, yamada: Note) -> None:
    assert cli("set yamada owner=tanaka").exit_code == 0
    die_in_revert = (
        "from custnote.core.notebook import journal\n"
        "journal.complete = lambda *a, **k: os._exit(9)\n"
    )
    killed_during(notebook.root, die_in_revert, "undo", "-y")
    assert "owner: sato" in (notebook.root / yamada.path).read_text()  # reverted, not committed

    result = cli("history yamada")

    assert "completed the interrupted 'undo: set: 山田 太郎 (owner)'" in result.stderr
    assert git_log(notebook.root)[:2] == ["undo: set: 山田 太郎 (owner)", "set: 山田 太郎 (owner)"]
    assert status(notebook.root) == ""
    assert not (notebook.root / ".git" / "REVERT_HEAD").exists()


def test_an_index_lock_left_by_a_killed_custnote_is_removed(
    cli, notebook: Notebook, yamada: Note
) -> None:
    leave_index_lock = (
        "from custnote.adapters import gitrepo\n"
        "def dying(self, *a, **k):\n"
        "    (self.root / '.git' / 'index.lock').write_text('')\n"
        "    (self.root / '.git' / 'refs' / 'heads' / 'main.lock').write_text('')\n"
        "    os._exit(9)\n"
        "gitrepo.GitRepo.commit = dying\n"
    )
    killed_during(notebook.root, leave_index_lock, "set", "yamada", "owner=ito")

    result = cli("set yamada status=dormant")

    assert result.exit_code == 0, result.stderr
    assert (
        "removed .git/index.lock, .git/refs/heads/main.lock left by an interrupted custnote"
        in result.stderr
    )
    assert "completed the interrupted 'set: 山田 太郎 (owner)'" in result.stderr
    assert git_log(notebook.root)[:2] == ["set: 山田 太郎 (status)", "set: 山田 太郎 (owner)"]
    assert status(notebook.root) == ""


def test_someone_elses_index_lock_is_reported_not_removed(
    cli, notebook: Notebook, yamada: Note
) -> None:
    lock = notebook.root / ".git" / "index.lock"
    lock.write_text("")
    result = cli("set yamada owner=ito")
    assert result.exit_code == 1
    assert "index.lock" in result.stderr and "custnote check --fix" in result.stderr
    assert lock.exists() and "owner: sato" in (notebook.root / yamada.path).read_text()
    assert status(notebook.root) == "", "the failed write was put back"

    report = json.loads(cli("check --json").stdout)
    assert [(f["path"], f["fixable"]) for f in report["findings"]] == [(".git/index.lock", True)]
    fixed = cli("check --fix")
    assert fixed.exit_code == 0 and "removed the stale .git/index.lock" in fixed.stdout
    assert not lock.exists()
    assert cli("set yamada owner=ito").exit_code == 0


def test_check_reports_an_unsettled_journal_and_fix_settles_it(
    notebook: Notebook, yamada: Note
) -> None:
    killed_during(notebook.root, DIE_BEFORE_WRITTEN, "set", "yamada", "tags+=vip")
    stray = notebook.root / Path(yamada.path).parent / f".{Path(yamada.path).name}.x1.tmp"
    stray.write_text("half")
    fresh = Notebook(notebook.root)  # opened without settling, as a library user would

    report = run_checks(fresh)

    messages = [f.message for f in report.findings]
    assert any("interrupted 'set: 山田 太郎 (tags)'" in m for m in messages)
    assert any("killed while writing" in m for m in messages)
    assert any("temporary file" in m for m in messages)
    fixed = run_checks(fresh, fix=True)
    assert fixed.ok, fixed.findings
    assert any("rolled back" in line for line in fixed.fixed)
    assert not stray.exists() and status(notebook.root) == ""


@pytest.mark.parametrize("command", ["show yamada", "search 山田", "who 0355550199"])
def test_read_commands_settle_too(cli, notebook: Notebook, yamada: Note, command: str) -> None:
    killed_during(notebook.root, DIE_AT_COMMIT, "log", "yamada", "電話した", "--kind", "call")
    result = cli(command)
    assert result.exit_code == 0
    assert "completed the interrupted" in result.stderr
    assert status(notebook.root) == ""


def test_a_file_changed_after_the_kill_is_kept_before_the_rollback(
    cli, notebook: Notebook, yamada: Note
) -> None:
    killed_during(notebook.root, DIE_BEFORE_WRITTEN, "set", "yamada", "tags+=vip")
    path = notebook.root / yamada.path
    path.write_text(path.read_text() + "\n慌てて書き足したメモ\n")  # by hand, before any command

    result = cli("show yamada")

    assert "rolled back the interrupted 'set: 山田 太郎 (tags)'" in result.stderr
    [kept] = (notebook.state_dir / "recovery").iterdir()  # private: never in the work tree
    assert "慌てて書き足したメモ" in kept.read_text() and kept.name in result.stderr
    assert not (notebook.root / ".custnote" / "recovery").exists()
    assert "left over" not in cli("check").stdout + cli("check").stderr
    assert "慌てて書き足したメモ" not in path.read_text() and status(notebook.root) == ""
