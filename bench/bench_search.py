"""Speed of ``custnote search``, ``who`` and index upkeep at 10,000 customers, beside ripgrep.

Builds (or reuses, under ``--dir``) a generated notebook of N customers with about 10 log
entries each, half Japanese (bench/gen_notebook.py), then times whole processes: the median of
``--runs`` runs with a warm index, each beside ``rg`` over the same files in the same run.
Usage: ``PYTHONPATH=src python bench/bench_search.py [--dir DIR] [-n 10000] [--runs 7]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SRC))

from gen_notebook import generate  # noqa: E402

PY = [sys.executable, "-m", "custnote"]
#: whoosh-based caller lookup, measured against the catalog-based ``who`` it could replace
WHO_VIA_INDEX = """
import sys
from custnote.core.notebook import Notebook
from custnote.core.search import doc_source, search_index
nb = Notebook.open(sys.argv[1])
index = search_index(nb)
index.refresh(doc_source(nb))
print([d["name"] for d in index.find_exact("phone", sys.argv[2])])
"""


def timed(cmd: list[str], cwd: Path, env: dict[str, str], expect_ok: bool = True) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if expect_ok and proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')}")
    return elapsed


def median(cmd: list[str], cwd: Path, env: dict[str, str], runs: int) -> float:
    timed(cmd, cwd, env)  # warm-up
    return statistics.median(timed(cmd, cwd, env) for _ in range(runs))


def notebook(directory: Path, n: int) -> Path:
    root = directory / f"notebook-{n}"
    marker = root / ".custnote" / "bench-complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"generating {n} customers in {root} …", flush=True)
        generate(root, n)
        marker.write_text("ok\n")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/custnote-bench-search"))
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild-runs", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("rg"):
        raise SystemExit("ripgrep (rg) is needed as the baseline: apt-get install ripgrep")
    root = notebook(args.dir, args.n)
    env = {**os.environ, "PYTHONPATH": str(SRC), "CUSTNOTE_NOTEBOOK": str(root)}
    env.pop("CUSTNOTE_NOW", None)
    rg = ["rg", "-l", "--no-messages"]
    rows: list[tuple[str, float, float, float | None]] = []

    def row(label: str, ours: float, base: float, target: float | None) -> None:
        rows.append((label, ours, base, target))
        print(f"{label:42} {ours * 1000:8.0f} ms   rg {base * 1000:6.0f} ms   "
              f"×{ours / base:5.1f}", flush=True)  # fmt: skip

    rebuild = [*PY, "index", "--rebuild"]
    rebuild_times = [timed(rebuild, root, env) for _ in range(args.rebuild_runs)]
    rg_all = median(["rg", "-c", "--no-messages", "の", "customers"], root, env, args.runs)
    row("full rebuild (custnote index --rebuild)", statistics.median(rebuild_times), rg_all, 60)

    for label, word in (
        ("search rare word (xylophone)", "xylophone"),
        ("search common word (見積)", "見積"),
        ("search Japanese inside unspaced text (アレルギー)", "アレルギー"),
        ("search filter + word (tag:vip contract)", "tag:vip contract"),
    ):
        ours = median([*PY, "search", *word.split()], root, env, args.runs)
        base = median([*rg, word.split()[-1], "customers"], root, env, args.runs)
        row(label, ours, base, 0.25)

    rg_phone = median([*rg, "03-5555-0199", "customers"], root, env, args.runs)
    row("who 0355550199 (catalog)", median([*PY, "who", "0355550199"], root, env, args.runs),
        rg_phone, 0.25)  # fmt: skip
    via_index = [sys.executable, "-c", WHO_VIA_INDEX, str(root), "0355550199"]
    row("who via the Whoosh index (alternative)", median(via_index, root, env, args.runs),
        rg_phone, None)  # fmt: skip

    edited = next((root / "customers").glob("*/*.md"))
    original = edited.read_bytes()
    times = []
    try:
        for i in range(args.runs):
            edited.write_bytes(original + f"\n手書きメモ handedit{i}\n".encode())
            times.append(timed([*PY, "search", f"handedit{i}"], root, env))
    finally:
        edited.write_bytes(original)
    subprocess.run([*PY, "index"], cwd=root, env=env, capture_output=True)
    row("hand edit noticed + re-indexed + searched", statistics.median(times),
        median([*rg, "handedit0", "customers"], root, env, args.runs), 0.5)  # fmt: skip

    print()
    print(f"{args.n} customers, medians of {args.runs} runs (rebuild: {args.rebuild_runs}), "
          f"Python {sys.version.split()[0]}")  # fmt: skip
    print("| what | custnote | rg | ratio | target | ok |")
    print("|---|---|---|---|---|---|")
    for label, ours, base, target in rows:
        ok = "" if target is None else ("yes" if ours < target else "NO")
        if target == 0.25:
            ok = "yes" if ours < 0.25 and ours < 4 * base else "NO"
        goal = "" if target is None else f"< {target} s" + (" and ≤4× rg" if target == 0.25 else "")
        print(f"| {label} | {ours:.3f} s | {base:.3f} s | {ours / base:.1f}× | {goal} | {ok} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
