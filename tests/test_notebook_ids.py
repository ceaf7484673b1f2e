"""Ids become part of file names, so an id from an import or a library caller must be safe."""

from __future__ import annotations

import pytest

from custnote.core.notebook.notebook import Notebook
from custnote.errors import InvalidValueError


@pytest.mark.parametrize("bad_id", ["../../x", "a/b", "with space", "顧客1", " "])
def test_an_unsafe_id_is_refused_and_nothing_is_written(notebook: Notebook, bad_id: str) -> None:
    with pytest.raises(InvalidValueError, match="id"):
        notebook.create({"name": "Evil Name", "id": bad_id})
    assert notebook.note_paths() == []
    assert not any(p.suffix == ".md" for p in notebook.root.rglob("*") if ".git" not in p.parts)


@pytest.mark.parametrize("good_id", ["C-0001", "k7m2qa", "crm_12345"])
def test_imported_ids_of_letters_digits_and_dashes_are_kept(
    notebook: Notebook, good_id: str
) -> None:
    note = notebook.create({"name": "Jane Smith", "id": good_id})
    assert note.path == f"customers/ja/jane-smith-{good_id}.md"
    assert notebook.resolve(good_id).id == good_id


def test_an_unsafe_id_column_value_is_kept_as_external_id(
    cli, notebook: Notebook, tmp_path
) -> None:
    sheet = tmp_path / "customers.csv"
    sheet.write_text("id,氏名\nok-1,山田 太郎\n../../evil,悪い 名前\n", encoding="utf-8")
    result = cli(["import", str(sheet)])
    assert result.exit_code == 0, result.stderr
    assert notebook.resolve("ok-1").name == "山田 太郎"
    (evil,) = [n for n in notebook.iter_notes() if n.name == "悪い 名前"]
    assert evil.fields["external_id"] == "../../evil" and evil.id != "../../evil"
    assert all(p.startswith("customers/") and ".." not in p for p in notebook.note_paths())
