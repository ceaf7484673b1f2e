"""The statistics of a notebook: what ``custnote stats`` computes, usable without the CLI (the
aggregation itself is :mod:`custnote.core.stats.team_stats`).
"""

from __future__ import annotations

import json
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from custnote.core.agenda.fact_loading import Loaded, load, stream
from custnote.core.agenda.factstore import FACTS_VERSION
from custnote.core.note.summary import collector_paused
from custnote.core.stats.results_memo import NotesMemo
from custnote.core.stats.stats_records import stats_from_record, stats_record
from custnote.core.stats.team_stats import Stats, StatsInput, StatsQuery, compute_stats

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def stats_for(nb: Notebook, query: StatsQuery) -> tuple[Stats, list[str]]:
    """The statistics for ``query`` and the warnings met reading the notes. The result is kept
    while no note changes (:mod:`custnote.core.stats.results_memo`), so asking again is instant."""

    def compute() -> tuple[Stats, list[str]]:
        warnings: list[str] = []
        inputs = stream(nb, "stats", lambda record, _rel: StatsInput(*record["stats"]), warnings)
        with collector_paused():
            return compute_stats(inputs, query), warnings

    memo = NotesMemo(nb, "stats-results", FACTS_VERSION, _encode, _decode)
    return memo.get_or_compute(json.dumps(astuple(query), default=str), compute)


def _encode(result: tuple[Stats, list[str]]) -> list[Any]:
    return [stats_record(result[0]), result[1]]


def _decode(record: list[Any]) -> tuple[Stats, list[str]]:
    return stats_from_record(record[0]), list(record[1])


def load_stats(nb: Notebook) -> Loaded[StatsInput]:
    """Every customer's statistics input (from the note store)."""
    return load(nb, "stats", lambda record, _rel: StatsInput(*record["stats"]))
