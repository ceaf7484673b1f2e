"""Benchmark ``custnote agenda`` and ``custnote stats`` on a generated notebook.

    PYTHONPATH=src python bench/bench_agenda.py [--customers 10000] [--runs 7] [--keep DIR]

Whole-process wall-clock medians (and CPU time), beside ``python -c pass``, ``custnote --help``
(the imports every command pays) and ``custnote list --json`` (the core's own scan of every note)
measured in the same run, with the caches warm (one untimed run first); and, separately, the
first run on a cold cache. The
notebook is made of notes written with custnote's own serialiser: about 10 log entries each,
birthdays, anniversaries, family members with dates of death, ``visit_every``, purchases with a
``lifetime``, follow-ups, some of them closed. Target: under 0.5 s warm at 10,000 customers.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path

from gen_notebook import installed_like_env

from custnote.core.note.model import LogEntry, Note
from custnote.core.note.naming import new_id, note_path
from custnote.core.note.noteformat import serialise_note

TODAY = date(2026, 11, 20)
NOW = "2026-11-20T10:00"
OWNERS = ("sato", "tanaka", "suzuki", "ogawa", "honda", "kimura", "smith")
KINDS = ("call", "call", "visit", "email", "meeting", "purchase", "note")
PREFECTURES = ("東京都", "大阪府", "神奈川県", "北海道", "福岡県", "愛知県")
SURNAMES = (("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("田中", "たなか"))
GIVEN = (("太郎", "たろう"), ("花子", "はなこ"), ("健一", "けんいち"), ("陽子", "ようこ"))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _entries(rng: random.Random, created: date) -> list[LogEntry]:
    entries = []
    for _ in range(rng.randint(5, 15)):
        kind = rng.choice(KINDS)
        day = _day(rng, created, TODAY)
        attributes = {}
        if kind == "purchase" and rng.random() < 0.3:
            attributes = {"items": rng.choice(("給湯器", "エアコン", "浄水器")), "lifetime": "5y"}
        entries.append(
            LogEntry(
                date=day,
                time=clock_time(rng.randint(8, 19), rng.choice((0, 15, 30, 45))),
                kind=kind,
                author=rng.choice(OWNERS),
                text=rng.choice(("見積の件で折り返し", "Called back about the quote", "")),
                duration_min=rng.choice((5, 15, 30)) if kind in ("call", "visit") else None,
                amount=Decimal(rng.randint(1, 500) * 1000) if kind == "purchase" else None,
                follow_up=day + timedelta(days=14) if rng.random() < 0.1 else None,
                attributes=attributes,
            )
        )
    entries.sort(key=lambda e: e.sort_key)
    due = None  # like a working team: most follow-ups get closed by a later entry
    for entry in entries:
        if due and entry.date >= due and rng.random() < 0.9:
            entry.done, due = entry.date, None
        if entry.follow_up:
            due = min(due or entry.follow_up, entry.follow_up)
    return entries


def make_note(rng: random.Random) -> Note:
    (surname, s_kana), (given, g_kana) = rng.choice(SURNAMES), rng.choice(GIVEN)
    created = _day(rng, date(2022, 1, 1), date(2026, 10, 1))
    fields: dict = {
        "id": new_id(),
        "name": f"{surname} {given}",
        "kana": f"{s_kana} {g_kana}",
        "owner": rng.choice(OWNERS),
        "status": rng.choice(("active", "active", "prospect", "dormant", "lost")),
        "tags": rng.sample(("vip", "b2b", "golf", "地元"), rng.randint(0, 2)),
        "address": f"{rng.choice(PREFECTURES)}中央区{rng.randint(1, 9)}-{rng.randint(1, 30)}",
        "birthday": _day(rng, date(1940, 1, 1), date(2000, 12, 31)),
        "created": created,
    }
    if rng.random() < 0.3:
        fields["anniversaries"] = [
            {"date": _day(rng, date(1970, 1, 1), date(2020, 1, 1)), "label": "結婚記念日"}
        ]
    if rng.random() < 0.3:
        fields["family"] = [
            {"name": "一郎", "relation": "父", "died": _day(rng, date(1995, 1, 1), TODAY)},
            {"name": "花子", "relation": "妻", "birthday": _day(rng, date(1945, 1, 1), TODAY)},
        ]
    if rng.random() < 0.2:
        fields["visit_every"] = rng.choice(("6 months", "3m", "2w"))
    note = Note(fields=fields, body="メモ", log=_entries(rng, created))
    note.path = note_path("customers", fields["name"], fields["kana"], fields["id"])
    return note


def generate(root: Path, customers: int, seed: int = 1) -> None:
    """A committed notebook of ``customers`` generated notes in ``root``."""
    rng = random.Random(seed)
    subprocess.run(
        [sys.executable, "-m", "custnote", "init", str(root)], check=True, capture_output=True
    )
    for _ in range(customers):
        note = make_note(rng)
        assert note.path
        target = root / note.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(serialise_note(note), encoding="utf-8")
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for args in (["add", "-A"], ["commit", "-qm", "bench: generated customers"]):
        subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one whole process."""
    return timed_cpu(argv, env)[0]


def timed_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # cached bytecode, as an installed package has (kept out of the source tree)
        env = installed_like_env(Path(tmp) / "pycache", CUSTNOTE_NOW=NOW, CUSTNOTE_AUTHOR="sato")
        root = args.keep or Path(tmp) / "notes"
        if not (root / ".custnote").exists():
            started = time.perf_counter()
            generate(root, args.customers)
            print(f"generated {args.customers} customers in {time.perf_counter() - started:.1f} s")
        cn = [sys.executable, "-m", "custnote", "-N", str(root)]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "custnote --help": [sys.executable, "-m", "custnote", "--help"],  # the imports
            "custnote list --json": [*cn, "list", "--json"],  # the core's own full scan
            "custnote agenda": [*cn, "agenda"],
            "custnote agenda --json": [*cn, "agenda", "--json"],
            "custnote stats": [*cn, "stats"],
            "custnote stats --json": [*cn, "stats", "--json"],
        }
        for name in ("agenda", "stats"):  # the first run after a clone reads every note
            cache = root / ".git" / "custnote" / "cache"  # the private state (docs/security.md)
            shutil.rmtree(cache / name, ignore_errors=True)
            (cache / "stats-results.pickle").unlink(missing_ok=True)
            cold = timed(commands[f"custnote {name}"], env)
            print(f"custnote {name}, cold cache (reads every note): {cold:.3f} s")
        print(
            f"load average before: {os.getloadavg()[0]:.1f} (the machine's cores: {os.cpu_count()})"
        )
        walls, cpus = {}, {}
        for name, argv in commands.items():
            timed(argv, env)  # warm-up
            runs = [timed_cpu(argv, env) for _ in range(args.runs)]
            walls[name] = statistics.median(wall for wall, _ in runs)
            cpus[name] = statistics.median(cpu for _, cpu in runs)
        base = walls["python -c pass"]
        print(f"{args.customers} customers, medians of {args.runs} runs, warm cache:")
        for name, seconds in walls.items():
            print(
                f"  {name:<24} {seconds * 1000:7.0f} ms  {seconds / base:5.1f}x python -c pass"
                f"   (CPU {cpus[name] * 1000:5.0f} ms)"
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
