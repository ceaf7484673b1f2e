"""What custnote's fsmonitor for git saves on the everyday commands, with it off and on.

    python bench/bench_fsmonitor.py --work /tmp/me/fsm                  # 100,000 customers
    python bench/bench_fsmonitor.py --size 10000 --work /tmp/me/fsm --rounds 9 --no-search

Two copies of a cached bench notebook (bench/bench_scale.py's ``--cache``; copied once into
``--work/off`` and ``--work/on``, never written in the cache), one with the notebook setting
``fsmonitor: off``, one with ``on``, each warmed (note store, search index, git's index
refreshed with the watcher's token). Every round runs each command once in each copy,
interleaved, beside the baselines of the same run (``python -c pass``, custnote's freshness
``git status``, ``git commit`` of one file, ``rg -l``), and prints the medians (whole
processes, peak memory of the process and its children). The watcher is stopped at the end.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import Launcher, pick_customer, working_copy
from gen_notebook import RARE_WORDS, installed_like_env

from custnote.adapters.fsmonitor import setup
from custnote.core.note.noteformat import parse_note

STATUS = ["git", "--no-optional-locks", "status", "--porcelain", "-z", "-uall", "--no-renames"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def set_mode(root: Path, mode: str) -> None:
    """The notebook setting ``fsmonitor: MODE``, committed in this copy."""
    config = root / ".custnote" / "config.yaml"
    lines = [x for x in config.read_text("utf-8").splitlines() if not x.startswith("fsmonitor:")]
    text = "\n".join([*lines, f"fsmonitor: {mode}"]) + "\n"
    if text != config.read_text("utf-8"):
        config.write_text(text, "utf-8")
        git(root, "commit", "-q", "-m", f"bench: fsmonitor {mode}", "--", str(config))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custnote-bench-scale"))
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--no-search", dest="search", action="store_false")
    args = parser.parse_args()
    source = args.cache / f"nb-{args.size}"
    if not source.is_dir():
        raise SystemExit(f"{source}: run bench/bench_scale.py --sizes {args.size} first")
    launcher = Launcher()
    roots = {mode: working_copy(source, args.work / mode) for mode in ("off", "on")}
    customer, rel = pick_customer(roots["off"])
    phones = parse_note((roots["off"] / rel).read_text("utf-8"), rel).fields.get("phones")
    phone = (phones or ["0355550199"])[0]
    cn = [sys.executable, "-m", "custnote"]
    envs = {}
    for mode, root in roots.items():
        set_mode(root, mode)
        envs[mode] = installed_like_env(
            Path(tempfile.gettempdir()) / "custnote-bench-pycache",
            CUSTNOTE_AUTHOR="bench",
            CUSTNOTE_EMAIL="bench@example.invalid",
            CUSTNOTE_NOTEBOOK=str(root),
            COLUMNS="120",
        )
        started = time.perf_counter()
        git(root, "status", "--porcelain", "-uall")  # git's index written as a status leaves it
        for _ in range(3):  # the store, the watcher started, git's index refreshed once
            launcher.run([*cn, "show", customer], root, envs[mode])
        if args.search:
            launcher.run([*cn, "index"], root, envs[mode])
        print(f"{mode}: warm in {time.perf_counter() - started:.0f} s", flush=True)
    scratch = roots["off"] / "bench-scratch.txt"

    def commit_one(root: Path, env: dict[str, str]):
        scratch.write_text(f"{time.time()}\n")
        return launcher.run(["git", "commit", "-q", "-m", "b", "--", scratch.name], root, env)

    word = RARE_WORDS[0]
    baselines = {
        "python -c pass": lambda r, e: launcher.run([sys.executable, "-c", "pass"], r, e),
        "git commit (one file)": commit_one,
        "rg -l WORD": lambda r, e: launcher.run(["rg", "-l", word, "customers"], r, e),
    }
    commands = {
        "freshness git status": lambda r, e: launcher.run(STATUS, r, e),
        "custnote show ID": lambda r, e: launcher.run([*cn, "show", customer], r, e),
        "custnote history ID": lambda r, e: launcher.run([*cn, "history", customer], r, e),
        "custnote log ID TEXT": lambda r, e: launcher.run(
            [*cn, "log", customer, "見積の件で折り返し", "-k", "call"], r, e
        ),
        "custnote who PHONE": lambda r, e: launcher.run([*cn, "who", phone], r, e),
    }
    if args.search:
        commands["custnote search WORD"] = lambda r, e: launcher.run([*cn, "search", word], r, e)
    samples: dict[tuple[str, str], list] = {}
    for _ in range(args.rounds):
        for name, run in baselines.items():
            samples.setdefault((name, "off"), []).append(run(roots["off"], envs["off"]))
        for name, run in commands.items():
            for mode in ("off", "on"):
                samples.setdefault((name, mode), []).append(run(roots[mode], envs[mode]))
    setup.stop(roots["on"])
    print(f"{args.size:,} customers, median of {args.rounds} (peak MiB)")
    print(f"  {'command':<28}{'fsmonitor off':>18}{'fsmonitor on':>18}{'on - off':>10}")
    for name in [*baselines, *commands]:
        cells, medians = [], []
        for mode in ("off", "on"):
            runs = samples.get((name, mode))
            if runs:
                median = statistics.median(s for s, _ in runs)
                medians.append(median)
                cells.append(f"{median:8.3f} s {max(m for _, m in runs):4.0f}M")
            else:
                cells.append("")
        diff = f"{medians[1] - medians[0]:+7.3f} s" if len(medians) == 2 else ""
        print(f"  {name:<28}{cells[0]:>18}{cells[1]:>18}{diff:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
