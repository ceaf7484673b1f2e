"""How every everyday command grows with the notebook: 10,000, 30,000 and 100,000 customers.

    python bench/bench_scale.py                          # 10k, 30k, 100k (generated once, cached)
    python bench/bench_scale.py --sizes 10000,30000 --rounds 7 --no-search
    python bench/bench_scale.py --work /tmp/me/work --src /tmp/me/main-src/src   # another version

Each size's notebook is generated once (seeded, ``bench/gen_notebook.py``) under ``--cache``
and reused by later runs; ``log`` and the scratch commit write to the notebook, so with
``--work DIR`` each one is copied (``cp -a``, once) into DIR and measured there, leaving the
cached notebooks untouched for whoever else benches on them. ``--src`` times the custnote of
another source tree (for a table of two versions made in the same hour; give each version its
own ``--work``, since a note store of another version is rebuilt).

For each size, every round runs each command once, interleaved with the
baselines measured in the same run: ``python -c pass`` (starting Python), ``git status
--porcelain`` (what any look at the work tree costs git), ``git commit`` of one file (what every
write pays), and ``rg -l WORD`` (the floor of a one-off search). The table shows medians, the
peak resident memory of each command (its own process and children, from ``wait4``), and, for
the largest size against the smallest, the growth exponent ``log(t_large/t_small) /
log(n_large/n_small)``: 0 is flat, 1 grows in step with the notebook.

The targets of issue 18 (at 100,000 customers): show, log, who, history, agenda and the first page
of list under 0.3 s above ``git commit``; search under 0.3 s and under 0.5x ``rg -l``; stats under
1 s after a change; growth exponent <= 0.2; peak memory of any command < 300 MiB. This script
reports; it does not fail on a miss (the machine is shared and noisy: compare the ratios).
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gen_notebook import RARE_WORDS, generate, git, installed_like_env

from custnote.core.note.noteformat import parse_note
from custnote.core.notebook.locate import is_notebook
from custnote.core.notebook.notebook import Notebook

#: (seconds, peak RSS in MiB) of one run
Sample = tuple[float, float]


#: A small process that starts the measured commands. Peak memory is read with ``wait4``, and a
#: forked child's peak counts the pages it shared with its parent before ``exec``: started from
#: this (large) bench process every command would look as big as the bench itself, so commands
#: are started from this launcher instead, while it is still small.
_LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    started = time.perf_counter()
    proc = subprocess.Popen(job["argv"], cwd=job["cwd"], env=job["env"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    print(json.dumps([elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
    sys.stdout.flush()
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: list[str], cwd: Path, env: dict[str, str]) -> Sample:
        """Wall time and peak memory of one whole process (output discarded)."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"argv": argv, "cwd": str(cwd), "env": env}) + "\n")
        self.proc.stdin.flush()
        elapsed, peak, code = json.loads(self.proc.stdout.readline())
        if code not in (0, 1):  # 1: e.g. rg finding nothing
            raise SystemExit(f"{' '.join(argv)} failed with exit code {code}")
        return elapsed, peak


def notebook_of_size(cache: Path, customers: int, entries: int) -> Path:
    root = cache / f"nb-{customers}"
    if is_notebook(root):
        return root
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    made = generate(root, customers, entries)
    print(f"generated {root}: {len(made.notes)} customers in {time.perf_counter() - started:.0f} s")
    return root


def pick_customer(root: Path) -> tuple[str, str]:
    """A customer in the middle of the notebook: (its id, its path)."""
    paths = Notebook(root).note_paths()
    rel = paths[len(paths) // 2]
    return parse_note((root / rel).read_text(encoding="utf-8"), rel).id, rel


def working_copy(root: Path, work: Path | None) -> Path:
    """``root`` itself, or its copy in ``work`` (made once, then reused with its caches)."""
    if work is None:
        return root
    copy = work / root.name
    if not is_notebook(copy):
        if copy.exists():
            shutil.rmtree(copy)
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(root), str(copy)], check=True)
    return copy


