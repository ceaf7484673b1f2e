"""The current time, in one place, so that tests and demos can pin it.

Set ``CUSTNOTE_NOW`` (ISO: ``2026-11-20T10:00`` or ``2026-11-20``) to make custnote believe it is
that moment. Nothing else in custnote calls ``datetime.now()``.
"""

from __future__ import annotations

import os
from datetime import date, datetime


def now() -> datetime:
    """Local time to the minute (naive), or the pinned ``CUSTNOTE_NOW``."""
    pinned = os.environ.get("CUSTNOTE_NOW")
    if pinned:
        return datetime.fromisoformat(pinned).replace(second=0, microsecond=0, tzinfo=None)
    return datetime.now().replace(second=0, microsecond=0)


def today() -> date:
    """The date part of :func:`now`."""
    return now().date()
