"""One id, one file: a note archived on one side and edited on the other is merged back into
one note, in ``archive/`` (docs/sync.md), and nothing with an id used twice is ever pushed.

git sees the archiving as a rename only when the archived file is still similar to the edited
one; when the archiving side had also changed the note a lot, git sees a deletion, keeps the
edited file, and the id ends up in ``customers/`` and ``archive/`` at once. :func:`reunite`
merges the two with custnote's note merge (log entries of both kept, fields merged) against
their common version: the newest earlier version of the note whose log entries both still hold.

The caller holds the notebook's lock (``sync`` does). The merge is written and committed through
the notebook's one write path (:meth:`Notebook.transaction`, journalled): a ``reunite`` killed
midway is completed or rolled back by the next command, like any other write.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from custnote.core.note.noteformat import parse_note, serialise_entry
from custnote.core.note.validation import validate_fields
from custnote.core.sync.note_merge import merge_note_texts
from custnote.errors import ConflictError, CustnoteError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

#: How far back in a note's history to look for the common version.
HISTORY_LIMIT = 200


def files_by_id(nb: Notebook) -> dict[str, list[str]]:
    """``{id: paths}`` of every readable note, live and archived."""
    found: dict[str, list[str]] = defaultdict(list)
    for archived in (False, True):
        for rel, summary in nb.summaries(archived=archived).items():
            if "error" not in summary and summary.get("id") is not None:
                found[str(summary["id"])].append(rel)
    return found


def one_file_per_id(nb: Notebook) -> list[str]:
    """Reunite archived-and-edited notes (one commit), then refuse (ConflictError naming the
    files) if any id is still used by two files. Returns the archived paths merged."""
    nb.forget_store()  # a rebase or merge just changed the files: the store looks again
    merged = reunite(nb)
    nb.forget_store()
    twice = {i: paths for i, paths in files_by_id(nb).items() if len(paths) > 1}
    if twice:
        note_id, paths = sorted(twice.items())[0]
        raise ConflictError(
            _(
                "{value} have the same id {note_id!r}; not pushed. Keep one (merge them "
                "with 'custnote edit'), then sync again"
            ).format(value=" and ".join(sorted(paths)), note_id=note_id)
        )
    return merged


def reunite(nb: Notebook) -> list[str]:
    pairs = []
    for paths in files_by_id(nb).values():
        live = [p for p in paths if p.startswith("customers/")]
        archived = [p for p in paths if p.startswith("archive/")]
        if len(live) == 1 and len(archived) == 1 and len(paths) == 2:
            pairs.append((live[0], archived[0]))
    if not pairs:
        return []
    merged: dict[str, str] = {}
    names = []
    for live, archived in sorted(pairs):
        live_text, archived_text = nb.read_text(live), nb.read_text(archived)
        base = common_version(nb, live, [live_text, archived_text])
        merged[archived] = merge_note_texts(base, archived_text, live_text, archived).text
        note = parse_note(merged[archived], archived)
        validate_fields(note.fields, nb.config, archived)
        names.append(note.name)
    subject = f"merge: {', '.join(names)} (archived on one side, edited on the other)"
    with nb.transaction(subject, "merge") as tx:
        for live, archived in sorted(pairs):
            tx.write(archived, merged[archived], validated=True, sealed=True)
            tx.remove(live)
    return [archived for _, archived in pairs]


def common_version(nb: Notebook, live: str, texts: list[str]) -> str | None:
    """The newest committed version of ``live`` whose log entries every one of ``texts`` holds
    (None when there is none: then the merge keeps everything of both)."""
    held = [_entries(text) for text in texts]
    commits = nb.git.run("log", f"-n{HISTORY_LIMIT}", "--format=%H", "--", live).stdout.split()
    for sha in commits:
        old = nb.git.blobs(sha, [live]).get(live)
        if old is None:
            continue
        text = old.decode("utf-8", errors="replace")
        entries = _entries(text)
        if all(entries <= h for h in held):
            return text
    return None


def _entries(text: str) -> set[str]:
    try:
        return {serialise_entry(e) for e in parse_note(text).log}
    except CustnoteError:
        return {"\0unreadable"}
