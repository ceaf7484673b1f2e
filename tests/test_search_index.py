"""The search index adapter on plain documents: freshness, rebuilds, ranking, snippets."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from custnote.adapters.whoosh_index import docfields, segments
from custnote.adapters.whoosh_index import index as si
from custnote.adapters.whoosh_index import query as query_module
from custnote.adapters.whoosh_index.freshness import stat_files
from custnote.core.notebook.stamps import RACY_NS
from custnote.core.search.document import SearchDocument
from custnote.core.search.query import parse_query


def write(root: Path, rel: str, **doc) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.setdefault("id", Path(rel).stem)
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def source(
    root: Path,
    head: str | None = None,
    dirty: set[str] | None = None,
    moved: set[str] | None = None,
) -> si.DocSource:
    """A source as the notebook gives it: without ``head``, no git (every file is stat-ed);
    with it, ``dirty`` are the files that differ from that commit (as ``git status`` says) and
    ``moved`` what ``git diff`` says changed since any earlier commit (None: it cannot tell)."""

    def load(rel: str) -> SearchDocument:
        return SearchDocument.from_dict(
            {"path": rel, **json.loads((root / rel).read_text("utf-8"))}
        )

    return si.DocSource(
        root=root,
        scan=lambda: si.scan_markdown(root),
        load=load,
        worktree=lambda: (head, None if head is None else set(dirty or ())),
        changed_between=lambda a, b: moved,
    )


def names(index: si.SearchIndex, query: str) -> list[str]:
    return [h.name for h in index.search(parse_query(query)).hits]


SMITH = {
    "name": "Jane Smith",
    "company": "Acme",
    "entries": [{"date": "2025-03-01", "kind": "meeting", "text": "Meetings about coffee"}],
}


@pytest.fixture
def nb(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "customers/ya/yamada.md",
        name="山田 太郎",
        kana="やまだ たろう",
        owner="sato",
        tags=["vip"],
        phones=["03-5555-0199"],
        entries=[
            {"date": "2026-11-20", "kind": "visit", "text": "えびアレルギーがあるので注意"},
            {"date": "2026-11-21", "kind": "call", "text": "見積の件で折り返し。"},
        ],
    )
    write(tmp_path, "customers/sm/smith.md", **SMITH)
    return tmp_path


@pytest.fixture
def index(nb: Path) -> si.SearchIndex:
    ix = si.SearchIndex(nb / ".custnote" / "cache")
    assert ix.refresh(source(nb)).rebuilt
    return ix


def test_missing_index_is_built_and_found(index):
    assert names(index, "アレルギー") == ["山田 太郎"]
    assert names(index, "yamada") == ["山田 太郎"]
    assert names(index, "meeting") == ["Jane Smith"]
    assert index.refresh(source(index.cache_dir.parents[1])) == si.RefreshReport()


def test_hand_edit_new_and_deleted_files_are_noticed(nb, index):
    write(nb, "customers/ya/yamada.md", name="山田 太郎", body="ゴルフ好き")
    write(nb, "customers/su/suzuki.md", name="鈴木 一郎", body="ゴルフ仲間")
    (nb / "customers/sm/smith.md").unlink()
    report = index.refresh(source(nb))
    assert (report.rebuilt, report.updated, report.deleted) == (False, 2, 1)
    assert sorted(names(index, "ゴルフ")) == ["山田 太郎", "鈴木 一郎"]
    assert names(index, "アレルギー") == names(index, "coffee") == []


def test_racy_edit_with_same_size_and_mtime_is_noticed(nb, index):
    path = nb / "customers/ya/yamada.md"
    before = path.stat()
    write(
        nb, "customers/ya/yamada.md", **{**json.loads(path.read_text("utf-8")), "name": "山田 次郎"}
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert index.refresh(source(nb)).updated == 1
    assert names(index, "次郎") == ["山田 次郎"]


def backdate(path: Path) -> None:
    """Make ``path`` old enough not to be racy (its mtime alone then tells a change)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10 * RACY_NS))


