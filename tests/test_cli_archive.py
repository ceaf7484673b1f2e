"""``custnote rm`` archives (never destroys) and ``custnote unarchive`` brings a customer back."""

from __future__ import annotations

import json

from conftest import git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def archived_path(note: Note) -> str:
    return "archive/" + note.path.removeprefix("customers/")


def test_rm_moves_the_note_to_the_archive(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "最後の訪問" --kind visit')
    text = notebook.read_text(yamada.path)

    result = cli("rm yamada", input="y\n")

    assert result.exit_code == 0, result.stderr
    assert f"Archive 山田 太郎 ({yamada.path})?" in result.stdout
    assert f"Archived 山田 太郎 → {archived_path(yamada)}" in result.stdout
    assert not (notebook.root / yamada.path).exists()
    assert (notebook.root / archived_path(yamada)).read_text(encoding="utf-8") == text
    assert git_log(notebook.root)[0] == "rm: 山田 太郎 (archived)"


def test_the_archived_note_keeps_its_history(cli, notebook: Notebook, yamada: Note) -> None:
    cli('log yamada "最後の訪問" --kind visit')
    assert cli("rm yamada -y").exit_code == 0
    assert git_log(notebook.root, "--follow", "--", archived_path(yamada)) == [
        "rm: 山田 太郎 (archived)",
        "log: 山田 太郎 (visit)",
        "add: 山田 太郎",
    ]


def test_an_archived_customer_is_out_of_sight_but_findable(
    cli, notebook: Notebook, yamada: Note
) -> None:
    assert cli("rm yamada --yes").exit_code == 0
    assert cli("list --json").stdout.strip() == "[]"
    assert cli("show yamada").exit_code == 1
    archived = json.loads(cli("list --archived --json").stdout)
    assert [c["path"] for c in archived] == [archived_path(yamada)]
    shown = cli("show yamada --archived --json")
    assert json.loads(shown.stdout)["id"] == yamada.id


def test_declining_keeps_the_customer(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli("rm yamada", input="n\n")
    assert result.exit_code == 1
    assert "Aborted" in result.stderr
    assert (notebook.root / yamada.path).exists()
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


def test_unarchive_restores_the_same_file(cli, notebook: Notebook, yamada: Note) -> None:
    text = notebook.read_text(yamada.path)
    assert cli("rm yamada -y").exit_code == 0

    result = cli("unarchive yamada")

    assert result.exit_code == 0, result.stderr
    assert f"Restored 山田 太郎 → {yamada.path}" in result.stdout
    assert notebook.read_text(yamada.path) == text
    assert not (notebook.root / archived_path(yamada)).exists()
    assert git_log(notebook.root)[:2] == [
        "restore: 山田 太郎 (from archive)",
        "rm: 山田 太郎 (archived)",
    ]
    assert cli("log yamada 復活 --kind call").exit_code == 0


def test_unarchive_of_a_customer_that_is_not_archived(cli, yamada: Note) -> None:
    result = cli("unarchive yamada")
    assert result.exit_code == 1
    assert "no customer matches 'yamada'" in result.stderr


def test_rm_of_an_unknown_customer(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli("rm suzuki -y")
    assert result.exit_code == 1
    assert "no customer matches 'suzuki'" in result.stderr
    assert (notebook.root / yamada.path).exists()


def test_an_archived_customer_is_named_with_the_way_back(cli, notebook, yamada) -> None:
    assert cli("rm yamada --yes").exit_code == 0
    shown = cli("show yamada")
    assert shown.exit_code == 1 and shown.stdout == ""
    assert shown.stderr.strip() == (
        "custnote: error: 山田 太郎 is archived; bring it back with 'custnote unarchive yamada'"
    )
    logged = cli('log "山田 太郎" "電話"')
    assert logged.exit_code == 1
    assert "is archived; bring it back with 'custnote unarchive '山田 太郎''" in logged.stderr
    called = cli("who 03-5555-0199")
    assert called.exit_code == 1
    assert "山田 太郎 is archived; bring it back with 'custnote unarchive 03-5555-0199'" in (
        called.stderr
    )
    assert "custnote add" not in called.stderr, "no hint to add them again"
    assert cli("unarchive yamada").exit_code == 0
    assert cli("show yamada").exit_code == 0
    assert "no customer matches 'suzuki'" in cli("show suzuki").stderr
