"""Fault injection: run a custnote command, SIGKILL its whole process group at a random moment,
then check that nothing was lost or left stuck. Shared by tests/test_faults.py (a few seeded
trials) and bench/bench_faults.py (hundreds).

A scenario is one entry of :data:`SCENARIOS`: how to prepare its notebook (once; each trial
works on a copy), the command to kill, and optionally the command that follows it (by default a
``log`` on a probe customer, a write that must simply succeed). After each trial:

1. the next command succeeds, with no manual step;
2. the work tree is clean (the interrupted command was completed or rolled back: its journal
   settled), and ``custnote check`` finds nothing;
3. the notebook holds exactly the state before the command or exactly the state after a run
   that was not killed (compared as a snapshot of every note's content, ids left out: imports
   draw random ids);
4. no committed log entry is missing (every entry both of those states hold is still there).

Adding a scenario (``sync``, say) is one more :class:`Scenario` in the table.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import custnote

SRC = str(Path(custnote.__file__).resolve().parents[1])
PROBE = "Probe Customer"
ENV = {
    "CUSTNOTE_NOW": "2026-11-20T10:00",
    "CUSTNOTE_AUTHOR": "sato",
    "CUSTNOTE_EMAIL": "sato@example.jp",
    "CUSTNOTE_INDEX_ON_WRITE": "now",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def env(home: Path) -> dict[str, str]:
    return (
        os.environ
        | ENV
        | {
            "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])),
            "HOME": str(home),
            "CUSTNOTE_CONFIG": str(home / "config.yaml"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
    )


def custnote_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "custnote", *args]


def run(args: list[str], home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        custnote_argv(*args), env=env(home), capture_output=True, text=True, timeout=timeout
    )


# ---------------------------------------------------------------------- what a notebook holds


def snapshot(root: Path) -> tuple[tuple[str, ...], ...]:
    """Every note but the probe, as (folder, fields without id, body and log), sorted: equal
    for two notebooks that hold the same notes, whatever ids they were given."""
    from custnote.core.note.noteformat import parse_note, serialise_entry
    from custnote.errors import CustnoteError

    if not (root / ".git").exists():
        return ()
    notes = []
    for top in ("customers", "archive"):
        for path in sorted((root / top).glob("*/*.md")):
            try:
                note = parse_note(path.read_text("utf-8"), str(path))
            except (CustnoteError, UnicodeDecodeError) as exc:  # half-written: never equal
                notes.append(("broken", str(exc)))
                continue
            if note.name == PROBE:
                continue
            fields = {k: v for k, v in note.fields.items() if k != "id"}
            log = [serialise_entry(e) for e in note.log]
            notes.append(
                (top, json.dumps(fields, default=str, ensure_ascii=False), note.body, *log)
            )
    return tuple(sorted(notes))


def entries(state: tuple[tuple[str, ...], ...]) -> set[tuple[str, str]]:
    """(note, entry) pairs of a snapshot: the log entries it holds."""
    return {(note[1], entry) for note in state for entry in note[3:]}


# ---------------------------------------------------------------------- scenarios


@dataclass
class Trial:
    """One trial's folders: the notebook (a copy of the scenario's base) and a HOME."""

    root: Path
    home: Path
    files: Path  # inputs the command reads (an import file, a backup), beside the notebook


@dataclass(frozen=True)
class Scenario:
    name: str
    #: extra preparation of the base notebook (it already holds a few customers and the probe)
    prepare: Callable[[Trial], None]
    #: the command to kill (without ``-N``)
    command: Callable[[Trial], list[str]]
    #: where the command's result lives (the notebook by default; restore: the new folder)
    result_root: Callable[[Trial], Path] = field(default=lambda t: t.root)
    #: the next command after the kill (default: log on the probe customer); must exit 0
    follow: Callable[[Trial], list[str]] | None = None


def _base_customers(trial: Trial) -> None:
    """Four customers (one the probe) and a short history: two imports, two processes."""
    root = str(trial.root)
    people = trial.files / "base.csv"
    people.write_text(
        "氏名,フリガナ,電話,メール\n"
        "山田 太郎,やまだ たろう,03-5555-0199,\n"
        "Jane Smith,,,jane@example.com\n"
        "鈴木 一郎,すずき いちろう,06-1234-5678,\n"
        f"{PROBE},,,probe@example.com\n",
        encoding="utf-8",
    )
    history = trial.files / "history.csv"
    history.write_text(
        "顧客,日時,種別,内容\n"
        + "".join(f"03-5555-0199,2026-11-0{i + 1} 10:00,call,電話 {i}\n" for i in range(3))
        + "06-1234-5678,2026-11-05 11:00,visit,来店\n",
        encoding="utf-8",
    )
    _ok(run(["-N", root, "import", str(people)], trial.home))
    _ok(run(["-N", root, "import", "--log", str(history)], trial.home))


def _ok(proc: subprocess.CompletedProcess[str]) -> None:
    if proc.returncode != 0:
        raise AssertionError(f"{proc.args}: {proc.returncode}\n{proc.stderr}")


def _import_file(trial: Trial, rows: int = 150) -> Path:
    path = trial.files / "名簿.csv"
    lines = ["氏名,電話,会社名"]
    lines += [f"顧客 {i:04d},03-6000-{i:04d},会社{i % 7}" for i in range(rows)]
    lines += ["山田 太郎,03-5555-0199,山田工務店"]  # an update: fills the empty company
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _prepare_import(trial: Trial) -> None:
    _import_file(trial)


def _prepare_undo(trial: Trial) -> None:
    _ok(run(["-N", str(trial.root), "import", str(_import_file(trial, 120))], trial.home))


def _prepare_restore(trial: Trial) -> None:
    _ok(run(["-N", str(trial.root), "backup", str(trial.files / "notes.bundle")], trial.home))


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario("import", _prepare_import, lambda t: ["import", str(t.files / "名簿.csv")]),
        Scenario(
            "log",
            lambda t: None,
            lambda t: ["log", "yamada", "来店。見積を依頼", "--kind", "visit", "--amount", "1200"],
        ),
        Scenario("set", lambda t: None, lambda t: ["set", "jane", "tags+=vip,golf", "owner=ito"]),
        Scenario("undo", _prepare_undo, lambda t: ["undo", "-y"]),
        Scenario("rm", lambda t: None, lambda t: ["rm", "suzuki", "-y"]),
        Scenario(
            "restore",
            _prepare_restore,
            lambda t: ["restore", str(t.files / "notes.bundle"), str(t.files / "restored")],
            result_root=lambda t: t.files / "restored",
            follow=lambda t: (
                ["-N", str(t.files / "restored"), "list"]
                if (t.files / "restored").exists()
                else ["restore", str(t.files / "notes.bundle"), str(t.files / "restored")]
            ),
        ),
    ]
}


# ---------------------------------------------------------------------- running trials


@dataclass
class Base:
    """A scenario's prepared notebook, its states before and after the command, and how long
    the command takes when it is not killed."""

    scenario: Scenario
    folder: Path
    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, ...], ...]
    seconds: float


@dataclass
class Outcome:
    scenario: str
    delay: float
    killed: bool  # False when the command had finished before the kill
    state: str  # "before", "after" or "other"
    lost: int  # committed entries missing
    problems: list[str]

    @property
    def recovered(self) -> bool:
        return not self.problems


def _trial_dirs(folder: Path) -> Trial:
    return Trial(folder / "notes", folder / "home", folder / "files")


def prepare(scenario: Scenario, workdir: Path) -> Base:
    folder = workdir / f"base-{scenario.name}"
    trial = _trial_dirs(folder)
    for path in (trial.home, trial.files):
        path.mkdir(parents=True)
    _ok(run(["init", str(trial.root)], trial.home))
    _base_customers(trial)
    scenario.prepare(trial)
    before = snapshot(scenario.result_root(trial))
    reference = _copy(folder, workdir / f"reference-{scenario.name}")
    start = time.monotonic()
    _ok(run(_with_notebook(scenario, reference), reference.home))
    seconds = time.monotonic() - start
    after = snapshot(scenario.result_root(reference))
    return Base(scenario, folder, before, after, seconds)


def _copy(folder: Path, to: Path) -> Trial:
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(folder, to, symlinks=True)
    return _trial_dirs(to)


def _with_notebook(scenario: Scenario, trial: Trial) -> list[str]:
    command = scenario.command(trial)
    return command if command[0] == "restore" else ["-N", str(trial.root), *command]


def kill_trial(
    base: Base, workdir: Path, rng: random.Random, number: int, scale: float = 1.0
) -> Outcome:
    """Copy the base, start the command, SIGKILL its process group after a random delay (most
    often late, where the writing happens; ``scale`` shortens it), then check everything
    (module docstring)."""
    scenario = base.scenario
    trial = _copy(base.folder, workdir / f"trial-{scenario.name}-{number}")
    late = rng.random() < 0.8
    delay = scale * base.seconds * (rng.uniform(0.4, 1.1) if late else rng.uniform(0, 0.4))
    proc = subprocess.Popen(
        custnote_argv(*_with_notebook(scenario, trial)),
        env=env(trial.home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: git children die with it
    )
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = True
    outcome = check_after(base, trial, delay, killed)
    if outcome.recovered:
        shutil.rmtree(trial.root.parent, ignore_errors=True)
    return outcome


def check_after(base: Base, trial: Trial, delay: float, killed: bool) -> Outcome:
    scenario, problems = base.scenario, []
    follow = scenario.follow(trial) if scenario.follow else None
    follow = follow or ["-N", str(trial.root), "log", "probe", "after the kill"]
    proc = run(follow, trial.home)
    if proc.returncode != 0:
        problems.append(f"next command {follow[-3:]} failed: {proc.stderr.strip()[-300:]}")
    root = scenario.result_root(trial)
    partial = list(root.parent.glob(f".{root.name}.partial-*"))
    if partial:
        problems.append(f"a partial copy is left beside {root.name}: {partial[0].name}")
    if (root / ".git").exists():
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if status.returncode != 0:
            problems.append(f"git status fails: {status.stderr.strip()[:300]}")
        elif status.stdout.strip():
            problems.append(f"work tree not clean: {status.stdout.strip()[:300]}")
        check = run(["-N", str(root), "check"], trial.home)
        if check.returncode != 0:
            problems.append(f"check: {(check.stdout + check.stderr).strip()[:300]}")
    state = snapshot(root)
    name = "before" if state == base.before else "after" if state == base.after else "other"
    if name == "other":
        problems.append("the notebook is neither as before nor as after the command")
    lost = len((entries(base.before) & entries(base.after)) - entries(state))
    if lost:
        problems.append(f"{lost} committed log entries missing")
    return Outcome(scenario.name, delay, killed, name, lost, problems)