SMITH_PATH = "customers/sm/smith.md"
YAMADA_PATH = "customers/ya/yamada.md"


@pytest.fixture
def git_index(nb: Path) -> si.SearchIndex:
    """An index built at commit ``aaa`` with every file clean."""
    for path in (SMITH_PATH, YAMADA_PATH):
        backdate(nb / path)
    ix = si.SearchIndex(nb / ".custnote" / "cache")
    assert ix.refresh(source(nb, head="aaa")).rebuilt
    assert ix.load_state().dirty == {}
    return ix


def test_new_git_commit_reindexes_the_files_it_changed(nb, git_index):
    path = nb / SMITH_PATH
    st = path.stat()
    write(nb, SMITH_PATH, **{**SMITH, "name": "Jane Smythe"})
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # a pull may keep size and mtime
    assert git_index.refresh(source(nb, head="bbb", moved={SMITH_PATH})).updated == 1
    assert names(git_index, "smythe") == ["Jane Smythe"]
    assert git_index.load_state().head == "bbb"


def test_with_git_only_the_files_git_names_are_looked_at(nb, git_index):
    path = nb / SMITH_PATH
    st = path.stat()
    write(nb, SMITH_PATH, **{**SMITH, "name": "Jane Smythe"})
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    # git says nothing changed: the index trusts it and stats nothing
    assert git_index.refresh(source(nb, head="aaa")) == si.RefreshReport()
    assert names(git_index, "smythe") == []
    assert git_index.refresh(source(nb, head="aaa", dirty={SMITH_PATH})).updated == 1
    assert names(git_index, "smythe") == ["Jane Smythe"]


def test_a_dirty_file_is_followed_by_its_size_and_mtime(nb, git_index):
    write(nb, SMITH_PATH, **{**SMITH, "body": "ゴルフ好き"})
    backdate(nb / SMITH_PATH)
    dirty = source(nb, head="aaa", dirty={SMITH_PATH})
    assert git_index.refresh(dirty).updated == 1
    assert git_index.load_state().dirty == {SMITH_PATH: stat_files(nb, [SMITH_PATH])[SMITH_PATH]}
    assert git_index.refresh(dirty) == si.RefreshReport()  # still dirty, unchanged
    write(nb, SMITH_PATH, **{**SMITH, "body": "テニス好き"})
    assert git_index.refresh(dirty).updated == 1
    assert names(git_index, "テニス") == ["Jane Smith"]


def test_a_dirty_file_restored_or_committed(nb, git_index):
    write(nb, SMITH_PATH, **{**SMITH, "body": "ゴルフ好き"})
    backdate(nb / SMITH_PATH)
    assert git_index.refresh(source(nb, head="aaa", dirty={SMITH_PATH})).updated == 1
    # committed as it is: clean at the new commit, nothing to re-index
    committed = source(nb, head="bbb", moved={SMITH_PATH})
    assert git_index.refresh(committed) == si.RefreshReport()
    assert git_index.load_state().dirty == {}
    assert names(git_index, "ゴルフ") == ["Jane Smith"]
    # edited again, then restored from git (a new mtime): the restored text is indexed
    write(nb, SMITH_PATH, **{**SMITH, "body": "テニス好き"})
    backdate(nb / SMITH_PATH)
    assert git_index.refresh(source(nb, head="bbb", dirty={SMITH_PATH})).updated == 1
    write(nb, SMITH_PATH, **{**SMITH, "body": "ゴルフ好き"})
    assert git_index.refresh(source(nb, head="bbb")).updated == 1
    assert names(git_index, "ゴルフ") == ["Jane Smith"]
    assert names(git_index, "テニス") == []


def test_with_git_deleted_and_new_files(nb, git_index):
    (nb / SMITH_PATH).unlink()
    write(nb, "customers/su/suzuki.md", name="鈴木 一郎", body="ゴルフ仲間")
    worktree = source(nb, head="aaa", dirty={SMITH_PATH, "customers/su/suzuki.md"})
    report = git_index.refresh(worktree)
    assert (report.updated, report.deleted) == (1, 1)
    assert names(git_index, "ゴルフ") == ["鈴木 一郎"]
    assert names(git_index, "coffee") == []


