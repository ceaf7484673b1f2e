"""Typer's rich help without the parts of rich that custnote's help never uses.

``typer.rich_utils`` (imported to draw every ``--help`` and usage error) imports, at its top,
``rich.markdown`` for its ``markdown`` markup mode (markdown-it-py, and Pygments through
``rich.syntax``) and ``rich.traceback`` for its pretty tracebacks (Pygments again): together
30-60 ms of a ~300 ms ``custnote --help``, for a markup mode custnote does not use (its help is
in Typer's default ``rich`` mode) and tracebacks it does not show (cli/app.py turns errors into
one line). :func:`defer` registers stand-in modules whose classes (``Markdown``, ``Traceback``)
import the real module the first time they are used, as do their other names: nothing changes
for anyone who does use them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

#: module -> the names ``typer.rich_utils`` imports from it
DEFERRED = {"rich.markdown": ("Markdown",), "rich.traceback": ("Traceback",)}


class _Deferred(types.ModuleType):
    """A module until something in it is used (then the real module answers)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system asking (__path__, __spec__, ...)
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(module: str) -> types.ModuleType:
    if isinstance(sys.modules.get(module), _Deferred):
        del sys.modules[module]
    real = importlib.import_module(module)
    parent, _, child = module.rpartition(".")
    setattr(sys.modules[parent], child, real)
    return real


class _Forwarding(type):
    """The type of a stand-in class: its attributes (``Traceback.from_exception``) are the real
    class's."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(getattr(_real(cls._module), cls.__name__), name)


def _stand_in(module: str, name: str) -> type:
    def make(cls: type, *args: Any, **kwargs: Any) -> Any:  # making one makes a real one
        return getattr(_real(module), name)(*args, **kwargs)

    return _Forwarding(name, (), {"_module": module, "__new__": make})


def defer() -> None:
    """Register the stand-ins for the modules of :data:`DEFERRED` not imported yet."""
    for module, names in DEFERRED.items():
        if module in sys.modules:
            continue
        parent, _, child = module.rpartition(".")
        stand_in = _Deferred(module)
        for name in names:
            setattr(stand_in, name, _stand_in(module, name))
        sys.modules[module] = stand_in
        setattr(importlib.import_module(parent), child, stand_in)
