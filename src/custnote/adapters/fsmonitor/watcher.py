"""The watcher: one process per notebook that watches its work tree through inotify and tells
git's fsmonitor hook which paths changed since a token.

    python -S -I watcher.py            # run in the work tree; detaches itself

It watches every folder of the work tree but ``.git`` (new folders as they are made, then
scanned for files made before their watch), numbers each change, and answers on the unix
socket ``.git/custnote/fsmonitor.sock`` (bound by a relative path from the work tree: unix
socket paths are limited to 108 bytes). A request is one line ``KEY TOKEN``: KEY is the work
tree folder's device and inode (a copied notebook has other ones and is answered "/", so a copy
never trusts the original's watcher; a moved one keeps them, and so do its watches); the answer
is git's hook protocol v2: ``NEWTOKEN\\0path\\0path...`` or ``NEWTOKEN\\0/\\0`` ("trust
nothing"). "/" is the answer to any doubt: a token of another watcher or from before a lost
event (queue overflow, a watch that could not be added), or older than the changes kept.

Tokens are ``custnote:INSTANCE:SEQ``. git stores the token in its index only when it writes the
index, and custnote's own ``git status`` never writes it (``--no-optional-locks``), so the
watcher keeps every path changed since the oldest token it may still be asked about, one entry
a path (at most ``MAX_PATHS``; beyond that the oldest are dropped and older tokens get "/").

It stops by itself after ``CUSTNOTE_FSMONITOR_IDLE`` seconds (default 1800) without a query,
and when the work tree or its ``.git/custnote`` folder is gone. One watcher a notebook: it holds
an exclusive lock on ``.git/custnote/fsmonitor.lock`` while it runs (its pid in
``fsmonitor.pid``).

inotify through ``ctypes`` on libc rather than a library (inotify_simple, watchdog): the three
calls it needs are a few lines, and the watcher must start in a few ms with ``python -S -I``,
without site-packages, so it can depend on nothing that is installed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import select
import signal
import socket
import struct
import sys
import time
from collections import OrderedDict

STATE_DIR = ".git/custnote"
SOCKET = f"{STATE_DIR}/fsmonitor.sock"
LOCK = f"{STATE_DIR}/fsmonitor.lock"
PID = f"{STATE_DIR}/fsmonitor.pid"
MAX_PATHS = 200_000
#: folders watched at most (inotify watches are a per-user budget, shared with editors and
#: IDEs); a work tree with more is answered "/" (git checks it all) until the watcher stops
MAX_FOLDERS = 10_000
IDLE_S = float(os.environ.get("CUSTNOTE_FSMONITOR_IDLE", "1800"))
TRUST_NOTHING = "/"

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x4000, 0x8000, 0x40000000
IN_ONLYDIR, IN_DONT_FOLLOW = 0x1000000, 0x2000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
WATCH_MASK = (
    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
)
WATCH_MASK |= IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW
_EVENT = struct.Struct("iIII")


def tree_key(path: str = ".") -> str:
    """The work tree's identity: its folder's device and inode."""
    st = os.stat(path)
    return f"{st.st_dev}:{st.st_ino}"


class ChangeLog:
    """Changed paths, each with the sequence number of its last change, and the tokens."""

    def __init__(self, max_paths: int = MAX_PATHS) -> None:
        self.instance = secrets.token_hex(6)
        self.seq = 0
        self.floor = 0  # tokens below this are not trusted
        self.blind = False  # nothing can be trusted while the watcher runs
        self.max_paths = max_paths
        self.paths: OrderedDict[str, int] = OrderedDict()

    def token(self) -> str:
        return f"custnote:{self.instance}:{self.seq}"

    def changed(self, path: str) -> None:
        self.seq += 1
        self.paths[path] = self.seq
        self.paths.move_to_end(path)
        while len(self.paths) > self.max_paths:
            _, oldest = self.paths.popitem(last=False)
            self.floor = oldest

    def doubt(self) -> None:
        """Something may have been missed: no token given so far is trusted."""
        self.seq += 1
        self.floor = self.seq
        self.paths.clear()

    def since(self, token: str) -> list[str]:
        """Paths changed since ``token``; [TRUST_NOTHING] when that cannot be told."""
        prefix, _, seq = token.rpartition(":")
        mine = prefix == f"custnote:{self.instance}" and seq.isdigit()
        if not mine or int(seq) < self.floor or self.blind:
            return [TRUST_NOTHING]
        after = int(seq)
        return [path for path, at in self.paths.items() if at > after]

    def answer(self, token: str) -> bytes:
        """git's reply: the new token, then each path, each after a NUL (none after the last)."""
        paths = [p.encode("utf-8", "surrogateescape") for p in self.since(token)]
        return self.token().encode() + b"\0" + b"\0".join(paths)


class Inotify:
    """The three libc calls, on a non-blocking descriptor."""

    def __init__(self) -> None:
        self.libc = ctypes.CDLL("libc.so.6", use_errno=True)
        self.fd = self.libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")

    def add(self, path: str) -> int:
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(path), WATCH_MASK)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {path}")
        return wd

    def remove(self, wd: int) -> None:
        self.libc.inotify_rm_watch(self.fd, wd)

    def read(self) -> list[tuple[int, int, str]]:
        """Pending events (wd, mask, name); [] when there are none."""
        events = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return events
            at = 0
            while at < len(data):
                wd, mask, _cookie, size = _EVENT.unpack_from(data, at)
                at += _EVENT.size
                name = data[at : at + size].rstrip(b"\0")
                at += size
                events.append((wd, mask, os.fsdecode(name)))


