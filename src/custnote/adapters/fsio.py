"""Files: atomic writes and the notebook's writer lock.

A note is never half-written: it is written to a temporary file in the same folder, flushed to
disk and renamed over the old one. Writers take an exclusive ``flock`` on the notebook's lock
file; the kernel releases it when the process dies, so a crash cannot leave the notebook locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from custnote.errors import NotebookLockedError


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8) so readers see old or new, never
    a mix."""
    tmp = write_beside(path, data, durable=True)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def write_beside(path: Path, data: str | bytes, *, durable: bool) -> Path:
    """Write ``data`` to a new temporary file next to ``path`` (to be renamed over it), flushed
    to disk when ``durable``. Bulk writers stage many such files, sync once, then rename: on
    ext4, renaming a file whose data is not yet on disk over an existing one forces a flush
    per file, which makes thousands of small replacements very slow."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        discard(Path(tmp))
        raise
    return Path(tmp)


def discard(tmp: Path) -> None:
    """Remove a temporary file that will not be used."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def read_text(path: Path) -> str:
    """A note file's text (UTF-8; a BOM is kept as the first character)."""
    return path.read_bytes().decode("utf-8")


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the notebook's writer lock, waiting up to ``timeout`` seconds for another writer."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise NotebookLockedError(
                        f"{lock_path.parent.parent}: the notebook is locked by another custnote "
                        f"process (pid {holder}); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock
