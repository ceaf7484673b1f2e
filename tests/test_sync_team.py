"""Team sharing with real git: a bare remote, colleagues' clones, `custnote sync`."""

from __future__ import annotations

import json

import pytest
from gitfixtures import Colleague, Team, daemon_fixture, git, team_fixture  # noqa: F401

from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.noteformat import parse_note
from custnote.core.sync.merge_rules import has_git_markers

YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう", "--status", "prospect", "--tag", "vip"]


@pytest.fixture
def pair(team: Team) -> tuple[Colleague, Colleague]:
    """sato founds the shared notebook with one customer; ito clones it."""
    return team.pair(*YAMADA)


def only_note(person: Colleague, folder: str = "customers") -> str:
    notes = person.notes(folder)
    assert len(notes) == 1, notes
    return next(iter(notes.values()))


def settle(*people: Colleague) -> None:
    """Everyone syncs until all have everything (two rounds suffice)."""
    for person in [*people, *people]:
        person.run("sync")


def test_concurrent_logs_on_one_customer_both_survive(pair):
    sato, ito = pair
    sato.run("log", "yamada", "奥様の誕生日が来月。", "--kind", "visit", "--at", "2026-11-20 14:30")
    ito.run("log", "yamada", "見積の件で折り返し。", "--kind", "call", "--at", "2026-11-20 09:10")
    settle(sato, ito)
    text = only_note(sato)
    assert text == only_note(ito)
    entries = parse_note(text).log
    assert [(e.author, e.text) for e in entries] == [
        ("ito", "見積の件で折り返し。"),
        ("sato", "奥様の誕生日が来月。"),
    ]
    assert not has_git_markers(text) and "!!" not in text
    assert "No conflicts" in sato.run("conflicts").stdout


def test_sync_prints_what_came_in_and_by_whom(pair):
    sato, ito = pair
    ito.run("log", "yamada", "電話した", "--kind", "call")
    ito.run("sync")
    sato.run("set", "yamada", "status=active")
    report = json.loads(sato.run("sync", "--json").stdout)
    assert [(c["name"], c["authors"]) for c in report["incoming"]] == [("山田 太郎", ["ito"])]
    assert report["pushed"] == 1
    ito.run("log", "yamada", "もう一度", "--kind", "call")
    ito.run("sync")
    out = sato.run("sync").stdout
    assert "山田 太郎" in out and "by ito\n" in out


def test_different_fields_changed_both_kept(pair):
    sato, ito = pair
    sato.run("set", "yamada", "status=active")
    ito.run("set", "yamada", "company=山田工務店", "tags+=golf")
    settle(sato, ito)
    fields = parse_note(only_note(sato)).fields
    assert fields["status"] == "active" and fields["company"] == "山田工務店"
    assert fields["tags"] == ["vip", "golf"]
    assert "conflicts" not in fields
    assert only_note(ito) == only_note(sato)


def test_same_field_changed_keeps_both_values_and_is_listed(pair):
    sato, ito = pair
    sato.run("set", "yamada", "status=active")
    ito.run("set", "yamada", "status=lost")
    sato.run("sync")
    out = ito.run("sync").stdout
    assert "clashed" in out
    settle(sato, ito)
    fields = parse_note(only_note(sato)).fields
    assert fields["conflicts"] == [
        {"field": "status", "was": "prospect", "values": ["active", "lost"]}
    ]
    listed = sato.run("conflicts").stdout
    assert "field status" in listed
    shown = ito.run("show", "yamada")
    assert "unresolved conflicts" in shown.stderr
    assert not has_git_markers(only_note(ito))


def test_new_customers_with_the_same_name_get_distinct_files(pair):
    sato, ito = pair
    sato.run("add", "鈴木 一郎", "--kana", "すずき いちろう", "--company", "A社")
    ito.run("add", "鈴木 一郎", "--kana", "すずき いちろう", "--company", "B社")
    settle(sato, ito)
    suzuki = [p for p in sato.notes() if "suzuki" in p]
    assert len(suzuki) == 2
    assert sorted(sato.notes()) == sorted(ito.notes())
    companies = sorted(parse_note(sato.read(p)).fields["company"] for p in suzuki)
    assert companies == ["A社", "B社"]


def test_archive_on_one_side_edit_on_the_other_keeps_the_edit(pair):
    sato, ito = pair
    sato.run("rm", "yamada", "--yes")
    ito.run("log", "yamada", "最後の訪問。", "--kind", "visit")
    sato.run("sync")
    ito.run("sync")
    settle(sato, ito)
    for person in (sato, ito):
        assert person.notes() == {}
        archived = only_note(person, "archive")
        assert "最後の訪問。" in archived


