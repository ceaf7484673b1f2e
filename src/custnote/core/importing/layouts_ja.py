"""Japanese address books: Outlook (日本語), 宛名職人, 筆まめ, 筆王, 筆ぐるめ, はがきデザインキット,
Yahoo!アドレスブック, and any sheet that splits the name (姓, 名, セイ, メイ, カナ姓 …).

These write the same few things in many spellings, so roles come from rules rather than lists:
a block prefix or suffix (自宅〒, 会社住所1, 勤務先電話, ``番地 (会社)``) with an address, phone or
mail part; the name and reading parts (姓, 名, 姓かな, フリガナ(名), セイ, メイ); 会社名かな,
部署名1/部署名2, 役職, 敬称 (an honorific written next to the name), 誕生日, 記念日, メモ1…5 and
備考1…5, 分類. Header keys are folded (:func:`custnote.core.importing.mapping.header_key`: katakana
as hiragana, no spaces or brackets), so ``フリガナ（姓）`` is ``ふりがな姓``. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from custnote.core.importing.layouts import LEFT_OUT, Layout, Role
from custnote.core.importing.layouts import layout_key as header_key

_BLOCKS = (("自宅", "home"), ("会社", "work"), ("勤務先", "work"), ("勤め先", "work"),
           ("その他", "other"))  # fmt: skip
_PARTS = {"〒": "postal", "郵便番号": "postal", "住所": "street", "住所1": "street",
          "番地": "street", "住所2": "street2", "住所3": "street3", "都道府県": "region",
          "市区町村": "city", "市町村": "city", "建物": "extended",
          "建物名": "extended"}  # fmt: skip
# Folded spellings (katakana as hiragana): 電話, TEL, 携帯電話番号, E-mail, メールアドレス2,
# 携帯メール, 電子メール 2 アドレス, Mailアドレス.
_CONTACT = re.compile(r"^(電話(番号)?\d*|tel\d*|携帯(電話)?(番号)?\d*|e?mail(あどれす)?\d*|"
                      r"(携帯|pc)?めーる(あどれす)?\d*|電子めーる\d*あどれす)$")  # fmt: skip
_FAMILY = ("姓", "名字", "苗字", "氏", "lastname", "familyname")
_GIVEN = ("名", "firstname", "givenname")
_READING = ("かな", "ふりがな", "よみ", "よみがな", "カナ", "フリガナ", "ヨミ", "ヨミガナ")
_FULL = ("氏名", "姓名", "名前", "お名前")


def _k(*words: str) -> frozenset[str]:
    return frozenset(header_key(w) for w in words)


_FAMILY_KEYS, _GIVEN_KEYS, _FULL_KEYS = _k(*_FAMILY), _k(*_GIVEN), _k(*_FULL)
_READING_KEYS = _k(*_READING)
_KANA_FAMILY = _k("セイ", *(f"{a}{b}" for a in _FAMILY[:3] for b in _READING),
                  *(f"{b}{a}" for a in _FAMILY[:3] for b in _READING))  # fmt: skip
_KANA_GIVEN = _k("メイ", *(f"{a}{b}" for a in _GIVEN[:1] for b in _READING),
                 *(f"{b}{a}" for a in _GIVEN[:1] for b in _READING))  # fmt: skip
_KANA_FULL = _READING_KEYS | _k(*(f"{a}{b}" for a in _FULL for b in _READING),
                                "yomi", "reading")  # fmt: skip
_FIELDS = {
    **dict.fromkeys(_k("会社名", "勤務先名", "勤務先", "会社", "取引先名", "法人名"), "company"),
    **dict.fromkeys(
        _k(*(f"{c}{r}" for c in ("会社名", "勤務先名", "会社", "取引先名") for r in _READING)),
        "company_kana",
    ),
    **dict.fromkeys(
        _k("部署", "部署名", "部署名1", "部署名2", "部署1", "部署2", "部課"), "department"
    ),
    **dict.fromkeys(_k("役職", "役職名", "肩書", "肩書き"), "title"),
    **dict.fromkeys(_k("敬称"), "honorific"),
    **dict.fromkeys(_k("ミドルネーム", "ミドル ネーム"), "name.middle"),
    **dict.fromkeys(_k("誕生日", "生年月日"), "birthday"),
    **dict.fromkeys(_k("記念日", "結婚記念日"), "anniversary"),
    **dict.fromkeys(_k("分類", "グループ", "グループ名"), "tags"),
    **dict.fromkeys(
        _k("メモ", "備考", *(f"{w}{n}" for w in ("メモ", "備考") for n in "12345")), "body"
    ),
    **dict.fromkeys(_k("宛先"), "mailing"),
    **dict.fromkeys(_k("ミドルネームかな", "ミドルネームふりがな"), "kana.middle"),
    **dict.fromkeys(
        _k(
            "電子メール表示名",
            "電子メール種類",
            "電子メール 2 表示名",
            "電子メール 3 表示名",
            "電子メール 2 種類",
            "電子メール 3 種類",
            "優先度",
            "秘密度",
            "非公開",
        ),
        LEFT_OUT,
    ),
}


def _block(key: str) -> tuple[str, str] | None:
    """(block, rest) for ``自宅〒`` (prefix) or ``番地会社`` (Outlook's ``番地 (会社)``)."""
    for word, block in _BLOCKS:
        prefix = header_key(word)
        if key.startswith(prefix) and len(key) > len(prefix):
            return block, key[len(prefix) :]
        if key.endswith(prefix) and len(key) > len(prefix):
            return block, key[: -len(prefix)]
        if key.startswith("国") and prefix in key and key.endswith("地域"):
            return block, "国地域"  # Outlook: 国 (会社)/地域
    return None


def _contact(rest: str) -> Role | None:
    if rest in {header_key(p) for p in _PARTS}:
        return None
    if rest == "国地域":
        return None
    if "fax" in rest or "url" in rest or "ぽけっとべる" in rest:
        return None
    if "電話" in rest or _CONTACT.match(rest):
        return "emails" if ("mail" in rest or "めーる" in rest) else "phones"
    return None


def _role(key: str) -> Role | None:
    if key in _FULL_KEYS:
        return "name"
    if key in _FAMILY_KEYS:
        return "name.family"
    if key in _GIVEN_KEYS:
        return "name.given"
    if key in _KANA_FAMILY:
        return "kana.family"
    if key in _KANA_GIVEN:
        return "kana.given"
    if key in _KANA_FULL:
        return "kana"
    if key in _FIELDS:
        return _FIELDS[key]
    if found := _block(key):
        block, rest = found
        parts = {header_key(p): part for p, part in _PARTS.items()}
        if rest in parts:
            return f"addr.{block}.{parts[rest]}"
        if rest == "国地域":
            return f"addr.{block}.country"
        return _contact(rest)
    if _CONTACT.match(key) or "電話" in key:
        return _contact(key)
    return None


def _outlook_role(key: str) -> Role | None:
    """Outlook (日本語) calls the honorific before the name 肩書き (Title: Mr.) and the one
    after it 敬称 (Suffix); its job title is 役職."""
    outlook = {header_key("肩書き"): "name.prefix", header_key("敬称"): "name.suffix"}
    return outlook.get(key) or _role(key)


def _outlook_japanese(keys: set[str]) -> bool:
    return bool(keys & _k("電子メール アドレス", "番地 (会社)", "番地 (自宅)"))


def _atena_shokunin(keys: set[str]) -> bool:
    return bool(_k("姓かな", "名かな") <= keys and keys & _k("自宅〒", "会社〒", "姓名かな"))


def _yahoo(keys: set[str]) -> bool:
    return bool(_k("姓(よみがな)", "名(よみがな)") <= keys or keys & _k("メールアドレス(1)"))


def _blocks(keys: set[str]) -> bool:
    """Address-book and 年賀状 software (筆まめ, 筆王, 筆ぐるめ, はがきデザインキット …): blocks
    of 自宅/会社 columns."""
    return any(_role(key) and _role(key).startswith("addr.") for key in keys if _block(key))


def _split_name(keys: set[str]) -> bool:
    """Any sheet with the name or the reading in parts (姓 and 名, セイ and メイ)."""
    name = bool(keys & _FAMILY_KEYS) and bool(keys & _GIVEN_KEYS)
    reading = bool(keys & _KANA_FAMILY) and bool(keys & _KANA_GIVEN)
    return name or reading


Claims = Callable[[set[str]], bool]
JAPANESE_LAYOUTS: tuple[tuple[Claims, Layout], ...] = (
    (_atena_shokunin, Layout("宛名職人 CSV", _role)),
    (_outlook_japanese, Layout("Outlook CSV (日本語)", _outlook_role)),
    (_yahoo, Layout("Yahoo!アドレスブック CSV", _role)),
    (_blocks, Layout("住所録・年賀状ソフト CSV (自宅/会社の欄)", _role)),
    (_split_name, Layout("姓・名に分かれた名簿", _role)),
)
