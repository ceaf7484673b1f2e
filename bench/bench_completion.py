"""Latency of a Tab of shell completion, as the shell runs it: a whole process per Tab.

    python bench/bench_completion.py --dir /tmp/nb10k                   # this source tree
    python bench/bench_completion.py --dir /tmp/nb10k --before ../main/src  # and another one

Each Tab runs custnote the way the installed ``custnote`` script does (``import re, sys`` and
``custnote.cli.completion.main``), with the environment Typer's completion scripts set for bash
(``COMP_WORDS``/``COMP_CWORD``), zsh and fish (``_TYPER_COMPLETE_ARGS``). Each round runs every
case once, interleaved with ``python -c pass`` and, with ``--before``, the same Tab on the other
source tree; the table shows medians over the rounds (wall and CPU) and the ratio to ``python
-c pass``. "stale" cases change a bucket folder's times before each run, as a note saved by an
editor does, so the Tab cannot trust the store as it is and brings it up to date the full way.
Then ``--help``, ``show --help``, ``show`` and ``who``, the same way: start-up costs beside it.

``--dir`` must be a notebook this run may write to (its store is brought up to date first): copy
a shared bench notebook (``cp -a``) rather than passing it. Target (issue 16): a Tab at 10,000
customers well under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_notebook import SRC, installed_like_env

#: what pip's console script for ``custnote = custnote.cli.completion:main`` runs
SCRIPT = "import re, sys\nfrom custnote.cli.completion import main\nsys.exit(main())"
TARGET = 0.1

#: (label, shell, command line up to the cursor)
CASES = [
    ("bash: show yam<Tab>", "bash", "show yam"),
    ("bash: show 山田<Tab>", "bash", "show 山田"),
    ("bash: show <Tab>", "bash", "show "),
    ("bash: list --tag <Tab>", "bash", "list --tag "),
    ("zsh: agenda -o <Tab>", "zsh", "agenda -o "),
    ("fish: log yamada -k c<Tab>", "fish", "log yamada -k c"),
]


def _env(src: Path, root: Path, shell: str, line: str) -> dict[str, str]:
    pycache = Path(tempfile.gettempdir()) / f"custnote-bench-pycache-{abs(hash(str(src)))}"
    env = installed_like_env(pycache, CUSTNOTE_NOTEBOOK=str(root))
    env["PYTHONPATH"] = str(src)
    full = f"custnote {line}"
    if not shell:  # a command, not a Tab
        return env
    env["_CUSTNOTE_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env |= {"COMP_WORDS": full, "COMP_CWORD": str(len(full.split(" ")) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = full
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env


def _timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or proc.stderr:
        raise SystemExit(f"{argv} {env.get('COMP_WORDS')}: {proc.returncode} {proc.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, proc.stdout


def _touch_a_bucket(root: Path) -> None:
    bucket = next(p for p in sorted((root / "customers").iterdir()) if p.is_dir())
    os.utime(bucket)


def _a_phone(root: Path) -> str:
    """README's 山田 太郎's phone number, for ``who``."""
    env = installed_like_env(Path(tempfile.gettempdir()) / "custnote-bench-pycache")
    argv = [sys.executable, "-m", "custnote", "-N", str(root), "show", "yamada", "--json"]
    shown = json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)
    return str(shown["fields"]["phones"][0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="a notebook this run may write to")
    parser.add_argument("--before", help="another custnote source tree (its src/) to compare")
    parser.add_argument(
        "--before-dir",
        help="a copy of the notebook for --before (the two may "
        "keep different versions of the store)",
    )
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--no-stale", action="store_true", help="skip the stale cases")
    parser.add_argument(
        "--no-commands", action="store_true", help="skip --help, show --help, show and who"
    )
    args = parser.parse_args(argv)
    root = Path(args.dir).resolve()
    trees = {"new": SRC} | ({"before": Path(args.before).resolve()} if args.before else {})
    python = [sys.executable, "-c", SCRIPT]

    dirs = {"new": root, "before": Path(args.before_dir or root).resolve()}
    fresh: dict[str, Callable[[], tuple[float, float, str]]] = {}
    plain = installed_like_env(Path(tempfile.gettempdir()) / "custnote-bench-pycache")
    fresh["python -c pass"] = lambda: _timed([sys.executable, "-c", "pass"], plain, root)
    for label, shell, line in CASES:
        for tree, src in trees.items():
            env = _env(src, dirs[tree], shell, line)
            fresh[f"{label} [{tree}]"] = lambda env=env, d=dirs[tree]: _timed(python, env, d)
    stale: dict[str, Callable[[], tuple[float, float, str]]] = {}
    if not args.no_stale:
        for label, shell, line in CASES[:1] + CASES[3:4]:
            for tree, src in trees.items():
                env = _env(src, dirs[tree], shell, line)

                def after_edit(env=env, d=dirs[tree]) -> tuple[float, float, str]:
                    _touch_a_bucket(d)
                    return _timed(python, env, d)

                stale[f"{label} stale [{tree}]"] = after_edit

    commands: dict[str, Callable[[], tuple[float, float, str]]] = {}
    if not args.no_commands:
        phone = _a_phone(root)
        for words in (["--help"], ["show", "--help"], ["show", "yamada"], ["who", phone]):
            for tree, src in trees.items():
                env = _env(src, dirs[tree], "", "")
                argv = [*python, *words]
                commands[f"custnote {' '.join(words)} [{tree}]"] = (
                    lambda argv=argv, env=env, d=dirs[tree]: _timed(argv, env, d)
                )

    times: dict[str, list[tuple[float, float]]] = {}
    answers: dict[str, str] = {}
    for runs in (fresh, stale, commands):
        # the store brought up to date (its stamp recorded) as after any command, then a pause
        # so that the stamp is not a racy one; one warm-up run of each case
        for tree, src in trees.items():
            env = installed_like_env(Path(tempfile.gettempdir()) / "custnote-bench-pycache")
            env["PYTHONPATH"] = str(src)
            argv = [sys.executable, "-m", "custnote", "-N", str(dirs[tree]), "list"]
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        time.sleep(0.3)
        answers |= {name: run()[2] for name, run in runs.items()}
        for _ in range(args.rounds):
            for name, run in runs.items():
                times.setdefault(name, []).append(run()[:2])
    base = statistics.median(w for w, _ in times["python -c pass"])
    print(f"{root}: {args.rounds} rounds, load {os.getloadavg()[0]:.1f}")
    print(f"{'case':<44}{'median':>9}{'cpu':>8}{'vs pass':>9}  answers  target")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        count = len(answers[name].splitlines())
        verdict = ""
        if "<Tab>" in name and "stale" not in name:
            verdict = f"< {TARGET * 1000:.0f} ms {'ok' if wall < TARGET else 'MISSED'}"
        print(
            f"{name:<44}{wall * 1000:>7.0f}ms{cpu * 1000:>6.0f}ms{wall / base:>8.1f}x"
            f"{count:>9}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
