"""Speed of everyday commands on a large notebook, as whole-process medians and ratios.

    python bench/bench_notebook.py                      # builds a 10,000-customer notebook
    python bench/bench_notebook.py --dir /tmp/nb10k     # builds it there once, then reuses it
    python bench/bench_notebook.py --dir /tmp/nb10k --quick --baseline-src /tmp/main/src
        # --help and show of this tree (in English and Japanese) and of another source tree
        # ('git archive main src | tar -x -C /tmp/main'), interleaved in the same rounds

Each round runs every command once, interleaved with two baselines measured in the same run:
``python -c pass`` (the cost of starting Python at all) and ``git commit`` of one file (the cost of
the commit every write makes). The table shows medians over the rounds and the ratios to both
baselines. ``history`` is measured after ``--history-commits`` further commits (made quickly with
git fast-import, each changing one note, every 100th the measured one).

Targets at 10,000 customers (issue 3): --help and show < 0.3 s, log with its commit < 0.5 s,
history < 0.5 s; a Tab of shell completion (issue 16) < 0.1 s. ``log`` is measured again once a
search index exists, which every write then
updates in a process of its own (building that index takes about 45 s the first time).
Timings depend on the machine and its load: compare the ratios.
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from gen_notebook import SRC, fast_import, generate, git, installed_like_env

from custnote.core.note.model import LogEntry
from custnote.core.note.noteformat import insert_entry, parse_note
from custnote.core.notebook.demo import EXAMPLE_CUSTOMER
from custnote.core.notebook.locate import is_notebook
from custnote.core.notebook.notebook import Notebook

TARGETS = {"--help": 0.3, "show": 0.3, "log": 0.5, "history": 0.5, "<Tab>": 0.1}


@dataclass
class Row:
    name: str
    seconds: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _env() -> dict[str, str]:
    pycache = Path(tempfile.gettempdir()) / "custnote-bench-pycache"
    return installed_like_env(
        pycache, CUSTNOTE_AUTHOR="bench", CUSTNOTE_EMAIL="bench@example.invalid"
    )


def _timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the process and its children) of one run.
    CPU time is much less disturbed than wall time on a machine shared with other work."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _notebook(args: argparse.Namespace) -> Path:
    """The notebook to measure: ``--dir`` when it already is one, else a newly generated one."""
    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="custnote-bench-"))
    if is_notebook(root):
        print(f"reusing {root}")
        return root
    made = generate(root, args.customers, args.entries)
    total = sum(len(n.log) for n in made.notes)
    print(f"generated {root}: {len(made.notes)} customers, {total} entries in {made.seconds:.1f} s")
    return root


def _customer(root: Path) -> tuple[str, str]:
    """The note to measure and how to name it: README's 山田 太郎 by name (``yamada``, resolved
    through the catalog like a user's lookup), else a note in the middle by id."""
    paths = Notebook(root).note_paths()
    yamada = [p for p in paths if p.endswith(f"-{EXAMPLE_CUSTOMER}.md")]
    if yamada:
        return yamada[0], "yamada"
    middle = paths[len(paths) // 2]
    return middle, parse_note((root / middle).read_text(encoding="utf-8"), middle).id


def _history_commits(root: Path, target: str, count: int) -> None:
    """``count`` commits that each add one entry to one note (every 100th to ``target``)."""
    nb = Notebook(root)
    paths = nb.note_paths()
    rng = random.Random(7)
    texts: dict[str, str] = {}
    commits = []
    for n in range(count):
        rel = target if n % 100 == 0 else rng.choice(paths)
        text = texts.get(rel) or nb.read_text(rel)
        note = parse_note(text, rel)
        day = max(e.date for e in note.log) + timedelta(days=1)
        entry = LogEntry(date=day, kind="call", author="bench", text=f"bench call {n}")
        texts[rel] = insert_entry(text, entry, rel)
        message = f"log: {note.name} (call)\n\nCustnote-Op: log\n"
        commits.append((message, [(rel, texts[rel].encode())]))
    for rel, text in texts.items():
        (root / rel).write_text(text, encoding="utf-8")
    fast_import(root, commits, int(time.time()) - count)


def _measure(rounds: int, commands: dict[str, Callable[[], tuple[float, float]]]) -> list[Row]:
    rows = {name: Row(name, [], []) for name in commands}
    for _ in range(rounds):
        for name, run in commands.items():
            wall, cpu = run()
            rows[name].seconds.append(wall)
            rows[name].cpu.append(cpu)
    return list(rows.values())


def _print(rows: list[Row], python: float, commit: float) -> list[str]:
    """Print the table; return the names of missed targets."""
    missed = []
    print(f"{'command':<42}{'median':>9}{'cpu':>8}{'vs python':>11}{'vs commit':>11}  target")
    for row in rows:
        target = TARGETS.get(row.name.split()[1] if row.name.startswith("custnote") else "")
        verdict = ""
        if target:
            ok = row.median < target
            verdict = f"< {target:.1f} s {'ok' if ok else 'MISSED'}"
            missed += [] if ok else [row.name]
        print(
            f"{row.name:<42}{row.median * 1000:>7.0f}ms{row.cpu_median * 1000:>6.0f}ms"
            f"{row.median / python:>10.1f}x"
            f"{row.median / commit:>10.1f}x  {verdict}"
        )
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="notebook to reuse, or where to generate it")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--history-commits", type=int, default=2000)
    parser.add_argument(
        "--baseline-src",
        help="another custnote source tree (e.g. 'git archive main src'): its --help and show "
        "are measured in the same rounds, for a before/after in one run",
    )
    parser.add_argument("--quick", action="store_true", help="only --help and show (and Tab)")
    args = parser.parse_args(argv)

    root = _notebook(args)
    env = _env()
    custnote = [sys.executable, "-m", "custnote", "-N", str(root)]
    target, customer = _customer(root)
    scratch = root / "bench-scratch.txt"
    scratch.write_text("0\n")
    git(root, "add", scratch.name)
    git(root, "commit", "-q", "-m", "bench: scratch file")

    def commit_one() -> tuple[float, float]:
        scratch.write_text(f"{time.time()}\n")
        return _timed(["git", "commit", "-q", "-m", "bench", "--", scratch.name], root, env)

    def cmd(*words: str) -> Callable[[], tuple[float, float]]:
        return lambda: _timed([*custnote, *words], root, env)

    def tab(line: str) -> Callable[[], tuple[float, float]]:
        """Tab pressed at the end of ``line`` in bash (the protocol of its completion script)."""
        words = f"custnote -N {root} {line}"
        tab_env = env | {
            "_CUSTNOTE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split(" ")) - 1),
        }
        return lambda: _timed([sys.executable, "-m", "custnote"], root, tab_env)

    def in_japanese(run_env: dict[str, str]) -> dict[str, str]:
        return run_env | {"LANG": "ja_JP.UTF-8", "LC_ALL": ""}

    def other(
        src: str, *words: str, ja: bool = False, where: Path = root
    ) -> Callable[[], tuple[float, float]]:
        """``words`` run by ``src`` (PYTHONPATH first) on ``where``, in Japanese when ``ja``."""
        run_env = env | {"PYTHONPATH": os.pathsep.join([src, env["PYTHONPATH"]])}
        argv = [sys.executable, "-m", "custnote", "-N", str(where), *words]
        return lambda: _timed(argv, where, in_japanese(run_env) if ja else run_env)

    print(f"measuring on {root} (customer {customer}, {target}), {args.rounds} rounds")
    cmd("list")()  # warm the catalog cache, as on any machine after the first command
    python = [sys.executable, "-c", "pass"]
    compared = {}
    if args.baseline_src:  # before/after in the same rounds (issue 16: the catalogs' cost)
        base = str(Path(args.baseline_src).resolve())
        # a copy of its own: another version may keep its caches (note store) differently
        copy = root.parent / f"{root.name}-baseline"
        if not copy.exists():
            shutil.copytree(root, copy, symlinks=True)
        other(base, "list", where=copy)()  # its caches warm, like ours
        compared = {
            "baseline --help": other(base, "--help", where=copy),
            f"baseline show {customer}": other(base, "show", customer, where=copy),
            "custnote --help (ja)": other(str(SRC), "--help", ja=True),
            f"custnote show {customer} (ja)": other(str(SRC), "show", customer, ja=True),
        }
    rows = _measure(
        args.rounds,
        {
            "python -c pass": lambda: _timed(python, root, env),
            "git commit (one file)": commit_one,
            "custnote --help": cmd("--help"),
            f"custnote show {customer}": cmd("show", customer),
            **compared,
            f"custnote log {customer} TEXT": cmd(
                "log", customer, "見積の件で折り返し", "-k", "call"
            ),
            **({} if args.quick else {"custnote list": cmd("list")}),
            "custnote <Tab> show yam": tab("show yam"),
            "custnote <Tab> list --tag ": tab("list --tag "),
        },
    )
    if args.quick:
        missed = _print(rows, rows[0].median, rows[1].median)
        return 1 if missed else 0
    # Once a search index exists, every write also brings it up to date (in the background).
    subprocess.run([*custnote, "index"], cwd=root, env=env, capture_output=True, check=True)
    rows += _measure(
        args.rounds,
        {
            f"custnote log {customer} TEXT (+index)": cmd(
                "log", customer, "見積の件で折り返し", "-k", "call"
            ),
        },
    )
    before = int(git(root, "rev-list", "--count", "HEAD"))
    if before < args.history_commits:
        started = time.perf_counter()
        _history_commits(root, target, args.history_commits)
        print(f"made {args.history_commits} commits in {time.perf_counter() - started:.1f} s")
    rows += _measure(args.rounds, {f"custnote history {customer}": cmd("history", customer)})
    commits = git(root, "rev-list", "--count", "HEAD").strip()
    print(f"(history measured with {commits} commits in the repository)\n")
    python_median = rows[0].median
    commit_median = rows[1].median
    missed = _print(rows, python_median, commit_median)
    print("\nall targets met" if not missed else f"\nmissed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
