"""Running an import against a notebook: plan from its customers, then write in ONE commit.

Everything is converted, matched and validated before the first file is touched, so a bad row
stops the import with nothing written. The writing itself happens in one
:meth:`~custnote.core.notebook.notebook.Notebook.transaction`; if it fails before the commit, every
file it wrote is put back as it was (new notes removed), so a failed import leaves no trace.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from custnote.core.importing.customers import (
    Action,
    CustomerIndex,
    Existing,
    ImportPlan,
    LogPlan,
    OnDuplicate,
    draft_customer,
    draft_log,
    plan_customers,
    plan_log,
)
from custnote.core.importing.mapping import ColumnMapping
from custnote.core.note.model import LogEntry, Note
from custnote.core.note.noteformat import (
    insert_entries,
    parse_note,
    serialise_entry,
    set_body,
    set_field,
)
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.config import NotebookConfig
from custnote.core.notebook.notebook import Notebook
from custnote.errors import ConflictError, InvalidValueError
from custnote.i18n import _


class Records(Protocol):
    """What a reader gives (see :class:`custnote.adapters.io.table.Table`)."""

    source: str

    @property
    def records(self) -> Sequence[Any]: ...


#: ImportProgress callback: ``progress(label, done, total)``.
ImportProgress = Callable[[str, int, int], None]


def _no_progress(label: str, done: int, total: int) -> None:
    """The default: report nothing."""


@dataclass
class Catalog:
    """The notebook's customers as the importer needs them: by id, with their paths."""

    notebook: Notebook
    paths: dict[str, str] = field(default_factory=dict)
    known: list[dict[str, Any]] = field(default_factory=list)
    log_counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, notebook: Notebook) -> Catalog:
        catalog = cls(notebook)
        for rel, summary in notebook.summaries().items():
            if "error" in summary:
                raise InvalidValueError("note", rel, summary["error"])
            catalog.paths[str(summary["id"])] = rel
            catalog.log_counts[str(summary["id"])] = summary.get("log_count", 0)
            catalog.known.append(summary)
        return catalog

    def load(self, customer_id: str) -> Existing:
        note = self.notebook.load(self.paths[customer_id])
        return Existing(note.fields, note.body)

    def index(self) -> CustomerIndex:
        index = CustomerIndex(self.notebook.config.phone_region)
        for summary in self.known:
            index.add(str(summary["id"]), summary)
        return index


def _each(records: Sequence[Any], label: str, progress: ImportProgress) -> Iterator[Any]:
    total = len(records)
    for done, record in enumerate(records, start=1):
        yield record
        if done % 500 == 0 or done == total:
            progress(label, done, total)


def _drafts(
    notebook: Notebook,
    table: Records,
    mappings: Sequence[ColumnMapping],
    convert: Callable[..., Any],
    progress: ImportProgress,
) -> Iterator[Any]:
    """Each record converted by ``convert`` (draft_customer or draft_log), or its error."""
    for record in _each(table.records, "reading", progress):
        try:
            yield convert(record.row, record.values, mappings, notebook.config, source=table.source)
        except InvalidValueError as error:
            yield error


def customer_plan(
    notebook: Notebook,
    table: Records,
    mappings: Sequence[ColumnMapping],
    on_duplicate: OnDuplicate,
    *,
    skip_bad: bool = False,
    progress: ImportProgress = _no_progress,
) -> ImportPlan:
    """Plan importing ``table``'s rows as customers of ``notebook`` (nothing is written)."""
    catalog = Catalog.of(notebook)
    convert = functools.partial(draft_customer, skip_bad=skip_bad)  # a bad cell, not the row
    return plan_customers(
        _drafts(notebook, table, mappings, convert, progress),
        catalog.known,
        catalog.load,
        on_duplicate,
        source=table.source,
        skip_bad=skip_bad,
        region=notebook.config.phone_region,
    )


def log_plan(
    notebook: Notebook,
    table: Records,
    mappings: Sequence[ColumnMapping],
    *,
    skip_bad: bool = False,
    progress: ImportProgress = _no_progress,
) -> LogPlan:
    """Plan importing ``table``'s rows as log entries (nothing is written)."""
    rows = _drafts(notebook, table, mappings, draft_log, progress)
    return plan_log(rows, Catalog.of(notebook).index(), source=table.source, skip_bad=skip_bad)


@dataclass
class Written:
    """What an import wrote: notes created and changed, entries added, and the commit."""

    created: list[Note] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    entries: int = 0
    already_there: int = 0
    commit: str | None = None


def _updated_text(
    text: str, rel: str, changes: dict[str, Any], body: str, config: NotebookConfig
) -> str:
    for key, value in changes.items():
        text = set_field(text, key, value, rel)
    if body:
        text = set_body(text, body, rel)
    validate_fields(parse_note(text, rel).fields, config, rel)
    return text


