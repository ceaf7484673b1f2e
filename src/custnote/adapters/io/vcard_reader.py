"""vCards (.vcf, versions 2.1, 3.0 and 4.0) as name-card and address-book apps export them.

Each card becomes one record whose headers are already custnote field names: FN (or N) -> name;
the reading from X-PHONETIC-LAST-NAME/FIRST-NAME (iOS, Android), SORT-STRING (vCard 3), N's
SORT-AS (vCard 4) or SOUND (Japanese feature phones) -> kana; ORG -> company and department;
TITLE, TEL, EMAIL, ADR (postal code and address in Japanese order), BDAY, NOTE, CATEGORIES; and
``X-CUSTNOTE-FIELD;X-NAME=key`` (custnote's own export) -> that field. Other properties become
extra fields under their lower-case name; file bookkeeping (VERSION, PRODID, REV, UID) and
pictures are not imported, and the table's notes say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from custnote.adapters.io.table import Record, Table, headers_of
from custnote.errors import InvalidValueError

CUSTNOTE_PROPERTY = "X-CUSTNOTE-FIELD"
LIST_SEPARATOR = "; "
_BOOKKEEPING = frozenset({"VERSION", "PRODID", "REV", "UID", "X-ABUID", "CLIENTPIDMAP"})
_PICTURES = frozenset({"PHOTO", "LOGO"})
_HANDLED = frozenset(
    {"FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "ADR", "BDAY", "NOTE", "CATEGORIES", "SORT-STRING",
     "SOUND", "X-PHONETIC-LAST-NAME", "X-PHONETIC-FIRST-NAME", CUSTNOTE_PROPERTY}
)  # fmt: skip


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _join(parts: list[str], separator: str = " ") -> str:
    return separator.join(part for part in (p.strip() for p in parts) if part)


def _values(card, name: str) -> list:
    return [prop.value for prop in card.contents.get(name.lower(), [])]


def _first(card, name: str) -> object:
    values = _values(card, name)
    return values[0] if values else None


def _name(card) -> str:
    full = _text(_first(card, "FN"))
    structured = _first(card, "N")
    if full or structured is None:
        return full
    return _join([_text(structured.family), _text(structured.given)])


def _kana(card) -> str:
    phonetic = _join([_text(_first(card, "X-PHONETIC-LAST-NAME")),
                      _text(_first(card, "X-PHONETIC-FIRST-NAME"))])  # fmt: skip
    if phonetic:
        return phonetic
    sort_string = _text(_first(card, "SORT-STRING"))
    if sort_string:
        return sort_string
    for prop in card.contents.get("n", []):
        sort_as = prop.params.get("SORT-AS")
        if sort_as:
            return _join(",".join(sort_as).split(","))
    sound = _text(_first(card, "SOUND"))
    return _join(sound.split(";")) if sound and not sound.startswith(("http", "data:")) else ""


def _organisation(card, values: dict[str, object]) -> None:
    org = _first(card, "ORG")
    parts = [_text(p) for p in (org if isinstance(org, list) else [org])] if org else []
    if parts and parts[0]:
        values["company"] = parts[0]
    if len(parts) > 1 and _join(parts[1:]):
        values["department"] = _join(parts[1:])


def _addresses(card, values: dict[str, object]) -> None:
    addresses = _values(card, "ADR")
    if not addresses:
        return
    first, others = addresses[0], addresses[1:]
    if _text(first.code):
        values["postal_code"] = _text(first.code)

    def japanese_order(adr) -> str:
        return _join([_text(adr.region), _text(adr.city), _text(adr.street), _text(adr.extended)])

    if japanese_order(first):
        values["address"] = japanese_order(first)
    if others:
        values["other addresses"] = _join([japanese_order(a) for a in others], LIST_SEPARATOR)


def _birthday(card, values: dict[str, object]) -> None:
    bday = _text(_first(card, "BDAY"))
    if bday.startswith("--"):  # a day without a year: not a custnote birthday, keep it as written
        values["bday"] = bday
    elif bday:
        values["birthday"] = bday


def _card_values(card, notes: dict[str, int]) -> dict[str, object]:
    values: dict[str, object] = {}
    if _name(card):
        values["name"] = _name(card)
    if _kana(card):
        values["kana"] = _kana(card)
    _organisation(card, values)
    simple = {"title": "TITLE", "body": "NOTE"}
    for field, prop in simple.items():
        if _text(_first(card, prop)):
            values[field] = _text(_first(card, prop))
    for field, prop in (("phones", "TEL"), ("emails", "EMAIL")):
        found = [_text(v) for v in _values(card, prop) if _text(v)]
        if found:
            values[field] = LIST_SEPARATOR.join(found)
    tags = [
        _text(t) for v in _values(card, "CATEGORIES") for t in (v if isinstance(v, list) else [v])
    ]
    if _join(tags):
        values["tags"] = _join(tags, LIST_SEPARATOR)
    _addresses(card, values)
    _birthday(card, values)
    for prop in card.contents.get(CUSTNOTE_PROPERTY.lower(), []):
        key = ",".join(prop.params.get("X-NAME", [])).strip()
        if key and _text(prop.value):
            values[key] = _text(prop.value)
    for prop in card.getChildren():
        name = prop.name.upper()
        if name in _BOOKKEEPING or name in _HANDLED:
            continue
        if name in _PICTURES:
            notes[name] = notes.get(name, 0) + 1
        elif _text(prop.value) or isinstance(prop.value, list):
            key = name.lower()
            text = (
                _text(prop.value)
                if isinstance(prop.value, str)
                else _join(prop.value, LIST_SEPARATOR)
            )
            previous = values.get(key)
            values[key] = f"{previous}{LIST_SEPARATOR}{text}" if previous else text
    return values


def _cards(text: str, source: str) -> Iterator:
    import vobject

    try:
        for component in vobject.readComponents(text, ignoreUnreadable=True):
            if component.name.upper() == "VCARD":
                yield component
    except Exception as exc:  # vobject raises its own ParseError and plain ValueErrors
        raise InvalidValueError("file", source, f"not a valid vCard file ({exc})") from None


def read(path: Path) -> Table:
    """Read every card of a .vcf file; a card's row number is its position in the file."""
    from custnote.adapters.io.csv_reader import detect_encoding

    data = path.read_bytes()
    text = data.decode(detect_encoding(data, path.name)).removeprefix("\ufeff")
    notes: dict[str, int] = {}
    records = [
        Record(number, _card_values(card, notes))
        for number, card in enumerate(_cards(text, path.name), start=1)
    ]
    if not records:
        raise InvalidValueError("file", path.name, "no vCards (BEGIN:VCARD) found")
    messages = [f"{name} on {count} card(s) not imported" for name, count in notes.items()]
    return Table(path.name, headers_of(records), records, messages)
