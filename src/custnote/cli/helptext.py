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


def translated(text: str | None) -> str | None:
    """A help text of the code (a docstring, an option's ``help=``) in the run's language: the
    catalog holds it as :func:`plain` makes it (``tools/i18n.py`` collects them)."""
    if not text:
        return text
    from custnote import i18n

    return i18n.translations(i18n.language()).gettext(plain(text) or text)


#: Typer's own words in rich --help and usage errors (the rest are in the commands' help)
_TYPER_WORDS = (
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
    "DEFAULT_STRING",
    "REQUIRED_LONG_STRING",
)
_typer_english: dict[str, str] = {}


def _fold_long_words(rich_utils: Any) -> None:
    """Help text folds where it has no space to wrap at (Japanese) instead of being cut with
    "…": Typer's help cells take rich's default overflow, meant for spaced words."""
    make = rich_utils._make_rich_text

    def folding(*args: Any, **kwargs: Any) -> Any:
        made = make(*args, **kwargs)
        if hasattr(made, "overflow"):
            made.overflow = "fold"
        return made

    rich_utils._make_rich_text = folding


def speak(group: Any) -> None:
    """Start a run: its language from the environment (until a notebook says otherwise), and
    the app's own help and options (``group``) in it."""
    from custnote import i18n

    i18n.set_language(None)
    english = group.__dict__.setdefault(
        "_custnote_english", (group.help, [getattr(p, "help", None) for p in group.params])
    )
    group.help = translated(english[0])
    for param, text in zip(group.params, english[1], strict=True):
        param.help = translated(text)
    if "get_help_option" not in group.__dict__:
        _translated_help_option(group)


def typer_words() -> None:
    """Typer's panel titles (``Options``, ``Commands``, ``Error`` …) in the run's language, and
    Japanese help folded, not cut. Called as help or a usage error is formatted, when Typer
    imports its rich_utils anyway (~30 ms of rich.markdown that ``show`` must not pay)."""
    from typer import rich_utils

    from custnote import i18n

    if not _typer_english:
        _typer_english.update({name: getattr(rich_utils, name) for name in _TYPER_WORDS})
        _fold_long_words(rich_utils)
    for name, english in _typer_english.items():
        setattr(rich_utils, name, i18n._(english))


def _translated_help_option(command: Any) -> None:
    """``--help``'s own help (click builds that option on demand) in the run's language."""
    build = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = build(ctx)
        if option is not None:
            option.help = translated("Show this message and exit.")
        return option

    command.get_help_option = get_help_option
    usage, format_help = command.get_usage, command.format_help

    def get_usage(ctx: Any) -> str:
        """click's ``Usage:`` line, its word in the run's language (also above a usage error)."""
        typer_words()
        line = usage(ctx)
        english = "Usage: "
        return (
            translated("Usage:") + " " + line[len(english) :] if line.startswith(english) else line
        )

    command.get_usage = get_usage

    def help_in_language(ctx: Any, formatter: Any) -> None:
        typer_words()
        format_help(ctx, formatter)

    command.format_help = help_in_language


def tidy(command: Any) -> Any:
    """Plain, translated help and readable metavars on ``command`` and its subcommands
    (returned)."""
    command.help = translated(command.help)
    command.short_help = translated(command.short_help)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = translated(param.help)
        if param.param_type_name == "argument":
            param.metavar = param.metavar or (param.name or "").upper()
            if not getattr(param.type, "choices", None):
                param.type = _quiet(param.type)
        elif not getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = _metavar(param)
    _translated_help_option(command)
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)
    return command
