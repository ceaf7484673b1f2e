"""Customers' facts as ``agenda`` and ``stats`` load them: from the note store's per-note
records (:mod:`custnote.core.agenda.factstore`), with one warning line per problem met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from custnote.core.agenda.fact_reader import from_digest_record
from custnote.core.agenda.reminders import AgendaDigest
from custnote.core.agenda.window import QuickFacts, Window
from custnote.core.note.summary import collector_paused

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """What was read for every customer, and one warning line per problem (bad dates, notes
    that cannot be read at all)."""

    items: list[T] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load(
    nb: Notebook,
    name: str,
    build: Callable[[dict, str], T],
    wanted: Callable[[dict], bool] = lambda record: True,
    window: Window | None = None,
) -> Loaded[T]:
    result: Loaded[T] = Loaded()
    with collector_paused():
        result.items = list(stream(nb, name, build, result.warnings, wanted, window))
    return result


def stream(
    nb: Notebook,
    name: str,
    build: Callable[[dict, str], T],
    warnings: list[str],
    wanted: Callable[[dict], bool] = lambda record: True,
    window: Window | None = None,
) -> Iterator[T]:
    """The items built from the store's records one by one (memory stays flat), adding the
    problems met to ``warnings``."""
    for rel, record in nb.store().facts(name, window):
        if "error" not in record and wanted(record):
            yield build(record, rel)
        warnings += warnings_of(record)


def warnings_of(record: dict) -> list[str]:
    """The warning lines of one customer's facts record: why it cannot be read at all, else
    the problems met reading it (bad dates)."""
    return [record["error"]] if "error" in record else list(record.get("problems", ()))


def load_agenda(nb: Notebook, window: Window | None = None) -> Loaded[AgendaDigest]:
    """Every customer's agenda digest (from the note store); with a ``window``,
    only those that may have a reminder in it (the others are skipped unread)."""
    return load(
        nb,
        "agenda",
        from_digest_record,
        (lambda r: window.may_remind(QuickFacts(*r["quick"]))) if window else lambda r: True,
        window,
    )