def write_customers(
    notebook: Notebook,
    plan: ImportPlan,
    source: str,
    *,
    logs: Mapping[int, Sequence[LogEntry]] | None = None,
    progress: ImportProgress = _no_progress,
) -> Written:
    """Create and update the plan's customers in one commit ``import: …``. ``logs`` (by row:
    a JSON export's log entries) go into the customers' logs, except for skipped ones and the
    entries a log already holds."""
    catalog = Catalog.of(notebook)
    taken = notebook.taken_ids()
    written = Written()
    texts: dict[str, tuple[str, str]] = {}
    for item in _each(plan.customers, "checking", progress):
        entries = [e for row in item.rows for e in (logs or {}).get(row, ())]
        if item.action is Action.CREATE:
            try:
                log = _new_entries(notebook, [], entries)
                note = notebook.new_note(item.changes, item.body, log, taken=taken)
            except InvalidValueError as exc:
                raise _in_row(exc, item.rows[0], source) from None
            written.created.append(note)
            written.entries += len(note.log)
        elif item.action is not Action.SKIP and item.target:
            rel = catalog.paths[item.target]
            text = notebook.read_text(rel)
            updated = text
            if item.action is Action.UPDATE:
                updated = _updated_text(text, rel, item.changes, item.body, notebook.config)
            try:
                log = parse_note(updated, rel).log if entries else []
                new = _new_entries(notebook, log, entries)
            except InvalidValueError as exc:
                raise _in_row(exc, item.rows[0], source) from None
            written.already_there += len(entries) - len(new)
            if new:
                updated = insert_entries(updated, new, rel)
                written.entries += len(new)
            if updated != text:
                texts[rel] = (text, updated)
    new_notes = {note.path or "": note for note in written.created}
    written.commit = _commit(
        notebook,
        f"import: {len(new_notes)} new, {len(texts)} updated customers from {source}",
        new_notes,
        texts,
        progress,
    )
    written.changed = list(texts)
    return written


def _in_row(exc: InvalidValueError, row: int, source: str) -> InvalidValueError:
    return InvalidValueError(
        _("row {row}, field {field!r}").format(row=row, field=exc.field),
        exc.value,
        exc.reason,
        source=source,
    )


def _new_entries(
    notebook: Notebook, log: Sequence[LogEntry], entries: Sequence[LogEntry]
) -> list[LogEntry]:
    """Those of ``entries`` that ``log`` does not hold yet (the same heading, attributes and
    text), each once; their kinds are checked against the notebook's."""
    present = {serialise_entry(entry) for entry in log}
    new = []
    for entry in entries:
        serialised = serialise_entry(entry)
        if serialised not in present:
            notebook.check_kind(entry.kind)
            present.add(serialised)
            new.append(entry)
    return new


def write_log(
    notebook: Notebook, plan: LogPlan, source: str, *, progress: ImportProgress = _no_progress
) -> Written:
    """Add the plan's entries to each customer's log in date order, in one commit. An entry
    the log already holds (same heading, attributes and text) is not added twice."""
    catalog = Catalog.of(notebook)
    written = Written()
    texts: dict[str, tuple[str, str]] = {}
    for key in _each(list(plan.entries), "checking", progress):
        rel = catalog.paths[key]
        text = notebook.read_text(rel)
        rows = plan.entries[key]
        log = parse_note(text, rel).log if catalog.log_counts.get(key) else []
        new = _new_entries(notebook, log, [row.entry for row in rows])
        written.already_there += len(rows) - len(new)
        if new:
            texts[rel] = (text, insert_entries(text, new, rel))
            written.entries += len(new)
    subject = f"import: {written.entries} log entries for {len(texts)} customers from {source}"
    written.commit = _commit(notebook, subject, {}, texts, progress)
    written.changed = list(texts)
    return written


def _commit(
    notebook: Notebook,
    subject: str,
    new: dict[str, Note],
    texts: dict[str, tuple[str, str]],
    progress: ImportProgress,
) -> str | None:
    """Write every file and commit once (a bulk transaction: all or nothing). ``texts`` maps
    a changed note to (the text the change was made from, the new text): if another writer
    changed the note meanwhile, the import stops rather than overwrite that change."""
    if not new and not texts:
        return None
    head = notebook.git.run("rev-parse", "HEAD").stdout.strip()
    progress("writing", 0, 1)
    with notebook.transaction(subject, "import", bulk=True) as tx:
        for note in new.values():
            tx.write_note(note)
        for rel, (before, after) in texts.items():
            if tx.read(rel) != before:
                raise ConflictError(
                    _("{rel} was changed while importing; run the import again").format(rel=rel)
                )
            tx.write(rel, after)
    progress("writing", 1, 1)
    after = notebook.git.run("rev-parse", "HEAD").stdout.strip()
    return after if after != head else None
