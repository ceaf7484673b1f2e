"""``custnote check`` reports notes that do not validate and ids used twice; the private state
(caches, lock) lives inside ``.git/``, where nothing a clone or pull brings can write."""

from __future__ import annotations

import json
import shutil

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def test_a_healthy_notebook_passes(cli, yamada: Note) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.stderr
    assert "healthy" in result.stdout


def test_a_broken_note_and_a_duplicate_id_are_reported(
    cli, notebook: Notebook, yamada: Note
) -> None:
    path = notebook.root / yamada.path
    copy = notebook.root / "archive" / yamada.path.removeprefix("customers/")
    copy.parent.mkdir(parents=True)
    shutil.copy(path, copy)
    broken = notebook.root / "customers" / "zz" / "broken.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\nid: broken\nname: {a: 1}\n---\n", encoding="utf-8")
    before = path.read_bytes()

    result = cli("check --json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    messages = {(f["check"], f["path"]): f["message"] for f in report["findings"]}
    assert "customers/zz/broken.md" in messages[("notes", "customers/zz/broken.md")]
    duplicate = messages[("notes", yamada.path)]
    assert yamada.id in duplicate and str(copy.relative_to(notebook.root)) in duplicate
    assert path.read_bytes() == before, "check only reads"


def test_private_state_is_inside_the_git_directory(notebook: Notebook, yamada: Note) -> None:
    assert notebook.state_dir == notebook.root / ".git" / "custnote"
    assert notebook.cache_dir.is_relative_to(notebook.root / ".git")
    assert notebook.lock_path.is_file(), "the write took the lock there"
    assert not (notebook.root / ".custnote" / "lock").exists()
