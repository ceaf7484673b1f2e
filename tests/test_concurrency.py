"""Several custnote processes at once on one notebook: every read-modify-write happens under the
lock, so counts come out exact (no lost ``tags+=``, no customer imported twice, a ``log`` racing
``rm`` either lands in the archived note or fails in one line)."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from conftest import CUSTNOTE_SRC, git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def custnote(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "custnote", "-N", str(root), *args],
        env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC},
        capture_output=True,
        text=True,
        timeout=120,
    )


def at_once(jobs: list[list[str]], root: Path) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(lambda args: custnote(root, *args), jobs))


def test_concurrent_tag_additions_all_survive(notebook: Notebook, yamada: Note) -> None:
    workers, each = 4, 4

    def worker(n: int) -> list[int]:
        return [
            custnote(notebook.root, "set", yamada.id, f"tags+=w{n}-{i}").returncode
            for i in range(each)
        ]

    with ThreadPoolExecutor(workers) as pool:
        codes = [c for codes in pool.map(worker, range(workers)) for c in codes]

    assert codes == [0] * (workers * each)
    tags = notebook.load(yamada.path).fields["tags"]
    assert sorted(tags) == sorted(f"w{n}-{i}" for n in range(workers) for i in range(each))
    assert git_log(notebook.root).count(f"set: {yamada.name} (tags)") == workers * each


def test_two_imports_of_one_file_at_once_create_each_customer_once(
    notebook: Notebook, tmp_path: Path
) -> None:
    rows = 60
    csv = tmp_path / "名簿.csv"
    lines = [f"顧客 {i:03d},03-6000-{i:04d}" for i in range(rows)]
    csv.write_text("氏名,電話\n" + "\n".join(lines) + "\n", encoding="utf-8")

    results = at_once([["import", str(csv)], ["import", str(csv)]], notebook.root)

    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    names = sorted(s["name"] for s in notebook.summaries().values())
    assert names == sorted(f"顧客 {i:03d}" for i in range(rows))
    outputs = sorted(r.stdout for r in results)
    assert "60 create" in outputs[0] + outputs[1], outputs
    imports = [s for s in git_log(notebook.root) if s.startswith("import: ")]
    assert imports == [f"import: {rows} new, 0 updated customers from 名簿.csv"], imports


def test_log_racing_rm_loses_nothing_and_prints_no_traceback(
    notebook: Notebook, yamada: Note
) -> None:
    logs = 5
    jobs = [["log", yamada.id, f"電話 {i}", "--kind", "call"] for i in range(logs)]
    jobs.insert(2, ["rm", yamada.id, "-y"])

    results = at_once(jobs, notebook.root)

    rm = results.pop(2)
    assert rm.returncode == 0, rm.stderr
    logged = [r for r in results if r.returncode == 0]
    for failed in (r for r in results if r.returncode != 0):
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in failed.stderr, failed.stderr
        said = ("no longer exists", "no customer matches", "is archived")
        assert any(words in lines[0] for words in said), lines[0]
    archived = notebook.root / "archive" / yamada.path.removeprefix("customers/")
    assert not (notebook.root / yamada.path).exists()
    entries = Notebook(notebook.root).load(archived.relative_to(notebook.root).as_posix()).log
    assert len(entries) == len(logged)
    assert sorted(e.text for e in entries) == sorted(
        r.args[r.args.index(yamada.id) + 1] for r in logged
    )
