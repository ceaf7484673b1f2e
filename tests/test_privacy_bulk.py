"""The notebook option confirm_bulk: a command changing more notes than that asks first."""

from __future__ import annotations

from gitfixtures import git
from privacyfixtures import keys_fixture  # noqa: F401


def limit(notebook, value: str) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8") + f"confirm_bulk: {value}\n", "utf-8")
    git(notebook.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "bulk")


def rows(tmp_path, count: int):
    table = tmp_path / "many.csv"
    lines = [f"顧客{n} 様,03-5555-{n:04d}" for n in range(count)]
    table.write_text("氏名,電話\n" + "\n".join(lines) + "\n", "utf-8")
    return table


def test_an_import_over_the_limit_needs_yes(cli, notebook, tmp_path):
    limit(notebook, "2")
    head = git(notebook.root, "rev-parse", "HEAD")
    result = cli(f"import {rows(tmp_path, 3)}")
    assert result.exit_code != 0
    assert "would change 3 notes, more than confirm_bulk: 2" in " ".join(result.stderr.split())
    assert git(notebook.root, "rev-parse", "HEAD") == head
    assert not notebook.note_paths()
    assert cli(f"import {rows(tmp_path, 3)} --yes").exit_code == 0
    assert len(notebook.note_paths()) == 3


def test_an_import_within_the_limit_just_runs(cli, notebook, tmp_path):
    limit(notebook, "3")
    assert cli(f"import {rows(tmp_path, 3)}").exit_code == 0
    assert len(notebook.note_paths()) == 3


def test_reencrypting_many_notes_needs_yes(cli, notebook, tmp_path, keys):
    limit(notebook, "1")
    cli(f"import {rows(tmp_path, 2)} --yes")
    result = cli(["access", "grant", "sato", keys["sato"][1]])
    assert result.exit_code != 0 and "confirm_bulk" in result.stderr
    assert not (notebook.root / ".custnote" / "recipients.yaml").exists()
    assert cli(["access", "grant", "sato", keys["sato"][1], "--yes"]).exit_code == 0
    assert (notebook.root / ".custnote" / "recipients.yaml").exists()


def test_a_bad_limit_is_named(cli, notebook, tmp_path):
    limit(notebook, "many")
    result = cli(f"import {rows(tmp_path, 1)}")
    assert result.exit_code != 0 and "confirm_bulk" in result.stderr and "many" in result.stderr
