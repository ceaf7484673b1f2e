"""What an export may contain: restricted values only when asked for, and only by a holder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.core.note.model import Note
from custnote.core.privacy.sealing import LOCKED, locked_paths
from custnote.core.sync.merge_rules import CONFLICTS_KEY
from custnote.errors import CustnoteError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


class RestrictedExportError(CustnoteError):
    """Restricted values were asked for by someone who cannot read them all."""


def for_export(nb: Notebook, notes: list[Note], include_restricted: bool) -> list[Note]:
    """``notes`` as an export may show them. Without ``include_restricted`` every restricted
    field and body section is left out (and every 🔒); with it, the person must be able to
    read every restricted value of every note, else nothing is exported."""
    policy = nb.policy
    if include_restricted:
        unreadable = [n for n in notes if locked_paths(n.fields) or LOCKED in n.body]
        if unreadable:
            names = ", ".join(n.name for n in unreadable[:3])
            raise RestrictedExportError(
                _(
                    "--include-restricted: you cannot read the restricted fields of {value} "
                    "customers ({names}); only a holder of a key can export them"
                ).format(value=len(unreadable), names=names)
            )
        return notes
    if not policy.active and not any(locked_paths(n.fields) for n in notes):
        return notes
    return [_without_restricted(n, nb) for n in notes]


def _restricted_conflict(conflict: object, policy) -> bool:
    if not isinstance(conflict, dict):
        return False
    name = str(conflict.get("field", ""))
    restricted = policy.active and (name in policy.fields or name.split(".")[0] in policy.fields)
    return restricted or LOCKED in str(conflict)


def _without_restricted(note: Note, nb: Notebook) -> Note:
    from custnote.core.privacy.sealing import strip_sections

    policy = nb.policy
    fields = {k: v for k, v in note.fields.items() if v != LOCKED}
    for path in policy.fields if policy.active else ():
        top, _, sub = path.partition(".")
        if not sub:
            fields.pop(top, None)
        elif isinstance(fields.get(top), dict):
            fields[top] = {k: v for k, v in fields[top].items() if k != sub}
    for key, value in list(fields.items()):
        if isinstance(value, dict):
            fields[key] = {k: v for k, v in value.items() if v != LOCKED}
    if isinstance(fields.get(CONFLICTS_KEY), list):  # the competing values of a field left out
        kept = [c for c in fields[CONFLICTS_KEY] if not _restricted_conflict(c, policy)]
        fields[CONFLICTS_KEY] = kept
        if not kept:
            del fields[CONFLICTS_KEY]
    body = strip_sections(note.body, policy) if policy.active else note.body
    return Note(fields=fields, body=body, log=note.log, path=note.path)