@pytest.mark.parametrize(
    ("before", "after"),
    [("aaa", "bbb"), (None, "aaa")],
    ids=["old commit gone", "git appeared"],
)
def test_when_git_cannot_tell_the_index_is_rebuilt(nb, before, after):
    index = si.SearchIndex(nb / ".custnote" / "cache")
    index.refresh(source(nb, head=before))
    report = index.refresh(source(nb, head=after, moved=None))
    assert (report.rebuilt, report.reason) == (True, "history")
    assert index.load_state().head == after


@pytest.mark.parametrize("damage", ["garbage", "empty", "deleted", "version"])
def test_damaged_index_rebuilds(nb, index, damage):
    if damage == "deleted":
        for f in index.dir.iterdir():
            f.unlink()
    elif damage == "version":
        state = index.load_state()
        state.version = 0
        (index.dir / si.STATE_FILE).write_text(json.dumps(state.__dict__), "utf-8")
    else:
        for f in index.dir.glob("*.*"):
            if f.name != si.STATE_FILE:
                f.write_bytes(b"\x00garbage" if damage == "garbage" else b"")
    results, report = index.search_fresh(source(nb), parse_query("アレルギー"))
    assert report.rebuilt
    assert [h.name for h in results.hits] == ["山田 太郎"]


def test_filters_snippets_and_dates(index):
    hit = index.search(parse_query("アレルギー")).hits[0]
    assert hit.snippet.date == "2026-11-20"
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.spans] == ["アレルギー"]
    assert names(index, "tag:vip") == ["山田 太郎"]
    assert names(index, "owner:sato 見積") == ["山田 太郎"]
    assert names(index, "kind:meeting") == ["Jane Smith"]
    assert names(index, "since:2026-01-01") == ["山田 太郎"]
    assert names(index, "until:2025-12-31") == ["Jane Smith"]
    assert names(index, "NOT 山田") == ["Jane Smith"]
    assert sorted(names(index, "smith OR やまだ")) == ["Jane Smith", "山田 太郎"]
    assert names(index, '"about coffee"') == ["Jane Smith"]
    assert names(index, '"coffee about"') == []
    assert names(index, "0355550199") == ["山田 太郎"]


def test_snippet_prefers_the_entry_of_the_requested_kind(index):
    hit = index.search(parse_query("kind:call")).hits[0]
    assert (hit.snippet.kind, hit.snippet.date) == ("call", "2026-11-21")


def test_recent_activity_breaks_score_ties(tmp_path):
    for rel, date in (("customers/a/old.md", "2020-01-01"), ("customers/b/new.md", "2026-01-01")):
        write(tmp_path, rel, name=Path(rel).stem, entries=[{"date": date, "text": "golf"}])
    index = si.SearchIndex(tmp_path / "cache")
    index.refresh(source(tmp_path))
    assert names(index, "golf") == ["new", "old"]


def test_no_match_and_did_you_mean(index):
    results = index.search(parse_query("cofee"))
    assert (results.hits, results.total, results.suggestion) == ([], 0, "coffee")
    assert index.search(parse_query("ゼロ件")).suggestion is None


def test_find_exact_phone_keys(index):
    for number in ("03-5555-0199", "+81 3 5555 0199", "０３－５５５５－０１９９"):
        assert [d["name"] for d in index.find_exact("phone", number)] == ["山田 太郎"]


WORKER = """
import json, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_search_index import source
from custnote.adapters.whoosh_index import index as si
from custnote.core.search.query import parse_query
root = Path(sys.argv[1])
index = si.SearchIndex(root / ".custnote" / "cache")
for i in range(int(sys.argv[2])):
    index.refresh(source(root))
    index.search(parse_query("golf"))
"""


