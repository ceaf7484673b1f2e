"""The note store (custnote.core.notebook.notestore): look-ups that do not read the notebook, and
every way a note can change outside custnote's own writes is noticed (real git, real files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC

# every test twice: with custnote's freshness status as it is, and with git's fsmonitor on
from fsmonitorfixtures import with_and_without_fsmonitor  # noqa: F401
from gitfixtures import git, set_identity

from custnote.core.note.model import LogEntry
from custnote.core.note.summary import summarise_note
from custnote.core.notebook import notestore
from custnote.core.notebook.lookup import resolve_path
from custnote.core.notebook.notebook import Notebook
from custnote.core.notebook.resolve import resolve
from custnote.errors import AmbiguousCustomerError, CustomerNotFoundError


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every note file the store reads, in order."""
    seen: list[str] = []
    real = notestore._rows_of

    def counting(root: str, rels: list[str], region: str):
        seen.extend(rels)
        return real(root, rels, region)

    monkeypatch.setattr(notestore, "_rows_of", counting)
    return seen


@pytest.fixture(autouse=True)
def identity(notebook: Notebook) -> None:
    set_identity(notebook.root, "sato")  # for commits made with git itself


def fresh(nb: Notebook) -> Notebook:
    """The notebook as a new command opens it."""
    return Notebook(nb.root)


def find(nb: Notebook, query: str, archived: bool = False) -> str:
    return resolve_path(fresh(nb).store(), query, archived)


def add_sato(nb: Notebook):
    return nb.create(
        {"name": "佐藤 花子", "kana": "さとう はなこ", "phones": ["090-1234-5678"], "tags": ["vip"]}
    )


def edit(nb: Notebook, rel: str, old: str, new: str, keep_stat: bool = False) -> None:
    path = nb.root / rel
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    if keep_stat:
        assert path.stat().st_size == st.st_size
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_store_is_private_inside_git_and_never_in_the_work_tree(notebook: Notebook, yamada):
    assert find(notebook, "yamada") == yamada.path
    db = notebook.cache_dir / "notes.sqlite"
    assert db.is_file() and db.is_relative_to(notebook.root / ".git")
    assert db.stat().st_mode & 0o077 == 0
    assert git(notebook.root, "status", "--porcelain", "--untracked-files=all") == ""


def test_an_unchanged_notebook_is_not_read_again(notebook: Notebook, yamada, reads):
    add_sato(notebook)
    assert find(notebook, "sato") != yamada.path
    reads.clear()
    assert find(notebook, "やまだ") == yamada.path
    assert find(notebook, yamada.id) == yamada.path
    assert reads == []


def test_every_lookup_rule_gives_what_the_catalog_scan_gives(notebook: Notebook, yamada):
    sato = add_sato(notebook)
    other = notebook.create({"name": "山田 次郎", "kana": "やまだ じろう", "emails": ["j@x.jp"]})
    region = notebook.config.phone_region
    summaries = {}
    for rel in notebook.note_paths():
        summaries[rel] = summarise_note(rel, (notebook.root / rel).read_text("utf-8"), region)
    store = fresh(notebook).store()
    queries = [
        yamada.id,
        sato.id.upper(),
        Path(yamada.path).stem,
        sato.path,
        "yamada",
        "やまだ",
        "山田",
        "山田 太郎",
        "やまだ たろう",
        "taro",
        "tarou",
        "hanako",
        "はな",
        "sa",
        "taro@yamada.example.jp",
        "TARO@YAMADA.EXAMPLE.JP",
        "03-5555-0199",
        "0355550199",
        "+81 3 5555 0199",
        "5555-0199",
        "090 1234 5678",
        "j@x.jp",
        "nobody",
        "jir",
        "zz",
    ]
    for query in queries:
        try:
            expected: object = resolve(query, summaries, region)
        except (CustomerNotFoundError, AmbiguousCustomerError) as exc:
            expected = type(exc)
        try:
            got: object = resolve_path(store, query)
        except (CustomerNotFoundError, AmbiguousCustomerError) as exc:
            got = type(exc)
        assert got == expected, query
    assert resolve_path(store, "jiro") == other.path


