"""Note templates: front-matter defaults and a body skeleton for a kind of customer.

A template is a note file without ``id`` and ``name`` (see ``templates/`` in the repository). It
is looked up as ``<name>.<language>.md`` then ``<name>.md``, first in the notebook's
``.custnote/templates/``, then in the templates shipped with custnote.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from custnote.core.noteformat import parse_note
from custnote.errors import InvalidValueError


@dataclass
class Template:
    name: str
    fields: dict[str, Any]
    body: str


def _shipped_dirs() -> list[Path]:
    packaged = Path(str(resources.files("custnote"))) / "templates"
    checkout = Path(__file__).resolve().parents[3] / "templates"  # running from a source tree
    return [d for d in (packaged, checkout) if d.is_dir()]


def template_dirs(notebook_root: Path | None) -> list[Path]:
    local = [notebook_root / ".custnote" / "templates"] if notebook_root else []
    return [d for d in local if d.is_dir()] + _shipped_dirs()


def available(notebook_root: Path | None) -> list[str]:
    """Template names, e.g. ``["b2b", "default", "karte", "shop"]``."""
    names = {p.name.split(".")[0] for d in template_dirs(notebook_root) for p in d.glob("*.md")}
    return sorted(names)


def load_template(name: str, language: str, notebook_root: Path | None) -> Template:
    for folder in template_dirs(notebook_root):
        for candidate in (folder / f"{name}.{language}.md", folder / f"{name}.md"):
            if candidate.is_file():
                note = parse_note(candidate.read_text(encoding="utf-8-sig"), str(candidate))
                return Template(name, note.fields, note.body)
    if name == "default":
        return Template(name, {}, "")
    choices = ", ".join(available(notebook_root)) or "none installed"
    raise InvalidValueError("template", name, f"no such template (available: {choices})")
