"""Reading customers' facts from note files, tolerantly, and caching them per file.

The agenda must still show everything else when one note has a bad date, so facts are read with
a tolerant scan rather than :func:`custnote.core.note.noteformat.parse_note` (which rejects the
whole note): the front-matter is read as YAML, each log entry heading and attribute line on its own,
and a value that cannot be read becomes a problem line naming the file, line and field.

The facts of each file are kept in the notebook's note store
(:mod:`custnote.core.notebook.notestore`)
as plain JSON records, so a warm ``agenda`` or ``stats`` re-reads only the files that changed.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from custnote.core.agenda.facts import (
    Anniversary,
    Contact,
    CustomerFacts,
    Relative,
    facts_from_fields,
)
from custnote.core.agenda.periods import parse_period, read_date
from custnote.core.agenda.reminders import AgendaDigest, Pending, digest
from custnote.core.agenda.window import dated_items, quick_facts
from custnote.core.note.dates import parse_amount, parse_duration
from custnote.core.note.noteformat import (
    ATTRIBUTE_LINE,
    ENTRY_HEADING,
    HEADING_SEPARATOR,
    note_layout,
)
from custnote.core.privacy import ARMOR_BEGIN
from custnote.core.stats.team_stats import stats_input
from custnote.errors import CustnoteError, InvalidValueError, NoteFormatError
from custnote.i18n import _

if TYPE_CHECKING:
    pass

SUMMARY_LENGTH = 60


def fact_records(
    rel: str, text: str, front: list[dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """The facts records the note store keeps (:mod:`custnote.core.agenda.factstore`) of one note's
    text, by kind, from one reading of it; ``front`` gets the front-matter mapping as read
    (timestamps as :class:`~custnote.core.note.yamlio.Stamp` text), for the note's summary."""
    try:
        facts = facts_from_text(rel, text, front)
    except CustnoteError as exc:
        return {kind: {"error": str(exc)} for kind in ("agenda", "stats")}
    problems = {"problems": list(facts.problems)} if facts.problems else {}
    return {
        "agenda": digest_record(digest(facts)) | problems,
        "stats": {"stats": stats_input(facts)} | problems,
    }