def measure_size(
    launcher: Launcher,
    root: Path,
    rounds: int,
    search: bool,
    cold: bool = False,
    src: Path | None = None,
) -> dict[str, tuple[float, float]]:
    """{command: (median seconds, max peak MiB)} for one notebook."""
    env = installed_like_env(
        Path(tempfile.gettempdir()) / "custnote-bench-pycache",
        CUSTNOTE_AUTHOR="bench",
        CUSTNOTE_EMAIL="bench@example.invalid",
        CUSTNOTE_NOTEBOOK=str(root),
        COLUMNS="120",
    )
    if src is not None:  # that tree's custnote, not this checkout's
        env["PYTHONPATH"] = str(src)
    customer, rel = pick_customer(root)
    phone_note = parse_note((root / rel).read_text(encoding="utf-8"), rel)
    phone = (phone_note.fields.get("phones") or ["0355550199"])[0]
    scratch = root / "bench-scratch.txt"
    if not scratch.exists():
        scratch.write_text("0\n")
        git(root, "add", scratch.name)
        git(root, "commit", "-q", "-m", "bench: scratch file")
    py = [sys.executable]
    cn = [sys.executable, "-m", "custnote"]

    def commit_one() -> Sample:
        scratch.write_text(f"{time.time()}\n")
        return launcher.run(["git", "commit", "-q", "-m", "bench", "--", scratch.name], root, env)

    commands: dict[str, Callable[[], Sample]] = {
        "python -c pass": lambda: launcher.run([*py, "-c", "pass"], root, env),
        "git status --porcelain": lambda: launcher.run(["git", "status", "--porcelain"], root, env),
        "git commit (one file)": commit_one,
        "custnote --help": lambda: launcher.run([*cn, "--help"], root, env),
        "custnote show ID": lambda: launcher.run([*cn, "show", customer], root, env),
        "custnote history ID": lambda: launcher.run([*cn, "history", customer], root, env),
        "custnote log ID TEXT": lambda: launcher.run(
            [*cn, "log", customer, "見積の件で折り返し", "-k", "call"], root, env
        ),
        "custnote who PHONE": lambda: launcher.run([*cn, "who", phone], root, env),
        "custnote agenda": lambda: launcher.run([*cn, "agenda"], root, env),
        "custnote list": lambda: launcher.run([*cn, "list"], root, env),
        "custnote list | head -40 (first page)": lambda: launcher.run(
            ["sh", "-c", f"{shlex.join([*cn, 'list'])} | head -n 40 >/dev/null"], root, env
        ),
        "custnote list --json": lambda: launcher.run([*cn, "list", "--json"], root, env),
        "custnote stats (after a change)": lambda: launcher.run([*cn, "stats"], root, env),
    }
    if shutil.which("rg"):
        word = RARE_WORDS[0]
        commands["rg -l WORD"] = lambda: launcher.run(["rg", "-l", word, "customers"], root, env)
    if search:
        word = RARE_WORDS[0]
        started = time.perf_counter()
        launcher.run([*cn, "index"], root, env)
        print(f"  search index ready in {time.perf_counter() - started:.0f} s")
        commands["custnote search WORD"] = lambda: launcher.run([*cn, "search", word], root, env)
    for name in ("custnote show ID", "custnote list", "custnote agenda"):
        commands[name]()  # warm whatever cache the command keeps, as any machine has it
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, run in commands.items():
            samples[name].append(run())
    result = {
        name: (statistics.median(s for s, _ in runs), max(m for _, m in runs))
        for name, runs in samples.items()
    }
    if cold:
        # once, not a median: the first command after custnote's caches are gone (the search
        # index is kept); the next command of the list then finds the cache the first built
        for name in ("custnote show ID", "custnote agenda", "custnote stats (after a change)"):
            for entry in Notebook(root).cache_dir.iterdir():
                if entry.name not in ("search", "config.json"):
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            result[f"{name} (cold cache, once)"] = commands[name]()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custnote-bench-scale"))
    parser.add_argument("--no-search", dest="search", action="store_false")
    parser.add_argument(
        "--cold", action="store_true", help="also time show/agenda/stats once with no cache"
    )
    parser.add_argument(
        "--work", type=Path, help="measure copies of the cached notebooks made in this folder"
    )
    parser.add_argument("--src", type=Path, help="time the custnote of this source tree")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    launcher = Launcher()  # before this process grows (see _LAUNCHER)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for size in sizes:
        root = working_copy(notebook_of_size(args.cache, size, args.entries), args.work)
        print(f"measuring {size:,} customers ({args.rounds} rounds) in {root}")
        results[size] = measure_size(launcher, root, args.rounds, args.search, args.cold, args.src)
    names = list(results[sizes[0]])
    header = "".join(f"{f'{n:,}':>16}" for n in sizes)
    grow = "  growth" if len(sizes) > 1 else ""
    print(f"\n{'command (median s / peak MiB)':<52}{header}{grow}")
    for name in names:
        cells = "".join(f"{results[n][name][0]:>8.3f}s{results[n][name][1]:>6.0f}M" for n in sizes)
        line = f"{name:<52}{cells}"
        if len(sizes) > 1:
            small, large = results[sizes[0]][name][0], results[sizes[-1]][name][0]
            exponent = math.log(large / small) / math.log(sizes[-1] / sizes[0])
            line += f"{exponent:>8.2f}"
        print(line)
    for n in sizes:
        row = results[n]
        commit = row["git commit (one file)"][0]
        above = {
            k: v[0] - commit
            for k, v in row.items()
            if k.startswith("custnote ") and "cold" not in k
        }
        worst = max(above, key=above.__getitem__)
        print(f"{n:,}: slowest above git commit: {worst} +{above[worst]:.3f} s", end="")
        if "rg -l WORD" in row and "custnote search WORD" in row:
            print(
                f"; search / rg -l = {row['custnote search WORD'][0] / row['rg -l WORD'][0]:.2f}x"
            )
        else:
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