def test_hand_edit_and_its_undo_by_checkout(notebook: Notebook, yamada):
    edit(notebook, yamada.path, "山田 太郎", "山本 太郎")
    assert find(notebook, "山本") == yamada.path
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "山田 太郎")
    git(notebook.root, "checkout", "--", yamada.path)
    assert find(notebook, "山田 太郎") == yamada.path
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "山本")


def test_same_size_edit_in_the_same_clock_tick_is_noticed(notebook: Notebook, yamada):
    assert find(notebook, "03-5555-0199") == yamada.path
    edit(notebook, yamada.path, "03-5555-0199", "03-5555-0188", keep_stat=True)
    assert find(notebook, "03-5555-0188") == yamada.path
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "03-5555-0199")
    edit(notebook, yamada.path, "03-5555-0188", "03-5555-0177", keep_stat=True)  # dirty again
    assert find(notebook, "03-5555-0177") == yamada.path


def test_commits_made_by_git_itself_are_noticed(notebook: Notebook, yamada):
    """A pull, a merge or a commit by hand moves HEAD: the files changed between are re-read."""
    assert find(notebook, "taro@yamada.example.jp") == yamada.path
    edit(notebook, yamada.path, "taro@yamada.example.jp", "t@yamada.example.jp")
    git(notebook.root, "commit", "-qam", "hand edit")
    assert find(notebook, "t@yamada.example.jp") == yamada.path
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "taro@yamada.example.jp")


def test_deleted_and_copied_notes(notebook: Notebook, yamada):
    sato = add_sato(notebook)
    copy = notebook.root / "customers" / "ya" / "yamada-copy.md"
    shutil.copy(notebook.root / yamada.path, copy)
    with pytest.raises(AmbiguousCustomerError):
        find(notebook, "山田 太郎")
    copy.unlink()
    assert find(notebook, "山田 太郎") == yamada.path
    (notebook.root / sato.path).unlink()
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "hanako")
    git(notebook.root, "checkout", "--", sato.path)
    assert find(notebook, "hanako") == sato.path
    git(notebook.root, "rm", "-q", sato.path)
    git(notebook.root, "commit", "-qm", "gone")
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "hanako")


def test_history_rewritten_and_collected(notebook: Notebook, yamada, reads):
    sato = add_sato(notebook)
    assert find(notebook, "hanako") == sato.path
    git(notebook.root, "reset", "-q", "--hard", "HEAD~1")
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "hanako")
    # a commit the store remembers, rewritten away and garbage-collected: read everything again
    edit(notebook, yamada.path, "山田工務店", "山田建設")
    git(notebook.root, "commit", "-qam", "company")
    assert find(notebook, "yamada") == yamada.path
    git(notebook.root, "commit", "-q", "--amend", "-m", "company (amended)")
    git(notebook.root, "reflog", "expire", "--expire=now", "--all")
    git(notebook.root, "gc", "-q", "--prune=now")
    reads.clear()
    assert fresh(notebook).store().summary(yamada.path)["company"] == "山田建設"
    assert sorted(reads) == notebook.note_paths()


def test_a_write_by_another_process_is_seen(notebook: Notebook, yamada):
    long_lived = fresh(notebook)
    assert resolve_path(long_lived.store(), "yamada") == yamada.path
    env = dict(os.environ, PYTHONPATH=CUSTNOTE_SRC, CUSTNOTE_NOTEBOOK=str(notebook.root))
    subprocess.run(
        [sys.executable, "-m", "custnote", "add", "鈴木 一郎", "--kana", "すずき いちろう"],
        env=env,
        check=True,
        capture_output=True,
    )
    found = find(notebook, "suzuki")
    assert found.startswith("customers/su/")
    long_lived.add_entry(
        long_lived.resolve("yamada"), LogEntry(date(2026, 11, 20), "call", "折り返し")
    )
    assert long_lived.store().summary(yamada.path)["log_count"] == 1  # its own write: re-synced