def test_hand_delete_on_one_side_edit_on_the_other_keeps_the_edit(pair):
    sato, ito = pair
    path = next(iter(sato.notes()))
    sato.git("rm", "-q", path)
    sato.git("commit", "-q", "-m", "delete by hand")
    ito.run("log", "yamada", "まだ取引あり。", "--kind", "call")
    ito.run("sync")
    sato.run("sync")
    assert "まだ取引あり。" in sato.read(path)


def test_hand_edit_is_committed_by_sync(pair):
    sato, ito = pair
    path = next(iter(ito.notes()))
    text = ito.read(path).replace("## Log", "犬を飼っている。\n\n## Log")
    (ito.root / path).write_text(text, encoding="utf-8")
    sato.run("log", "yamada", "訪問", "--kind", "visit")
    sato.run("sync")
    out = ito.run("sync").stdout
    assert "edited by hand" in out
    sato.run("sync")
    merged = parse_note(sato.read(path))
    assert "犬を飼っている。" in merged.body and merged.log[-1].text == "訪問"
    assert ito.git("status", "--porcelain").strip() == ""


def test_invalid_hand_edit_stops_sync_and_loses_nothing(pair):
    sato, ito = pair
    path = next(iter(ito.notes()))
    broken = ito.read(path).replace("status: prospect", "status: [oops")
    (ito.root / path).write_text(broken, encoding="utf-8")
    head = ito.git("rev-parse", "HEAD")
    result = ito.run("sync", ok=False)
    assert result.exit_code != 0
    assert path in result.stderr
    assert ito.read(path) == broken
    assert ito.git("rev-parse", "HEAD") == head
    assert (
        git(sato.root, "ls-remote", sato.git("remote", "get-url", "origin").strip(), "main")[:40]
        == sato.git("rev-parse", "HEAD")[:40]
    )  # nothing of ito's reached the remote


@pytest.mark.parametrize("mode", ["--rebase", "--no-rebase"])
def test_plain_git_pull_uses_the_driver(pair, mode):
    sato, ito = pair
    sato.run("log", "yamada", "sato の訪問", "--kind", "visit", "--at", "2026-11-20 14:30")
    sato.run("set", "yamada", "status=active")
    sato.run("sync")
    ito.run("log", "yamada", "ito の電話", "--kind", "call", "--at", "2026-11-20 09:00")
    ito.run("set", "yamada", "tags+=golf")
    ito.git("pull", "-q", mode, "origin", "main")
    note = parse_note(only_note(ito))
    assert [e.text for e in note.log] == ["ito の電話", "sato の訪問"]
    assert note.fields["status"] == "active" and note.fields["tags"] == ["vip", "golf"]
    assert not has_git_markers(only_note(ito))
    assert ito.git("status", "--porcelain").strip() == ""


def test_push_race_is_retried(pair, team: Team, monkeypatch):
    sato, ito = pair
    kato = team.join("kato")
    kato.run("log", "yamada", "kato の電話", "--kind", "call")
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    real_fetch = GitRepo.fetch
    raced = []

    def fetch_then_someone_pushes(self, remote):
        real_fetch(self, remote)
        if not raced:  # kato pushes right after ito's first fetch
            raced.append(True)
            kato.run("sync")

    monkeypatch.setattr(GitRepo, "fetch", fetch_then_someone_pushes)
    out = ito.run("sync", "--json").stdout
    assert '"attempts": 2' in out
    monkeypatch.undo()
    settle(sato)
    texts = [e.text for e in parse_note(only_note(sato)).log]
    assert "kato の電話" in texts and "ito の電話" in texts


def test_unreachable_remote_keeps_local_commits(pair, team: Team):
    _, ito = pair
    ito.run("log", "yamada", "オフラインで記録", "--kind", "call")
    ito.git("remote", "set-url", "origin", str(team.root / "gone.git"))
    result = ito.run("sync", ok=False)
    assert result.exit_code != 0
    assert "no repository at that address" in result.stderr
    assert "1 local commit(s) are kept" in result.stderr
    assert "オフラインで記録" in ito.git("log", "-1", "-p")
    ito.git("remote", "set-url", "origin", team.url)
    ito.run("sync")


def test_no_remote_is_a_clear_error(team: Team):
    from gitfixtures import invoke_plain

    invoke_plain(["init", str(team.home("solo"))])
    result = Colleague("solo", team.home("solo")).run("sync", ok=False)
    assert "remote add" in result.stderr


def test_through_git_daemon_on_localhost(team: Team, daemon):
    url = daemon.url("remote.git")
    sato = team.founder("sato")
    sato.run("remote", "add", url)
    sato.run(*YAMADA)
    sato.run("sync")
    ito = team.join("ito", url)
    sato.run("log", "yamada", "sato の訪問", "--kind", "visit", "--at", "2026-11-20 14:30")
    ito.run("log", "yamada", "ito の電話", "--kind", "call", "--at", "2026-11-20 09:00")
    settle(sato, ito)
    assert only_note(sato) == only_note(ito)
    assert [e.text for e in parse_note(only_note(ito)).log] == ["ito の電話", "sato の訪問"]


