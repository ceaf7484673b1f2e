"""Which language this run speaks: one language per run, never two glued together.

The one place that decides it, so that a later gettext catalog can replace it: the notebook's
``language:`` setting when its config has one, else Japanese when ``LC_ALL``/``LANG`` starts with
``ja``, else English.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

LANGUAGES = ("ja", "en")


def language(nb: Notebook | None = None) -> str:
    """``ja`` or ``en`` for this run (see the module docstring)."""
    if nb is not None:
        configured = str(nb.config.raw.get("language") or "").strip().lower()
        if configured in LANGUAGES:
            return configured
    for var in ("LC_ALL", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
