"""A killed ``sync`` never leaves the notebook stuck: SIGKILL to sync and its git children (its
process group) at seeded random moments, or just as its rebase starts, then the next command
puts everything back and syncs. A bounded number of trials; bench/ has no bigger run of this."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import CUSTNOTE_SRC
from gitfixtures import Colleague, Team, git, team_fixture  # noqa: F401

from custnote.core.note.noteformat import parse_note

TRIALS = 6
SEED = 13
YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう", "--status", "prospect"]
LOCAL_EDIT = "# ito: a local setting not shared yet\n"


def env_for(name: str) -> dict[str, str]:
    return os.environ | {
        "CUSTNOTE_AUTHOR": name,
        "CUSTNOTE_EMAIL": f"{name}@example.jp",
        "PYTHONPATH": CUSTNOTE_SRC,
    }


def start(person: Colleague, *args: str) -> subprocess.Popen[str]:
    """custnote as a separate process, leading its own process group (git runs inside it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "custnote", "-N", str(person.root), *args],
        env=env_for(person.name),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run(person: Colleague, *args: str) -> subprocess.CompletedProcess[str]:
    proc = start(person, *args)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def kill_sync(person: Colleague, delay: float | None) -> None:
    """Start ``sync`` and SIGKILL its whole group after ``delay`` s, or (None) as soon as its
    rebase has begun."""
    proc = start(person, "sync")
    deadline = time.monotonic() + (delay if delay is not None else 20)
    rebasing = person.root / ".git" / "rebase-merge"
    while time.monotonic() < deadline and proc.poll() is None:
        if delay is None and rebasing.exists():
            break
        time.sleep(0.002)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


@pytest.fixture
def pair(team: Team) -> tuple[Colleague, Colleague]:
    return team.pair(*YAMADA)


def test_killed_sync_is_undone_and_retried(pair, team: Team):
    sato, ito = pair
    rng = random.Random(SEED)
    settings = ito.root / ".custnote" / "config.yaml"
    settings.write_text(ito.read(".custnote/config.yaml") + LOCAL_EDIT, encoding="utf-8")
    began = time.monotonic()
    assert run(ito, "sync").returncode == 0
    took = time.monotonic() - began
    expected: set[str] = set()
    interrupted = 0
    for trial in range(TRIALS):
        sato.run("log", "yamada", f"sato {trial}", "--kind", "call")
        sato.run("sync")
        ito.run("log", "yamada", f"ito {trial}", "--kind", "visit")
        expected |= {f"sato {trial}", f"ito {trial}"}
        kill_sync(ito, None if trial % 2 else rng.uniform(0.0, took * 1.2))
        interrupted += (ito.root / ".git" / "rebase-merge").exists()
        # the next command, whatever it is, finds the notebook usable
        if trial % 3 == 2:
            after = run(ito, "log", "yamada", f"after {trial}", "--kind", "note")
            assert after.returncode == 0, after.stderr
            expected.add(f"after {trial}")
        again = run(ito, "sync")
        assert again.returncode == 0, f"trial {trial}: {again.stderr}"
        dot_git = ito.root / ".git"
        assert ito.git("symbolic-ref", "HEAD").strip() == "refs/heads/main"
        assert not (dot_git / "rebase-merge").exists() and not (dot_git / "index.lock").exists()
        assert not list(ito.root.glob(".merge_file_*"))
        assert not (dot_git / "custnote" / "sync.json").exists()
        assert ito.read(".custnote/config.yaml").endswith(LOCAL_EDIT)  # the edit, uncommitted
        assert ito.git("status", "--porcelain").strip() == "M .custnote/config.yaml"
        assert ito.git("rev-parse", "HEAD") == git(team.remote, "rev-parse", "main")
        texts = {e.text for e in parse_note(next(iter(ito.notes().values()))).log}
        assert expected <= texts, f"trial {trial}: lost {expected - texts}"
    assert interrupted >= 1  # some kills did land inside the rebase
    ito.git("fsck", "--no-progress")  # raises on a damaged repository
    sato.run("sync")
    assert expected <= {e.text for e in parse_note(next(iter(sato.notes().values()))).log}


def test_a_rebase_of_the_users_own_is_left_alone_with_the_way_out(pair):
    sato, ito = pair
    (sato.root / "README.md").write_text("our notes\n", encoding="utf-8")
    sato.git("add", "README.md")
    sato.git("commit", "-q", "-m", "readme")
    sato.run("sync")
    ito.run("sync")
    for person, words in ((sato, "sato's"), (ito, "ito's")):
        (person.root / "README.md").write_text(f"{words} notes\n", encoding="utf-8")
        person.git("commit", "-q", "-am", "readme")
    sato.run("sync")
    ito.git("fetch", "-q")
    ito.git("rebase", "origin/main", check=False)  # stops: both changed the same line
    assert (ito.root / ".git" / "rebase-merge").exists()
    refused = ito.run("sync", ok=False)
    assert refused.exit_code != 0
    assert f"'git -C {ito.root} rebase --abort'" in refused.stderr
    assert (ito.root / ".git" / "rebase-merge").exists()  # not custnote's to cancel
    ito.git("rebase", "--abort")
    ito.git("switch", "-q", "--detach")
    detached = ito.run("sync", ok=False)
    assert f"'git -C {ito.root} switch main'" in detached.stderr


def test_uncommitted_changes_that_clash_are_kept_in_the_stash(pair):
    sato, ito = pair
    config = sato.root / ".custnote" / "config.yaml"
    config.write_text(sato.read(".custnote/config.yaml").replace("90", "60"), "utf-8")
    sato.git("commit", "-q", "-am", "dormant days")
    sato.run("sync")
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    mine = ito.read(".custnote/config.yaml").replace("90", "30")
    (ito.root / ".custnote" / "config.yaml").write_text(mine, encoding="utf-8")
    out = "".join(ito.run("sync").stdout.split("\n"))  # a long line may be folded
    assert f"'git -C {ito.root} stash pop'" in out
    assert "dormant_days: 60" in ito.read(".custnote/config.yaml")
    assert ito.git("stash", "list").count("custnote sync") == 1
    ito.git("checkout", "-q", "--", ".custnote/config.yaml")
    assert "dormant_days: 30" in ito.git("stash", "show", "-p")


def test_a_stray_index_lock_is_named_with_the_command_that_removes_it(pair):
    _, ito = pair
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    lock = ito.root / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")  # a git command of the user's, or one that died
    head = ito.git("rev-parse", "HEAD")
    refused = ito.run("sync", ok=False)
    assert refused.exit_code != 0 and f"'rm {lock}'" in " ".join(refused.stderr.split())
    assert lock.exists() and ito.git("rev-parse", "HEAD") == head
    lock.unlink()
    ito.run("sync")
