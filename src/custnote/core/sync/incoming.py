"""What arrived from the team that is not a customer note, named so that a person sees it.

A pull can change more than notes: the notebook's settings (``.custnote/config.yaml``), its
templates, ``.gitattributes`` (which files git merges with custnote's driver), or add any other
file. custnote never runs what arrives, but these change how it behaves for everyone, so
``sync`` lists them ("team settings changed: …"; docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterable

#: top folders holding customer notes (``<folder>/<bucket>/<file>.md``)
NOTE_FOLDERS = ("customers", "archive")
_KINDS = (
    (".custnote/config.yaml", "settings"),
    (".custnote/templates/", "template"),
    (".custnote/cache/", "old cache path, never read"),
    (".custnote/recovery/", "old recovery path, never read"),
    (".custnote/lock", "old lock path, never read"),
    (".gitattributes", "how git merges notes"),
    (".gitignore", "files git ignores"),
)


def is_note_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] in NOTE_FOLDERS and parts[2].endswith(".md")


def describe(path: str) -> str:
    """``path`` with what it is, for the known ones: ``.custnote/config.yaml (settings)``."""
    kind = next((k for prefix, k in _KINDS if path == prefix or path.startswith(prefix)), None)
    return f"{path} ({kind})" if kind else path


def settings_changes(paths: Iterable[str]) -> list[str]:
    """Every changed path that is not a note (nor a folder's ``.gitkeep``), described."""
    return [
        describe(p)
        for p in sorted(set(paths))
        if not is_note_path(p) and not p.endswith("/.gitkeep")
    ]
