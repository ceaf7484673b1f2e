"""custnote's fsmonitor in tests: turn it on for a small notebook, ask its hook as git does,
find and stop the watchers a test started (none may outlive the suite: conftest checks)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custnote.adapters.fsmonitor import setup
from custnote.adapters.gitrepo import GitRepo
from custnote.core.notebook.notebook import Notebook

HOOK = str(Path(setup.__file__).with_name("hook.py"))
WATCHER = str(Path(setup.__file__).with_name("watcher.py"))


def ask(root: Path, token: str) -> tuple[str, list[str]]:
    """Run the hook in ``root`` as git does; (new token, paths)."""
    out = subprocess.run(
        [sys.executable, "-S", "-I", HOOK, "2", token], cwd=root, capture_output=True, check=True
    ).stdout.decode("utf-8")
    new, _, rest = out.partition("\0")
    return new, [p for p in rest.split("\0") if p]


def wait_for_watcher(root: Path, timeout: float = 10.0) -> int:
    """The pid of ``root``'s watcher once it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = setup.watcher_pid(root)
        if pid is not None and (root / ".git" / "custnote" / "fsmonitor.sock").exists():
            return pid
        time.sleep(0.02)
    raise AssertionError(f"no watcher started in {root}")


def start(root: Path) -> str:
    """Start ``root``'s watcher through the hook; a token it trusts."""
    ask(root, "custnote:none:0")
    wait_for_watcher(root)
    token, paths = ask(root, "custnote:none:0")
    assert paths == ["/"]  # a token of no watcher: trust nothing
    return token


def enable(root: Path) -> None:
    """The notebook setting ``fsmonitor: on``, committed; the watcher started and git's index
    written with its token (as a plain ``git status`` does)."""
    config = root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8") + "fsmonitor: on\n", "utf-8")
    identity = ["-c", "user.name=t", "-c", "user.email=t@x"]
    commit = ["commit", "-qm", "fsmonitor on", "--", str(config)]
    subprocess.run(["git", *identity, *commit], cwd=root, check=True)
    assert setup.ensure(GitRepo(root), "on")
    subprocess.run(["git", "status", "--porcelain"], cwd=root, check=True, capture_output=True)
    wait_for_watcher(root)
    subprocess.run(["git", "status", "--porcelain"], cwd=root, check=True, capture_output=True)


def status(root: Path, *, fsmonitor: bool) -> list[str]:
    """custnote's freshness status, with git's fsmonitor or with it switched off."""
    setting = [] if fsmonitor else ["-c", "core.fsmonitor="]
    args = ["--no-optional-locks", "status", "--porcelain", "-z", "-uall", "--no-renames"]
    out = subprocess.run(["git", *setting, *args], cwd=root, capture_output=True, check=True)
    return sorted(p for p in out.stdout.decode("utf-8").split("\0") if p)


def watchers_below(folder: Path) -> list[int]:
    """Pids of watcher processes working in ``folder`` or below it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if WATCHER.encode() in cmdline and cwd.startswith(str(folder)):
            found.append(int(entry.name))
    return found


def stop_all(folder: Path, sig: int = signal.SIGTERM, wait: float = 5.0) -> list[int]:
    """Stop every watcher working below ``folder``; their pids."""
    pids = watchers_below(folder)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    deadline = time.monotonic() + wait
    while watchers_below(folder) and time.monotonic() < deadline:
        time.sleep(0.02)
    return pids


@pytest.fixture(name="notebook", params=["git status", "fsmonitor"])
def with_and_without_fsmonitor(request: pytest.FixtureRequest, notebook: Notebook, tmp_path: Path):
    """The ``notebook`` fixture twice: as it is (below the size where custnote turns the
    fsmonitor on), and with the fsmonitor on; every watcher the test started is stopped after."""
    root, pid = notebook.root, None
    if request.param == "fsmonitor":
        enable(root)
        notebook = Notebook(root)  # with the setting
        pid = setup.watcher_pid(root)
    yield notebook
    same = pid is None or setup.watcher_pid(root) == pid
    token = pid is None or b"custnote:" in (root / ".git" / "index").read_bytes()[-200:]
    stop_all(tmp_path)
    assert same, "one watcher answered git all along (a new one would have answered '/')"
    assert token, "git's index keeps the watcher's token"
