"""``custnote history`` (one note's git log) and ``custnote undo`` (revert the last custnote
change, as a new commit, after confirmation)."""

from __future__ import annotations

import json

from conftest import git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def test_history_lists_the_notes_commits_newest_first(
    cli, notebook: Notebook, yamada: Note
) -> None:
    cli('log yamada "電話" --kind call')
    cli("set yamada tags+=vip")
    notebook.create({"name": "Jane Smith"})  # another customer's commit is not shown

    result = cli("history yamada")

    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3
    assert "set: 山田 太郎 (tags)" in lines[0]
    assert "log: 山田 太郎 (call)" in lines[1]
    assert "add: 山田 太郎" in lines[2]
    assert all(" sato " in line for line in lines)


def test_history_json_and_limit(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "電話" --kind call')
    records = json.loads(cli("history yamada --json").stdout)
    assert [r["subject"] for r in records] == ["log: 山田 太郎 (call)", "add: 山田 太郎"]
    assert set(records[0]) == {"sha", "author", "date", "subject"}
    assert records[0]["author"] == "sato" and len(records[0]["sha"]) == 40
    limited = json.loads(cli("history yamada --json -n 1").stdout)
    assert [r["subject"] for r in limited] == ["log: 山田 太郎 (call)"]


def test_history_patch_shows_what_changed(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "見積を送付" --kind email')
    out = cli("history yamada --patch -n 1").stdout
    assert "+### 2026-11-20 10:00 · email · sato" in out
    assert "+見積を送付" in out


def test_history_follows_a_note_through_the_archive(cli, notebook: Notebook, yamada: Note) -> None:
    assert cli("rm yamada -y").exit_code == 0
    assert cli("unarchive yamada").exit_code == 0
    records = json.loads(cli("history yamada --json").stdout)
    assert [r["subject"] for r in records] == [
        "restore: 山田 太郎 (from archive)",
        "rm: 山田 太郎 (archived)",
        "add: 山田 太郎",
    ]


def test_undo_reverts_the_last_change_after_confirmation(
    cli, notebook: Notebook, yamada: Note
) -> None:
    before = notebook.read_text(yamada.path)
    cli('log yamada "間違えて記録" --kind call')

    result = cli("undo", input="y\n")

    assert result.exit_code == 0, result.stderr
    assert "Last change:" in result.stdout and "log: 山田 太郎 (call)" in result.stdout
    assert "Undo it?" in result.stdout
    assert "Undone: log: 山田 太郎 (call)" in result.stdout
    assert notebook.read_text(yamada.path) == before
    assert git_log(notebook.root)[:2] == ["undo: log: 山田 太郎 (call)", "log: 山田 太郎 (call)"]


def test_undo_yes_does_not_ask(cli, notebook: Notebook, yamada: Note) -> None:
    cli("set yamada owner=tanaka")
    result = cli("undo -y")
    assert result.exit_code == 0
    assert "Undo it?" not in result.stdout
    assert notebook.resolve(yamada.id).get("owner") == "sato"


def test_declining_undoes_nothing(cli, notebook: Notebook, yamada: Note) -> None:
    cli("set yamada owner=tanaka")
    commits = git_log(notebook.root)
    result = cli("undo", input="n\n")
    assert result.exit_code == 1
    assert "Aborted" in result.stderr
    assert git_log(notebook.root) == commits
    assert notebook.resolve(yamada.id).get("owner") == "tanaka"


def test_undo_twice_undoes_two_changes(cli, notebook: Notebook, yamada: Note) -> None:
    original = notebook.read_text(yamada.path)
    cli('log yamada "一回目" --kind call')
    cli("set yamada status=dormant")

    assert cli("undo -y").exit_code == 0
    assert cli("undo -y").exit_code == 0

    assert notebook.read_text(yamada.path) == original
    assert git_log(notebook.root)[:2] == [
        "undo: log: 山田 太郎 (call)",
        "undo: set: 山田 太郎 (status)",
    ]


def test_undo_of_an_add_removes_the_customer(cli, notebook: Notebook) -> None:
    cli('add "Jane Smith"')
    assert cli("undo -y").exit_code == 0
    assert notebook.note_paths() == []
    gone = cli("show jane")
    assert gone.exit_code == 1 and "jane" in gone.stderr


def test_undo_of_rm_brings_the_customer_back(cli, notebook: Notebook, yamada: Note) -> None:
    cli("rm yamada -y")
    assert cli("undo -y").exit_code == 0
    assert (notebook.root / yamada.path).exists()
    assert "山田 太郎" in cli("show yamada").stdout


def test_nothing_to_undo_in_a_new_notebook(cli, notebook: Notebook) -> None:
    result = cli("undo -y")
    assert result.exit_code == 0
    assert "Nothing to undo." in result.stdout
    assert git_log(notebook.root) == ["init: custnote notebook"]


def test_nothing_left_to_undo(cli, notebook: Notebook) -> None:
    cli('add "Jane Smith"')
    cli("undo -y")
    result = cli("undo -y")
    assert "Nothing to undo." in result.stdout
    assert git_log(notebook.root)[0] == "undo: add: Jane Smith"


def test_undo_ignores_commits_made_outside_custnote(cli, notebook: Notebook, yamada: Note) -> None:
    import subprocess

    (notebook.root / "README.md").write_text("team notes\n", encoding="utf-8")
    subprocess.run(["git", "add", "README.md"], cwd=notebook.root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "readme"],
        cwd=notebook.root,
        check=True,
    )
    result = cli("undo -y")
    assert "add: 山田 太郎" in result.stdout
    assert (notebook.root / "README.md").exists()
    assert not (notebook.root / yamada.path).exists()


def test_history_limit_zero_shows_nothing(cli, yamada: Note) -> None:
    assert json.loads(cli("history yamada --json -n 0").stdout) == []


def test_history_of_an_archived_customer(cli, notebook: Notebook, yamada: Note) -> None:
    assert cli("rm yamada -y").exit_code == 0
    archived = cli("history yamada")
    assert archived.exit_code == 1 and "unarchive" in archived.stderr
    records = json.loads(cli("history yamada --archived --json").stdout)
    assert [r["subject"] for r in records] == ["rm: 山田 太郎 (archived)", "add: 山田 太郎"]
