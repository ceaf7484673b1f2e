"""The shipped note templates: valid notes without id/name, used by ``custnote add --template``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from langfixtures import set_language

from custnote.core.note.noteformat import parse_note
from custnote.core.note.templates import available, load_template
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.config import NotebookConfig
from custnote.core.notebook.notebook import Notebook

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
NAMES = ("default", "b2b", "shop", "karte")


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_template_is_a_valid_note_with_a_body_skeleton(name: str, language: str) -> None:
    path = TEMPLATES / f"{name}.{language}.md"
    note = parse_note(path.read_text(encoding="utf-8"), str(path))
    assert "id" not in note.fields and "name" not in note.fields
    assert note.log == []
    validate_fields({"id": "k7m2qa", "name": "x", **note.fields}, NotebookConfig(), str(path))
    headings = re.findall(r"^## (.+)$", note.body, flags=re.M)
    assert len(headings) >= 3, headings
    japanese = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", "".join(headings)))
    assert japanese == (language == "ja")


def test_the_four_templates_are_available() -> None:
    assert set(NAMES) <= set(available(None))


def test_karte_template_sets_a_visit_interval() -> None:
    template = load_template("karte", "ja", None)
    assert template.fields["visit_every"] == "2 months"
    assert "施術履歴" in template.body


def test_add_with_a_template_fills_fields_and_body(cli, notebook: Notebook) -> None:
    set_language(notebook, "ja")
    result = cli('add "中村 美穂" --kana "なかむら みほ" --template karte --tag vip')
    assert result.exit_code == 0, result.stderr
    note = notebook.resolve("nakamura")
    assert note.fields["visit_every"] == "2 months"
    assert note.fields["tags"] == ["vip"]  # the option wins over the template's default
    assert note.fields["status"] == "active"
    assert "## ご注意（肌・髪・体調）" in note.body


def test_notebook_language_picks_the_english_template(cli, notebook: Notebook) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text().replace("language: ja", "language: en"))
    result = cli('add "Jane Smith" --template b2b --company "Northwind Traders"')
    assert result.exit_code == 0, result.stderr
    note = notebook.resolve("jane")
    assert "## Decision makers and contacts" in note.body
    assert note.fields["tags"] == ["b2b"]


def test_unknown_template_lists_the_available_ones(cli) -> None:
    result = cli('add "山田 太郎" --template florist')
    assert result.exit_code == 2
    assert "florist" in result.stderr and "karte" in result.stderr
