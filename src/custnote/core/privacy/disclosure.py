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
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

LANGUAGES = ("ja", "en")

LABELS: dict[str, tuple[str, str]] = {
    "id": ("顧客ID", "Customer id"), "name": ("氏名", "Name"), "kana": ("ふりがな", "Reading"),
    "company": ("会社名", "Company"), "department": ("部署", "Department"),
    "title": ("役職", "Title"), "owner": ("担当者", "Person in charge"),
    "status": ("状態", "Status"), "tags": ("分類タグ", "Tags"), "phones": ("電話番号", "Phone"),
    "emails": ("メールアドレス", "Email"), "postal_code": ("郵便番号", "Postal code"),
    "address": ("住所", "Address"), "birthday": ("生年月日", "Date of birth"),
    "died": ("ご命日", "Date of death"), "anniversaries": ("記念日", "Anniversaries"),
    "family": ("ご家族", "Family"), "preferences": ("お好み", "Preferences"),
    "preferences.allergies": ("アレルギー", "Allergies"),
    "preferences.drink": ("お飲み物", "Drink"), "preferences.food": ("お食事", "Food"),
    "preferences.dislikes": ("苦手なもの", "Dislikes"), "preferences.hobbies": ("趣味", "Hobbies"),
    "contact_hours": ("連絡可能な時間", "Contact hours"),
    "visit_every": ("訪問の間隔", "Visit interval"), "source": ("取得の経緯", "Source"),
    "created": ("登録日", "Recorded on"), "conflicts": ("未解決の変更", "Unresolved changes"),
}  # fmt: skip
KINDS: dict[str, str] = {
    "call": "電話", "visit": "訪問", "email": "メール", "meeting": "打合せ",
    "inquiry": "お問い合わせ", "complaint": "苦情", "purchase": "ご購入", "note": "メモ",
}  # fmt: skip
TEXT: dict[str, tuple[str, str]] = {
    "title": ("保有個人データ開示書", "Disclosure of personal data held"),
    "subject": ("対象", "Concerning"),
    "honorific": (" 様", ""),
    "made": ("作成", "Prepared"),
    "by": ("作成者", "by"),
    "intro": (
        "当方が保有している、ご本人に関する個人データのすべてを以下に記載します"
        "（個人情報の保護に関する法律 第33条）。",
        "This document lists all personal data we hold about you (Act on the Protection of "
        "Personal Information, Article 33).",
    ),
    "fields": ("1. 登録されている項目", "1. Recorded details"),
    "field": ("項目", "Item"),
    "value": ("内容", "Value"),
    "notes": ("2. メモ", "2. Notes"),
    "none": ("（なし）", "(none)"),
    "log": ("3. 対応の記録", "3. Record of contacts"),
    "history": ("4. 記録の変更履歴", "4. History of changes to this record"),
    "when": ("日時", "Date"),
    "who": ("変更者", "Changed by"),
    "what": ("内容", "Change"),
    "count": ("件", "entries"),
    "duration": ("所要時間", "Duration"),
    "amount": ("金額", "Amount"),
    "follow_up": ("次回対応", "Follow-up"),
    "done": ("完了", "Done"),
}


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


def _t(key: str, lang: str) -> str:
    return TEXT[key][LANGUAGES.index(lang)]


def _label(path: str, lang: str) -> str:
    if path in LABELS:
        return LABELS[path][LANGUAGES.index(lang)]
    top, _, sub = path.partition(".")
    if sub and top in LABELS:
        return f"{LABELS[top][LANGUAGES.index(lang)]}: {sub}"
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
        Block("h1", _t("title", lang)),
        Block("p", f"{_t('subject', lang)}: {note.name}{_t('honorific', lang)} ({note.id})"),
        Block("p", f"{_t('made', lang)}: {made} · {_t('by', lang)}: {nb.author()}"),
        Block("p", _t("intro", lang)),
        Block("h2", _t("fields", lang)),
        Block(
            "table",
            header=(_t("field", lang), _t("value", lang)),
            rows=tuple(_field_rows(note.fields, lang)),
        ),
        Block("h2", _t("notes", lang)),
        Block("text", note.body) if note.body.strip() else Block("p", _t("none", lang)),
    ]
    entries = note.sorted_log()
    blocks.append(Block("h2", f"{_t('log', lang)} ({len(entries)} {_t('count', lang)})"))
    for entry in entries:
        kind = KINDS.get(entry.kind, entry.kind) if lang == "ja" else entry.kind
        when = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
        blocks.append(Block("h3", " · ".join(filter(None, [when, kind, entry.author]))))
        minutes = entry.duration_min
        details = [
            (_t("duration", lang), format_duration(minutes) if minutes else ""),
            (_t("amount", lang), str(entry.amount) if entry.amount is not None else ""),
            (_t("follow_up", lang), entry.follow_up.isoformat() if entry.follow_up else ""),
            (_t("done", lang), entry.done.isoformat() if entry.done else ""),
            *entry.attributes.items(),
        ]  # fmt: skip
        lines = [f"{k}: {v}" for k, v in details if v]
        if lines:
            blocks.append(Block("p", " · ".join(lines)))
        if entry.text:
            blocks.append(Block("text", entry.text))
    commits = nb.history(note)
    blocks.append(Block("h2", f"{_t('history', lang)} ({len(commits)} {_t('count', lang)})"))
    rows = tuple((c.date[:16].replace("T", " "), c.author, c.subject) for c in commits)
    header = (_t("when", lang), _t("who", lang), _t("what", lang))
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