def test_concurrent_processes_do_not_corrupt_the_index(nb, index):
    script = nb / "worker.py"
    script.write_text(WORKER.format(tests=str(Path(__file__).parent)), "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(nb), "6"], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    for i in range(12):
        write(nb, f"customers/g{i % 3}/golfer{i}.md", name=f"golfer{i}", body="golf")
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    index.refresh(source(nb))
    assert sorted(names(index, "golf")) == sorted(f"golfer{i}" for i in range(12))
    assert index.load_state() is not None


def test_empty_notebook_searches_fine(tmp_path):
    index = si.SearchIndex(tmp_path / "cache")
    results, report = index.search_fresh(source(tmp_path), parse_query("anything"))
    assert (results.hits, results.total, report.rebuilt) == ([], 0, True)


def test_another_phone_region_rebuilds(nb, index):
    us = source(nb)
    us.region = "US"
    assert index.refresh(us).rebuilt
    assert index.refresh(us) == si.RefreshReport()


def test_reindexing_reuses_known_phone_forms(nb, index, monkeypatch):
    monkeypatch.setattr(docfields, "digit_forms", lambda *a: pytest.fail("number parsed again"))
    path = nb / "customers/ya/yamada.md"
    write(nb, "customers/ya/yamada.md", **{**json.loads(path.read_text("utf-8")), "body": "追記"})
    assert index.refresh(source(nb)).updated == 1
    assert [d["name"] for d in index.find_exact("phone", "+81 3 5555 0199")] == ["山田 太郎"]


def failing_once(monkeypatch, before_raise=lambda: None) -> None:
    real = si.SearchIndex.search
    calls = []

    def search(self, parsed, limit=20):
        calls.append(1)
        if len(calls) == 1:
            before_raise()
            raise OSError("segment unreadable")
        return real(self, parsed, limit)

    monkeypatch.setattr(si.SearchIndex, "search", search)


def test_index_failing_while_searching_is_rebuilt(nb, index, monkeypatch):
    failing_once(monkeypatch)
    results, report = index.search_fresh(source(nb), parse_query("アレルギー"))
    assert report.rebuilt and "segment unreadable" in report.reason
    assert [h.name for h in results.hits] == ["山田 太郎"]


def test_index_replaced_by_another_process_is_not_rebuilt_again(nb, index, monkeypatch):
    other = si.SearchIndex(index.cache_dir)
    failing_once(monkeypatch, lambda: other.refresh(source(nb), rebuild=True))
    results, report = index.search_fresh(source(nb), parse_query("アレルギー"))
    assert not report.rebuilt
    assert [h.name for h in results.hits] == ["山田 太郎"]


@pytest.mark.parametrize("scan_min", [0, 10**9])  # the column path and the union path
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since:2026-11-21", ["山田 太郎"]),
        ("since:2025-03-02", ["山田 太郎"]),
        ("since:2025-03-01", ["Jane Smith", "山田 太郎"]),
        ("until:2025-03-01", ["Jane Smith"]),
        ("until:2026-11-19", ["Jane Smith"]),
        ("until:2026-11-20", ["Jane Smith", "山田 太郎"]),
        ("since:2025-03-02 until:2026-11-19", []),
    ],
)
def test_date_bounds(index, monkeypatch, scan_min, query, expected):
    monkeypatch.setattr(query_module, "COLUMN_SCAN_MIN", scan_min)
    assert sorted(names(index, query)) == expected


