"""A lookup that finds nobody among current customers may mean an archived one: say so, with
the command that brings them back, instead of "no customer matches" (or a hint to add them
again)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from custnote.errors import CustnoteError, CustomerArchivedError

if TYPE_CHECKING:
    from custnote.core.notebook import Notebook


def archived_error(nb: Notebook, query: str) -> CustomerArchivedError | None:
    """The error to raise when ``query`` means an archived customer (one, or several: the
    first named), else None."""
    from custnote.core.resolve import resolve
    from custnote.errors import AmbiguousCustomerError

    summaries = nb.summaries(archived=True)
    if not summaries:
        return None
    try:
        rel = resolve(query, summaries, nb.config.phone_region)
    except AmbiguousCustomerError:
        return CustomerArchivedError(f"'{query}'", shlex.quote(query), several=True)
    except CustnoteError:
        return None
    name = str(summaries[rel].get("name") or query)
    return CustomerArchivedError(name, shlex.quote(query))
