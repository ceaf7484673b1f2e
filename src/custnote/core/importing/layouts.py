"""Address-book layouts recognised by their headers, and how their columns become fields.

A Google Contacts, Outlook or 年賀状-software export spreads one field over many columns: the
name over 姓 and 名 (Outlook puts 名 first), the reading over ``Given Name Yomi`` and ``Family
Name Yomi``, an address over street, city, region, postal code and country — three times
(home, work, other) — and e-mails and phones over numbered columns. Mapping column by column
(:mod:`custnote.core.importing.mapping`) would join them in the wrong order, or double the name
(Google's ``Name`` next to its parts). A :class:`Layout` gives each column a *role* and
:meth:`Layout.transform` builds custnote's fields from the roles: the name in the right order,
the reading, one address per block in Japanese order (Western order, with the country, for an
address abroad), every phone and e-mail. Columns without a role pass through under their own
header and are mapped as usual (an unknown one becomes an extra field: nothing is dropped).
Label and type columns (``E-mail 1 - Type``) are left out, and said so.

The layouts, their roles and where each was seen are listed in docs/import-export.md; the
English ones are in :mod:`custnote.core.importing.layouts_en`, the Japanese in
:mod:`custnote.core.importing.layouts_ja`, and :mod:`custnote.core.importing.known_layouts`
tells which one a sheet is written in. Pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from custnote.core.importing.cells import cell_text, date_cell, phone_text
from custnote.core.importing.mapping import header_key
from custnote.core.note.addresses import compose, with_code

#: Roles: ``name``/``name.family``/``name.given``/``name.middle``/``name.prefix``/
#: ``name.suffix``, ``kana``/``kana.family``/``kana.given``/``kana.middle``, ``company``,
#: ``company_kana``, ``department``, ``title``, ``phones``, ``emails``, ``tags``, ``body``,
#: ``birthday``, ``anniversary``, ``source``, ``honorific``, ``addr.BLOCK.PART`` (PART:
#: pobox, street, street2, street3, extended, city, region, postal, country, formatted),
#: ``event.N.label``/``event.N.value``, and :data:`LEFT_OUT` (labels of other columns).
Role = str
LEFT_OUT = "-"
#: Fields a layout produces; a passing-through column that would feed one of them is kept as
#: an extra field instead (it cannot be joined to what the layout built).
PRODUCED = ("name", "kana", "company", "company_kana", "department", "title", "phones",
            "emails", "tags", "body", "birthday", "anniversaries", "source", "postal_code",
            "address")  # fmt: skip
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f .'-]+$")
_GOOGLE_SEPARATOR = re.compile(r"\s*:::\s*")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EMPTY_DATES = frozenset({"0/0/00", "0/0/0000", "1/0/00", "00/00/0000"})
_ANNIVERSARY_WORDS = ("anniversary", "記念日", "結婚記念日")
_EXTRAS = ("honorific", "other addresses", "anniversary", "events", "bday")
_TARGET_OF = {"name": "name", "kana": "kana", "addr": "address", "event": "event",
              "honorific": "honorific"}  # fmt: skip


_MAILING = {"自宅": "home", "会社": "work", "勤務先": "work", "その他": "other", "home": "home",
            "work": "work", "business": "work"}  # fmt: skip


def layout_key(header: str) -> str:
    """:func:`header_key`, with ``〒`` read as 郵便番号 (header_key drops it as punctuation)."""
    return header_key(header.replace("〒", "郵便番号"))


@dataclass(frozen=True)
class Layout:
    """A recognised layout: its name (as the user knows the software), the role of a header
    (None: the column passes through), and whether its dates are written month first."""

    name: str
    role_of: Callable[[str], Role | None]
    us_dates: bool = False
    roles: dict[str, Role | None] = field(default_factory=dict, compare=False, hash=False)

    def role(self, header: str) -> Role | None:
        if header not in self.roles:
            self.roles[header] = self.role_of(layout_key(header))
        return self.roles[header]

    def left_out(self, headers: Sequence[str]) -> list[str]:
        return [h for h in headers if self.role(h) == LEFT_OUT]

    def fed(self, headers: Sequence[str]) -> list[str]:
        """The fields (and extra columns) the roles of these headers build, in note order."""
        fed = {_TARGET_OF.get(r.split(".", 1)[0], r) for h in headers if (r := self.role(h))}
        if fed & {"name.prefix", "name.suffix"} or any(
            self.role(h) in ("name.prefix", "name.suffix") for h in headers
        ):
            fed.add("honorific")
        if "address" in fed:
            fed |= {"postal_code", "other addresses"}
        if "event" in fed or "anniversary" in fed:
            fed |= {"anniversaries", "anniversary", "events"}
        if "birthday" in fed:
            fed.add("bday")
        return [h for h in (*PRODUCED, *_EXTRAS) if h in fed]

    def output_headers(self, headers: Sequence[str]) -> list[str]:
        """The transformed table's headers: built fields first, then passing columns."""
        built = self.fed(headers)
        return built + [h for h in headers if self.role(h) is None and h not in built]

    def defaults(self, headers: Sequence[str], guess: Callable[[str], str]) -> dict[str, str]:
        """Where each output column goes: a built field to itself, an extra column to an extra
        field, a passing column where ``guess`` puts it unless the layout built that field
        (then it is kept as an extra field: see :data:`PRODUCED`)."""
        built = self.fed(headers)
        result = {h: ("+" if h in _EXTRAS else h) for h in built}
        for header in headers:
            if self.role(header) is None and header not in result:
                target = guess(header)
                result[header] = "+" if target in built else target
        return result

    def transform(self, values: Mapping[str, object]) -> dict[str, object]:
        """One record of this layout as custnote fields and passing-through columns."""
        parts: dict[str, list[object]] = {}
        passing: dict[str, object] = {}
        for header, value in values.items():
            role = self.role(header)
            if role is None:
                passing[header] = value
            elif role != LEFT_OUT and cell_text(value):
                parts.setdefault(role, []).append(value)
        out = _build(parts, self.us_dates)
        out.update({k: v for k, v in passing.items() if k not in out})
        return out


