"""vCards (.vcf, versions 2.1, 3.0 and 4.0) as phones, address books and name-card apps export
them (the lines themselves are read by :mod:`custnote.adapters.io.vcard_lines`).

Each card becomes one record whose headers are already custnote field names: FN (or N) -> name;
the reading from X-PHONETIC-LAST/FIRST-NAME (iOS, Android), SORT-STRING (vCard 3), N's SORT-AS
(vCard 4) or SOUND;X-IRMC-N (Japanese feature phones) -> kana; ORG -> company and department
(X-PHONETIC-ORG -> company_kana); TITLE, TEL, EMAIL, ADR (Japanese addresses in Japanese order,
others in Western order with their country), BDAY, ANNIVERSARY (and X-MS-/X-EVOLUTION-/
X-ANNIVERSARY, Apple's X-ABDATE) -> anniversaries, NOTE, CATEGORIES; and
``X-CUSTNOTE-FIELD;X-NAME=key`` (custnote's own export) -> that field. Other properties become
extra fields under their lower-case name. File bookkeeping (VERSION, PRODID, REV, UID, PROFILE,
…) and pictures are not imported, and the table's notes say so.

A property that cannot be read costs that property only: a text birthday is kept as text
(``bday``), a malformed email address goes into the note, an invalid PHOTO is skipped; each is
reported as ``FILE: card 3 (山田 太郎): BDAY …: what was kept``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path

from custnote.adapters.io.table import Record, Table, headers_of
from custnote.adapters.io.vcard_lines import Card, Prop, cards, components, list_items, text
from custnote.core.importing.customers import email_address
from custnote.core.note.addresses import compose, with_code
from custnote.errors import InvalidValueError
from custnote.i18n import _

CUSTNOTE_PROPERTY = "X-CUSTNOTE-FIELD"
LIST_SEPARATOR = "; "
_BOOKKEEPING = frozenset(
    {"VERSION", "PRODID", "REV", "UID", "X-ABUID", "CLIENTPIDMAP", "PROFILE", "NAME", "SOURCE",
     "KIND", "X-ABSHOWAS", "X-ABLABEL", "X-ABADR", "MAILER", "X-ABRELATEDNAMES", "X-GNO",
     "X-IRMC-LUID", "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-OL-DESIGN"}
)  # fmt: skip
_PICTURES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_ANNIVERSARIES = ("ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-ANNIVERSARY")
_PHONETIC = ("X-PHONETIC-LAST-NAME", "X-PHONETIC-MIDDLE-NAME", "X-PHONETIC-FIRST-NAME")
_HANDLED = frozenset(
    {"FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "ADR", "BDAY", "NOTE", "CATEGORIES", "SORT-STRING",
     "X-PHONETIC-ORG", "X-ABDATE", CUSTNOTE_PROPERTY, *_PHONETIC, *_ANNIVERSARIES}
)  # fmt: skip
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:]*Z?([+-]\d{2}:?\d{2})?)?$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f .'-]+$")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def _join(parts: list[str], separator: str = " ") -> str:
    return separator.join(p for p in (part.strip() for part in parts) if p)


class _Reader:
    """Reads one card into ``values``; ``warn`` collects what could not be read."""

    def __init__(self, card: Card, source: str) -> None:
        self.card, self.source = card, source
        self.values: dict[str, object] = {}
        self.warnings: list[str] = []
        self.pictures: list[str] = []
        self.body: list[str] = []

    def warn(self, prop: str, message: str) -> None:
        name = self.values.get("name") or "no name"
        self.warnings.append(f"{self.source}: card {self.card.number} ({name}): {prop}: {message}")

    def add(self, key: str, value: str, separator: str = LIST_SEPARATOR) -> None:
        if not value:
            return
        previous = self.values.get(key)
        self.values[key] = f"{previous}{separator}{value}" if previous else value

    # --- names --------------------------------------------------------------------------

    def name(self) -> None:
        full = self.card.first("FN")
        structured = self.card.first("N")
        if full and text(full):
            self.values["name"] = text(full)
        elif structured:
            family, given, middle, prefix, suffix = [*components(structured), "", "", "", "", ""][
                :5
            ]
            latin = _LATIN_NAME.match(f"{family}{given}") is not None
            ordered = [prefix, given, middle, family, suffix] if latin else [family, given]
            if _join(ordered):
                self.values["name"] = _join(ordered)

    def reading(self) -> None:
        phonetic = _join([text(p) for name in _PHONETIC for p in self.card.all(name)])
        sort_string = self.card.first("SORT-STRING")
        structured = self.card.first("N")
        sort_as = structured.params.get("SORT-AS", []) if structured else []
        sound = next((p for p in self.card.all("SOUND") if "X-IRMC-N" in p.types), None)
        if phonetic:
            self.values["kana"] = phonetic
        elif sort_string and text(sort_string):
            self.values["kana"] = text(sort_string)
        elif sort_as:
            self.values["kana"] = _join(re.split(r"[,;]", ",".join(sort_as)))
        elif sound and _join(components(sound)):
            self.values["kana"] = _join(components(sound))
        for prop in self.card.all("X-PHONETIC-ORG"):
            self.add("company_kana", text(prop), " ")

    def organisation(self) -> None:
        organisations = self.card.all("ORG")
        for prop in organisations[:1]:
            parts = components(prop)
            if parts and parts[0]:
                self.values["company"] = parts[0]
            if _join(parts[1:]):
                self.values["department"] = _join(parts[1:])
        for prop in organisations[1:]:  # a second employer: kept, not dropped
            self.add("other organisations", _join(components(prop)))

    # --- contact ------------------------------------------------------------------------

    def emails(self, prop: Prop) -> None:
        value = text(prop)
        address = email_address(value)
        if address:
            self.add("emails", address)
        elif value:
            self.body.append(f"EMAIL: {value}")
            self.warn("EMAIL", f"{value!r} is not an email address; kept in the note")

    def address(self) -> None:
        addresses = [a for a in (_address(p) for p in self.card.all("ADR")) if a[0] or a[1]]
        if not addresses:
            return
        (first, code), others = addresses[0], addresses[1:]
        if code:
            self.values["postal_code"] = code
        if first:
            self.values["address"] = first
        for other, other_code in others:
            self.add("other addresses", with_code(other, other_code))

    # --- dates --------------------------------------------------------------------------

    def birthday(self, prop: Prop) -> None:
        value = text(prop)
        found = _DATE.match(value.replace("/", "-"))
        omitted = prop.param("X-APPLE-OMIT-YEAR")  # Apple: a birthday without a year
        if found and omitted and found.group(1) == omitted:
            self.values["bday"] = f"--{found.group(2)}-{found.group(3)}"
        elif found and prop.param("VALUE") != "TEXT":
            self.values["birthday"] = "-".join(found.groups()[:3])
        elif value.startswith("--"):  # a day without a year: not a custnote birthday
            self.values["bday"] = value
        elif value:
            self.values["bday"] = value
            self.warn("BDAY", f"{value!r} is not a date; kept as text in 'bday'")

    def anniversaries(self) -> None:
        found: list[dict[str, str]] = []
        dated = [(p, "結婚記念日") for name in _ANNIVERSARIES for p in self.card.all(name)]
        labels = {p.group: text(p) for p in self.card.all("X-ABLABEL") if p.group}
        for prop in self.card.all("X-ABDATE"):  # Apple: item1.X-ABDATE + item1.X-ABLabel
            label = labels.get(prop.group, "")
            apple = _APPLE_LABEL.match(label)
            label = apple.group(1) if apple else label
            dated.append((prop, "結婚記念日" if label.lower() == "anniversary" else label))
        for prop, label in dated:
            value = text(prop)
            day = _DATE.match(value.replace("/", "-"))
            if day:
                item = {"date": "-".join(day.groups()[:3]), "label": label or "記念日"}
                if item not in found:
                    found.append(item)
            elif value:
                self.add("anniversary", value)
                self.warn(prop.name, f"{value!r} is not a date; kept as text in 'anniversary'")
        if found:
            self.values["anniversaries"] = json.dumps(found, ensure_ascii=False)

    # --- everything else ----------------------------------------------------------------

    def picture(self, prop: Prop) -> None:
        encoding = prop.param("ENCODING")
        if encoding in ("B", "BASE64"):
            try:
                base64.b64decode(re.sub(r"\s+", "", prop.value), validate=True)
            except (binascii.Error, ValueError):
                self.warn(prop.name, "not valid base64; skipped")
                return
        self.pictures.append(prop.name)

    def other(self, prop: Prop) -> None:
        if prop.name == CUSTNOTE_PROPERTY:
            key = ",".join(prop.params.get("X-NAME", [])).strip()
            if key and text(prop):
                self.values[key] = text(prop)
        elif prop.name == "TITLE":
            self.add("title", text(prop), " / ")
        elif prop.name == "TEL":
            self.add("phones", re.sub(r"^tel:", "", text(prop)))
        elif prop.name == "NOTE":
            self.body.append(text(prop))
        elif prop.name in ("CATEGORIES", "X-GN"):  # X-GN: a feature phone's group
            self.add("tags", _join(list_items(prop), LIST_SEPARATOR))
        elif prop.name == "X-ANDROID-CUSTOM" and "/nickname" in prop.value:
            self.add("nickname", [*components(prop), "", ""][1])
        elif prop.name == "SOUND" and "X-IRMC-N" in prop.types:
            return  # the reading of a feature phone's card (see reading())
        elif prop.name == "EMAIL":
            self.emails(prop)
        elif prop.name == "BDAY":
            self.birthday(prop)
        elif prop.name in _PICTURES:
            self.picture(prop)
        elif prop.name not in _HANDLED and prop.name not in _BOOKKEEPING:
            self.add(prop.name.lower(), text(prop))

    def read(self) -> dict[str, object]:
        for step, prop_name in ((self.name, "FN/N"), (self.reading, "reading"),
                                (self.organisation, "ORG"), (self.address, "ADR"),
                                (self.anniversaries, "ANNIVERSARY")):  # fmt: skip
            self._guarded(prop_name, step)
        for prop in self.card.props:
            self._guarded(prop.name, lambda prop=prop: self.other(prop))
        if _join(self.body):
            self.values["body"] = "\n\n".join(part for part in self.body if part)
        for warning in self.card.warnings:
            self.warnings.append(f"{self.source}: card {self.card.number}: {warning}")
        if self.card.nested_in is not None:
            self.warnings.append(f"{self.source}: card {self.card.number} was nested in card "
                                 f"{self.card.nested_in}; read as a card of its own")  # fmt: skip
        return self.values

    def _guarded(self, prop_name: str, step) -> None:
        """Run one step; whatever goes wrong costs this property only."""
        try:
            step()
        except Exception as exc:
            self.warn(prop_name, f"could not be read ({exc}); left out")


def _address(prop: Prop) -> tuple[str, str]:
    """(address, postal code) of an ADR (:func:`custnote.core.note.addresses.compose`)."""
    names = ("pobox", "extended", "street", "city", "region", "postal", "country")
    return compose(dict(zip(names, components(prop), strict=False)))


def read(path: Path) -> Table:
    """Read every card of a .vcf file; a card's row number is its position in the file."""
    from custnote.adapters.io.csv_reader import detect_encoding

    data = path.read_bytes()
    text_of_file = data.decode(detect_encoding(data, path.name)).removeprefix("\ufeff")
    records: list[Record] = []
    pictures: dict[str, int] = {}
    warnings: list[str] = []
    for card in sorted(cards(text_of_file), key=lambda c: c.number):
        reader = _Reader(card, path.name)
        values = reader.read()
        warnings.extend(reader.warnings)
        for name in reader.pictures:
            pictures[name] = pictures.get(name, 0) + 1
        records.append(Record(card.number, values))
    if not records:
        raise InvalidValueError("file", path.name, _("no vCards (BEGIN:VCARD) found"))
    notes = [f"{name} on {count} card(s) not imported" for name, count in pictures.items()]
    return Table(path.name, headers_of(records), records, notes + warnings)