def test_backup_and_restore_keep_history(pair, team: Team):
    sato, _ = pair
    sato.run("log", "yamada", "記録", "--kind", "call")
    bundle = team.root / "backup" / "notes.bundle"
    sato.run("backup", str(bundle))
    from gitfixtures import invoke_plain

    target = team.root / "restored"
    invoke_plain(["restore", str(bundle), str(target)])
    assert git(target, "log", "--format=%s") == sato.git("log", "--format=%s")
    assert Colleague("sato", target).notes() == sato.notes()
    assert "記録" in Colleague("sato", target).run("show", "yamada").stdout


def test_clone_registers_the_driver_with_this_python(pair):
    import sys

    _, ito = pair
    driver = ito.git("config", "merge.custnote.driver").strip()
    assert driver.startswith(sys.executable) and driver.endswith("%O %A %B %P")
    assert "customers/**/*.md merge=custnote" in ito.read(".gitattributes")


def test_clone_of_an_empty_remote_starts_a_notebook(team: Team):
    sato = team.join("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito = team.join("ito")
    assert ito.notes() == sato.notes() != {}


def test_conflict_outside_notes_aborts_and_keeps_commits(pair):
    sato, ito = pair
    for person, days in ((sato, "60"), (ito, "30")):
        config = person.root / ".custnote" / "config.yaml"
        config.write_text(person.read(".custnote/config.yaml").replace("90", days), "utf-8")
        person.git("commit", "-q", "-am", "dormant days")
    sato.run("sync")
    ito.run("log", "yamada", "記録", "--kind", "call")
    head = ito.git("rev-parse", "HEAD")
    result = ito.run("sync", ok=False)
    assert result.exit_code != 0 and ".custnote/config.yaml" in result.stderr
    assert ito.git("rev-parse", "HEAD") == head
    assert not (ito.root / ".git" / "rebase-merge").exists()


def test_git_markers_are_never_pushed(pair):
    sato, ito = pair
    path = next(iter(ito.notes()))
    marked = ito.read(path) + "<<<<<<< HEAD\nmine\n=======\nyours\n>>>>>>> x\n"
    (ito.root / path).write_text(marked, encoding="utf-8")
    ito.git("commit", "-q", "-am", "oops")
    result = ito.run("sync", ok=False)
    assert result.exit_code != 0 and "conflict markers" in result.stderr
    sato.run("sync")
    assert "<<<<<<<" not in sato.read(path)


def test_swap_files_are_not_committed(pair):
    _, ito = pair
    path = next(iter(ito.notes()))
    swap = ito.root / (path + ".swp")
    swap.write_text("editor state", encoding="utf-8")
    ito.run("sync")
    assert path + ".swp" not in ito.git("ls-files")


def test_hidden_merge_driver_command(pair, tmp_path):
    sato, _ = pair
    text = only_note(sato)
    files = []
    for name, extra in (
        ("o", ""),
        ("a", "\n### 2026-11-20 · call · a\n"),
        ("b", "\n### 2026-11-21 · call · b\n"),
    ):
        files.append(tmp_path / name)
        files[-1].write_text(text + extra, encoding="utf-8")
    assert sato.run("merge-driver", *map(str, files), "n.md").exit_code == 0
    assert [e.author for e in parse_note(files[1].read_text("utf-8")).log] == ["a", "b"]


def test_hand_edit_made_while_sync_runs_is_kept(pair, monkeypatch):
    sato, ito = pair
    path = next(iter(ito.notes()))
    sato.run("log", "yamada", "sato の訪問", "--kind", "visit")
    sato.run("sync")
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    real_fetch = GitRepo.fetch

    def fetch_while_editing(self, remote):
        real_fetch(self, remote)
        text = ito.read(path).replace("## Log", "編集中のメモ。\n\n## Log")
        (ito.root / path).write_text(text, encoding="utf-8")

    monkeypatch.setattr(GitRepo, "fetch", fetch_while_editing)
    ito.run("sync")
    monkeypatch.undo()
    text = ito.read(path)
    assert "編集中のメモ。" in text
    assert {"sato の訪問", "ito の電話"} <= {e.text for e in parse_note(text).log}
    ito.run("sync")
    sato.run("sync")
    assert "編集中のメモ。" in sato.read(path)


def test_init_with_a_remote_is_ready_to_share(team: Team):
    from gitfixtures import invoke_plain, set_identity

    root = team.home("sato")
    invoke_plain(["init", str(root), "--remote", team.url])
    set_identity(root, "sato")
    sato = Colleague("sato", root)
    assert sato.git("remote", "get-url", "origin").strip() == team.url
    sato.run(*YAMADA)
    sato.run("sync")
    assert team.join("ito").notes() == sato.notes() != {}
