"""custnote's fsmonitor (custnote.adapters.fsmonitor): a real watcher in tmp_path answering git's
hook protocol, and git's status with it saying what git's status without it says."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from fsmonitorfixtures import ask, enable, start, status, stop_all, wait_for_watcher
from gitfixtures import git, set_identity

from custnote.adapters.fsmonitor import setup
from custnote.adapters.fsmonitor.watcher import ChangeLog
from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.model import LogEntry
from custnote.core.notebook.lookup import resolve_path
from custnote.core.notebook.notebook import Notebook
from custnote.errors import InvalidValueError


@pytest.fixture(autouse=True)
def no_watcher_after(tmp_path: Path):
    """Each test's watchers are stopped after it."""
    yield
    stop_all(tmp_path)


@pytest.fixture
def repo(tmp_path: Path):
    """A small git work tree with two committed files in a bucket folder."""
    root = tmp_path / "wt"
    (root / "customers" / "ab").mkdir(parents=True)
    for name in ("a.md", "b.md"):
        (root / "customers" / "ab" / name).write_text(f"{name}\n", "utf-8")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    set_identity(root, "sato")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    (root / ".git" / "custnote").mkdir()
    return root


# ------------------------------------------------------------------ the change log alone


def test_a_token_of_another_watcher_or_from_before_a_doubt_is_answered_trust_nothing() -> None:
    log = ChangeLog()
    assert log.since("custnote:other:0") == ["/"]
    assert log.since("1700000000") == ["/"]  # a protocol v1 timestamp
    token = log.token()
    log.changed("customers/ab/a.md")
    assert log.since(token) == ["customers/ab/a.md"]
    later = log.token()
    assert log.since(later) == []
    log.doubt()  # e.g. the kernel's queue overflowed
    assert log.since(token) == ["/"] and log.since(later) == ["/"]
    assert log.since(log.token()) == []


def test_beyond_the_paths_kept_older_tokens_are_not_trusted() -> None:
    log = ChangeLog(max_paths=3)
    first = log.token()
    for name in "abc":
        log.changed(name)
    assert log.since(first) == ["a", "b", "c"]
    middle = log.token()
    log.changed("a")  # the same path again: still one entry
    assert log.since(first) == ["b", "c", "a"]
    log.changed("d")  # a fourth path: the oldest change ("b") is forgotten
    assert log.since(first) == ["/"]
    assert log.since(middle) == ["a", "d"]
    assert log.answer(middle) == log.token().encode() + b"\0a\0d"


def test_a_work_tree_with_too_many_folders_is_always_answered_trust_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custnote.adapters.fsmonitor import watcher

    for n in range(4):
        (tmp_path / f"f{n}").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(watcher, "MAX_FOLDERS", 3)
    watched = watcher.Watcher()
    try:
        assert len(watched.folders) == 3
        assert watched.log.since(watched.log.token()) == ["/"]
    finally:
        os.close(watched.inotify.fd)


def test_without_inotify_the_watcher_answers_trust_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custnote.adapters.fsmonitor import watcher

    def no_inotify() -> None:
        raise OSError(24, "inotify_init1: too many open files")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(watcher, "Inotify", no_inotify)
    blind = watcher.Watcher()
    blind.drain()
    assert blind.folders == {} and blind.log.since(blind.log.token()) == ["/"]


# ------------------------------------------------------------------ a real watcher


def test_the_hook_starts_one_watcher_which_answers_what_changed(repo: Path) -> None:
    token = start(repo)
    pid = setup.watcher_pid(repo)
    assert ask(repo, token) == (token, [])
    (repo / "customers" / "ab" / "a.md").write_text("edited in place\n", "utf-8")
    new, paths = ask(repo, token)
    assert paths == ["customers/ab/a.md"] and new != token
    assert ask(repo, new) == (new, [])
    assert ask(repo, token)[1] == ["customers/ab/a.md"]  # git may ask from an old token again
    subprocess.run(["git", "status"], cwd=repo, capture_output=True, check=True)
    assert setup.watcher_pid(repo) == pid  # never a second watcher


def test_an_editors_write_new_and_rename_and_a_delete_are_reported(repo: Path) -> None:
    token = start(repo)
    temp = repo / "customers" / "ab" / ".b.md.swp"
    temp.write_text("saved by an editor\n", "utf-8")
    os.replace(temp, repo / "customers" / "ab" / "b.md")
    (repo / "customers" / "ab" / "a.md").unlink()
    token2, paths = ask(repo, token)
    assert {"customers/ab/b.md", "customers/ab/a.md"} <= set(paths)
    assert status(repo, fsmonitor=True) == [" D customers/ab/a.md", " M customers/ab/b.md"]
    assert ask(repo, token2) == (token2, [])


