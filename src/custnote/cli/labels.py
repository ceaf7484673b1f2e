"""The words of the card, ``who`` and ``list``, in Japanese and English (one table per
language, to be replaced by gettext catalogs later). Data is never translated: only labels."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "allergies": "アレルギー",
        "cautions": "注意",
        "dislikes": "苦手",
        "conflict": "競合",
        "conflict_text": (
            "未解決の競合（{fields}）：'custnote conflicts' で確認し、'custnote edit' で解決"
        ),
        "company": "会社",
        "owner": "担当",
        "status": "状態",
        "phones": "電話",
        "emails": "メール",
        "contact_hours": "連絡時間",
        "channel": "連絡方法",
        "address": "住所",
        "birthday": "誕生日",
        "died": "命日",
        "likes": "好み",
        "family": "家族",
        "anniversaries": "記念日",
        "tags": "タグ",
        "source": "紹介元",
        "visit_every": "訪問間隔",
        "created": "登録日",
        "file": "ファイル",
        "follow_ups": "未完了のフォローアップ",
        "last_contacts": "最近の連絡",
        "last_n_of": "最近の連絡（{total}件中{shown}件、全件は --all）",
        "no_log": "連絡の記録はまだありません。",
        "no_contacts": "連絡の記録はまだありません。",
        "follow_up": "フォローアップ",
        "done": "完了",
        "deceased": "故人",
        "matched": "一致",
        # list columns
        "col_name": "名前",
        "col_kana": "ふりがな",
        "col_company": "会社",
        "col_owner": "担当",
        "col_status": "状態",
        "col_tags": "タグ",
        "col_last": "最終連絡",
        "col_id": "ID",
        "customers": "{n}件",
        "ask_kana": "ふりがな",
        "ask_company": "会社名",
        "ask_phones": "電話",
        "ask_emails": "メール",
    },
    "en": {
        "allergies": "Allergies",
        "cautions": "Caution",
        "dislikes": "Dislikes",
        "conflict": "Conflict",
        "conflict_text": (
            "unresolved conflicts ({fields}): see 'custnote conflicts', "
            "resolve with 'custnote edit'"
        ),
        "company": "Company",
        "owner": "Owner",
        "status": "Status",
        "phones": "Phone",
        "emails": "Email",
        "contact_hours": "Reach",
        "channel": "Prefers",
        "address": "Address",
        "birthday": "Birthday",
        "died": "Died",
        "likes": "Likes",
        "family": "Family",
        "anniversaries": "Dates",
        "tags": "Tags",
        "source": "Source",
        "visit_every": "Visit every",
        "created": "Since",
        "file": "File",
        "follow_ups": "Open follow-ups",
        "last_contacts": "Last contacts",
        "last_n_of": "Last {shown} of {total} contacts (--all for every one)",
        "no_log": "No log entries yet.",
        "no_contacts": "No contacts yet.",
        "follow_up": "follow-up",
        "done": "done",
        "deceased": "deceased",
        "matched": "matched",
        "col_name": "Name",
        "col_kana": "Reading",
        "col_company": "Company",
        "col_owner": "Owner",
        "col_status": "Status",
        "col_tags": "Tags",
        "col_last": "Last contact",
        "col_id": "Id",
        "customers": "{n} customers",
        "ask_kana": "Reading",
        "ask_company": "Company",
        "ask_phones": "Phone",
        "ask_emails": "Email",
    },
}

#: preferences read as sentences: ``{value}`` is the preference as written
LIKES: dict[str, dict[str, str]] = {
    "ja": {
        "drink": "お飲み物は{value}。",
        "food": "お好きな食べ物は{value}。",
        "hobbies": "趣味は{value}。",
        "other": "{key}：{value}。",
    },
    "en": {
        "drink": "Drinks {value}.",
        "food": "Likes to eat {value}.",
        "hobbies": "Hobbies: {value}.",
        "other": "{key}: {value}.",
    },
}

_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (English when a language lacks it)."""
    return LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"][key]


def month_day(month: int, day: int, lang: str) -> str:
    """``12月6日`` or ``Dec 6``."""
    return f"{month}月{day}日" if lang == "ja" else f"{_MONTHS_EN[month - 1]} {day}"


def full_date(year: int, month: int, day: int, lang: str) -> str:
    """``1970年5月12日`` or ``May 12, 1970``."""
    return (
        f"{year}年{month_day(month, day, lang)}"
        if lang == "ja"
        else f"{month_day(month, day, lang)}, {year}"
    )


def age(years: int, lang: str) -> str:
    return f"{years}歳" if lang == "ja" else f"age {years}"


def years_count(years: int, lang: str) -> str:
    """``38周年`` or ``38 years``."""
    return f"{years}周年" if lang == "ja" else f"{years} year{'s' if years != 1 else ''}"


def parens(parts: list[str], lang: str) -> str:
    """``（53歳・12月6日）`` or `` (age 53, Dec 6)``; empty without parts."""
    if not parts:
        return ""
    return f"（{'・'.join(parts)}）" if lang == "ja" else f" ({', '.join(parts)})"
