"""Where caches of note contents live in a notebook with restricted fields (docs/privacy.md).

The search index, the note store (its agenda and statistics facts) and the stats memo hold what
their reader could read: plaintext for a holder of a key, 🔒 for anyone else. They are kept in a
folder per set of private keys (``cache/keys-<stamp>``), so that one built without a key never
answers for one, and the other way round; the private state folder is made owner-only, and the
caches of before the notebook restricted anything (which may hold those values in clear text)
are deleted.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from custnote.adapters import fsio
from custnote.core.privacy.policy import RECIPIENTS_FILE

#: caches built before the notebook restricted fields, which may hold them in clear text
CLEAR_CACHES = (
    "search",
    "search.lock",
    "agenda",
    "stats",
    "stats-results.pickle",  # before the memo was JSON
    "stats-results.json",
    "notes.sqlite",
    "notes.sqlite-wal",
    "notes.sqlite-shm",
)


def reader_cache_dir(root: Path, state_dir: Path, cache_dir: Path) -> Path:
    """``cache_dir`` while nothing is restricted, else the folder of this reader's keys."""
    if not (root / RECIPIENTS_FILE).exists():
        return cache_dir
    from custnote.adapters.age_crypto import keyring_stamp
    from custnote.core.notebook.config import UserConfig

    fsio.make_private(state_dir)
    drop_clear_caches(cache_dir)
    stamp = keyring_stamp(UserConfig.load().identity)
    return cache_dir / f"keys-{zlib.crc32(stamp.encode()):08x}"


def drop_clear_caches(cache_dir: Path) -> None:
    """Delete the caches of before restriction (once: later ones live in ``keys-*``)."""
    import shutil

    for name in CLEAR_CACHES:
        path = cache_dir / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink(missing_ok=True)
