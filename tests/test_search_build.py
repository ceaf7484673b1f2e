"""The full build of the search index: in worker processes, in segments, with a progress bar at
a terminal only, and nothing left behind by a build that was killed."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_search_index import source, write

from custnote.adapters.whoosh_index import build
from custnote.adapters.whoosh_index import index as si
from custnote.adapters.whoosh_index.docfields import Packer
from custnote.core.search.query import parse_query

BENCH = Path(__file__).resolve().parents[1] / "bench"
QUERIES = [
    "見積",
    "アレルギー",
    "茶",
    "coffee",
    "meeting",
    "kind:complaint 納期",
    "tag:vip",
    "山田",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated notebook of 120 customers (bench/gen_notebook.py, seeded)."""
    sys.path.insert(0, str(BENCH))
    try:
        from gen_notebook import generate
    finally:
        sys.path.pop(0)
    root = tmp_path_factory.mktemp("gen") / "nb"
    generate(root, 120, 4)
    return root


def results(index: si.SearchIndex, query: str) -> list[tuple]:
    """Every hit (score, id, snippet); hits that tie in score and date come in the order of
    their documents, which differs between builds, so the list is sorted."""
    found = index.search(parse_query(query), limit=500)
    return sorted((-h.score, h.id, h.snippet and h.snippet.text) for h in found.hits)


def test_workers_and_segments_give_the_same_hits_as_one_serial_segment(
    generated, tmp_path, monkeypatch
):
    from custnote.core.notebook.notebook import Notebook
    from custnote.core.search import notebook_search as search

    src = search.doc_source(Notebook(generated))
    serial = si.SearchIndex(tmp_path / "serial", workers=1)
    assert serial.refresh(src).rebuilt
    parallel = si.SearchIndex(tmp_path / "parallel", workers=2)
    monkeypatch.setattr(build, "CHUNK", 7)
    monkeypatch.setattr(build, "SEGMENT_MB", 0.05)  # a segment every few notes
    assert parallel.refresh(search.doc_source(Notebook(generated))).rebuilt
    with parallel._open().searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 4
        assert searcher.doc_count() == 120
    assert not list(parallel.dir.glob("*.tmp"))  # no run-file folder left
    expected = {query: results(serial, query) for query in QUERIES}
    assert sum(map(bool, expected.values())) >= 5  # most queries find someone
    assert {query: results(parallel, query) for query in QUERIES} == expected


def test_an_update_after_a_parallel_build_leaves_the_build_segments_alone(tmp_path, monkeypatch):
    for i in range(30):
        write(tmp_path, f"customers/c{i % 3}/c{i}.md", name=f"Customer {i}", body=f"visit {i}")
    index = si.SearchIndex(tmp_path / "cache", workers=2)
    monkeypatch.setattr(build, "CHUNK", 4)
    monkeypatch.setattr(build, "SEGMENT_MB", 0.015)  # several notes a segment
    assert index.refresh(source(tmp_path)).rebuilt
    built = set(index.load_state().built)
    assert len(built) > 2
    stored = Packer.load(index.dir).reader  # the stored fields, compressed
    with index._open().searcher() as searcher:
        paths = {
            leaf.segment().segment_id(): {stored(leaf)(n)["path"] for n in leaf.all_doc_ids()}
            for leaf, _ in searcher.reader().leaf_readers()
        }
    updated = {f"customers/c{i % 3}/c{i}.md" for i in range(4)}
    kept = {segment for segment in built if paths[segment] - updated}  # not emptied
    assert kept
    monkeypatch.setattr("custnote.adapters.whoosh_index.segments.SEGMENTS_MAX", 2)
    for i in range(4):  # updates: their segments are merged, never the build's
        write(tmp_path, f"customers/c{i % 3}/c{i}.md", name=f"Customer {i}", body=f"again {i}")
        assert index.refresh(source(tmp_path)).updated == 1
    with index._open().searcher() as searcher:
        ids = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}
        assert searcher.doc_count() == 30
    assert ids & built == kept and len(ids - built) <= 2
    found = index.search(parse_query("again"), limit=50).hits
    assert sorted(h.name for h in found) == [f"Customer {i}" for i in range(4)]


