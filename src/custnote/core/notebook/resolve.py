"""Finding the customer a user means from what they typed.

``custnote show yamada`` must work without the user remembering ids. A query is tried, in order,
as an id, a file name, an email, a phone number, an exact name or reading, a unique prefix of the
name, the reading (also typed in romaji) or the file name, and finally a prefix of one word of the
name or reading, also in romaji (``taro`` finds やまだ たろう). The first of these tiers that
matches anything decides; more than one match is ambiguous.
Summaries come from :mod:`custnote.core.note.summary` (with their folded ``match`` keys).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from custnote.core.note.phone import PhoneKey, looks_like_phone, phone_keys, same_number
from custnote.core.note.textnorm import ascii_slug, compact, fold, romaji_to_hiragana
from custnote.errors import AmbiguousCustomerError, CustomerNotFoundError
from custnote.i18n import _

Summary = Mapping[str, Any]
Predicate = Callable[[str, Summary], bool]


def _tiers(query: str, region: str) -> list[Predicate]:
    """The match rules that apply to this query, most specific first (see the module
    docstring); rules that cannot match it (email without '@', phone without digits) are left
    out, so a lookup makes fewer passes over 10,000 summaries."""
    q_fold, q_compact, q_slug = fold(query), compact(query), ascii_slug(query)
    q_kana = romaji_to_hiragana(q_compact) if q_compact.isascii() else q_compact
    exact_file = {query, query.removesuffix(".md")}

    def by_prefix(path: str, s: Summary) -> bool:
        name, kana = s["match"]["name"], s["match"]["kana"]
        return (
            name.startswith(q_compact)
            or (bool(kana) and (kana.startswith(q_compact) or kana.startswith(q_kana)))
            or (bool(q_slug) and file_stem(path).startswith(q_slug))
        )

    tiers: list[Predicate] = [
        lambda path, s: str(s.get("id", "")).casefold() == q_fold,
        lambda path, s: path in exact_file or file_stem(path) in exact_file,
    ]
    if "@" in query:
        tiers.append(lambda path, s: q_fold in s["match"]["emails"])
    if looks_like_phone(query):
        phone = phone_keys(query, region)
        tiers.append(
            lambda path, s: any(
                same_number(phone, PhoneKey(*stored)) for stored in s["match"]["phones"]
            )
        )
    tiers.append(lambda path, s: q_compact in (s["match"]["name"], s["match"]["kana"]))
    tiers.append(by_prefix)
    tiers.append(
        lambda path, s: any(
            word.startswith(q_fold) or (bool(q_kana) and word.startswith(q_kana))
            for word in s["match"]["words"]
        )
    )
    return tiers


def file_name(path: str) -> str:
    """``PurePosixPath(path).name`` without building a path object (lookups run these for each
    of 10,000 notes; pathlib made up a third of ``show NAME``)."""
    return path.rpartition("/")[2]


def file_stem(path: str) -> str:
    """``PurePosixPath(path).stem``, the same way (see :func:`file_name`)."""
    name = file_name(path)
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and suffix else name


def resolve(query: str, summaries: Mapping[str, Summary], region: str = "JP") -> str:
    """The relative path of the one customer ``query`` means.

    Raises :class:`CustomerNotFoundError` or :class:`AmbiguousCustomerError`."""
    query = query.strip()
    for matches in _matches_by_tier(query, summaries, region) if query else []:
        if len(matches) == 1:
            return matches[0]
        if matches:
            candidates = [
                (summaries[p].get("id", ""), describe(p, summaries[p])) for p in sorted(matches)
            ]
            raise AmbiguousCustomerError(query, candidates)
    raise CustomerNotFoundError(query, _not_found_hint(summaries))


def _matches_by_tier(query: str, summaries: Mapping[str, Summary], region: str) -> list[list[str]]:
    """For each tier, the paths whose best (most specific) match is that tier. One pass: once a
    tier has a match, later summaries are only tried against it and the tiers before it."""
    tiers = _tiers(query, region)
    found: list[list[str]] = [[] for _ in tiers]
    limit = len(tiers)
    for path, s in summaries.items():
        if "error" in s:
            continue
        for i in range(limit):
            if tiers[i](path, s):
                found[i].append(path)
                limit = i + 1
                break
    return found


def _not_found_hint(summaries: Mapping[str, Summary]) -> str:
    """What to try next; names a note that cannot be read, since it may be the one meant."""
    broken = [s["error"] for s in summaries.values() if "error" in s]
    if not broken:
        return _("try 'custnote list' or 'custnote search'")
    more = (
        _(" (and {value} more, see 'custnote list')").format(value=len(broken) - 1)
        if len(broken) > 1
        else ""
    )
    return _("a note that cannot be read may be the one: {value}{more}").format(
        value=broken[0], more=more
    )


def describe(path: str, s: Summary) -> str:
    """``山田 太郎 (山田工務店)  customers/ya/…md``: one line naming a candidate."""
    company = f" ({s['company']})" if s.get("company") else ""
    return f"{s.get('name', '?')}{company}  {path}"
