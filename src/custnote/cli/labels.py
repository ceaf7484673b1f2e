"""The words of the card, ``who`` and ``list``: English msgids, translated by the gettext catalog
(:mod:`custnote.i18n`) into the run's language. Data is never translated: only labels."""

from __future__ import annotations

from custnote.i18n import N_, gettext_in, translations

LABELS: dict[str, str] = {
    "allergies": N_("Allergies"),
    "cautions": N_("Caution"),
    "dislikes": N_("Dislikes"),
    "conflict": N_("Conflict"),
    "conflict_text": N_(
        "unresolved conflicts ({fields}): see 'custnote conflicts', resolve with 'custnote edit'"
    ),
    "company": N_("Company"),
    "owner": N_("Owner"),
    "status": N_("Status"),
    "phones": N_("Phone"),
    "emails": N_("Email"),
    "contact_hours": N_("Reach"),
    "channel": N_("Prefers"),
    "address": N_("Address"),
    "birthday": N_("Birthday"),
    "died": N_("Died"),
    "likes": N_("Likes"),
    "family": N_("Family"),
    "anniversaries": N_("Dates"),
    "tags": N_("Tags"),
    "source": N_("Source"),
    "visit_every": N_("Visit every"),
    "created": N_("Since"),
    "file": N_("File"),
    "follow_ups": N_("Open follow-ups"),
    "last_contacts": N_("Last contacts"),
    "last_n_of": N_("Last {shown} of {total} contacts (--all for every one)"),
    "no_log": N_("No log entries yet."),
    "no_contacts": N_("No contacts yet."),
    "follow_up": N_("follow-up"),
    "done": N_("done"),
    "deceased": N_("deceased"),
    "matched": N_("matched"),
    # list columns
    "col_name": N_("Name"),
    "col_kana": N_("Reading"),
    "col_company": N_("Company"),
    "col_owner": N_("Owner"),
    "col_status": N_("Status"),
    "col_tags": N_("Tags"),
    "col_last": N_("Last contact"),
    "col_id": N_("Id"),
    # the questions of an interactive add
    "ask_kana": N_("Reading"),
    "ask_company": N_("Company"),
    "ask_phones": N_("Phone"),
    "ask_emails": N_("Email"),
}

#: preferences read as sentences: ``{value}`` is the preference as written
LIKES: dict[str, str] = {
    "drink": N_("Drinks {value}."),
    "food": N_("Likes to eat {value}."),
    "hobbies": N_("Hobbies: {value}."),
    "other": N_("{key}: {value}."),
}

_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``."""
    return gettext_in(lang, LABELS[key])


def like(key: str, value: str, lang: str) -> str:
    """A preference as a sentence (``お飲み物はほうじ茶。`` / ``Drinks hojicha.``)."""
    return gettext_in(lang, LIKES.get(key, LIKES["other"])).format(key=key, value=value)


def month_day(month: int, day: int, lang: str) -> str:
    """``12月6日`` or ``Dec 6``."""
    name = gettext_in(lang, _MONTHS[month - 1])
    # TRANSLATORS: a day of the year; {month} is its number, {month_name} its short name
    return gettext_in(lang, "{month_name} {day}").format(month=month, month_name=name, day=day)


def full_date(year: int, month: int, day: int, lang: str) -> str:
    """``1970年5月12日`` or ``May 12, 1970``."""
    # TRANSLATORS: {month_day} is a day of the year as translated above
    return gettext_in(lang, "{month_day}, {year}").format(
        month_day=month_day(month, day, lang), year=year
    )


def age(years: int, lang: str) -> str:
    """``53歳`` or ``age 53``."""
    return gettext_in(lang, "age {years}").format(years=years)


def years_count(years: int, lang: str) -> str:
    """``38周年`` or ``38 years``."""
    text = translations(lang).ngettext("{years} year", "{years} years", years)
    return text.format(years=years)


def parens(parts: list[str], lang: str) -> str:
    """``（53歳・12月6日）`` or `` (age 53, Dec 6)``; empty without parts."""
    if not parts:
        return ""
    # TRANSLATORS: what is said in brackets after a name: the opening, the separator, the closing
    opening, separator, closing = (
        gettext_in(lang, " ("),
        gettext_in(lang, ", "),
        gettext_in(lang, ")"),
    )
    return f"{opening}{separator.join(parts)}{closing}"
