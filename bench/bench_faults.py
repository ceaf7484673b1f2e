"""Kill custnote commands at random moments, many times, and count what was recovered.

The scenarios (import, log, set, undo, rm, restore, …) and the checks are those of
tests/test_faults.py (tests/faultkit.py): SIGKILL to the command's process group after a random
delay, then the next command must succeed by itself, the work tree must be clean and hold the
state before or after the command, and no committed log entry may be missing.

Printed per scenario and in total: trials, killed (the command was still running when killed),
recovered (every check passed), lost (committed log entries missing), and how many trials
ended in the state before / after the command.

    PYTHONPATH=src python bench/bench_faults.py [--trials 200] [--seed 1] [--only import,log]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the shared harness

from faultkit import SCENARIOS, kill_trial, prepare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=200, help="in all, shared by scenarios")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    names = [n for n in (args.only.split(",") if args.only else SCENARIOS) if n]
    rng = random.Random(args.seed)
    totals: Counter[str] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="custnote-faults-") as tmp:
        workdir = Path(tmp)
        bases = {name: prepare(SCENARIOS[name], workdir) for name in names}
        per = {name: Counter() for name in names}
        failures = []
        for number in range(args.trials):
            name = names[number % len(names)]
            outcome = kill_trial(bases[name], workdir, rng, number)
            counts = per[name]
            counts["trials"] += 1
            counts["killed"] += outcome.killed
            counts["recovered"] += outcome.recovered
            counts["lost"] += outcome.lost
            counts[outcome.state] += 1
            if not outcome.recovered:
                failures.append(outcome)
        print(f"{'scenario':10} {'trials':>6} {'killed':>6} {'recovered':>9} {'lost':>5} "
              f"{'before':>6} {'after':>6} {'other':>6}  (command alone, s)")  # fmt: skip
        for name in names:
            c = per[name]
            totals.update(c)
            print(f"{name:10} {c['trials']:6} {c['killed']:6} {c['recovered']:9} {c['lost']:5} "
                  f"{c['before']:6} {c['after']:6} {c['other']:6}  "
                  f"({bases[name].seconds:.2f})")  # fmt: skip
        t = totals
        print(f"{'total':10} {t['trials']:6} {t['killed']:6} {t['recovered']:9} {t['lost']:5} "
              f"{t['before']:6} {t['after']:6} {t['other']:6}")  # fmt: skip
        for outcome in failures[:10]:
            print(f"FAILED {outcome.scenario} (killed at {outcome.delay:.2f}s): {outcome.problems}")
    print(f"trials={t['trials']} recovered={t['recovered']} lost={t['lost']} "
          f"({time.monotonic() - started:.0f} s)")  # fmt: skip
    return 0 if t["recovered"] == t["trials"] and not t["lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