def test_archived_customers_are_looked_up_apart(notebook: Notebook, yamada):
    moved = notebook.archive(yamada)
    with pytest.raises(CustomerNotFoundError):
        find(notebook, "yamada")
    assert find(notebook, "yamada", archived=True) == moved
    assert yamada.id in fresh(notebook).taken_ids()


def test_a_damaged_store_is_rebuilt_and_a_read_only_one_kept_in_memory(notebook: Notebook, yamada):
    assert find(notebook, "yamada") == yamada.path
    db = notebook.cache_dir / "notes.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    assert find(notebook, "yamada") == yamada.path
    if os.geteuid() == 0:
        return  # root writes anyway
    shutil.rmtree(notebook.cache_dir)
    notebook.state_dir.chmod(0o500)
    try:
        assert find(notebook, "yamada") == yamada.path
    finally:
        notebook.state_dir.chmod(0o700)


def test_a_note_that_cannot_be_read_is_named_when_nothing_matches(notebook: Notebook, yamada):
    bad = notebook.root / "customers" / "zz" / "broken.md"
    bad.parent.mkdir()
    bad.write_bytes(b"---\nname: [unclosed\n---\n")
    with pytest.raises(CustomerNotFoundError, match=r"broken\.md"):
        find(notebook, "nobody")
    assert find(notebook, "yamada") == yamada.path


def test_agenda_window_by_indexes_is_the_quick_precheck(notebook: Notebook, yamada) -> None:
    from datetime import timedelta

    from custnote.core.agenda import factstore
    from custnote.core.agenda.reminders import AgendaSettings
    from custnote.core.agenda.window import QuickFacts, Window

    notebook.add_entry(
        yamada, LogEntry(date(2026, 9, 1), "call", "見積", follow_up=date(2026, 12, 5))
    )
    notebook.create({"name": "誕生 日子", "birthday": "1980-12-24", "status": "active"})
    notebook.create({"name": "古い 客", "status": "active", "created": "2020-01-01"})
    notebook.create({"name": "訪問 先", "visit_every": "3 months", "status": "lost"})
    notebook.create({"name": "静か 人", "status": "lost", "created": "2026-11-01"})
    store = fresh(notebook).store()
    everyone = dict(factstore.records(store, "agenda"))
    assert len(everyone) == 5
    for offset, days in [(0, 7), (0, 30), (20, 10), (-400, 3), (40, 60)]:
        window = Window.of(date(2026, 11, 20) + timedelta(days=offset), days, AgendaSettings())
        expected = {
            rel for rel, r in everyone.items() if window.may_remind(QuickFacts(*r["quick"]))
        }
        assert set(dict(factstore.records(store, "agenda", window))) == expected, offset


def test_agenda_and_stats_facts_follow_a_hand_edit(notebook: Notebook, yamada) -> None:
    from custnote.core.agenda.fact_loading import load_agenda
    from custnote.core.stats.notebook_stats import load_stats

    assert [s for s in load_stats(fresh(notebook)).items]
    assert load_agenda(fresh(notebook)).items[0].pending == ()
    path = notebook.root / yamada.path
    path.write_text(
        path.read_text("utf-8")
        + "\n## Log\n\n### 2026-11-01 · call\n- follow-up: 2026-11-22\n\n見積\n",
        encoding="utf-8",
    )
    digest = load_agenda(fresh(notebook)).items[0]
    assert [p.due for p in digest.pending] == [date(2026, 11, 22)]
    path.write_text(path.read_text("utf-8").replace("2026-11-01 · call", "2026-13-01 · call"))
    warnings = load_agenda(fresh(notebook)).warnings
    assert any("2026-13-01" in w for w in warnings)


def test_two_processes_building_the_store_at_once_agree(notebook: Notebook, yamada) -> None:
    add_sato(notebook)
    env = dict(os.environ, PYTHONPATH=CUSTNOTE_SRC, CUSTNOTE_NOTEBOOK=str(notebook.root))
    argv = [sys.executable, "-m", "custnote", "list", "--json"]
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs[0] == outputs[1] and len(json.loads(outputs[0])) == 2
