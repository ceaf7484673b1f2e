"""Reading customers' facts from note files, tolerantly, and caching them per file.

The agenda must still show everything else when one note has a bad date, so facts are read with
a tolerant scan rather than :func:`custnote.core.noteformat.parse_note` (which rejects the whole
note): the front-matter is read as YAML, each log entry heading and attribute line on its own,
and a value that cannot be read becomes a problem line naming the file, line and field.

The facts of each file are kept in the notebook's incremental cache
(:class:`custnote.core.catalog.FileCache`, ``.custnote/cache/facts.json``) as plain JSON records,
so a warm ``agenda`` or ``stats`` re-reads only the files that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from custnote.core.catalog import FileCache
from custnote.core.dates import parse_amount, parse_duration
from custnote.core.facts import Anniversary, Contact, CustomerFacts, Relative, facts_from_fields
from custnote.core.noteformat import _ATTRIBUTE, _ENTRY_HEAD, _SEPARATOR, _layout, _load_yaml
from custnote.core.periods import parse_period, read_date
from custnote.errors import CustnoteError, InvalidValueError

if TYPE_CHECKING:
    from custnote.core.notebook import Notebook

#: bump when the record layout or the reading rules change (the cache is then rebuilt)
FACTS_VERSION = 1
SUMMARY_LENGTH = 60


@dataclass
class FactSet:
    """Every readable customer's facts, and one problem line per note that could not be read."""

    customers: list[CustomerFacts] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def load_facts(nb: Notebook) -> FactSet:
    """The facts of every customer of the notebook, from the cache where files are unchanged."""
    cache = FileCache(nb.root, nb.cache_dir, "facts", FACTS_VERSION, facts_record)
    result = FactSet()
    for record in cache.summaries(nb.note_paths()).values():
        if "error" in record:
            result.unreadable.append(record["error"])
        else:
            result.customers.append(from_record(record))
    return result


def facts_record(rel: str, text: str) -> dict[str, Any]:
    """The cache record of one note file (``{"error": …}`` when it cannot be read at all)."""
    try:
        return to_record(facts_from_text(rel, text))
    except CustnoteError as exc:
        return {"error": str(exc)}


def facts_from_text(rel: str, text: str) -> CustomerFacts:
    """A customer's facts from a note file's text; raises only when the front-matter is broken."""
    layout = _layout(text, rel)
    fields = _load_yaml(layout, rel)
    log: list[tuple[tuple[date, str, int], Contact]] = []
    problems: list[str] = []
    if layout.log_heading is not None:
        lines = layout.lines
        for number in range(layout.log_heading + 1, len(lines)):
            head = _ENTRY_HEAD.match(lines[number])
            if head:
                entry = _scan_entry(lines, number, head, rel, problems)
                if entry is not None:
                    log.append(((entry.day, head[2] or "", number), entry))
    log.sort(key=lambda pair: pair[0])  # log order = date order, as the format wants
    return facts_from_fields(fields, [entry for _, entry in log], path=rel, log_problems=problems)


def _scan_entry(lines: list[str], number: int, head, rel: str, problems: list[str]):
    stamp, _clock, rest = head.groups()
    kind, author = [*_SEPARATOR.split(rest, maxsplit=1), ""][:2]
    try:
        day = date.fromisoformat(stamp)
    except ValueError as exc:
        source = f"{rel}:{number + 1}"
        problems.append(str(InvalidValueError("log entry date", stamp, str(exc), source=source)))
        return None
    values: dict[str, Any] = {}
    i = number + 1
    while i < len(lines) and (attribute := _ATTRIBUTE.match(lines[i])):
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
    if _ENTRY_HEAD.match(summary) or summary == "## Log":
        summary = ""
    summary = summary.removeprefix("\\")
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[: SUMMARY_LENGTH - 1] + "…"
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


def to_record(facts: CustomerFacts) -> dict[str, Any]:
    """A JSON-able record of facts (read back by :func:`from_record`)."""
    return {
        "id": facts.id,
        "name": facts.name,
        "path": facts.path,
        "owner": facts.owner,
        "status": facts.status,
        "tags": list(facts.tags),
        "address": facts.address,
        "region": facts.region,
        "created": _iso(facts.created),
        "birthday": _iso(facts.birthday),
        "died": _iso(facts.died),
        "anniversaries": [[a.day.isoformat(), a.label] for a in facts.anniversaries],
        "family": [[m.name, m.relation, _iso(m.birthday), _iso(m.died)] for m in facts.family],
        "visit_every": str(facts.visit_every) if facts.visit_every else None,
        "log": [_contact_record(c) for c in facts.log],
        "extra": dict(facts.extra),
        "problems": list(facts.problems),
    }


def _contact_record(c: Contact) -> list[Any]:
    record = [
        c.day.isoformat(),
        c.kind,
        c.author,
        c.minutes,
        None if c.amount is None else str(c.amount),
        _iso(c.follow_up),
        _iso(c.done),
        None if c.lifetime is None else str(c.lifetime),
        c.items,
        c.summary,
    ]
    while record and record[-1] in (None, ""):
        record.pop()
    return record


def _contact(record: list[Any]) -> Contact:
    day, kind, author, minutes, amount, follow_up, done, lifetime, items, summary = record + [
        None
    ] * (10 - len(record))
    return Contact(
        date.fromisoformat(day),
        kind,
        author,
        minutes,
        None if amount is None else Decimal(amount),
        _day(follow_up),
        _day(done),
        None if lifetime is None else parse_period(lifetime),
        items,
        summary or "",
    )


def from_record(record: dict[str, Any]) -> CustomerFacts:
    """Facts from a cache record."""
    every = record["visit_every"]
    return CustomerFacts(
        id=record["id"],
        name=record["name"],
        path=record["path"],
        owner=record["owner"],
        status=record["status"],
        tags=tuple(record["tags"]),
        address=record["address"],
        region=record["region"],
        created=_day(record["created"]),
        birthday=_day(record["birthday"]),
        died=_day(record["died"]),
        anniversaries=tuple(Anniversary(_day(d), label) for d, label in record["anniversaries"]),
        family=tuple(
            Relative(name, relation, _day(born), _day(died))
            for name, relation, born, died in record["family"]
        ),
        visit_every=parse_period(every) if every else None,
        log=tuple(_contact(c) for c in record["log"]),
        extra=record["extra"],
        problems=tuple(record["problems"]),
    )
