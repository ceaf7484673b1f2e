"""What git's options for big work trees save on the freshness check every command makes.

    python bench/bench_git_options.py                    # the 30,000-customer bench notebook
    python bench/bench_git_options.py --size 100000 --rounds 9 --work /tmp/me \
        --only "untrackedCache + v4 (custnote's)"   # the default, custnote's, with fsmonitor

Every custnote command that answers from the note store first asks git which files differ from
the last commit: ``git --no-optional-locks status --porcelain -z --untracked-files=all
--no-renames`` (the whole tree: with a pathspec git does not use its untracked cache, shown
as the last row). This script copies a notebook made
by bench/bench_scale.py (same ``--cache``) once per setting, applies the setting, lets git write
its index once (as the next commit would), and prints that status command's median beside the
default's, measured in the same run, interleaved. ``-uno`` (untracked files not looked for) is
shown for reference only: custnote must see a new note file copied in by hand.

Settings measured: ``core.untrackedCache``, ``index.version=4``, ``core.splitIndex``,
``feature.manyFiles`` (version 4 and the untracked cache together), and all of them; custnote's
fsmonitor for Linux (custnote.adapters.fsmonitor: git's built-in daemon exists on macOS and
Windows only) over custnote's settings, its watcher started and git's index written with its
token, as custnote leaves it; and the fsmonitor hook alone (one question to the watcher).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from custnote.adapters.fsmonitor import setup

STATUS = ["status", "--porcelain", "-z", "--untracked-files=all", "--no-renames"]
UNTRACKED_CACHE = [["config", "core.untrackedCache", "true"], ["update-index", "--untracked-cache"]]
VERSION_4 = [["config", "index.version", "4"], ["update-index", "--index-version", "4"]]
SPLIT = [["config", "core.splitIndex", "true"], ["update-index", "--split-index"]]
#: each setting as custnote would apply it: the config, and the index converted at once
SETTINGS: dict[str, list[list[str]]] = {
    "default": [],
    "core.untrackedCache": UNTRACKED_CACHE,
    "index.version 4": VERSION_4,
    "core.splitIndex": SPLIT,
    "feature.manyFiles": [["config", "feature.manyFiles", "true"], *VERSION_4[1:]],
    "untrackedCache + v4 (custnote's)": UNTRACKED_CACHE
    + VERSION_4
    + [["config", "status.showUntrackedFiles", "all"]],
    "untrackedCache + v4 + splitIndex": UNTRACKED_CACHE + VERSION_4 + SPLIT,
    "untrackedCache + v4 + fsmonitor (custnote's)": UNTRACKED_CACHE
    + VERSION_4
    + [["config", "status.showUntrackedFiles", "all"]]
    + [["config", "core.fsmonitor", setup.hook_command()]]
    + [["config", "core.fsmonitorHookVersion", "2"]],
}
CUSTNOTE = "untrackedCache + v4 (custnote's)"
FSMONITOR = "untrackedCache + v4 + fsmonitor (custnote's)"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def timed(root: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(["git", *args], cwd=root, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def hook_time(root: Path) -> float:
    """One run of the fsmonitor hook as git runs it (``sh -c``, in the work tree)."""
    token = subprocess.run(
        ["sh", "-c", setup.hook_command() + " 2 x"], cwd=root, capture_output=True, check=True
    ).stdout.split(b"\0")[0]
    started = time.perf_counter()
    subprocess.run(
        ["sh", "-c", f"{setup.hook_command()} 2 {token.decode()}"],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def prepare(source: Path, target: Path, steps: list[list[str]]) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    for step in steps:
        git(target, *step)
    # git writes its index once more, as the next commit would (the untracked cache filled)
    git(target, "status", "--porcelain", "--untracked-files=all")
    git(target, "status", "--porcelain")
    if ["config", "core.fsmonitorHookVersion", "2"] in steps:  # the hook started the watcher:
        deadline = time.monotonic() + 60  # once it answers, the index gets its token
        while setup.watcher_pid(target) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        git(target, "status", "--porcelain")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/custnote-bench-scale"))
    parser.add_argument(
        "--work", type=Path, help="make the copies here (default: beside the cached notebook)"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated setting names to measure beside the default (e.g. "
        "\"untrackedCache + v4 (custnote's),untrackedCache + v4 + fsmonitor (custnote's)\")",
    )
    args = parser.parse_args()
    source = args.cache / f"nb-{args.size}"
    if not source.is_dir():
        raise SystemExit(f"{source}: run bench/bench_scale.py --sizes {args.size} first")
    scratch = (args.work or args.cache) / "git-options"
    wanted = {"default", *filter(None, args.only.split(","))} if args.only else set(SETTINGS)
    for name in {CUSTNOTE, FSMONITOR} - wanted:  # the extra rows are measured on these
        wanted.add(name)
    copies = {}
    for name, steps in SETTINGS.items():
        if name not in wanted:
            continue
        copies[name] = scratch / name.replace(" ", "_").replace("+", "")
        prepare(source, copies[name], steps)
    index_sizes = {n: (c / ".git" / "index").stat().st_size for n, c in copies.items()}
    custnote = copies[CUSTNOTE]
    extra = ["-uno (reference)", "custnote's, with '-- customers archive'", "fsmonitor hook alone"]
    samples: dict[str, list[float]] = {name: [] for name in [*copies, *extra]}
    for _ in range(args.rounds):
        for name, root in copies.items():
            samples[name].append(timed(root, "--no-optional-locks", *STATUS))
        uno = [a if a != "--untracked-files=all" else "-uno" for a in STATUS]
        samples[extra[0]].append(timed(copies["default"], "--no-optional-locks", *uno))
        pathspec = ["--", "customers", "archive"]
        samples[extra[1]].append(timed(custnote, "--no-optional-locks", *STATUS, *pathspec))
        samples[extra[2]].append(hook_time(copies[FSMONITOR]))
    base = statistics.median(samples["default"])
    print(f"{args.size:,} customers, git status of the notes, median of {args.rounds}")
    for name, runs in samples.items():
        median = statistics.median(runs)
        size = index_sizes.get(name)
        index = f"  index {size / 1e6:5.2f} MB" if size else ""
        print(f"  {name:<42}{median:8.3f} s  {median / base:5.2f}x{index}")
    setup.stop(copies[FSMONITOR])
    shutil.rmtree(scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
