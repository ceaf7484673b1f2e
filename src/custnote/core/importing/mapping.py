"""Which column of an imported sheet holds which custnote field.

A 顧客名簿 has headers like 氏名, フリガナ, 会社名, 電話番号（携帯）, E-mail 2 or 備考; a
contact history has 顧客, 日時, 種別, 対応者, 所要時間, 金額, 内容. :func:`map_columns` maps each
header to a target: a custnote field (``name``, ``phones``, ``preferences.drink``, ``body``;
for a history ``customer``, ``date``, ``kind``, ``text``, …), :data:`IGNORE` (``--map
COLUMN=-``) or :data:`EXTRA` (kept under its own header: an extra front-matter field; in a
history, an entry attribute or a line of the entry text). Nothing is dropped silently. Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from custnote.core.note.textnorm import fold
from custnote.errors import InvalidValueError
from custnote.i18n import _

IGNORE = "-"
EXTRA = "+"
BODY = "body"
PREFERENCES_PREFIX = "preferences."


class Mode(Enum):
    """What a sheet holds: customers, or a contact history (``import --log``)."""

    CUSTOMERS = "customers"
    LOG = "log"


#: Customer fields in note order, with the headers people use for them, ``|``-separated
#: (compared after :func:`header_key`: case, width, spaces and punctuation do not matter).
CUSTOMER_HEADERS: dict[str, str] = {
    "id": (
        "id|custnote id|custnoteid|顧客id|顧客番号|顧客コード|会員番号|会員id|取引先コード|"
        "customer id|customer number|contact id|external id"
    ),
    "name": (
        "name|full name|fullname|氏名|名前|お名前|顧客名|顧客氏名|姓名|姓|名|苗字|名字|"
        "last name|first name|family name|given name|contact name|お客様名|宛名|担当者氏名|"
        "ご担当者名|取引先担当者"
    ),
    "kana": (
        "kana|フリガナ|ふりがな|よみ|よみがな|読み|読み仮名|ヨミ|カナ|かな|氏名カナ|"
        "氏名かな|セイ|メイ|姓カナ|名カナ|姓ふりがな|名ふりがな|reading|phonetic name|yomi|"
        "カナ姓|カナ名|カナ氏名|フリガナ氏名|氏名フリガナ|シメイ|yomi name"
    ),
    "company": (
        "company|company name|organization|organisation|org|会社|会社名|法人名|勤務先|"
        "企業名|屋号|団体名|所属|取引先|取引先名|得意先|得意先名|社名|顧客企業名|事業者名"
    ),
    "company_kana": (
        "company kana|会社名カナ|会社名フリガナ|会社名かな|会社名ふりがな|会社カナ|"
        "取引先名カナ|取引先カナ|社名カナ|企業名カナ|勤務先カナ"
    ),
    "department": "department|dept|部署|部署名|部門|所属部署|部課|課|事業部|所属部門",
    "title": "title|job title|position|役職|役職名|肩書|肩書き",
    "owner": "owner|担当|担当者|担当者名|営業担当|担当営業|営業担当者|担当社員|account owner",
    "status": "status|ステータス|状態|顧客状態",
    "tags": (
        "tags|tag|タグ|区分|顧客区分|分類|カテゴリ|カテゴリー|category|categories|group|"
        "groups|グループ|segment"
    ),
    "phones": (
        "phones|phone|tel|telephone|電話|電話番号|携帯|携帯電話|携帯番号|自宅電話|"
        "連絡先電話番号|mobile|cell|mobile phone|携帯電話番号|代表電話|代表電話番号|直通|"
        "直通電話|会社電話番号|自宅電話番号|phone number"
    ),
    "emails": (
        "emails|email|e-mail|mail|メール|メールアドレス|eメール|携帯メール|"
        "email address|mail address|mailアドレス|e-mailアドレス|メアド|pcメール|"
        "携帯メールアドレス|pcメールアドレス|電子メール|電子メールアドレス"
    ),
    "address": (
        "address|住所|所在地|都道府県|市区町村|番地|町名番地|建物名|建物|street|city|state|"
        "prefecture"
    ),
    "postal_code": "postal code|postalcode|zip|zip code|zipcode|postcode|郵便番号|〒|〒番号|"
    "郵便|郵便番号1",
    "birthday": "birthday|birthdate|date of birth|dob|誕生日|生年月日",
    "contact_hours": "contact hours|連絡可能時間|連絡時間帯|連絡可能時間帯",
    "source": "source|紹介元|流入元|流入経路|きっかけ|獲得経路|媒体|lead source",
    "created": "created|登録日|作成日|created at",
    "family": "family",
    "anniversaries": "anniversaries",
    "preferences.drink": "drink|飲み物|好きな飲み物|お茶",
    "preferences.food": "food|好きな食べ物|好物",
    "preferences.dislikes": "dislikes|苦手|苦手な食べ物|嫌いな食べ物",
    "preferences.allergies": "allergies|allergy|アレルギー",
    "preferences.hobbies": "hobbies|hobby|趣味",
    "preferences.channel": "channel|連絡手段|希望連絡方法|希望連絡手段",
    BODY: (
        "body|note|notes|memo|remarks|comment|comments|備考|メモ|特記事項|備考欄|コメント|申し送り"
    ),
}

#: History columns: the customer (by id, email, phone, name, or any of them) and the entry.
LOG_HEADERS: dict[str, str] = {
    "customer": "customer|顧客|お客様|取引先|client",
    "customer_id": "customer id|customer_id|id|顧客id",
    "customer_email": "email|e-mail|mail|メール|メールアドレス",
    "customer_phone": "phone|tel|電話|電話番号|携帯",
    "customer_name": "name|customer name|氏名|名前|お名前|顧客名|顧客氏名",
    "date": "date|datetime|date time|日付|日時|対応日|対応日時|受付日時|記録日|年月日",
    "time": "time|時刻|開始時刻|対応時刻",
    "kind": "kind|type|種別|種類|区分|対応種別|対応区分|方法",
    "author": "author|by|staff|対応者|担当|担当者|記録者|入力者",
    "duration": "duration|minutes|所要時間|通話時間|対応時間|時間分|所要分",
    "amount": "amount|price|total|金額|売上|売上金額|購入金額|合計|合計金額",
    "follow_up": (
        "follow-up|follow up|followup|フォロー|フォローアップ|次回|次回予定|次回連絡日|次回対応日"
    ),
    "done": "done|完了|完了日",
    "text": "text|内容|対応内容|本文|詳細|メモ|備考|note|notes|body|memo|summary",
}

#: Targets that several columns may feed: their values are joined (name from 姓 and 名, the
#: address from 都道府県 … 建物名, phones from 電話 and 携帯, text from several columns).
JOINABLE = frozenset({"name", "kana", "address", "tags", "phones", "emails", BODY, "text"})

# Header endings that identify a list column whatever comes before (会社電話, Work Email).
_ENDINGS: dict[Mode, tuple[tuple[str, str], ...]] = {
    Mode.CUSTOMERS: (
        ("email", "emails"),
        ("mail", "emails"),
        ("メール", "emails"),
        ("メールアドレス", "emails"),
        ("phone", "phones"),
        ("電話", "phones"),
        ("電話番号", "phones"),
        ("携帯", "phones"),
        ("携帯番号", "phones"),
        ("address", "address"),
        ("住所", "address"),
    ),
    Mode.LOG: (),
}

_PUNCT = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"[(\[【<「][^)\]】>」]*[)\]】>」]")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True)
class ColumnMapping:
    """Where one column goes: ``target`` is a field, :data:`IGNORE` or :data:`EXTRA`."""

    column: str
    target: str
    explicit: bool = False

    @property
    def key(self) -> str:
        """The field (or log attribute) name an :data:`EXTRA` column is stored under."""
        return self.column.strip() if self.target == EXTRA else self.target


def header_key(header: str) -> str:
    """The comparison form of a header: folded, without spaces or punctuation."""
    folded = fold(header)
    return _PUNCT.sub("", folded) or folded


def _candidates(header: str) -> list[str]:
    """Lookup keys for a header, most specific first (``電話番号（携帯）2`` -> … ``電話番号``)."""
    whole = header_key(header)
    without_brackets = header_key(_BRACKETED.sub("", fold(header))) or whole
    keys = [whole, _TRAILING_DIGITS.sub("", whole), without_brackets]
    keys.append(_TRAILING_DIGITS.sub("", without_brackets))
    return [key for index, key in enumerate(keys) if key and key not in keys[:index]]


def _lookup_table(mode: Mode) -> dict[str, str]:
    table = CUSTOMER_HEADERS if mode is Mode.CUSTOMERS else LOG_HEADERS
    lookup: dict[str, str] = {}
    for target, headers in table.items():
        lookup.setdefault(header_key(target), target)
        for header in headers.split("|"):
            lookup.setdefault(header_key(header), target)
    return lookup


def targets(mode: Mode) -> tuple[str, ...]:
    """Every target a column can be mapped to in this mode (besides extra fields)."""
    table = CUSTOMER_HEADERS if mode is Mode.CUSTOMERS else LOG_HEADERS
    return tuple(table)


def guess_target(header: str, mode: Mode) -> str:
    """The target a header maps to by itself; :data:`EXTRA` when it is not recognised."""
    folded = fold(header).strip()
    if mode is Mode.CUSTOMERS and folded.startswith(PREFERENCES_PREFIX):
        return folded if len(folded) > len(PREFERENCES_PREFIX) else EXTRA
    lookup = _lookup_table(mode)
    for key in _candidates(header):
        if key in lookup:
            return lookup[key]
    for key in _candidates(header):
        for ending, target in _ENDINGS[mode]:
            if key.endswith(header_key(ending)):  # folded as the key is (メール as めーる)
                return target
    return EXTRA


def is_body_header(header: str) -> bool:
    """True when a header is one of the usual names of the free-text column (備考, Notes)."""
    return guess_target(header, Mode.CUSTOMERS) == BODY


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``--map COLUMN=field`` options as {column: field}; a malformed one is an error."""
    result: dict[str, str] = {}
    for option in options:
        column, sep, target = option.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise InvalidValueError("--map", option, _("write it as COLUMN=field (or COLUMN=-)"))
        result[column.strip()] = target.strip()
    return result