def _front_matter(lines: list[str], rel: str) -> dict[str, Any]:
    """The front-matter mapping with dates left as text, so that one impossible date
    (``1970-02-30``, which YAML itself refuses) is a problem with that field, not the note."""
    import yaml

    from custnote.core.note.yamlio import refuse_anchors

    try:
        text = "\n".join(lines)
        refuse_anchors(text)  # no alias fan-out (docs/security.md)
        data = yaml.load(text, Loader=_text_dates_loader())
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise NoteFormatError(
            rel, _("front-matter is not valid YAML: {problem}").format(problem=problem)
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise NoteFormatError(rel, _("the front-matter must be a mapping of 'key: value' lines"))
    return {str(key): value for key, value in data.items()}


@cache
def _text_dates_loader() -> type:
    from custnote.core.note.yamlio import timestamp_text_loader

    return timestamp_text_loader()


def facts_from_text(
    rel: str, text: str, front: list[dict[str, Any]] | None = None
) -> CustomerFacts:
    """A customer's facts from a note file's text; raises only when the front-matter is broken.
    ``front`` (when given) gets the front-matter mapping as read."""
    layout = note_layout(text, rel)
    fields = _front_matter(layout.lines[layout.yaml_start : layout.yaml_end], rel)
    if front is not None:
        front.append(fields)
    if ARMOR_BEGIN in text:  # restricted values: read with this person's keys (or 🔒)
        from custnote.core.privacy.sealing import LOCKED, reader_keyring, reveal_fields

        revealed = reveal_fields(fields, reader_keyring()).items()
        fields = {key: value for key, value in revealed if value != LOCKED}
    log: list[tuple[tuple[date, str, int], Contact]] = []
    problems: list[str] = []
    if layout.log_heading is not None:
        lines = layout.lines
        for number in range(layout.log_heading + 1, len(lines)):
            head = lines[number].startswith("### ") and ENTRY_HEADING.match(lines[number])
            if head:
                entry = _scan_entry(lines, number, head, rel, problems)
                if entry is not None:
                    log.append(((entry.day, head[2] or "", number), entry))
    log.sort(key=lambda pair: pair[0])  # log order = date order, as the format wants
    return facts_from_fields(fields, [entry for _, entry in log], path=rel, log_problems=problems)


def _scan_entry(lines: list[str], number: int, head, rel: str, problems: list[str]):
    stamp, _clock, rest = head.groups()
    kind, author = [*HEADING_SEPARATOR.split(rest, maxsplit=1), ""][:2]
    try:
        day = date.fromisoformat(stamp)
    except ValueError as exc:
        source = f"{rel}:{number + 1}"
        problems.append(str(InvalidValueError(_("log entry date"), stamp, str(exc), source=source)))
        return None
    values: dict[str, Any] = {}
    i = number + 1
    while i < len(lines) and (attribute := ATTRIBUTE_LINE.match(lines[i])):
        key, value = attribute[1], attribute[2]
        try:
            _read_attribute(values, key, value)
        except (ValueError, CustnoteError) as exc:
            reason = exc.reason if isinstance(exc, InvalidValueError) else str(exc)
            where = f"{rel}:{i + 1}"
            problems.append(
                str(InvalidValueError(f"log {stamp} {key}", value, reason, source=where))
            )
        i += 1
    summary = next((line.strip() for line in lines[i:] if line.strip()), "")
    if ENTRY_HEADING.match(summary) or summary == "## Log":
        summary = ""
    summary = summary.removeprefix("\\")  # whole: the agenda's --json never cuts a text
    return Contact(day, kind, author or None, summary=summary, **values)


def _read_attribute(values: dict[str, Any], key: str, value: str) -> None:
    if key == "duration":
        values["minutes"] = parse_duration(value, key)
    elif key == "amount":
        values["amount"] = parse_amount(value, key)
    elif key in ("follow-up", "done"):
        values[key.replace("-", "_")] = read_date(value)
    elif key == "lifetime":
        values["lifetime"] = parse_period(value)
    elif key == "items":
        values["items"] = value


# --------------------------------------------------------------------------- records


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def digest_record(digested: AgendaDigest) -> dict[str, Any]:
    """A JSON-able record of an agenda digest, without empty values."""
    c = digested.customer
    record = {
        "id": c.id,
        "name": c.name,
        "owner": c.owner,
        "status": c.status,
        "created": _iso(c.created),
        "birthday": _iso(c.birthday),
        "died": _iso(c.died),
        "anniversaries": [[a.day.isoformat(), a.label] for a in c.anniversaries],
        "family": [[m.name, m.relation, _iso(m.birthday), _iso(m.died)] for m in c.family],
        "visit_every": str(c.visit_every) if c.visit_every else None,
        "pending": [
            [p.kind, p.due.isoformat(), p.since.isoformat(), p.text, p.text_ja]
            for p in digested.pending
        ],
        "last_contact": _iso(digested.last_contact),
        "last_visit": _iso(digested.last_visit),
        "quick": list(quick_facts(digested)),
        "dated": dated_items(digested),
    }
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def from_digest_record(record: dict[str, Any], path: str) -> AgendaDigest:
    """The agenda digest of a cache record."""
    get = record.get
    every = get("visit_every")
    customer = CustomerFacts(
        id=record["id"],
        name=record["name"],
        path=path,
        owner=get("owner"),
        status=get("status"),
        created=_day(get("created")),
        birthday=_day(get("birthday")),
        died=_day(get("died")),
        anniversaries=tuple(
            Anniversary(date.fromisoformat(d), label) for d, label in get("anniversaries", ())
        ),
        family=tuple(
            Relative(name, relation, _day(born), _day(died))
            for name, relation, born, died in get("family", ())
        ),
        visit_every=parse_period(every) if every else None,
    )
    return AgendaDigest(
        customer,
        tuple(
            Pending(kind, date.fromisoformat(due), date.fromisoformat(since), text, text_ja)
            for kind, due, since, text, text_ja in get("pending", ())
        ),
        _day(get("last_contact")),
        _day(get("last_visit")),
    )