def test_a_rebuild_clears_what_a_killed_rebuild_left(nb, index):
    for name in ("search.new-99999", "search.old-99999"):
        (index.cache_dir / name).mkdir()
        (index.cache_dir / name / "_MAIN_1.toc").write_bytes(b"half an index")
    assert index.refresh(source(nb), rebuild=True).rebuilt
    assert sorted(p.name for p in index.cache_dir.iterdir()) == ["search", "search.lock"]
    assert names(index, "アレルギー") == ["山田 太郎"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ほ", ["ほうじ茶"]),  # the first character of a run
        ("う", ["ほうじ茶"]),  # inside it
        ("茶", ["ほうじ茶", "茶"]),  # its last character, and a run of one
        ("月", ["10月に再訪問"]),
        ("10月", ["10月に再訪問"]),  # a word, then one character starting a run
        ("10月に", ["10月に再訪問"]),
        ("月に再", ["10月に再訪問"]),
        ("name:じ", ["ほうじ茶"]),
        ("訪", ["10月に再訪問"]),
        ("問", ["10月に再訪問"]),
        ("9月", []),
        ("月x", []),
        ("色", []),
    ],
)
def test_one_character_queries_find_it_anywhere_in_a_run(tmp_path, query, expected):
    for name in ("ほうじ茶", "茶", "10月に再訪問"):
        write(tmp_path, f"customers/x/{len(name)}.md", name=name, body=f"{name}が好き")
    index = si.SearchIndex(tmp_path / "cache")
    index.refresh(source(tmp_path))
    assert sorted(names(index, query)) == sorted(expected)


def segment_sizes(index: si.SearchIndex) -> list[int]:
    ix = index._open()
    try:
        with ix.searcher() as searcher:
            return [leaf.doc_count() for leaf, _ in searcher.reader().leaf_readers()]
    finally:
        ix.close()


def test_small_updates_never_merge_postings_nor_pile_up_segments(nb, index, monkeypatch):
    import whoosh.writing

    for module, policy in ((whoosh.writing, "MERGE_SMALL"), (segments, "merge_updates")):
        monkeypatch.setattr(module, policy, lambda *a: pytest.fail("postings merged"))
    count = 2 * segments.SMALL_SEGMENTS_MAX
    for i in range(count):  # a new customer each time: each one a segment of its own
        write(nb, f"customers/c{i}/c{i}.md", name=f"Customer {i}", body=f"visit number{i}")
        assert index.refresh(source(nb)).updated == 1
        assert len(segment_sizes(index)) <= segments.SMALL_SEGMENTS_MAX + 1  # and the build's
    write(nb, SMITH_PATH, **{**SMITH, "body": "visit again"})
    assert index.refresh(source(nb)).updated == 1
    assert sum(segment_sizes(index)) == 2 + count  # every note once, nothing lost on the way
    assert len(names(index, "visit")) == count + 1
    assert names(index, "again") == ["Jane Smith"]
    assert names(index, "アレルギー") == ["山田 太郎"]


def test_a_missing_index_built_by_another_process_meanwhile_is_not_built_again(nb, monkeypatch):
    index = si.SearchIndex(nb / ".custnote" / "cache")
    other = si.SearchIndex(index.cache_dir)
    real_lock = si.exclusive_lock

    @contextlib.contextmanager
    def lock_after_another_build(path, timeout):
        monkeypatch.setattr(si, "exclusive_lock", real_lock)
        other.refresh(source(nb))  # the other process got the lock first and built the index
        with real_lock(path, timeout):
            yield

    monkeypatch.setattr(si, "exclusive_lock", lock_after_another_build)
    report = index.refresh(source(nb))
    assert not report.rebuilt
    assert names(index, "アレルギー") == ["山田 太郎"]


def test_segments_grown_past_small_are_merged_once_there_are_many(nb, index, monkeypatch):
    monkeypatch.setattr(segments, "SMALL_SEGMENT_DOCS", 2)  # re-indexed segments soon grow past it
    monkeypatch.setattr(segments, "SMALL_SEGMENTS_MAX", 2)
    monkeypatch.setattr(segments, "SEGMENTS_MAX", 4)
    for i in range(20):
        write(nb, f"customers/c{i}/c{i}.md", name=f"Customer {i}", body=f"visit number{i}")
        assert index.refresh(source(nb)).updated == 1
        assert len(segment_sizes(index)) <= segments.SEGMENTS_MAX + 1  # and the build's
    assert sum(segment_sizes(index)) == 22
    assert len(names(index, "visit")) == 20
