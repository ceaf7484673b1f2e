"""The composition root: a notebook with what custnote adds around its core.

:class:`~custnote.core.notebook.notebook.Notebook` starts with no write hooks, so the core does
not reach for the search index on its own. The CLI opens notebooks here, and so can a library
user who wants the same behaviour: after each commit, an existing search index is brought up
to date (:func:`custnote.core.search.notebook_search.index_written`; Whoosh itself is imported
only when an index is there to update).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def wired(nb: Notebook) -> Notebook:
    """``nb`` with the search index refresher as a write hook (added once)."""
    if _refresh_search_index not in nb.write_hooks:
        nb.write_hooks.append(_refresh_search_index)
    return nb


def open_notebook(path: str | os.PathLike[str] | None = None) -> Notebook:
    """The notebook at ``path`` (else ``$CUSTNOTE_NOTEBOOK``, the one around the current
    folder, or the default one), what a killed write left settled, its search index kept
    current by every write."""
    from custnote.core.notebook.locate import find_root
    from custnote.core.notebook.notebook import Notebook

    nb = wired(Notebook(find_root(path)))
    nb.settle_interrupted()
    return nb


def _refresh_search_index(nb: Notebook, paths: list[str]) -> None:
    from custnote.core.search.notebook_search import index_written

    index_written(nb, paths)
