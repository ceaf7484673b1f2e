"""vCard files split into cards and properties, as phones and address books really write them.

Why not vobject here: it parses a whole card at once, so one property it cannot read (an
invalid base64 PHOTO, ``PROFILE:VCard``, ``BDAY;VALUE=text:circa 1800``) costs the card or the
whole file; it splits vCard 2.1 text on unescaped commas (``TITLE:Manager, Sales`` became
"Manager"), drops quoted-printable values continued over soft line breaks (``=`` at a line's
end: an address became just 東京都), crashes on a card nested in another, and logs every line
it skips to the terminal. Reading lines is the easy part of the format, so custnote does it
itself, property by property: a property that cannot be read costs that property only and is
reported in :class:`Card.warnings`. (vobject still writes vCards: custnote's own export.)

What is handled: line folding (a line starting with a space or tab continues the previous
one; so does a line without ``:``, as unindented base64 and multi-line notes are written),
quoted-printable soft line breaks and charsets (``CHARSET=SHIFT_JIS`` of feature phones),
vCard 2.1 bare parameters (``TEL;CELL``), groups (``item1.EMAIL``), quoted parameter values,
and cards nested in a card (``AGENT``), which become cards of their own.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_CHARSETS = {"SHIFT_JIS": "cp932", "SHIFT-JIS": "cp932", "SJIS": "cp932", "X-SJIS": "cp932",
             "CP932": "cp932", "EUC-JP": "euc_jp", "ISO-2022-JP": "iso2022_jp",
             "UTF-8": "utf-8", "US-ASCII": "utf-8", "ISO-8859-1": "latin-1"}  # fmt: skip
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


@dataclass
class Prop:
    """One property: upper-case name, group (``item1``), parameters (upper-case keys; bare
    2.1 parameters are ``TYPE`` values), and its value decoded from quoted-printable but still
    escaped as the file wrote it (see :func:`text` and :func:`components`)."""

    name: str
    params: dict[str, list[str]]
    value: str
    group: str = ""

    def param(self, key: str) -> str:
        return ",".join(self.params.get(key, [])).upper()

    @property
    def types(self) -> set[str]:
        return {t.upper() for value in self.params.get("TYPE", []) for t in value.split(",")}


@dataclass
class Card:
    """One card: its number in the file (nested cards are numbered in the order they end),
    version, properties, and what could not be read (in custnote's words)."""

    number: int
    version: str = "3.0"
    props: list[Prop] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    nested_in: int | None = None

    def all(self, name: str) -> list[Prop]:
        return [prop for prop in self.props if prop.name == name]

    def first(self, name: str) -> Prop | None:
        return next((prop for prop in self.props if prop.name == name), None)


def _split_quoted(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside double quotes."""
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _head_and_value(line: str) -> tuple[str, str] | None:
    """``NAME;PARAMS`` and the value: split at the first ``:`` outside quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return None


def _is_quoted_printable(line: str) -> bool:
    parsed = _head_and_value(line)
    return parsed is not None and "QUOTED-PRINTABLE" in parsed[0].upper()


def logical_lines(text: str) -> Iterator[str]:
    """Unfold the file's lines (see module docstring). A card nested in ``AGENT:BEGIN:VCARD``
    whose lines are indented (as some 3.0 writers do) has those lines as lines of their own."""
    current: str | None = None
    nested = False
    for raw in _LINE_BREAK.split(text):
        if (
            current is not None
            and raw[:1] in (" ", "\t")
            and (nested or current.strip().upper().endswith(":BEGIN:VCARD"))
        ):
            nested = raw.strip().upper() != "END:VCARD"
            yield current
            current = raw.strip()
        elif (
            current is not None
            and current.endswith("=")
            and raw.strip().upper() != "END:VCARD"
            and _is_quoted_printable(current)
        ):
            current = current[:-1] + raw  # a quoted-printable soft line break: all of it is data
        elif current is not None and raw[:1] in (" ", "\t"):
            current += raw[1:]
        elif current is not None and raw.strip() and ":" not in raw:
            current += raw.strip()  # unindented base64, or a note over several lines
        else:
            if current is not None and current.strip():
                yield current
            current = raw
    if current is not None and current.strip():
        yield current


def _params(parts: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep:  # vCard 2.1: TEL;CELL;VOICE, ADR;HOME, ;QUOTED-PRINTABLE
            bare = key.strip().upper()
            key, value = ("ENCODING" if bare in _ENCODINGS else "TYPE"), bare
        values = [v.strip().strip('"') for v in _split_quoted(value, ",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return params


def _decoded(value: str, params: dict[str, list[str]]) -> str:
    """A quoted-printable value as text in its CHARSET (UTF-8 when none is given)."""
    if "QUOTED-PRINTABLE" not in {v.upper() for v in params.get("ENCODING", [])}:
        return value
    data = quopri.decodestring(value.encode("utf-8"))
    charset = ",".join(params.get("CHARSET", [])).upper()
    encodings = [_CHARSETS.get(charset, charset.lower() or "utf-8"), "utf-8", "cp932"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def parse_line(line: str) -> Prop | None:
    """One logical line as a property; None when it has no ``NAME:value`` shape."""
    parsed = _head_and_value(line)
    if parsed is None:
        return None
    head, value = parsed
    name, *param_parts = _split_quoted(head, ";")
    group, _, name = name.strip().rpartition(".")
    if not name or not re.fullmatch(r"[A-Za-z0-9-]+", name):
        return None
    params = _params(param_parts)
    return Prop(name.upper(), params, _decoded(value, params), group)


def unescape(text: str) -> str:
    r"""``\n``, ``\,``, ``\;`` and ``\\`` as the characters they stand for."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def text(prop: Prop) -> str:
    """A text value: unescaped, never split (commas and semicolons are part of it); line
    breaks (``=0D=0A`` in quoted-printable) as ``\\n``."""
    return re.sub(r"\r\n?", "\n", unescape(prop.value)).strip()


def components(prop: Prop) -> list[str]:
    """A structured value (N, ADR, ORG) split at its unescaped ``;``."""
    parts = re.split(r"(?<!\\);", prop.value)
    return [re.sub(r"\s*[\r\n]+\s*", ", ", unescape(part)).strip(", ") for part in parts]


def list_items(prop: Prop) -> list[str]:
    """A list value (CATEGORIES, NICKNAME): split at unescaped commas (and ``;`` in 2.1)."""
    items = re.split(r"(?<!\\)[,;]" if prop.name == "CATEGORIES" else r"(?<!\\),", prop.value)
    return [unescape(item).strip() for item in items if unescape(item).strip()]


def cards(text_of_file: str) -> Iterator[Card]:
    """Every card of a file, nested ones included (each as a card of its own)."""
    stack: list[Card] = []
    number = 0
    for line in logical_lines(text_of_file):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD" or upper.endswith(":BEGIN:VCARD"):
            number += 1
            outer = stack[-1].number if stack else None
            stack.append(Card(number, nested_in=outer))
            continue
        if upper == "END:VCARD":
            if stack:
                yield stack.pop()
            continue
        if not stack:
            continue  # text outside any card
        card = stack[-1]
        prop = parse_line(line)
        if prop is None:
            card.warnings.append(f"a line that is not a property was left out: {line[:40]!r}")
        elif prop.name == "VERSION":
            card.version = prop.value.strip()
        elif prop.name in ("AGENT", "X-AGENT") and "BEGIN:VCARD" in prop.value.upper():
            inner = list(cards(unescape(prop.value)))
            for nested in inner:
                number += 1
                nested.number, nested.nested_in = number, card.number
                yield nested
        else:
            card.props.append(prop)
    while stack:  # a card without END:VCARD: what it holds is still read
        card = stack.pop()
        card.warnings.append("the card has no END:VCARD; read up to the end of the file")
        yield card
