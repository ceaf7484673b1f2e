"""Search speed of two versions of custnote side by side, beside ``rg -l``, in the same run.

    python bench/bench_search_versions.py --base-src /tmp/base/src --base-nb /tmp/nb-base \\
        --new-nb /tmp/nb-new [--runs 9]

Each version searches its own copy of one notebook (an index of one schema is rebuilt by the
other), warm index, bytecode cached; each round runs the base, the new version and ``rg -l``
once for each query, alternating, so that all three see the same machine load. The table
shows medians, and each index's size beside the notes' (apparent sizes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_notebook import RARE_WORDS, installed_like_env

SRC = Path(__file__).resolve().parents[1] / "src"


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


#: the index part of a search alone: SearchIndex.search() timed inside a new process, after
#: the imports and without the freshness check (``git status``: docs/scale.md)
INDEX_PART = """
import sys, time
from pathlib import Path
from custnote.adapters.whoosh_index import index as si
from custnote.core.search.query import parse_query
index = si.SearchIndex(Path(sys.argv[1]))
query = parse_query(" ".join(sys.argv[2:]))
started = time.perf_counter()
index.search(query, 20)
print(time.perf_counter() - started)
"""


def index_part(nb: Path, words: list[str], env: dict[str, str]) -> float:
    cache = nb / ".git" / "custnote" / "cache"
    cmd = [sys.executable, "-c", INDEX_PART, str(cache), *words]
    return float(subprocess.run(cmd, env=env, capture_output=True, check=True).stdout)


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-src", type=Path, required=True)
    parser.add_argument("--new-src", type=Path, default=SRC)
    parser.add_argument("--base-nb", type=Path, required=True)
    parser.add_argument("--new-nb", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--index-part", action="store_true", help="also time SearchIndex.search() alone"
    )
    args = parser.parse_args()
    pycache = Path(tempfile.gettempdir()) / "custnote-bench-pycache"
    envs = {}
    for name, src, nb in (
        ("base", args.base_src, args.base_nb),
        ("new", args.new_src, args.new_nb),
    ):
        env = installed_like_env(pycache, CUSTNOTE_NOTEBOOK=str(nb))
        env["PYTHONPATH"] = str(src)
        env.pop("CUSTNOTE_NOW", None)
        envs[name] = (env, nb)
        subprocess.run([sys.executable, "-m", "custnote", "index"], cwd=nb, env=env, check=True)
    half_year_ago = (date.today() - timedelta(days=182)).isoformat()
    rare_ja, rare_latin = RARE_WORDS
    queries = [
        [rare_latin],
        [rare_ja],
        ["見積"],
        ["アレルギー"],
        ["茶"],
        ["tag:vip", "quote"],
        ["kind:complaint", f"since:{half_year_ago}", "納期"],
    ]
    py = [sys.executable, "-m", "custnote"]
    rows = []
    for words in [*queries, None]:
        cmd = [*py, "who", "0355550199"] if words is None else [*py, "search", *words]
        word = "03-5555-0199" if words is None else words[-1]
        rg = ["rg", "-l", "--no-messages", word, "customers"]
        times: dict[str, list[float]] = {"base": [], "new": [], "rg": []}
        parts = args.index_part and words is not None
        if parts:
            times.update({"base index": [], "new index": []})
        for name in ("base", "new"):
            run(cmd, envs[name][1], envs[name][0])  # warm-up
        for _ in range(args.runs):
            for name in ("base", "new"):
                times[name].append(run(cmd, envs[name][1], envs[name][0]))
                if parts:
                    times[f"{name} index"].append(index_part(envs[name][1], words, envs[name][0]))
            times["rg"].append(run(rg, args.new_nb, envs["new"][0]))
        med = {k: statistics.median(v) for k, v in times.items()}
        label = " ".join(cmd[3:])
        rows.append((label, med))
        extra = (
            f"  index part: base {med['base index']:.3f} new {med['new index']:.3f}"
            if parts
            else ""
        )
        print(f"{label:50} base {med['base']:.3f}  new {med['new']:.3f}  rg {med['rg']:.3f}{extra}")
    print(f"\nmedians of {args.runs} rounds, load average {os.getloadavg()[0]:.1f}")
    print("| query | base | new | rg -l | new / base | new / rg | index part base / new |")
    print("|---|---|---|---|---|---|---|")
    for label, m in rows:
        part = f"{m['base index']:.3f} / {m['new index']:.3f} s" if "new index" in m else ""
        print(f"| `{label}` | {m['base']:.3f} s | {m['new']:.3f} s | {m['rg']:.3f} s | "
              f"{m['new'] / m['base']:.2f} | {m['new'] / m['rg']:.2f} | {part} |")  # fmt: skip
    notes = size(args.new_nb / "customers")
    for name in ("base", "new"):
        index = size(envs[name][1] / ".git" / "custnote" / "cache" / "search")
        print(
            f"{name}: index {index / 1e6:.1f} MB, notes {notes / 1e6:.1f} MB ({index / notes:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
