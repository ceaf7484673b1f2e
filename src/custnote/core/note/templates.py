"""Note templates: front-matter defaults and a body skeleton for a kind of customer.

A template is a note file without ``id`` and ``name`` (see ``templates/`` in the repository). It
is looked up as ``<name>.<language>.md`` then ``<name>.md``, first in the notebook's
``.custnote/templates/``, then in the templates shipped with custnote.

A notebook's templates are shared: whatever one carries is applied to every new customer made
with it. So a template may only set the fields of :data:`TEMPLATE_FIELDS` (defaults for a kind
of customer) and the notebook's own custom fields, never a customer's identity (``id``,
``created``, name, contacts); a template that does, or that is a symbolic link, is refused with
one error naming it (docs/FORMAT.md, "Templates"; docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from custnote.core.note.noteformat import parse_note
from custnote.errors import CustnoteError, InvalidValueError
from custnote.i18n import _

#: the fields a template may set: defaults for a kind of customer (docs/FORMAT.md)
TEMPLATE_FIELDS = (
    "status",
    "tags",
    "owner",
    "visit_every",
    "contact_hours",
    "source",
    "preferences",
)


class TemplateError(CustnoteError):
    """A template that sets a field templates may not set, or that cannot be read safely."""

    exit_code = 2


@dataclass
class Template:
    name: str
    fields: dict[str, Any]
    body: str


def _shipped_dirs() -> list[Path]:
    packaged = Path(str(resources.files("custnote"))) / "templates"
    checkout = Path(__file__).resolve().parents[4] / "templates"  # running from a source tree
    return [d for d in (packaged, checkout) if d.is_dir()]


def template_dirs(notebook_root: Path | None) -> list[Path]:
    from custnote.adapters.fsio import inside  # a linked .custnote/templates is refused

    local = [inside(notebook_root, ".custnote/templates")] if notebook_root else []
    return [d for d in local if d.is_dir()] + _shipped_dirs()


def available(notebook_root: Path | None) -> list[str]:
    """Template names, e.g. ``["b2b", "default", "karte", "shop"]``."""
    names = {p.name.split(".")[0] for d in template_dirs(notebook_root) for p in d.glob("*.md")}
    return sorted(names)


def load_template(
    name: str, language: str, notebook_root: Path | None, custom_fields: Iterable[str] = ()
) -> Template:
    """The template ``name`` (see the module docstring); ``custom_fields`` are the notebook's
    own fields, which a template may also set."""
    for folder in template_dirs(notebook_root):
        for candidate in (folder / f"{name}.{language}.md", folder / f"{name}.md"):
            if candidate.is_symlink():
                raise TemplateError(
                    _("template {candidate}: is a symbolic link; not read").format(
                        candidate=candidate
                    )
                )
            if candidate.is_file():
                note = parse_note(candidate.read_text(encoding="utf-8-sig"), str(candidate))
                allowed = (*TEMPLATE_FIELDS, *custom_fields)
                extra = [key for key in note.fields if key not in allowed]
                if extra:
                    raise TemplateError(
                        _(
                            "template {candidate}: sets {value}, which a template may not set "
                            "(only {value2}; docs/FORMAT.md)"
                        ).format(
                            candidate=candidate,
                            value=", ".join(map(repr, extra)),
                            value2=", ".join(allowed),
                        )
                    )
                return Template(name, note.fields, note.body)
    if name == "default":
        return Template(name, {}, "")
    choices = ", ".join(available(notebook_root)) or "none installed"
    raise InvalidValueError(
        "template", name, _("no such template (available: {choices})").format(choices=choices)
    )