def _check_target(option: str, target: str, mode: Mode, custom_fields: Sequence[str]) -> str:
    allowed = (*targets(mode), *custom_fields, IGNORE)
    if target in allowed or (mode is Mode.CUSTOMERS and target.startswith(PREFERENCES_PREFIX)):
        return target
    raise InvalidValueError(
        "--map",
        option,
        _("unknown field (choose one of: {value})").format(value=", ".join(allowed)),
    )


def map_columns(
    headers: Sequence[str],
    mode: Mode,
    overrides: Mapping[str, str] | None = None,
    custom_fields: Sequence[str] = (),
    *,
    source: str | None = None,
    defaults: Mapping[str, str] | None = None,
) -> list[ColumnMapping]:
    """Map every header; ``overrides`` (from ``--map``) win over ``defaults`` (a recognised
    layout's), which win over guesses.

    Raises :class:`InvalidValueError` when an override names a column the file does not have or
    an unknown field, or when two columns would fill one single-valued field.
    """
    overrides = dict(overrides or {})
    present = {header.strip() for header in headers}
    for column, target in overrides.items():
        if column not in present:
            raise InvalidValueError(
                "--map",
                f"{column}={target}",
                _("no such column (columns: {value})").format(
                    value=", ".join(h.strip() for h in headers)
                ),
                source=source,
            )
        _check_target(f"{column}={target}", target, mode, custom_fields)
    mappings = []
    for header in headers:
        column = header.strip()
        if column in overrides:
            mappings.append(ColumnMapping(column, overrides[column], explicit=True))
        elif defaults and column in defaults:
            mappings.append(ColumnMapping(column, defaults[column]))
        else:
            mappings.append(ColumnMapping(column, guess_target(column, mode)))
    _check_single_valued(mappings, source)
    return mappings


