"""``custnote edit``: a hand edit in $EDITOR is validated; a bad one never replaces the note but
is kept in a recovery file the user is told about."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC, git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def recovery_file(stderr: str) -> Path:
    match = re.search(r"your edit is kept in (\S+\.md)", stderr)
    assert match, stderr
    return Path(match[1])


def test_a_valid_edit_is_one_commit(cli, notebook: Notebook, yamada: Note, editor) -> None:
    saw = editor("text = text.replace('ほうじ茶', '紅茶') + 'よく笑う方。\\n'")
    before = notebook.read_text(yamada.path)

    result = cli("edit yamada")

    assert result.exit_code == 0, result.stderr
    assert "Saved 山田 太郎" in result.stdout
    assert saw.read_text(encoding="utf-8") == before, "the editor got the note as it is"
    after = notebook.read_text(yamada.path)
    assert after == before.replace("ほうじ茶", "紅茶") + "よく笑う方。\n"
    assert git_log(notebook.root)[:2] == ["edit: 山田 太郎", "add: 山田 太郎"]


def test_renaming_in_the_editor_names_the_new_name(
    cli, notebook: Notebook, yamada: Note, editor
) -> None:
    editor("text = text.replace('name: 山田 太郎', 'name: 山田 太一')")
    assert cli("edit yamada").exit_code == 0
    assert git_log(notebook.root)[0] == "edit: 山田 太一"
    assert notebook.resolve(yamada.id).path == yamada.path, "the file name does not change"


def test_an_unchanged_edit_makes_no_commit(cli, notebook: Notebook, yamada: Note, editor) -> None:
    editor("pass")
    result = cli("edit yamada")
    assert result.exit_code == 0
    assert "No changes." in result.stdout
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("text = text.replace('name: 山田 太郎', 'name: [山田')", "YAML"),
        ("text = text.replace('created:', 'birthday: 1970-13-01\\ncreated:')", "birthday"),
        ("text = text.replace('id: ', 'id: zz', 1)", "id"),
        ("text = text.replace('status: active', 'status: 休眠')", "status"),
        ("text = text.replace('---\\n', '', 2)", "front-matter"),
    ],
    ids=["invalid-yaml", "bad-birthday", "changed-id", "unknown-status", "no-front-matter"],
)
def test_an_invalid_edit_is_kept_aside_and_changes_nothing(
    cli, notebook: Notebook, yamada: Note, editor, change: str, reason: str
) -> None:
    editor(change)
    before = (notebook.root / yamada.path).read_bytes()
    namespace = {"text": before.decode("utf-8")}
    exec(change, namespace)
    edited = namespace["text"]

    result = cli("edit yamada")

    assert result.exit_code != 0
    assert reason.casefold() in result.stderr.casefold()
    assert "the note was not changed" in result.stderr
    kept = recovery_file(result.stderr)
    assert kept.read_text(encoding="utf-8") == edited, "the recovery file holds the edit"
    assert kept.parent == notebook.state_dir / "recovery", "kept in the private state"
    assert (notebook.root / yamada.path).read_bytes() == before
    assert git_log(notebook.root)[0] == "add: 山田 太郎"
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=notebook.root, capture_output=True, text=True
    )
    assert status.stdout == "", "recovery files are not committed"


def test_a_change_made_while_editing_is_not_overwritten(
    cli, notebook: Notebook, yamada: Note, editor
) -> None:
    note_file = notebook.root / yamada.path
    # while the user edits, someone else's custnote logs a call
    editor(
        "import os, subprocess\n"
        f"subprocess.run([sys.executable, '-m', 'custnote', '-N', {str(notebook.root)!r}, "
        "'log', 'yamada', '同時の電話', '--kind', 'call'], check=True, "
        f"env=os.environ | {{'PYTHONPATH': {CUSTNOTE_SRC!r}}})\n"
        "text = text.replace('ほうじ茶', '紅茶')"
    )

    result = cli("edit yamada")

    assert result.exit_code != 0
    assert "changed by someone else" in result.stderr
    assert "紅茶" in recovery_file(result.stderr).read_text(encoding="utf-8")
    assert "同時の電話" in note_file.read_text(encoding="utf-8"), "the other change is kept"
    assert "ほうじ茶" in note_file.read_text(encoding="utf-8")
    assert git_log(notebook.root)[0] == "log: 山田 太郎 (call)"


def test_a_failing_editor_changes_nothing(cli, notebook: Notebook, yamada: Note, editor) -> None:
    editor("text = 'half written'\npath.write_text(text)\nsys.exit(1)")
    before = (notebook.root / yamada.path).read_bytes()
    result = cli("edit yamada")
    assert result.exit_code == 1
    assert "exited with status 1" in result.stderr
    assert (notebook.root / yamada.path).read_bytes() == before
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


def test_a_missing_editor_is_named(
    cli, notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    result = cli("edit yamada")
    assert result.exit_code == 1
    assert "cannot start the editor 'no-such-editor-xyz'" in result.stderr


def test_editing_an_unknown_customer(cli, yamada: Note, editor) -> None:
    saw = editor("pass")
    result = cli("edit suzuki")
    assert result.exit_code == 1
    assert "no customer matches 'suzuki'" in result.stderr
    assert not saw.exists()
