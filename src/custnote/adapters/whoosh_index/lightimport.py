"""Whoosh imported without three modules it never needs here (a fifth of a search's time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def import_whoosh_lightly() -> None:
    """Import Whoosh without three imports it never needs here (a fifth of a search's time).

    ``whoosh.compat`` imports ``urllib.request`` (for a download helper), ``whoosh.query``
    imports ``whoosh.lang.morph_en`` (hundreds of regexes, for a query type custnote does not
    use) and the ``cached_property`` package imports ``asyncio``. While Whoosh loads, the first
    two are stand-ins whose one function loads the real module if ever called, and
    ``cached_property`` is the standard library's (Whoosh caches one plain property with it).
    The stand-ins leave ``sys.modules`` afterwards, so other code imports the real modules.
    """
    import functools
    import importlib
    import sys
    import types

    if "whoosh.query" in sys.modules:
        return

    def forwarder(module: str, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(module), name)(*args, **kwargs)

        return call

    stand_ins = {
        "urllib.request": {"urlretrieve": forwarder("urllib.request", "urlretrieve")},
        "whoosh.lang.morph_en": {"variations": forwarder("whoosh.lang.morph_en", "variations")},
        "cached_property": {"cached_property": functools.cached_property},
    }
    added = [name for name in stand_ins if name not in sys.modules]
    for name in added:
        module = types.ModuleType(name)
        module.__dict__.update(stand_ins[name])
        sys.modules[name] = module
    try:
        for name in ("whoosh.compat", "whoosh.reading", "whoosh.query"):
            importlib.import_module(name)
    finally:
        for name in added:
            del sys.modules[name]
