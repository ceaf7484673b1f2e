"""Files: atomic writes and the notebook's writer lock.

A note is never half-written: it is written to a temporary file in the same folder, flushed to
disk and renamed over the old one. Writers take an exclusive ``flock`` on the notebook's lock
file; the kernel releases it when the process dies, so a crash cannot leave the notebook locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from custnote.errors import NotebookLockedError


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8) so readers see old or new, never
    a mix. ``durable=False`` skips the flush to disk, for caches that can be rebuilt."""
    import tempfile  # not at module level: most commands only read

    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create(path: Path, data: str) -> None:
    """Write a file that must not exist yet (no temporary file: there is nothing to protect)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="") as handle:
        handle.write(data)


def overwrite(path: Path, data: str) -> None:
    """Rewrite an existing file in place. Only for files whose previous content is safe
    elsewhere (committed to git): a crash can leave it half-written. Thousands of in-place
    writes are far cheaper than as many create-and-rename replacements on a journalled disk."""
    with path.open("r+b") as handle:
        handle.write(data.encode("utf-8"))
        handle.truncate()


def read_text(path: Path) -> str:
    """A note file's text (UTF-8; a BOM is kept as the first character)."""
    return path.read_bytes().decode("utf-8")


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 10.0) -> Iterator[str]:
    """Hold the notebook's writer lock, waiting up to ``timeout`` seconds for another writer.

    The holder writes its pid into the lock file and empties it when it lets go, so the value
    this yields (what the file held when the lock was taken) is the pid of a holder that died
    holding it, or "" after a clean release: the trace a killed writer leaves."""
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
                        f"the notebook is locked by another custnote process (pid {holder}); "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        previous = os.pread(fd, 64, 0).decode(errors="replace").strip()
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield previous
        finally:
            os.ftruncate(fd, 0)  # a clean release leaves no pid behind
    finally:
        os.close(fd)  # closing releases the flock


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (signal 0 probes without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is someone else's
    return True


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (files created, renamed, removed in it) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def built_aside(target: Path) -> Iterator[Path]:
    """Build a new folder under a temporary name beside ``target`` and rename it into place
    when the block succeeds: ``target`` appears whole or not at all. A partial folder left by
    a killed builder (its pid is in the name) is removed by the next one; so is ours on error."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f".{target.name}.partial-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    aside = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(aside, ignore_errors=True)
    try:
        yield aside
        os.rename(aside, target)  # over an empty folder too; never over a non-empty one
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        raise


def lock_is_held(lock_path: Path) -> bool:
    """Whether a live process holds the lock now (probed without taking it for longer, and
    without touching what the file says)."""
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