def test_a_new_bucket_folder_with_a_note_made_right_after_is_seen(repo: Path) -> None:
    token = start(repo)
    status(repo, fsmonitor=True)
    bucket = repo / "customers" / "cd" / "deeper"
    bucket.mkdir(parents=True)  # the note is written before the watcher can watch the folder
    (bucket / "new.md").write_text("new\n", "utf-8")
    _, paths = ask(repo, token)
    assert "customers/cd/deeper/new.md" in paths and "customers/cd/" in paths
    expected = ["?? customers/cd/deeper/new.md"]
    assert status(repo, fsmonitor=True) == status(repo, fsmonitor=False) == expected
    later = ask(repo, token)[0]
    (bucket / "second.md").write_text("x\n", "utf-8")  # the new folder is watched now
    assert ask(repo, later)[1] == ["customers/cd/deeper/second.md"]


def test_git_checkout_reset_and_pull_keep_git_status_right(repo: Path, tmp_path: Path) -> None:
    enable_git(repo)
    note = repo / "customers" / "ab" / "a.md"
    note.write_text("hand edit\n", "utf-8")
    assert status(repo, fsmonitor=True) == [" M customers/ab/a.md"]
    git(repo, "checkout", "--", "customers/ab/a.md")
    assert status(repo, fsmonitor=True) == []
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(repo), str(other))
    set_identity(other, "suzuki")
    (other / "customers" / "ab" / "b.md").write_text("from the team\n", "utf-8")
    git(other, "commit", "-qam", "team")
    git(repo, "pull", "-q", str(other), "main")
    assert note.read_text("utf-8") == "a.md\n" and status(repo, fsmonitor=True) == []
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert (repo / "customers" / "ab" / "b.md").read_text("utf-8") == "b.md\n"
    assert status(repo, fsmonitor=True) == []
    git(repo, "reset", "-q", "--soft", "HEAD@{1}")  # index moved, files not: b.md differs
    assert status(repo, fsmonitor=True) == status(repo, fsmonitor=False)
    assert status(repo, fsmonitor=True) == ["M  customers/ab/b.md"]


def enable_git(root: Path) -> None:
    """custnote's hook in ``root``'s git config, its watcher running, the index written."""
    setup.enable(GitRepo(root))
    git(root, "status", "--porcelain")
    wait_for_watcher(root)
    git(root, "status", "--porcelain")


def test_a_killed_watcher_means_trust_nothing_then_a_new_watcher(repo: Path) -> None:
    enable_git(repo)
    token = ask(repo, "custnote:none:0")[0]
    os.kill(setup.watcher_pid(repo), signal.SIGKILL)
    time.sleep(0.1)
    (repo / "customers" / "ab" / "a.md").write_text("changed while none watched\n", "utf-8")
    assert ask(repo, token)[1] == ["/"]
    assert status(repo, fsmonitor=True) == [" M customers/ab/a.md"]
    wait_for_watcher(repo)  # the hook started a new one
    assert status(repo, fsmonitor=True) == [" M customers/ab/a.md"]


def test_a_queue_overflow_means_trust_nothing(repo: Path) -> None:
    limit = int(Path("/proc/sys/fs/inotify/max_queued_events").read_text())
    if limit > 100_000:
        pytest.skip(f"max_queued_events is {limit}: too many events to make in a test")
    token = start(repo)
    pid = setup.watcher_pid(repo)
    notes = [repo / "customers" / "ab" / "a.md", repo / "customers" / "ab" / "b.md"]
    os.kill(pid, signal.SIGSTOP)  # the watcher reads nothing while the events pile up
    try:
        for i in range(limit + 10):  # two files in turn: the kernel merges repeated events
            os.utime(notes[i % 2], ns=(i, i))
    finally:
        os.kill(pid, signal.SIGCONT)
    new, paths = ask(repo, token)
    assert paths == ["/"]
    assert ask(repo, new) == (new, [])  # trusted again from its new token


def test_the_watcher_stops_when_idle_and_when_the_notebook_is_gone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTNOTE_FSMONITOR_IDLE", "0.5")
    start(repo)
    deadline = time.monotonic() + 10
    while setup.watcher_pid(repo) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert setup.watcher_pid(repo) is None
    assert not (repo / ".git" / "custnote" / "fsmonitor.sock").exists()
    monkeypatch.setenv("CUSTNOTE_FSMONITOR_IDLE", "120")
    start(repo)
    pid = setup.watcher_pid(repo)
    shutil.rmtree(repo)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_copied_notebook_gets_its_own_watcher_and_a_moved_one_keeps_it(
    repo: Path, tmp_path: Path
) -> None:
    enable_git(repo)
    token = ask(repo, "x")[0]
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(repo), str(copy)], check=True)  # the socket file too
    assert ask(copy, token)[1] == ["/"]  # not the original's answer
    copy_pid = wait_for_watcher(copy)
    assert copy_pid != setup.watcher_pid(repo)
    (copy / "customers" / "ab" / "a.md").write_text("edited in the copy\n", "utf-8")
    assert ask(repo, token) == (token, [])  # the original's watcher did not see it
    assert status(copy, fsmonitor=True) == [" M customers/ab/a.md"]
    moved = tmp_path / "moved"
    repo.rename(moved)
    (moved / "customers" / "ab" / "b.md").write_text("edited after the move\n", "utf-8")
    assert ask(moved, token)[1] == ["customers/ab/b.md"]  # same watcher, same tokens
    assert status(moved, fsmonitor=True) == [" M customers/ab/b.md"]


