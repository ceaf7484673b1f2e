"""A lookup that finds nobody among current customers may mean an archived one: say so, with
the command that brings them back, instead of "no customer matches" (or a hint to add them
again)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from custnote.errors import CustnoteError, CustomerArchivedError

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


def archived_error(nb: Notebook, query: str) -> CustomerArchivedError | None:
    """The error to raise when ``query`` means an archived customer (one, or several: the
    first named), else None."""
    from custnote.core.notebook.lookup import resolve_path
    from custnote.errors import AmbiguousCustomerError

    store = nb.store()
    try:
        rel = resolve_path(store, query, archived=True)
    except AmbiguousCustomerError:
        return CustomerArchivedError(f"'{query}'", shlex.quote(query), several=True)
    except CustnoteError:
        return None
    name = str((store.summary(rel) or {}).get("name") or query)
    return CustomerArchivedError(name, shlex.quote(query))