class Watcher:
    """The work tree's watches and its change log (run in the work tree)."""

    def __init__(self, log: ChangeLog | None = None) -> None:
        self.log = log or ChangeLog()
        self.folders: dict[int, str] = {}  # wd -> folder, "" for the top
        self.key = tree_key()
        try:
            self.inotify: Inotify | None = Inotify()
        except OSError:  # no inotify (the user's instances used up): serve "/" rather than
            self.inotify = None  # have every git status start another watcher
            self.log.blind = True
            return
        self.watch_tree("")

    def watch_tree(self, folder: str, *, new: bool = False) -> None:
        """Watch ``folder`` and the folders below it; ``new``: its files count as changed."""
        if self.inotify is None or len(self.folders) >= MAX_FOLDERS:
            self.log.blind = True
            return
        try:
            self.folders[self.inotify.add(folder or ".")] = folder
            entries = list(os.scandir(folder or "."))
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ENOTDIR):
                self.log.doubt()  # no watch (e.g. the user's limit reached): nothing is sure
            return
        for entry in entries:
            path = f"{folder}/{entry.name}" if folder else entry.name
            if path == ".git":
                continue
            if entry.is_dir(follow_symlinks=False):
                self.watch_tree(path, new=new)
            elif new:
                self.log.changed(path)

    def forget_tree(self, folder: str) -> None:
        assert self.inotify is not None
        for wd, path in list(self.folders.items()):
            if path == folder or path.startswith(folder + "/"):
                del self.folders[wd]
                self.inotify.remove(wd)

    def drain(self) -> None:
        """Take in every event queued so far (the kernel queues them as the change is made)."""
        for wd, mask, name in self.inotify.read() if self.inotify else []:
            self.handle(wd, mask, name)

    def handle(self, wd: int, mask: int, name: str) -> None:
        if mask & IN_Q_OVERFLOW:
            self.log.doubt()
            return
        folder = self.folders.get(wd)
        if folder is None:
            return  # a watch already forgotten
        if mask & IN_IGNORED:  # the watch is gone (its folder deleted or moved away)
            del self.folders[wd]
            if folder == "":
                self.log.doubt()
            return
        if mask & (IN_DELETE_SELF | IN_MOVE_SELF):
            return  # the parent's event names it (the top may move: the watches follow it)
        path = f"{folder}/{name}" if folder else name
        if path == ".git" or path.startswith(".git/"):
            return
        if mask & IN_ISDIR:
            self.log.changed(path + "/")
            if mask & (IN_DELETE | IN_MOVED_FROM):
                self.forget_tree(path)
            elif mask & (IN_CREATE | IN_MOVED_TO):
                self.watch_tree(path, new=True)
            return
        self.log.changed(path)

    def gone(self) -> bool:
        """The work tree was deleted (or its custnote folder): time to stop."""
        try:
            return tree_key() != self.key or not os.path.isdir(STATE_DIR)
        except OSError:
            return True


def serve(watcher: Watcher, server: socket.socket, idle: float = IDLE_S) -> None:
    """Answer queries until idle for ``idle`` seconds or the work tree is gone."""
    last = time.monotonic()
    poller = select.poll()
    events = watcher.inotify.fd if watcher.inotify else None
    if events is not None:
        poller.register(events, select.POLLIN)
    poller.register(server.fileno(), select.POLLIN)
    while True:
        ready = {fd for fd, _ in poller.poll(min(idle, 5.0) * 1000)}
        if events in ready:
            watcher.drain()
        if server.fileno() in ready:
            try:
                conn, _ = server.accept()
            except OSError:
                conn = None
            if conn is not None:
                with conn:
                    conn.settimeout(2.0)
                    try:
                        answer(watcher, conn)
                        last = time.monotonic()
                    except OSError:
                        pass
        if time.monotonic() - last > idle or watcher.gone():
            return


def answer(watcher: Watcher, conn: socket.socket) -> None:
    request = b""
    while not request.endswith(b"\n") and len(request) < 4096:
        chunk = conn.recv(4096)
        if not chunk:
            break
        request += chunk
    key, _, token = request.decode("utf-8", "replace").strip().partition(" ")
    watcher.drain()
    if key != watcher.key:
        conn.sendall(f"custnote:{key}:0\0{TRUST_NOTHING}".encode())
        return
    conn.sendall(watcher.log.answer(token))


def detach() -> None:
    """Double fork: the watcher is no session leader and nobody's child."""
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)


def main(argv: list[str]) -> int:
    if "--foreground" not in argv:
        detach()
    os.makedirs(STATE_DIR, exist_ok=True)
    lock = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another watcher serves this notebook
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped: clean up as on idle
    watcher = Watcher()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(SOCKET)
    old_mask = os.umask(0o077)
    try:
        server.bind(SOCKET)  # relative: the work tree is the current folder
    finally:
        os.umask(old_mask)
    server.listen(16)
    with open(PID, "w", encoding="ascii") as out:
        out.write(f"{os.getpid()}\n")
    try:
        serve(watcher, server)
    finally:
        server.close()
        for path in (SOCKET, PID):
            with contextlib.suppress(OSError):
                os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
