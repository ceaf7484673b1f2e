"""Cost of restricted fields (docs/privacy.md) at 10,000 customers: ``show``, ``search`` and
``agenda`` on a notebook whose restricted fields are encrypted, for a holder of the key and for
someone without one, beside the same notebook in clear text, measured in the same run.

Builds (or reuses, under ``--dir``) the generated notebook of bench/gen_notebook.py, copies it,
and encrypts the copy with ``custnote access grant`` (an SSH ed25519 key made by ssh-keygen).
Whole processes as installed (bytecode cached), median of ``--runs`` runs after a warm-up.
Usage: ``python bench/bench_privacy.py [--dir DIR] [-n 10000] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import median, notebook
from gen_notebook import installed_like_env

PY = [sys.executable, "-m", "custnote"]


def run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')}")
    return time.perf_counter() - start


def restricted_copy(plain: Path, key: Path, env: dict[str, str]) -> tuple[Path, float]:
    """A copy of ``plain`` with its restricted fields encrypted (the grant's time)."""
    root = plain.parent / f"{plain.name}-restricted"
    marker = root / ".custnote" / "bench-restricted"
    if marker.exists():
        return root, float("nan")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(plain, root, symlinks=True)
    shutil.rmtree(root / ".git" / "custnote", ignore_errors=True)
    public = key.with_suffix(".pub").read_text().strip()
    seconds = run([*PY, "-N", str(root), "access", "grant", "bench", public, "--yes"], env)
    marker.write_text("done\n")
    return root, seconds


def per_value_cost(root: Path, key: Path) -> tuple[float, float, int]:
    """In-process: seconds to reveal the notes that hold ciphertext, per note and per value."""
    os.environ["CUSTNOTE_IDENTITY"] = str(key)
    from custnote.adapters.age_crypto import ARMOR_BEGIN
    from custnote.core.note.noteformat import parse_note
    from custnote.core.notebook.notebook import Notebook
    from custnote.core.privacy.sealing import reveal_note

    nb = Notebook(root)
    keyring = nb.keyring()
    texts = [nb.read_text(rel) for rel in nb.note_paths()]
    sealed = [t for t in texts if ARMOR_BEGIN in t][:300]
    notes = [parse_note(t) for t in sealed]
    values = sum(t.count(ARMOR_BEGIN) for t in sealed)
    start = time.perf_counter()
    for note in notes:
        reveal_note(note, keyring)
    elapsed = time.perf_counter() - start
    return elapsed / len(notes), elapsed / values, values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "custnote-bench")
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    plain = notebook(args.dir, args.n)
    key = args.dir / "bench_ed25519"
    if not key.exists():
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    base = installed_like_env(args.dir / "pycache", CUSTNOTE_INDEX_ON_WRITE="off")
    holder = base | {"CUSTNOTE_IDENTITY": str(key)}
    other = base | {"CUSTNOTE_IDENTITY": str(args.dir / "no-key-here")}
    restricted, grant_seconds = restricted_copy(plain, key, holder)
    sealed = sum(
        p.read_text("utf-8").count("-----BEGIN AGE") for p in restricted.glob("customers/*/*.md")
    )
    print(f"{args.n} customers, {sealed} encrypted values; first grant (encrypt all, one "
          f"commit): {grant_seconds:.1f} s")  # fmt: skip
    for label, root, env in (("holder", restricted, holder), ("no key", restricted, other)):
        seconds = run([*PY, "-N", str(root), "index", "--rebuild"], env)
        print(f"index --rebuild, {label}: {seconds:.1f} s")
    seconds = run([*PY, "-N", str(plain), "index", "--rebuild"], base)
    print(f"index --rebuild, clear text: {seconds:.1f} s")
    cases = [
        ("show yamada", ["show", "yamada"]),
        ("search 見積", ["search", "見積"]),
        ("who 0355550199", ["who", "0355550199"]),
        ("agenda", ["agenda"]),
    ]
    print(f"\n{'median of ' + str(args.runs):<18} {'clear text':>10} {'holder':>10} {'no key':>10}")
    for label, argv in cases:
        row = [
            median([*PY, "-N", str(plain), *argv], plain, base, args.runs, label),
            median([*PY, "-N", str(restricted), *argv], restricted, holder, args.runs, label),
            median([*PY, "-N", str(restricted), *argv], restricted, other, args.runs, label),
        ]
        print(f"{label:<18} " + " ".join(f"{s * 1000:>8.0f}ms" for s in row))
    card, value, values = per_value_cost(restricted, key)
    print(f"\ndecryption in process: {card * 1000:.2f} ms per card with ciphertext, "
          f"{value * 1000:.2f} ms per value ({values} values)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
