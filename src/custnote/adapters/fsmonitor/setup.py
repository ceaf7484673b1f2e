"""Turning custnote's fsmonitor on and off in one clone (its own ``.git/config``), and stopping
its watcher.

The notebook setting ``fsmonitor`` (``.custnote/config.yaml``, docs/FORMAT.md) says ``auto``
(the default: on from :data:`MIN_ENTRIES` files tracked by git, where it pays, see
docs/scale.md), ``on`` or ``off``. :func:`ensure` is cheap enough for every command (it reads
12 bytes of ``.git/index`` and a small file, and runs git only to change the setting): the
hook command custnote last set is kept in ``.git/custnote/fsmonitor.hook``.

The hook command names the Python and the hook of this custnote installation, never the
notebook's folder: git runs it in the work tree, so a notebook moved or copied keeps a working
setting (and a copy starts its own watcher: the socket is keyed by the work tree). It is set in
``.git/config`` only, which no clone, pull or fetch brings (docs/security.md).
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
from pathlib import Path

from custnote.adapters.gitrepo import GitRepo

#: at and above this many files in git's index ``auto`` turns the fsmonitor on
MIN_ENTRIES = 20_000
MODES = ("auto", "on", "off")
STATE = Path(".git") / "custnote"
HOOK_FILE = "fsmonitor.hook"
_SETTINGS = ("core.fsmonitor", "core.fsmonitorHookVersion")


def hook_command() -> str:
    """What ``core.fsmonitor`` is set to: this installation's Python running the hook."""
    hook = Path(__file__).with_name("hook.py").resolve()
    # the interpreter itself, not a virtualenv's python or python3 link to it: the hook and the
    # watcher need no site-packages, and every entry point then sets the same command
    python = os.path.realpath(sys.executable)
    return f"{shlex.quote(python)} -S -I {shlex.quote(str(hook))}"


def index_entries(root: Path) -> int | None:
    """How many files git's index holds (its header), None when there is no index to read."""
    try:
        with open(root / ".git" / "index", "rb") as index:
            header = index.read(12)
    except OSError:
        return None
    if len(header) < 12 or header[:4] != b"DIRC":
        return None
    return int.from_bytes(header[8:12], "big")


def wanted(mode: str, entries: int | None) -> bool | None:
    """Whether the fsmonitor should be on; None: leave it as it is (entries not known)."""
    if mode == "on":
        return True
    if mode == "off":
        return False
    return None if entries is None else entries >= MIN_ENTRIES


def current(root: Path) -> str | None:
    """The hook command custnote set in this clone, None when it did not set one."""
    try:
        return (root / STATE / HOOK_FILE).read_text("utf-8").strip() or None
    except OSError:
        return None


def ensure(git: GitRepo, mode: str) -> bool | None:
    """Bring the clone's setting in line with ``mode``; whether it is on (None: no git here)."""
    root = git.root
    if not (root / ".git").is_dir():
        return None
    on = wanted(mode, index_entries(root))
    was = current(root)
    if on is None:
        on = was is not None
    command = hook_command() if on else None
    if command == was:
        return on
    if on:
        enable(git, command)
    else:
        disable(git)
    return on


def enable(git: GitRepo, command: str | None = None) -> None:
    command = command or hook_command()
    state = git.root / STATE
    state.mkdir(parents=True, exist_ok=True)
    git.run("config", "core.fsmonitor", command)
    git.run("config", "core.fsmonitorHookVersion", "2")
    (state / HOOK_FILE).write_text(command + "\n", "utf-8")


def disable(git: GitRepo) -> None:
    """Unset the setting (only if it is custnote's hook) and stop the watcher."""
    was = current(git.root)
    if was is not None and git.config_get("core.fsmonitor") == was:
        for key in _SETTINGS:
            git.run("config", "--unset", key, check=False)
    (git.root / STATE / HOOK_FILE).unlink(missing_ok=True)
    stop(git.root)


def needs_refresh(root: Path) -> bool:
    """Did the hook answer "trust nothing" since the index was last refreshed?

    git keeps what the fsmonitor said (its token, which files are known unchanged) only in an
    index it writes, and custnote's freshness status never writes one (``--no-optional-locks``).
    After a "/" (a watcher started, a doubt), every later status would ask from the old token,
    get "/" again and ``lstat`` every file, until something rewrites the index."""
    return (root / STATE / "fsmonitor.refresh").exists() and current(root) is not None


def refresh_index(git: GitRepo) -> None:
    """Let git check every file once and write its index with the watcher's token and its
    untracked cache filled (a plain ``git status``, with the list of untracked files custnote
    asks for; the caller holds the notebook's writer lock: git takes its index lock to write)."""
    proc = git.run("status", "--porcelain", "--untracked-files=all", check=False)
    if "index.lock" not in proc.stderr:  # else someone else's git holds it: again next time
        # after: the refresh itself gets "/" when the index holds an old watcher's token
        (git.root / STATE / "fsmonitor.refresh").unlink(missing_ok=True)


def watcher_pid(root: Path) -> int | None:
    """The pid of the notebook's running watcher, None when none runs."""
    try:
        pid = int((root / STATE / "fsmonitor.pid").read_text("ascii").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def stop(root: Path, wait: float = 5.0) -> bool:
    """Stop the notebook's watcher; whether one was running."""
    pid = watcher_pid(root)
    if pid is None:
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    return True
