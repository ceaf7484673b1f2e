"""A team split in two: this notebook's history unrelated to the team's branch, or another
branch of the remote holding notes the team's branch lacks (as last fetched; ``custnote sync``
fetches). Repaired by ``custnote join`` (docs/sync.md), which needs the network and so is not
run by ``check --fix``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.core.checks import Finding

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "branches"


def find(nb: Notebook) -> list[Finding]:
    from custnote.core.sync.team import find_splits

    return [Finding(NAME, "", split.message) for split in find_splits(nb)]
