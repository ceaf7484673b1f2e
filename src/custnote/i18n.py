"""The language of this run and its messages, through the standard library's ``gettext``.

One language per run (docs/i18n.md): the notebook's ``language:`` setting (``ja`` or ``en``) once
a notebook is open, else Japanese when ``LC_ALL``/``LANG`` starts with ``ja``, else English.
Messages are written in English in the code and wrapped in :func:`_` (or :func:`N_` where a
constant is translated later); the catalogs are ``custnote/locale/<lang>/LC_MESSAGES/custnote.po``
compiled to ``.mo`` beside them. A catalog is read once per process and language, on the first
message, so ``--help`` and ``show`` only pay for it when they print something. Data is never
translated.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

DOMAIN = "custnote"
LANGUAGES = ("ja", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_chosen: list[str] = []  # the run's language once decided (empty: not yet)


def env_language() -> str:
    """``ja`` when ``LC_ALL`` (else ``LANG``) starts with ``ja``, else ``en``."""
    for var in ("LC_ALL", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def configured_language(settings: dict[str, object]) -> str | None:
    """The ``language:`` of a notebook's settings when it is one custnote speaks."""
    value = str(settings.get("language") or "").strip().lower()
    return value if value in LANGUAGES else None


def set_language(lang: str | None) -> None:
    """Speak ``lang`` from now on; ``None`` decides again from the environment."""
    _chosen.clear()
    if lang in LANGUAGES:
        _chosen.append(lang)


def language() -> str:
    """``ja`` or ``en``: the language of this run."""
    if not _chosen:
        _chosen.append(env_language())
    return _chosen[0]


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang`` (read once; messages as written when it is missing)."""
    import gettext

    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the run's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (by ``n``) in the run's language."""
    return translations(language()).ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """``message`` in ``lang`` (for text that names its language, such as a disclosure)."""
    return translations(lang if lang in LANGUAGES else "en").gettext(message)


def ngettext_in(lang: str, singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (by ``n``) in ``lang``."""
    return translations(lang if lang in LANGUAGES else "en").ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog where it is defined; :func:`_` translates it later."""
    return message