def _run_index(root: Path, stderr_tty: bool) -> bytes:
    """``custnote index --rebuild`` with stderr on a terminal (a pty) or a pipe: what it wrote."""
    env = {**os.environ, "CUSTNOTE_NOTEBOOK": str(root), "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    argv = [sys.executable, "-m", "custnote", "index", "--rebuild"]
    if not stderr_tty:
        proc = subprocess.run(argv, env=env, capture_output=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    out = b""
    deadline = time.monotonic() + 300
    poller = select.poll()  # not select(): a long test session passes its limit of 1024 fds
    poller.register(leader, select.POLLIN)
    while time.monotonic() < deadline:
        if poller.poll(1000):
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    assert proc.wait(timeout=60) == 0, out
    return out


def test_a_progress_bar_with_the_time_left_at_a_terminal_and_nothing_in_a_pipe(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        from gen_notebook import generate
    finally:
        sys.path.pop(0)
    generate(tmp_path / "nb", 260, 1)  # past the bar's threshold (200 notes)
    shown = _run_index(tmp_path / "nb", stderr_tty=True)
    assert b"Indexing notes" in shown and b"ETA" in shown and b"/260" in shown
    piped = _run_index(tmp_path / "nb", stderr_tty=False)
    assert b"Indexing" not in piped and b"\x1b[" not in piped


KILLED_BUILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_search_index import source
from custnote.adapters.whoosh_index import build, index as si
build.CHUNK = 2
root = Path(sys.argv[1])
slow = source(root)
load = slow.load
slow.load = lambda rel: time.sleep(0.05) or load(rel)
si.SearchIndex(root / "cache", workers=2).refresh(slow)
"""


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(p) for p in text.split()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_a_killed_build_leaves_no_worker_and_the_next_build_removes_its_folder(tmp_path):
    for i in range(80):
        write(tmp_path, f"customers/c{i % 4}/c{i}.md", name=f"Customer {i}", body=f"visit {i}")
    script = tmp_path / "build.py"
    script.write_text(KILLED_BUILD.format(tests=str(Path(__file__).parent)), "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=env)
    cache = tmp_path / "cache"
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and not (list(cache.glob("search.new-*")) and workers):
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the build never started its workers"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)  # the build only: its workers must notice and leave
    proc.wait(timeout=10)
    assert list(cache.glob("search.new-*"))  # what the killed build left
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        for w in workers:  # reap them if they are ours (they are not: init adopts them)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w, os.WNOHANG)
        time.sleep(0.2)
    alive = [w for w in workers if _alive(w)]
    assert not alive, f"workers {alive} outlived the killed build"
    index = si.SearchIndex(cache, workers=2)
    report = index.refresh(source(tmp_path))
    assert report.rebuilt and report.updated == 80
    assert sorted(p.name for p in cache.iterdir()) == ["search", "search.lock"]
    assert len(index.search(parse_query("visit"), limit=100).hits) == 80
    assert json.loads((index.dir / si.STATE_FILE).read_text())["built"]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has left already


def test_an_update_of_most_notes_is_a_rebuild(tmp_path, monkeypatch):
    monkeypatch.setattr("custnote.adapters.whoosh_index.segments.SMALL_SEGMENT_DOCS", 3)
    for i in range(20):
        write(tmp_path, f"customers/c{i % 2}/c{i}.md", name=f"Customer {i}", body=f"visit {i}")
    index = si.SearchIndex(tmp_path / "cache")
    assert index.refresh(source(tmp_path)).rebuilt
    for i in range(3):  # a few: updated
        write(tmp_path, f"customers/c{i % 2}/c{i}.md", name=f"Customer {i}", body=f"phone {i}")
    assert index.refresh(source(tmp_path)) == si.RefreshReport(updated=3)
    for i in range(10):  # half of them: rebuilt
        write(tmp_path, f"customers/c{i % 2}/c{i}.md", name=f"Customer {i}", body=f"mail {i}")
    report = index.refresh(source(tmp_path))
    assert report.rebuilt and report.reason == "many changes" and report.updated == 20
    assert len(index.search(parse_query("mail"), limit=50).hits) == 10
    assert len(index.search(parse_query("visit"), limit=50).hits) == 10
