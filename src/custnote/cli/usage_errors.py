"""click's own usage errors ("Missing argument 'CUSTOMER'.", "No such option: --x") in the
run's language.

Typer 0.28 vendors click (``typer._click``) with its gettext calls taken out: the messages are
English f-strings, so binding the standard library's global gettext domain cannot reach them
(it only reaches Typer's few own words, which :mod:`custnote.cli.helptext` already translates).
So the finished English sentence is matched against click's known forms here and said again
from custnote's catalog; a sentence of another form is shown as click wrote it. Names, values
and options keep their spelling. Applied to the error as it is raised (:func:`translate`),
before Typer prints it in its ``Error`` panel.
"""

from __future__ import annotations

import re
from typing import Any

from custnote.i18n import N_, _

#: (click's sentence, custnote's message with the same {fields}); the first match wins
FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Missing argument (?P<name>.+?)\.(?P<rest>.*)", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+?)\.(?P<rest>.*)", N_("Missing option {name}.")),
        (r"Missing parameter (?P<name>.+?)\.(?P<rest>.*)", N_("Missing parameter {name}.")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {name} (did you mean {options}?)"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (
            r"No such command (?P<name>'.*?')\. Did you mean (?P<options>.+)\?",
            N_("No such command {name}. Did you mean {options}?"),
        ),
        (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Option (?P<name>'.+?') does not take a value\.", N_("Option {name} takes no value.")),
        (r"Option (?P<name>'.+?') requires an argument\.", N_("Option {name} needs a value.")),
        (
            r"Option (?P<name>'.+?') requires (?P<count>\d+) arguments\.",
            N_("Option {name} needs {count} values."),
        ),
        (
            r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)",
            N_("Unexpected extra argument ({args})"),
        ),
        (
            r"Invalid value for (?P<name>.+?): (?P<reason>.*)",
            N_("Invalid value for {name}: {reason}"),
        ),
        (
            r"(?P<value>.+) is not a valid (?:integer|int range)\.",
            N_("{value} is not a whole number."),
        ),
        (r"(?P<value>.+) is not a valid (?:float|float range)\.", N_("{value} is not a number.")),
    )
)


def said(message: str) -> str:
    """click's English ``message`` in the run's language (as written when not one of FORMS)."""
    for pattern, translated in FORMS:
        found = pattern.fullmatch(message)
        if found:
            fields = found.groupdict()
            rest = fields.pop("rest", "") or ""
            if "reason" in fields:
                fields["reason"] = said(fields["reason"])
            return _(translated).format(**fields) + rest
    return message


def translate(error: Any) -> Any:
    """``error`` (a click ``UsageError``), its message said in the run's language; returned."""
    english = error.format_message

    def format_message() -> str:
        return said(english())

    if not getattr(error, "_custnote_said", False):
        error.format_message = format_message
        error._custnote_said = True
    return error