def _text(parts: Mapping[str, list[object]], role: str, separator: str = " ") -> str:
    return separator.join(t for t in (cell_text(v) for v in parts.get(role, [])) if t)


def _name(parts: Mapping[str, list[object]], prefix: str) -> str:
    whole = _text(parts, prefix)
    if whole:
        return whole
    family, given, middle = (_text(parts, f"{prefix}.{p}") for p in ("family", "given", "middle"))
    if prefix == "name" and _LATIN.match(f"{given}{family}{middle}" or "x"):
        return " ".join(p for p in (given, middle, family) if p)
    return " ".join(p for p in (family, middle, given) if p)


def _date(value: object, us_dates: bool) -> object | None:
    """A date cell as given, a US ``7/7/1978`` as ISO, Outlook's ``0/0/00`` (no date) as None."""
    text = cell_text(value)
    if text in _EMPTY_DATES:
        return None
    if us_dates and (found := _US_DATE.match(text)):
        month, day, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value


def _split(values: list[object]) -> list[str]:
    """Google writes several values in one cell separated by ``:::``."""
    return [t for v in values for t in _GOOGLE_SEPARATOR.split(cell_text(v)) if t]


def _addresses(parts: Mapping[str, list[object]], out: dict[str, object]) -> None:
    """The first block with an address (or the one ``mailing`` names: 宛名職人's 宛先 column)
    is the address; the others go to ``other addresses``."""
    blocks: dict[str, dict[str, str]] = {}
    mailing = _MAILING.get(_text(parts, "mailing"), "")
    if mailing:
        blocks[mailing] = {}
    for role in parts:
        if role.startswith("addr."):
            _, block, part = role.split(".", 2)
            blocks.setdefault(block, {})[part] = _text(parts, role)
    found = [a for a in (compose(b) for b in blocks.values()) if a[0]]
    if found:
        (address, code), others = found[0], found[1:]
        out["address"] = address
        if code:
            out["postal_code"] = code
        if others:
            out["other addresses"] = "; ".join(with_code(a, c) for a, c in others)


def _events(parts: Mapping[str, list[object]], out: dict[str, object], us: bool) -> None:
    """Anniversaries (an ``Anniversary`` column, or Google's ``Event N`` with that label)."""
    dated: list[tuple[str, object]] = [("結婚記念日", v) for v in parts.get("anniversary", [])]
    others: list[str] = []
    for role in sorted(r for r in parts if r.startswith("event.") and r.endswith(".value")):
        label = _text(parts, role.removesuffix(".value") + ".label").strip("* ")
        for value in parts[role]:
            if label.casefold() in _ANNIVERSARY_WORDS:
                dated.append(("結婚記念日", value))
            else:
                others.append(f"{label}: {cell_text(value)}" if label else cell_text(value))
    items, unread = [], []
    for label, value in dated:
        day = _date(value, us)
        if day is None:
            continue
        try:
            items.append({"date": date_cell(day).isoformat(), "label": label})
        except ValueError:
            unread.append(cell_text(day))
    if items:
        out["anniversaries"] = json.dumps(items, ensure_ascii=False)
    if unread:
        out["anniversary"] = "; ".join(unread)
    if others:
        out["events"] = "; ".join(others)


def _build(parts: Mapping[str, list[object]], us_dates: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, prefix in (("name", "name"), ("kana", "kana")):
        if text := _name(parts, prefix):
            out[key] = text
    honorific = " ".join(t for t in (_text(parts, "name.prefix"), _text(parts, "name.suffix"),
                                     _text(parts, "honorific")) if t)  # fmt: skip
    if honorific:
        out["honorific"] = honorific
    for key in ("company", "company_kana", "department", "title", "source"):
        if text := _text(parts, key):
            out[key] = text
    phones = [p for v in parts.get("phones", []) for p in phone_text(v)]
    phones = [t for p in phones for t in _GOOGLE_SEPARATOR.split(p) if t]
    for key, found in (("phones", phones), ("emails", _split(parts.get("emails", [])))):
        if found:
            out[key] = "; ".join(dict.fromkeys(found))
    tags = [t.removeprefix("* ").strip() for t in _split(parts.get("tags", []))]
    tags = [t for t in tags if t and t.casefold() not in ("mycontacts", "starred")]
    if tags:
        out["tags"] = "; ".join(dict.fromkeys(tags))
    if body := _text(parts, "body", "\n\n"):
        out["body"] = re.sub(r"\r\n?", "\n", body)
    birthdays = [d for d in (_date(v, us_dates) for v in parts.get("birthday", [])) if d]
    if birthdays and cell_text(birthdays[0]).startswith("--"):  # a day without a year
        out["bday"] = cell_text(birthdays[0])
    elif birthdays:
        out["birthday"] = birthdays[0]
    _addresses(parts, out)
    _events(parts, out, us_dates)
    return out
