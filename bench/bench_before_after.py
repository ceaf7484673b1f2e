"""Two versions of custnote on one notebook, alternating, as whole-process medians.

    python bench/bench_before_after.py --before /tmp/custnote-main/src --notebook /tmp/nb10k

Compares the source tree ``--before`` (e.g. ``git archive main | tar -x -C /tmp/custnote-main``)
with this checkout's ``src`` on the everyday commands: ``--help``, ``show``, ``log`` (one commit),
``search``, ``who`` and ``agenda``. Each round runs every command once with each version, the
order of the two versions alternating from round to round, so both meet the same load; the
table gives the medians of wall-clock and CPU seconds (the process and its children) and the
ratio after/before. Each version works on its own copy of ``--notebook`` (``log`` writes, and
each version builds its own caches: note store, search index) in a temporary folder; the copies
are made once and their caches built before the first round.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gen_notebook import installed_like_env

AFTER = Path(__file__).resolve().parents[1] / "src"
MAIN = "import sys; from custnote.cli.completion import main; sys.argv[0] = 'custnote'; main()"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(src: Path, args: list[str], notebook: Path, pycache: Path) -> tuple[float, float]:
    env = installed_like_env(
        pycache,
        PYTHONPATH=str(src),
        CUSTNOTE_NOTEBOOK=str(notebook),
        CUSTNOTE_AUTHOR="bench",
        CUSTNOTE_EMAIL="bench@example.invalid",
        CUSTNOTE_INDEX_ON_WRITE="off",  # the index refresh after `log` is not what is measured
    )
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", MAIN, *args], env=env, stdout=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started, _cpu() - cpu


def _customer(notebook: Path) -> tuple[str, str]:
    """An id and a phone number of one customer of the notebook (phones written inline)."""
    for note in sorted((notebook / "customers").glob("*/*.md")):
        for line in note.read_text("utf-8").splitlines():
            if line.startswith("phones: ["):
                first = line[len("phones: [") :].rstrip("]").split(",")[0].strip()
                return note.stem.rsplit("-", 1)[-1], first
    raise SystemExit(f"{notebook}: no customer with a phone number")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other version's src/")
    parser.add_argument("--notebook", type=Path, required=True, help="copied for each version")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    cid, phone = _customer(args.notebook)
    commands = {
        "--help": ["--help"],
        "show": ["show", cid],
        "log": ["log", cid, "bench entry", "--kind", "call"],
        "search": ["search", "見積"],
        "who": ["who", phone],
        "agenda": ["agenda"],
    }
    versions = {"before": args.before.resolve(), "after": AFTER}
    work = Path(tempfile.mkdtemp(prefix="custnote-before-after-"))
    caches = {name: work / f"pycache-{name}" for name in versions}
    books = {name: work / name for name in versions}
    for name, src in versions.items():  # warm: bytecode, note store, search index
        shutil.copytree(args.notebook, books[name], symlinks=True)
        shutil.rmtree(books[name] / ".git" / "custnote", ignore_errors=True)
        for argv in commands.values():
            _run(src, argv, books[name], caches[name])
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for n in range(args.rounds):
        order = list(versions) if n % 2 == 0 else list(reversed(versions))
        for command, argv in commands.items():
            for name in order:
                times.setdefault((command, name), []).append(
                    _run(versions[name], argv, books[name], caches[name])
                )
    print(f"{args.rounds} rounds, {args.notebook}")
    head = ("command", "before s", "after s", "ratio", "cpu before", "after")
    print("{:8} {:>9} {:>9} {:>6}   {:>10} {:>6}".format(*head))
    for command in commands:
        wall = {v: statistics.median(t[0] for t in times[(command, v)]) for v in versions}
        cpu = {v: statistics.median(t[1] for t in times[(command, v)]) for v in versions}
        ratio = wall["after"] / wall["before"]
        print(
            f"{command:8} {wall['before']:9.3f} {wall['after']:9.3f} {ratio:6.2f}   "
            f"{cpu['before']:10.3f} {cpu['after']:6.3f}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