# ------------------------------------------------------------------ custnote's setting


def test_the_setting_turns_it_on_and_off_and_auto_follows_the_size(notebook: Notebook) -> None:
    root = notebook.root
    git_repo = GitRepo(root)
    assert setup.ensure(git_repo, "auto") is False  # a small notebook
    assert git(root, "config", "--get", "core.fsmonitor", check=False) == ""
    enable(root)
    assert git(root, "config", "--get", "core.fsmonitor").strip() == setup.hook_command()
    assert git(root, "config", "--get", "core.fsmonitorHookVersion").strip() == "2"
    assert setup.watcher_pid(root) is not None
    config = root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("fsmonitor: on", "fsmonitor: off"))
    notebook.create({"name": "山田 太郎"})  # any command that opens the store
    assert resolve_path(Notebook(root).store(), "山田").startswith("customers/")
    assert git(root, "config", "--get", "core.fsmonitor", check=False) == ""
    assert setup.watcher_pid(root) is None
    assert setup.wanted("auto", setup.MIN_ENTRIES) and not setup.wanted("auto", 10)
    assert setup.index_entries(root) == len(git(root, "ls-files").split())


def test_a_bad_setting_is_one_clear_error(notebook: Notebook) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8") + "fsmonitor: sometimes\n", "utf-8")
    with pytest.raises(InvalidValueError, match=r"fsmonitor.*sometimes"):
        _ = Notebook(notebook.root).config


def lstat_count(root: Path) -> int:
    """How many files custnote's freshness status ``lstat``-ed (git's trace2 counters)."""
    args = ["--no-optional-locks", "status", "--porcelain", "-z", "-uall", "--no-renames"]
    env = dict(os.environ, GIT_TRACE2_PERF="1")
    err = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, check=True).stderr
    return sum(
        int(line.rsplit(":", 1)[1])
        for line in err.decode().splitlines()
        if "preload/sum_lstat:" in line or "refresh/sum_lstat:" in line
    )


def test_after_a_new_watcher_the_next_command_refreshes_git_index(notebook: Notebook) -> None:
    root = notebook.root
    for n in range(5):
        notebook.create({"name": f"山田 {n}郎"})
    enable(root)
    files = setup.index_entries(root)
    assert lstat_count(root) == 0  # git trusts the watcher for every file
    os.kill(setup.watcher_pid(root), signal.SIGKILL)
    Notebook(root).store()  # its status finds no watcher: the hook starts one, answers "/"
    wait_for_watcher(root)
    assert (root / ".git" / "custnote" / "fsmonitor.refresh").exists()
    assert lstat_count(root) >= files  # the index holds the dead watcher's token: "/" each time
    Notebook(root).store()  # refreshes git's index once
    assert not (root / ".git" / "custnote" / "fsmonitor.refresh").exists()
    instance = ask(root, "x")[0].rsplit(":", 1)[0]
    assert f"{instance}:".encode() in (root / ".git" / "index").read_bytes()
    assert lstat_count(root) == 0


def test_custnote_commits_ask_the_watcher_only_through_their_status(
    notebook: Notebook, yamada, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = notebook.root
    enable(root)
    nb = Notebook(root)
    nb.add_entry(nb.resolve("yamada"), LogEntry(date(2026, 11, 20), "call", "一回目"))
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
    nb = Notebook(root)
    nb.add_entry(nb.resolve("yamada"), LogEntry(date(2026, 11, 20), "call", "二回目"))
    monkeypatch.delenv("GIT_TRACE2_EVENT")
    assert "二回目" in git(root, "show", "HEAD", "--", yamada.path)  # staged and committed
    assert status(root, fsmonitor=True) == status(root, fsmonitor=False) == []
    events = [json.loads(line) for line in trace.read_text("utf-8").splitlines()]
    commands = [e["argv"][1:] for e in events if e["event"] == "start"]
    assert any("write-tree" in argv for argv in commands)  # the commit from plumbing
    hooks = [e["argv"] for e in events if e["event"] == "child_start" and e["argv"]]
    asked = [argv for argv in hooks if "hook.py" in argv[0]]
    assert 1 <= len(asked) < len(hooks)  # add, diff --cached, write-tree: the printf one-liner
