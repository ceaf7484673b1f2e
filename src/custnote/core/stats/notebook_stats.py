"""The statistics of a notebook: what ``custnote stats`` computes, usable without the CLI (the
aggregation itself is :mod:`custnote.core.stats.team_stats`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.core.agenda.fact_loading import Loaded, load
from custnote.core.stats.team_stats import Stats, StatsInput, StatsQuery

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def stats_for(nb: Notebook, query: StatsQuery) -> tuple[Stats, list[str]]:
    """The statistics for ``query`` and the warnings met reading the notes, kept between runs
    and brought up to date note by note (:mod:`custnote.core.stats.kept_stats`)."""
    from custnote.core.stats.kept_stats import stats_for as kept_stats

    return kept_stats(nb, query)


def load_stats(nb: Notebook) -> Loaded[StatsInput]:
    """Every customer's statistics input (from the note store)."""
    return load(nb, "stats", lambda record, _rel: StatsInput(*record["stats"]))
