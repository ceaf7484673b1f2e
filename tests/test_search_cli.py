"""``custnote search`` and ``custnote index`` on real notebooks (real files, real git)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from custnote.core.notebook.notebook import Notebook


@pytest.fixture
def customers(notebook: Notebook, yamada, cli):
    cli('log yamada "奥様の誕生日が来月。ゴルフ好き。えびアレルギーがあるので会食注意" '
        "--kind visit --at 2026-11-18")  # fmt: skip
    cli('log yamada "見積の件で折り返し。" --kind call --at "2026-11-19 09:10"')
    cli('add "Jane Smith" --company Acme --owner suzuki --tag vip --phone "+1 415 555 0100"')
    cli('log jane "Meetings about coffee beans. コーヒー豆の件" --kind meeting --at 2025-03-01')
    cli('add "鈴木 一郎" --kana "すずき いちろう" --status dormant')
    cli('log 鈴木 "クレーム: 納品が遅れた" --kind complaint --at 2024-06-01')
    return notebook


def names(cli, query: str) -> list[str]:
    result = cli(["search", *query.split(), "--json"])
    assert result.exit_code in (0, 1), result.stderr
    return [hit["name"] for hit in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("アレルギー", ["山田 太郎"]),
        ("ｺｰﾋｰ", ["Jane Smith"]),
        ("こーひー", ["Jane Smith"]),
        ("yamada", ["山田 太郎"]),
        ("やまだ", ["山田 太郎"]),
        ("ヤマダ", ["山田 太郎"]),
        ("山田太郎", ["山田 太郎"]),
        ("meeting", ["Jane Smith"]),
        ("tag:vip", ["Jane Smith"]),
        ("owner:sato 見積", ["山田 太郎"]),
        ("status:dormant", ["鈴木 一郎"]),
        ("kind:complaint", ["鈴木 一郎"]),
        ("company:acme", ["Jane Smith"]),
        ("since:2026-01-01", ["山田 太郎"]),
        ("since:2024-01-01 until:2025-12-31", ["Jane Smith", "鈴木 一郎"]),
        ("ゴルフ OR クレーム", ["山田 太郎", "鈴木 一郎"]),
        ("ゴルフ NOT アレルギー", []),
        ('"coffee beans"', ["Jane Smith"]),
        ('"beans coffee"', []),
        ("0355550199", ["山田 太郎"]),
    ],
)
def test_search_finds(customers, cli, query, expected):
    assert sorted(names(cli, query)) == sorted(expected)


def test_human_output_shows_owner_snippet_and_log_date(customers, cli):
    result = cli("search アレルギー")
    assert result.exit_code == 0
    assert "山田 太郎" in result.stdout and "担当 sato" in result.stdout
    assert "2026-11-18" in result.stdout and "えびアレルギーがあるので" in result.stdout


def test_json_has_the_documented_keys_and_highlights(customers, cli):
    [hit] = json.loads(cli("search 見積 --json").stdout)
    assert {"id", "name", "path", "score", "snippet"} <= hit.keys()
    assert hit["snippet_date"] == "2026-11-19"
    [(start, end)] = hit["highlights"]
    assert hit["snippet"][start:end] == "見積"


def test_limit_and_ranking(customers, cli):
    result = cli("search since:2000-01-01 -n 2")
    assert "2 of 3 customers" in result.stdout
    # equal scores: the most recent activity first
    assert names(cli, "since:2000-01-01") == ["山田 太郎", "Jane Smith", "鈴木 一郎"]


def test_no_match_says_so_and_suggests(customers, cli):
    result = cli("search coffe")
    assert result.exit_code == 1
    assert "no customer matches 'coffe'" in result.stderr
    assert "did you mean: custnote search coffee" in result.stderr
    assert "did you mean" not in cli("search 存在しない言葉").stderr


def test_hand_edit_is_noticed_by_the_next_search(customers, cli):
    assert names(cli, "ゴルフ") == ["山田 太郎"]
    path = next((customers.root / "customers").glob("*/jane-*.md"))
    path.write_text(path.read_text("utf-8") + "\n週末はｺﾞﾙﾌ。\n", "utf-8")
    assert sorted(names(cli, "ゴルフ")) == ["Jane Smith", "山田 太郎"]


def test_hand_edit_undone_with_git_checkout_is_noticed(customers, cli):
    path = next((customers.root / "customers").glob("*/jane-*.md"))
    path.write_text(path.read_text("utf-8") + "\n週末はｺﾞﾙﾌ。\n", "utf-8")
    assert sorted(names(cli, "ゴルフ")) == ["Jane Smith", "山田 太郎"]
    subprocess.run(["git", "checkout", "--", str(path)], cwd=customers.root, check=True)
    assert names(cli, "ゴルフ") == ["山田 太郎"]


def test_note_files_copied_in_and_removed_by_hand(customers, cli):
    jane = next((customers.root / "customers").glob("*/jane-*.md"))
    copy = jane.parent.parent / "zz" / "jane-copy-zzzzzz.md"
    copy.parent.mkdir()
    copy.write_text(jane.read_text("utf-8").replace("Jane Smith", "Joan Smith"), "utf-8")
    assert sorted(names(cli, "coffee")) == ["Jane Smith", "Joan Smith"]
    copy.unlink()
    jane.unlink()  # a committed note deleted by hand
    assert names(cli, "coffee") == []


def test_git_pull_is_noticed_by_the_next_search(customers, cli, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(customers.root), str(clone)], check=True)
    cli('log jane "Signed the bakery deal" --kind meeting', notebook_path=clone)
    assert names(cli, "bakery") == []
    subprocess.run(["git", "pull", "-q", str(clone), "main"], cwd=customers.root, check=True)
    assert names(cli, "bakery") == ["Jane Smith"]


def test_archived_customer_leaves_the_results(customers, cli):
    assert names(cli, "coffee") == ["Jane Smith"]
    assert cli("rm jane --yes").exit_code == 0
    assert names(cli, "coffee") == []


def test_corrupt_index_rebuilds(customers, cli):
    assert names(cli, "アレルギー") == ["山田 太郎"]
    index_dir = customers.cache_dir / "search"
    for f in index_dir.iterdir():
        if f.suffix != ".json":
            f.write_bytes(b"\x00 not an index")
    assert names(cli, "アレルギー") == ["山田 太郎"]
    assert Path(index_dir / "custnote-state.json").is_file()


def test_index_command(customers, cli):
    assert "up to date: 3 customers" in cli("index").stdout or "3 customers" in cli("index").stdout
    assert "rebuilt: 3 customers" in cli("index --rebuild").stdout
    assert "up to date: 3 customers" in cli("index").stdout


def test_broken_note_is_still_found_by_its_text(customers, cli):
    broken = customers.root / "customers" / "zz" / "broken-abc234.md"
    broken.parent.mkdir()
    broken.write_text("---\nname: [unclosed\n---\nひまわり畑の話\n", "utf-8")
    assert names(cli, "ひまわり") == ["customers/zz/broken-abc234.md"]


def test_bad_query_is_an_error(customers, cli):
    result = cli("search since:yesterday")
    assert result.exit_code == 2 and "since" in result.stderr


def test_a_rebuild_in_worker_processes_finds_every_customer(customers, monkeypatch):
    from custnote.adapters.whoosh_index import build
    from custnote.core.search import notebook_search as search

    monkeypatch.setattr(build, "PARALLEL_MIN", 1)  # one worker per core even for 3 notes
    monkeypatch.setattr(build, "CHUNK", 1)
    workers = []
    real = build._write_in_workers
    monkeypatch.setattr(build, "_write_in_workers", lambda *a: workers.append(a[-1]) or real(*a))
    assert search.reindex(customers, rebuild=True).rebuilt
    assert workers == [build.default_workers(3)] and workers[0] >= 1
    results, _ = search.search(customers, "since:2000-01-01")
    assert sorted(h.name for h in results.hits) == ["Jane Smith", "山田 太郎", "鈴木 一郎"]


def test_kind_and_dates_hold_for_one_entry(customers, cli):
    # 鈴木's complaint is from 2024: a complaint since 2025 is nobody's
    assert names(cli, "kind:complaint since:2025-01-01") == []
    assert names(cli, "kind:complaint until:2024-12-31") == ["鈴木 一郎"]
    assert names(cli, "kind:call since:2026-11-19") == ["山田 太郎"]


def test_filtered_words_prefer_an_entry_with_both(customers, cli):
    cli('log jane "見積を送った" --kind email --at "2026-11-20 08:00"')
    cli('log jane "電話の件" --kind call --at "2026-11-20 09:00"')
    # both have a call and 見積, Jane more recently; only 山田's call mentions 見積
    assert names(cli, "見積") == ["Jane Smith", "山田 太郎"]
    hits = json.loads(cli("search kind:call 見積 --json").stdout)
    assert [h["name"] for h in hits] == ["山田 太郎", "Jane Smith"]
    assert hits[0]["snippet_kind"] == "call" and hits[0]["highlights"]


def test_unwritable_index_folder_is_a_clear_error(customers, cli):
    cache = customers.cache_dir
    if cache.exists():
        shutil.rmtree(cache)
    cache.write_text("not a folder")  # the index cannot be created in it
    result = cli("search アレルギー")
    assert result.exit_code == 1
    assert "cannot update the search index" in result.stderr and "search" in result.stderr


def index_head(notebook: Notebook) -> str | None:
    return json.loads((notebook.cache_dir / "search" / "custnote-state.json").read_text())["head"]


def test_every_write_updates_an_existing_index(customers, cli):
    from custnote.core.search import notebook_search as search
    from custnote.core.search.results import RefreshReport

    assert names(cli, "bakery") == []  # builds the index
    assert cli('log jane "Signed the bakery deal" --kind meeting').exit_code == 0
    assert index_head(customers) == customers.git.rev("HEAD")
    nothing_left = RefreshReport()
    assert search.search_index(customers).refresh(search.doc_source(customers)) == nothing_left
    assert names(cli, "bakery") == ["Jane Smith"]


def test_a_write_does_not_build_a_missing_index(notebook, yamada, cli):
    assert cli('log yamada "電話した"').exit_code == 0
    assert not (notebook.cache_dir / "search").exists()


def test_a_write_does_not_wait_for_a_busy_index(customers, cli):
    from custnote.adapters.fsio import exclusive_lock

    assert names(cli, "bakery") == []
    before = index_head(customers)
    with exclusive_lock(customers.cache_dir / "search.lock", timeout=0):
        assert cli('log jane "Signed the bakery deal" --kind meeting').exit_code == 0
    assert index_head(customers) == before  # left for the next search
    assert names(cli, "bakery") == ["Jane Smith"]


def test_by_default_a_write_updates_the_index_in_a_process_of_its_own(customers, cli, monkeypatch):
    import time

    assert names(cli, "bakery") == []
    monkeypatch.setenv("CUSTNOTE_INDEX_ON_WRITE", "background")
    assert cli('log jane "Signed the bakery deal" --kind meeting').exit_code == 0
    head = customers.git.rev("HEAD")
    deadline = time.monotonic() + 60
    while index_head(customers) != head and time.monotonic() < deadline:
        time.sleep(0.05)
    assert index_head(customers) == head


def test_writes_can_leave_the_index_to_the_next_search(customers, cli, monkeypatch):
    assert names(cli, "bakery") == []
    before = index_head(customers)
    monkeypatch.setenv("CUSTNOTE_INDEX_ON_WRITE", "off")
    assert cli('log jane "Signed the bakery deal" --kind meeting').exit_code == 0
    assert index_head(customers) == before
    assert names(cli, "bakery") == ["Jane Smith"]