def _check_single_valued(mappings: Sequence[ColumnMapping], source: str | None) -> None:
    seen: dict[str, str] = {}
    for mapping in mappings:
        target = mapping.target
        if target in (IGNORE, EXTRA) or target in JOINABLE:
            continue
        if target in seen:
            raise InvalidValueError(
                "column",
                mapping.column,
                _(
                    "both {value!r} and {column!r} map to {target}; choose one with --map "
                    "{column!r}=-"
                ).format(value=seen[target], column=mapping.column, target=target),
                source=source,
            )
        seen[target] = mapping.column


#: Status words people write (compared folded) -> the default statuses.
STATUS_WORDS: dict[str, str] = {
    "見込み": "prospect", "見込": "prospect", "見込客": "prospect", "見込み客": "prospect",
    "新規": "prospect", "リード": "prospect", "lead": "prospect",
    "取引中": "active", "既存": "active", "既存客": "active", "顧客": "active", "有効": "active",
    "稼働": "active", "休眠": "dormant", "休止": "dormant", "inactive": "dormant",
    "失注": "lost", "解約": "lost", "離反": "lost", "終了": "lost",
}  # fmt: skip

#: Kinds of contact people write (compared folded) -> the default log kinds.
KIND_WORDS: dict[str, str] = {
    "電話": "call", "tel": "call", "phone": "call", "架電": "call", "受電": "call",
    "訪問": "visit", "来店": "visit", "来社": "visit", "mail": "email", "メール": "email",
    "e-mail": "email", "打合せ": "meeting", "打ち合わせ": "meeting", "商談": "meeting",
    "会議": "meeting", "面談": "meeting", "問合せ": "inquiry", "問い合わせ": "inquiry",
    "お問い合わせ": "inquiry", "問合わせ": "inquiry", "クレーム": "complaint",
    "苦情": "complaint", "購入": "purchase", "注文": "purchase", "受注": "purchase",
    "売上": "purchase", "メモ": "note", "記録": "note",
}  # fmt: skip


def translate_word(value: str, words: Mapping[str, str], allowed: Sequence[str]) -> str | None:
    """``value`` as one of ``allowed`` (given directly, or a usual word for it); None if not."""
    folded = _fold(value)
    for candidate in allowed:
        if _fold(candidate) == folded:
            return candidate
    translated = next((target for word, target in words.items() if _fold(word) == folded), None)
    return translated if translated in allowed else None


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """:func:`fold`, remembered: the same few words are compared on every row of a sheet."""
    return fold(text)
