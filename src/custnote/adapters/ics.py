"""The agenda as an iCalendar file for a phone's calendar (``custnote agenda --ics FILE``, or
:func:`write_ics` from the library).

Each reminder is an all-day event. Overdue and dormant reminders are placed on today (an event
in the past would be invisible), with the original date in the description. UIDs are stable for
the same reminder, so importing the file again updates the events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from custnote.core.agenda.reminders import Reminder


def reminder_uid(reminder: Reminder) -> str:
    """A stable id: the same customer, kind, date and text give the same UID."""
    key = "|".join((reminder.customer_id, reminder.kind, reminder.due.isoformat(), reminder.text))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@custnote"


def agenda_to_ics(reminders: Iterable[Reminder], today: date, now: datetime) -> bytes:
    """The iCalendar bytes of the reminders (``now`` is the DTSTAMP)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//custnote//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "custnote agenda")
    stamp = now.astimezone(UTC)  # a naive time is the local time
    for reminder in reminders:
        day = max(reminder.due, today)
        late = f"\n(due {reminder.due.isoformat()})" if reminder.due < today else ""
        event = Event()
        event.add("uid", reminder_uid(reminder))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{reminder.customer_name}: {reminder.text_ja}")
        event.add("description", f"{reminder.text}{late}\n{reminder.path}".rstrip())
        event.add("categories", [reminder.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def write_ics(
    path: Path, reminders: Sequence[Reminder], today: date, now: datetime | None = None
) -> int:
    """Write the reminders to an iCalendar file (atomically; ``now``, the DTSTAMP, defaults to
    the clock's now); returns how many events it holds."""
    from custnote.adapters.fsio import atomic_write
    from custnote.core import clock

    atomic_write(path, agenda_to_ics(reminders, today, now or clock.now()))
    return len(reminders)
