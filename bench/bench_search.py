"""Speed of ``custnote search``, ``who`` and index upkeep at 10,000 customers, beside ripgrep.

Builds (or reuses, under ``--dir``) a generated notebook of N customers with about 10 log
entries each, half Japanese (the project's bench/gen_notebook.py), then times whole processes
as installed (bytecode cached): the median of ``--runs`` runs with a warm index, alternating
with ``rg`` over the same files. Usage: ``python bench/bench_search.py [--dir DIR] [-n 10000]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_notebook import RARE_WORDS, generate, installed_like_env

PY = [sys.executable, "-m", "custnote"]
#: the catalog scan ``who`` falls back to without an index, measured as a whole process
WHO_BY_CATALOG = """
import sys
from custnote.core.notebook.notebook import Notebook
from custnote.core.search.who import _Needle, _who_by_catalog
nb = Notebook.open(sys.argv[1])
print([c.note.name for c in _who_by_catalog(nb, _Needle.parse(sys.argv[2], "JP"))])
"""


#: CPU seconds (user + sys) of every child process measured, by label, for the report
CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], cwd: Path, env: dict[str, str], label: str = "") -> float:
    """Wall-clock seconds of one whole process (its CPU time is noted under ``label``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(label or " ".join(cmd[-2:]), []).append(cpu)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')}")
    return elapsed


def median(cmd: list[str], cwd: Path, env: dict[str, str], runs: int, label: str = "") -> float:
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)  # warm-up
    return statistics.median(timed(cmd, cwd, env, label) for _ in range(runs))


def notebook(directory: Path, n: int) -> Path:
    root = directory / f"notebook-{n}"
    marker = root / ".custnote" / "bench-complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"generating {n} customers in {root} …", flush=True)
        generate(root, n)
        marker.write_text(date.today().isoformat() + "\n")
    return root


@dataclass
class Row:
    label: str
    ours: float
    base: float
    target: float | None  # seconds; search/who rows must also be within 4x of rg
    cpu_ours: float
    cpu_base: float

    def ok(self) -> str:
        if self.target is None:
            return ""
        fast = self.ours < self.target
        if self.target == 0.25:
            fast = fast and self.ours <= 4 * self.base
        return "yes" if fast else "NO"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/custnote-bench-search"))
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild-runs", type=int, default=1, help="0 skips the rebuild")
    args = parser.parse_args()
    if not shutil.which("rg"):
        raise SystemExit("ripgrep (rg) is needed as the baseline: apt-get install ripgrep")
    root = notebook(args.dir, args.n)
    env = installed_like_env(args.dir / "pycache", CUSTNOTE_NOTEBOOK=str(root))
    env.pop("CUSTNOTE_NOW", None)
    generated_on = date.fromisoformat((root / ".custnote" / "bench-complete").read_text().strip())
    half_year_ago = (generated_on - timedelta(days=182)).isoformat()
    rows: list[Row] = []

    def measure(label: str, ours: list[str], base: list[str], target: float | None) -> None:
        """Alternate the two commands, so that both see the same machine load."""
        for cmd in (ours, base):
            subprocess.run(cmd, cwd=root, env=env, capture_output=True)  # warm-up
        pairs = [
            (timed(ours, root, env, label), timed(base, root, env, label + " rg"))
            for _ in range(args.runs)
        ]
        add(label, statistics.median(o for o, _ in pairs), statistics.median(b for _, b in pairs),
            target)  # fmt: skip

    def add(label: str, o: float, b: float, target: float | None) -> None:
        cpu_o = statistics.median(CPU.get(label, [0.0]))
        cpu_b = statistics.median(CPU.get(label + " rg", [0.0]))
        rows.append(Row(label, o, b, target, cpu_o, cpu_b))
        print(f"{label:46} {o * 1000:7.0f} ms  rg {b * 1000:5.0f} ms  x{o / b:5.1f}", flush=True)

    rg = ["rg", "-l", "--no-messages"]
    if args.rebuild_runs:
        label = "full rebuild (custnote index --rebuild)"
        cmd = [*PY, "index", "--rebuild"]
        rebuilt = statistics.median(timed(cmd, root, env, label) for _ in range(args.rebuild_runs))
        base = median(["rg", "-c", "--no-messages", "の", "customers"], root, env, args.runs,
                      label + " rg")  # fmt: skip
        add(label, rebuilt, base, 60)
    subprocess.run([*PY, "index"], cwd=root, env=env, capture_output=True, check=True)
    rare_ja, rare_latin = RARE_WORDS
    for label, words in (
        (f"search rare word ({rare_latin})", [rare_latin]),
        (f"search rare Japanese word ({rare_ja})", [rare_ja]),
        ("search common word (見積)", ["見積"]),
        ("search Japanese inside unspaced text (アレルギー)", ["アレルギー"]),
        ("search filter + word (tag:vip quote)", ["tag:vip", "quote"]),
        (
            "search kind + dates + word (kind:complaint since:-6 months 納期)",
            ["kind:complaint", f"since:{half_year_ago}", "納期"],
        ),
    ):
        measure(label, [*PY, "search", *words], [*rg, words[-1], "customers"], 0.25)
    rg_phone = [*rg, "03-5555-0199", "customers"]
    measure("who 0355550199 (search index)", [*PY, "who", "0355550199"], rg_phone, 0.25)
    by_catalog = [sys.executable, "-c", WHO_BY_CATALOG, str(root), "0355550199"]
    measure("who by catalog scan (used without an index)", by_catalog, rg_phone, None)

    label = "hand edit noticed + re-indexed + searched"
    edited = next((root / "customers").glob("*/*.md"))
    original = edited.read_bytes()
    times = []
    try:
        for i in range(args.runs):
            edited.write_bytes(original + f"\n手書きメモ handedit{i}\n".encode())
            times.append(timed([*PY, "search", f"handedit{i}"], root, env, label))
    finally:
        edited.write_bytes(original)
    subprocess.run([*PY, "index"], cwd=root, env=env, capture_output=True, check=True)
    base = median([*rg, "handedit0", "customers"], root, env, args.runs, label + " rg")
    add(label, statistics.median(times), base, 0.5)

    print()
    print(f"{args.n} customers; wall-clock medians of {args.runs} whole-process runs "
          f"(rebuild: {args.rebuild_runs}); load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| what | custnote | rg | ratio | custnote CPU | rg CPU | target | met |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        goal = "" if r.target is None else f"< {r.target} s" + (" & ≤4× rg" * (r.target == 0.25))
        print(f"| {r.label} | {r.ours:.3f} s | {r.base:.3f} s | {r.ours / r.base:.1f}× | "
              f"{r.cpu_ours:.3f} s | {r.cpu_base:.3f} s | {goal} | {r.ok()} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
