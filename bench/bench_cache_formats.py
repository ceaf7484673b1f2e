"""pickle, JSON and msgpack for custnote's caches, on a real notebook's caches (issue 11).

    python bench/bench_cache_formats.py /path/to/notebook   # run any custnote command there first

Reads the catalog shards (``list``, ``show NAME`` and ``who`` read every shard), the stats memo
and one search record as they are, re-encodes each in every format and prints the median of
``--runs`` decodes and encodes. msgpack is measured only when installed. Figures move by a third
from run to run on a shared machine (and pickle's with the sharing of strings in what it is
given): compare formats within one run, and run it twice.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from custnote.core.note.summary import collector_paused
from custnote.core.notebook.notebook import Notebook


def _formats() -> dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any]]]:
    found = {
        "pickle": (lambda v: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads),
        "json": (lambda v: json.dumps(v, ensure_ascii=False).encode(), json.loads),
    }
    try:
        import msgpack

        found["msgpack"] = (msgpack.packb, lambda b: msgpack.unpackb(b, strict_map_key=False))
    except ImportError:
        pass
    return found


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        with collector_paused():
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    nb = Notebook(args.notebook.resolve())
    nb.summaries()  # the catalog, built if missing
    shards = {}
    for path in sorted((nb.cache_dir / "catalog").iterdir()):
        data = path.read_bytes()
        shards[path.name] = _formats()[path.suffix.lstrip(".")][1](data)
    print(f"{len(shards)} catalog shards, {sum(len(s['files']) for s in shards.values())} notes")
    print("| cache | format | size | decode (ms) | encode (ms) |")
    print("|---|---|---|---|---|")
    for name, (dump, load) in _formats().items():
        blobs = [dump(s) for s in shards.values()]
        decode = _median(lambda blobs=blobs, load=load: [load(b) for b in blobs], args.runs)
        encode = _median(lambda dump=dump: [dump(s) for s in shards.values()], args.runs)
        size = sum(map(len, blobs))
        row = f"{size:,} | {decode * 1e3:.1f} | {encode * 1e3:.1f}"
        print(f"| catalog (all shards) | {name} | {row} |")
    _memo(nb, args.runs)
    _record(nb, args.runs)
    return 0


def _memo(nb: Notebook, runs: int) -> None:
    """The stats memo holds ``Stats`` objects: pickle keeps them, JSON (via ``plain``, and
    without the classes) only shows what decoding the same data as plain values costs."""
    from custnote.core.note.json_records import plain
    from custnote.core.stats.notebook_stats import stats_for
    from custnote.core.stats.team_stats import StatsQuery

    stats_for(nb, StatsQuery())
    memo = next(nb.cache_dir.glob("stats-results.*"))
    value = pickle.loads(memo.read_bytes())
    as_plain = plain({"results": [[list(k), _plain_stats(v)] for k, v in value["results"].items()]})
    for name, (dump, load) in _formats().items():
        blob = dump(value if name == "pickle" else as_plain)
        decode = _median(lambda blob=blob, load=load: load(blob), runs)
        encode = _median(
            lambda dump=dump, name=name: dump(value if name == "pickle" else as_plain), runs
        )
        print(f"| stats memo | {name} | {len(blob):,} | {decode * 1e3:.2f} | {encode * 1e3:.2f} |")


def _plain_stats(value: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, tuple | list):
        return [_plain_stats(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain_stats(v) for k, v in value.items()}
    return value


def _record(nb: Notebook, runs: int) -> None:
    """One search record (``who`` decodes one per caller): a pickled Note, or its ``--json``
    record read back into a Note (the fields' dates would need tags on top of that)."""
    from custnote.core.note.json_records import entry_from_record, note_record
    from custnote.core.note.model import Note

    note = nb.load(nb.note_paths()[0])
    record = note_record(note)

    def from_json(blob: bytes) -> Note:
        r = json.loads(blob)
        return Note(r["fields"], r["body"], [entry_from_record(e) for e in r["log"]], r["path"])

    pairs = {
        "pickle": (pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads),
        "json": (json.dumps(record, ensure_ascii=False).encode(), from_json),
    }
    for name, (blob, load) in pairs.items():
        decode = _median(lambda blob=blob, load=load: [load(blob) for _ in range(100)], runs) / 100
        print(f"| search record (one note) | {name} | {len(blob):,} | {decode * 1e3:.3f} | |")


if __name__ == "__main__":
    sys.exit(main())
