"""``--help`` that reads as prose: no reStructuredText markup from docstrings (````done```` is
shown as ``'done'``, ``:class:`x``` as ``x``), and metavars that say what to type (``OWNER``,
``DAYS``, ``FILE``) instead of click's types (``<str>``, ``<int range>``).

Applied to every command as it is built (:func:`custnote.cli.app.module_commands`), so commands
need not repeat ``metavar=`` on each option; an explicit ``metavar=`` wins.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr):`~?([^`]+)`")

#: what to type after an option, by its long name (others: the name in capitals)
METAVARS = {
    "at": "WHEN",
    "follow-up": "DATE",
    "until": "DATE",
    "since": "DATE",
    "birthday": "DATE",
    "duration": "DURATION",
    "set": "KEY=VALUE",
    "entries": "N",
    "limit": "N",
    "template": "NAME",
    "notebook": "PATH",
}


def plain(text: str | None) -> str | None:
    """Help text without reStructuredText literals and roles."""
    if not text:
        return text
    return _ROLE.sub(r"\1", _LITERAL.sub(r"'\1'", text))


def _no_type(self: Any, param: Any, ctx: Any = None) -> str:
    return ""


@cache
def _quiet_class(cls: type) -> type:
    return type(f"Quiet{cls.__name__}", (cls,), {"get_metavar": _no_type})


def _quiet(param_type: Any) -> Any:
    """A copy of an argument's type that does not show itself (``<str>``, ``<path>``): the
    argument's name (``CUSTOMER``, ``FILE``) says what it is. Parsing is unchanged."""
    quiet = copy.copy(param_type)
    quiet.__class__ = _quiet_class(type(param_type))
    return quiet


def _metavar(param: Any) -> str | None:
    long_names = [o for o in param.opts if o.startswith("--")]
    if not long_names:
        return None
    name = long_names[0][2:]
    if name in METAVARS:
        return METAVARS[name]
    if hasattr(param.type, "dir_okay"):  # a path
        if not param.type.dir_okay:
            return "FILE"
        return "DIR" if not param.type.file_okay else "PATH"
    if getattr(param.type, "choices", None):
        return None  # click lists the choices
    return name.upper()


def tidy(command: Any) -> Any:
    """Plain help and readable metavars on ``command`` and its subcommands (returned)."""
    command.help = plain(command.help)
    command.short_help = plain(command.short_help)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = plain(param.help)
        if param.param_type_name == "argument":
            param.metavar = param.metavar or (param.name or "").upper()
            if not getattr(param.type, "choices", None):
                param.type = _quiet(param.type)
        elif not getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = _metavar(param)
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)
    return command
