"""``custnote disclose``: everything the notebook holds about one person (開示, APPI art. 33).

The document has four parts: the fields (restricted ones included, decrypted), the free notes,
every log entry, and every change to the note with its date and author. It is built as a list
of neutral blocks, written as Markdown here and as print-ready HTML by
:mod:`custnote.adapters.disclosure_html`, in Japanese or English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from custnote.core import clock
from custnote.core.note.dates import format_duration
from custnote.core.note.model import KNOWN_FIELDS, Note
from custnote.core.privacy.sealing import LOCKED, locked_paths
from custnote.errors import CustnoteError, InvalidValueError
from custnote.i18n import N_, _, gettext_in, ngettext_in

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

LANGUAGES = ("ja", "en")

# The document's words, in the catalogs like every message (docs/i18n.md) but said in the
# language the disclosure names (``--lang``), which may not be the run's. The English is chosen
# to be distinct from the card's shorter labels ("Full name", not "Name") because the Japanese
# differs too: a disclosure says 氏名 and 分類タグ where the card says 名前 and タグ.
LABELS: dict[str, str] = {
    "id": N_("Customer id"), "name": N_("Full name"), "kana": N_("Reading"),
    "company": N_("Company name"), "department": N_("Department"),
    "title": N_("Job title"), "owner": N_("Person in charge"),
    "status": N_("Status"), "tags": N_("Classification tags"), "phones": N_("Phone number"),
    "emails": N_("Email address"), "postal_code": N_("Postal code"),
    "address": N_("Address"), "birthday": N_("Date of birth"),
    "died": N_("Date of death"), "anniversaries": N_("Anniversaries"),
    "family": N_("Family members"), "preferences": N_("Preferences"),
    "preferences.allergies": N_("Allergies"),
    "preferences.drink": N_("Drink"), "preferences.food": N_("Food"),
    "preferences.dislikes": N_("Things disliked"), "preferences.hobbies": N_("Hobbies"),
    "contact_hours": N_("Contact hours"),
    "visit_every": N_("Visit interval"), "source": N_("How the data was obtained"),
    "created": N_("Recorded on"), "conflicts": N_("Unresolved changes"),
}  # fmt: skip
KINDS: dict[str, str] = {
    "call": N_("Call"), "visit": N_("Visit"), "email": N_("Email message"),
    "meeting": N_("Meeting"), "inquiry": N_("Inquiry"), "complaint": N_("Complaint"),
    "purchase": N_("Purchase"), "note": N_("Memo"),
}  # fmt: skip


class DisclosureError(CustnoteError):
    """A disclosure that would be incomplete (restricted values the person cannot read)."""


@dataclass(frozen=True)
class Block:
    """One part of the document: ``h1``/``h2``/``h3``/``p`` (text), ``text`` (preformatted
    note text, kept as written), or ``table`` (``header`` and ``rows``)."""

    kind: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _in(lang: str, message: str) -> str:
    return gettext_in(lang, message)


def _label(path: str, lang: str) -> str:
    if path in LABELS:
        return gettext_in(lang, LABELS[path])
    top, _sep, sub = path.partition(".")
    if sub and top in LABELS:
        return f"{gettext_in(lang, LABELS[top])}: {sub}"
    return path


def _value(value: Any, lang: str) -> str:
    sep = "、" if lang == "ja" else ", "
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return sep.join(_value(v, lang) for v in value)
    if isinstance(value, dict):
        return " / ".join(f"{_label(str(k), lang)}: {_value(v, lang)}" for k, v in value.items())
    return str(value)


def _field_rows(fields: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    ordered = [k for k in KNOWN_FIELDS if k in fields]
    ordered += [k for k in fields if k not in KNOWN_FIELDS]
    rows = []
    for key in ordered:
        value = fields[key]
        if key == "preferences" and isinstance(value, dict):
            rows += [(_label(f"{key}.{k}", lang), _value(v, lang)) for k, v in value.items()]
        elif key in ("family", "anniversaries") and isinstance(value, list):
            rows += [(_label(key, lang), _value(item, lang)) for item in value]
        else:
            rows.append((_label(key, lang), _value(value, lang)))
    return rows


def build(nb: Notebook, note: Note, lang: str) -> list[Block]:
    """The disclosure of ``note`` (loaded by ``nb``, restricted values revealed)."""
    if lang not in LANGUAGES:
        raise InvalidValueError("--lang", lang, _("must be ja or en"))
    locked = locked_paths(note.fields) + (["body"] if LOCKED in note.body else [])
    if locked:
        raise DisclosureError(
            _(
                "you cannot read {value} of {name}: a disclosure must hold everything, "
                "so it must be made by someone holding a key (custnote access list)"
            ).format(value=", ".join(locked), name=note.name)
        )

    made = clock.now().strftime("%Y-%m-%d %H:%M")
    blocks = [
        Block("h1", _in(lang, "Disclosure of personal data held")),
        Block("p", _in(lang, "Concerning: {name} ({id})").format(name=note.name, id=note.id)),
        Block(
            "p", _in(lang, "Prepared: {when} · by: {author}").format(when=made, author=nb.author())
        ),
        Block(
            "p",
            _in(
                lang,
                "This document lists all personal data we hold about you (Act on the "
                "Protection of Personal Information, Article 33).",
            ),
        ),
        Block("h2", _in(lang, "1. Recorded details")),
        Block(
            "table",
            header=(_in(lang, "Item"), _in(lang, "Value")),
            rows=tuple(_field_rows(note.fields, lang)),
        ),
        Block("h2", _in(lang, "2. Notes")),
        Block("text", note.body) if note.body.strip() else Block("p", _in(lang, "(none)")),
    ]
    entries = note.sorted_log()
    blocks.append(
        Block(
            "h2",
            ngettext_in(
                lang,
                "3. Record of contacts ({count} entry)",
                "3. Record of contacts ({count} entries)",
                len(entries),
            ).format(count=len(entries)),
        )
    )
    for entry in entries:
        kind = _in(lang, KINDS[entry.kind]) if entry.kind in KINDS else entry.kind
        when = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
        blocks.append(Block("h3", " · ".join(filter(None, [when, kind, entry.author]))))
        minutes = entry.duration_min
        details = [
            (_in(lang, "Duration"), format_duration(minutes) if minutes else ""),
            (_in(lang, "Amount"), str(entry.amount) if entry.amount is not None else ""),
            (_in(lang, "Follow-up"), entry.follow_up.isoformat() if entry.follow_up else ""),
            (_in(lang, "Done"), entry.done.isoformat() if entry.done else ""),
            *entry.attributes.items(),
        ]  # fmt: skip
        lines = [f"{k}: {v}" for k, v in details if v]
        if lines:
            blocks.append(Block("p", " · ".join(lines)))
        if entry.text:
            blocks.append(Block("text", entry.text))
    commits = nb.history(note)
    blocks.append(
        Block(
            "h2",
            ngettext_in(
                lang,
                "4. History of changes to this record ({count} entry)",
                "4. History of changes to this record ({count} entries)",
                len(commits),
            ).format(count=len(commits)),
        )
    )
    rows = tuple((c.date[:16].replace("T", " "), c.author, c.subject) for c in commits)
    header = (_in(lang, "Date"), _in(lang, "Changed by"), _in(lang, "Change"))
    blocks.append(Block("table", header=header, rows=rows))
    return blocks


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def markdown(blocks: list[Block]) -> str:
    """The document as Markdown."""
    out: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            out.append("#" * int(block.kind[1]) + " " + block.text)
        elif block.kind == "p":
            out.append(block.text)
        elif block.kind == "text":
            out.append("\n".join(f"> {line}" if line else ">" for line in block.text.split("\n")))
        elif block.kind == "table":
            lines = ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
        out.append("")
    return "\n".join(out)
