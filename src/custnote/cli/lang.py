"""Which language this run speaks: one language per run, never two glued together.

The rule is :mod:`custnote.i18n`'s: the notebook's ``language:`` setting when its config has
one, else Japanese when ``LC_ALL``/``LANG`` starts with ``ja``, else English. Opening the
notebook (:meth:`custnote.cli.context.State.notebook`) binds the run to its language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote import i18n

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

LANGUAGES = i18n.LANGUAGES


def bind(nb: Notebook) -> None:
    """Speak the notebook's language from now on, when it sets one."""
    configured = i18n.configured_language(nb.config.raw)
    if configured:
        i18n.set_language(configured)


def language(nb: Notebook | None = None) -> str:
    """``ja`` or ``en`` for a run on ``nb`` (see the module docstring)."""
    configured = i18n.configured_language(nb.config.raw) if nb is not None else None
    return configured or i18n.env_language()
