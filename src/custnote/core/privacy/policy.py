"""Which values of a note are restricted, and who may read them (docs/privacy.md).

Two committed files decide it:

* ``.custnote/recipients.yaml``: the team members who may read restricted values, each with
  one or more public keys (SSH or age) and optional groups. While it names nobody, nothing is
  restricted (this is how a notebook starts; ``custnote access grant`` turns it on).
* the ``restricted:`` section of ``.custnote/config.yaml`` (optional): which fields
  (default: :data:`DEFAULT_FIELDS`), the headings of the body section that is restricted, and
  which groups may read a field (default: every recipient).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custnote.core.notebook.config import CONFIG_DIR
from custnote.errors import InvalidValueError, NoteFormatError
from custnote.i18n import _

RECIPIENTS_FILE = f"{CONFIG_DIR}/recipients.yaml"
DEFAULT_FIELDS = ("family", "birthday", "anniversaries", "address", "preferences.allergies")
#: body headings (level 2) whose section is restricted; matched without regard to case
DEFAULT_SECTIONS = ("Private", "非公開")
EVERYONE = "all"

RECIPIENTS_HEADER = """\
# Who can read the restricted fields of this notebook (docs/privacy.md).
# Change it with 'custnote access grant' / 'custnote access revoke', which re-encrypt the notes.
"""


@dataclass
class Member:
    """One person who may read restricted values: their public keys and groups."""

    name: str
    keys: list[str]
    groups: list[str] = field(default_factory=list)


@dataclass
class Policy:
    """The restriction rules of a notebook."""

    fields: tuple[str, ...] = DEFAULT_FIELDS
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    #: field (or ``body``) -> groups that may read it; absent: every member
    readers: dict[str, list[str]] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.members)

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if m.name == name), None)

    def recipients(self, path: str) -> list[str]:
        """The public keys a value of ``path`` (``birthday``, ``preferences.allergies``,
        ``body``) is encrypted to."""
        groups = self.readers.get(path) or self.readers.get(path.split(".")[0])
        chosen = [
            m
            for m in self.members
            if not groups or EVERYONE in groups or set(groups) & set(m.groups)
        ]
        return [key for m in chosen for key in m.keys]

    def is_section(self, heading: str) -> bool:
        wanted = {s.casefold() for s in self.sections}
        return heading.strip().casefold() in wanted


def _strings(value: Any, key: str, source: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValueError(key, value, _("must be a list of words"), source=source)
    return list(value)


def load_policy(root: Path, config_raw: dict[str, Any]) -> Policy:
    """The notebook's policy (its recipients file is read only when it exists)."""
    source = f"{CONFIG_DIR}/config.yaml"
    section = config_raw.get("restricted") or {}
    if not isinstance(section, dict):
        raise InvalidValueError("restricted", section, _("must be a mapping"), source=source)
    policy = Policy()
    if "fields" in section:
        policy.fields = tuple(_strings(section["fields"], "restricted.fields", source))
    if "sections" in section:
        policy.sections = tuple(_strings(section["sections"], "restricted.sections", source))
    readers = section.get("readers") or {}
    if not isinstance(readers, dict):
        raise InvalidValueError(
            "restricted.readers", readers, _("must be a mapping"), source=source
        )
    policy.readers = {
        str(k): _strings(v, f"restricted.readers.{k}", source) for k, v in readers.items()
    }
    path = root / RECIPIENTS_FILE
    if path.exists():
        policy.members = read_members(path.read_text("utf-8-sig"), RECIPIENTS_FILE)
    return policy


def read_members(text: str, source: str = RECIPIENTS_FILE) -> list[Member]:
    from custnote.core.note import yamlio

    try:
        data = yamlio.load(text) or {}
    except yamlio.YAMLError as exc:
        raise NoteFormatError(source, _("not valid YAML: {exc}").format(exc=exc)) from None
    if not isinstance(data, dict):
        raise NoteFormatError(source, _("must be a mapping: NAME: {keys: [...], groups: [...]}"))
    members = []
    for name, entry in data.items():
        if not isinstance(entry, dict) or "keys" not in entry:
            raise InvalidValueError(str(name), entry, _("needs 'keys: [...]'"), source=source)
        keys = _strings(entry["keys"], f"{name}.keys", source)
        groups = _strings(entry.get("groups") or [], f"{name}.groups", source)
        members.append(Member(str(name), keys, groups))
    return members


def write_members(members: list[Member]) -> str:
    from custnote.core.note import yamlio

    data = {
        m.name: {"keys": list(m.keys), **({"groups": list(m.groups)} if m.groups else {})}
        for m in members
    }
    return RECIPIENTS_HEADER + (yamlio.dump(data) if data else "{}\n")
