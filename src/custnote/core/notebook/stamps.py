"""File stamps, the one rule for the caches that key what they read by a file's stat.

A cache reused while a file keeps its ``(mtime_ns, size)`` :func:`stamp` can be fooled by a
file changed again within the file system's timestamp granularity without changing size: so a
file modified less than :data:`RACY_NS` ago (:func:`is_racy`) is not trusted by its stamp
(git's "racy clean" rule). The settings cache, the search index's freshness and the caches of
``custnote check`` use these.
"""

from __future__ import annotations

import os
import time

#: a file modified this recently may change again without its stamp changing
RACY_NS = 2_000_000_000


def stamp(st: os.stat_result) -> list[int]:
    """``[mtime_ns, size]``: what a cache compares to tell that a file is unchanged."""
    return [st.st_mtime_ns, st.st_size]


def is_racy(mtime_ns: int, now_ns: int | None = None) -> bool:
    """Whether a file modified at ``mtime_ns`` is too recent to be trusted by its stamp."""
    return mtime_ns >= (time.time_ns() if now_ns is None else now_ns) - RACY_NS
