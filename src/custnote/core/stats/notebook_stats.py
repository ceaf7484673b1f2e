"""The statistics of a notebook: what ``custnote stats`` computes, usable without the CLI (the
aggregation itself is :mod:`custnote.core.stats.team_stats`).
"""

from __future__ import annotations

from dataclasses import astuple
from typing import TYPE_CHECKING

from custnote.core.agenda.fact_loading import Loaded, load, stream
from custnote.core.agenda.factstore import FACTS_VERSION
from custnote.core.note.summary import collector_paused
from custnote.core.stats.results_memo import NotesMemo
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

    memo = NotesMemo(nb, "stats-results", FACTS_VERSION)
    return memo.get_or_compute(astuple(query), compute)


def load_stats(nb: Notebook) -> Loaded[StatsInput]:
    """Every customer's statistics input (from the note store)."""
    return load(nb, "stats", lambda record, _rel: StatsInput(*record["stats"]))
