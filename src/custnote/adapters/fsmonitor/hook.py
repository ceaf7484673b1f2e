"""git's fsmonitor hook (``core.fsmonitor``, protocol version 2), run by git in the work tree:

    python -S -I hook.py 2 TOKEN

It asks the notebook's watcher (:mod:`watcher`, through ``.git/custnote/fsmonitor.sock``) which
paths changed since TOKEN and prints its answer, ``NEWTOKEN\\0path\\0...``. When no watcher
answers, or another work tree's does (a copied notebook), it starts one, detached, and prints
``NEWTOKEN\\0/\\0``: git then checks every file itself, as without an fsmonitor.
Standard library only, nothing from custnote: it must start in a few milliseconds.
"""

from __future__ import annotations

import _socket  # the C module: ``socket`` imports enum and selectors, 8 ms more per git status
import os
import sys

SOCKET = ".git/custnote/fsmonitor.sock"
REFRESH = ".git/custnote/fsmonitor.refresh"
TIMEOUT_S = 2.0


def tree_key() -> str:
    st = os.stat(".")
    return f"{st.st_dev}:{st.st_ino}"


def ask(key: str, token: str) -> bytes | None:
    """The watcher's answer; None when no watcher of this work tree answers."""
    try:
        conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            conn.settimeout(TIMEOUT_S)
            conn.connect(SOCKET)  # relative to the work tree: no 108-byte limit to mind
            conn.sendall(f"{key} {token}\n".encode("utf-8", "surrogateescape"))
            conn.shutdown(_socket.SHUT_WR)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        finally:
            conn.close()
    except OSError:
        return None
    reply = b"".join(chunks)
    if not reply.startswith(b"custnote:") or reply.startswith(f"custnote:{key}:".encode()):
        return None  # no answer, or the watcher of another work tree (a copy's socket file)
    return reply


def start_watcher() -> None:
    """Start this work tree's watcher (it detaches itself; a second one exits at once)."""
    if not os.path.isdir(".git/custnote"):
        return
    import subprocess  # only here: 27 ms to import

    watcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "watcher.py")
    subprocess.run(
        [sys.executable, "-S", "-I", watcher],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        check=False,
        timeout=10,
    )


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "2":
        return 1  # only protocol version 2: git then checks every file itself
    key = tree_key()
    reply = ask(key, argv[1])
    if reply is None:
        start_watcher()
        reply = b"custnote:none:0\0/"
    if reply.endswith(b"\0/"):
        note_doubt()
    sys.stdout.buffer.write(reply)
    return 0


def note_doubt() -> None:
    """git checks every file this time, but only an index it writes keeps what it learns, and
    custnote's own status never writes it: ask custnote to refresh the index once."""
    try:  # noqa: SIM105  (contextlib is one more import at every git status)
        os.close(os.open(REFRESH, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
