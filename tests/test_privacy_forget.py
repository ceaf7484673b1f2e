"""``custnote forget`` pushed by one clone and absorbed by two others: no trace of the note's
text anywhere in any clone or the remote afterwards; colleagues keep their unpushed work."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitfixtures import Colleague, Team, git, team_fixture  # noqa: F401
from privacyfixtures import index_text

TRACES = ("山田 太郎", "やまだ たろう", "yamada-tarou", "奥様の誕生日", "そば粉アレルギー")


def all_git_text(repo: Path) -> str:
    """Everything git holds: every object (reachable or not, loose or packed) and every
    commit reachable from any ref, uncompressed."""
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch", "--unordered"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")
    revs = git(repo, "rev-list", "--all", "--objects")
    return objects + revs


def everything(repo: Path) -> str:
    files = [p for p in repo.rglob("*") if p.is_file()]
    return all_git_text(repo) + "".join(
        p.read_bytes().decode("utf-8", errors="replace") for p in files
    )


@pytest.fixture
def team3(team: Team) -> tuple[Colleague, Colleague, Colleague]:
    sato = team.founder("sato")
    sato.run("add", "山田 太郎", "--kana", "やまだ たろう", "--set", "preferences.drink=茶")
    sato.run("log", "yamada", "奥様の誕生日が来月", "--kind", "visit")
    sato.run("add", "鈴木 花子", "--kana", "すずき はなこ")
    sato.run("sync")
    ito, kato = team.join("ito"), team.join("kato")
    kato.run("search", "奥様")  # kato's search index holds the note's text
    return sato, ito, kato


def test_forget_reaches_every_clone_and_keeps_unpushed_work(team: Team, team3):
    sato, ito, kato = team3
    ito.run("log", "yamada", "そば粉アレルギーと判明", "--kind", "call")  # unpushed, forgotten
    ito.run("log", "suzuki", "カタログ送付", "--kind", "email")  # unpushed, kept
    yamada_id = sato.run("show", "yamada", "--json").stdout.split('"id": "')[1][:6]

    sato.run("forget", "yamada", "--yes")
    tombstone = (sato.root / ".custnote" / "forgotten").read_text("utf-8")
    assert f"{yamada_id} 2026-11-20" in tombstone and "山田" not in tombstone

    ito.run("sync")
    kato.run("sync")
    sato.run("sync")
    for person in (sato, ito, kato):
        assert not list(person.root.glob("customers/*/yamada*"))
        assert "カタログ送付" in person.read(next(iter(person.notes())))  # ito's work came
        assert yamada_id in person.read(".custnote/forgotten")
        assert git(person.root, "status", "--porcelain") == ""
        text = everything(person.root)
        for trace in TRACES:
            assert trace not in text, (person.name, trace)
    remote = all_git_text(team.remote)
    for trace in TRACES:
        assert trace not in remote
    subjects = git(ito.root, "log", "--format=%an %s")
    assert "ito log: 鈴木 花子 (email)" in subjects  # replayed with its author
    assert subjects.splitlines()[1:] == [  # commits only about 山田 are gone entirely
        f"sato forget: customer {yamada_id}",
        "sato add: 鈴木 花子",
        "sato init: custnote notebook",
    ]
    assert kato.run("search", "鈴木").exit_code == 0
    indexed = index_text(kato.root / ".git" / "custnote")
    assert "すずき" in indexed and "やまだ" not in indexed and "奥様" not in indexed


def test_forget_without_a_remote_rewrites_the_local_history(tmp_path, cli, notebook):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    cli('log yamada "奥様の誕生日が来月" --kind visit')
    cli('add "鈴木 花子" --kana "すずき はなこ"')
    result = cli("forget yamada", input="y\n")
    assert result.exit_code == 0, result.stderr
    text = everything(notebook.root)
    for trace in TRACES:
        assert trace not in text
    assert cli("show suzuki").exit_code == 0
    assert (
        git(notebook.root, "log", "-1", "--format=%s")
        == "forget: customer "
        + (notebook.root / ".custnote" / "forgotten").read_text("utf-8").split("\n")[1].split()[0]
        + "\n"
    )


def test_forget_asks_first_and_a_no_changes_nothing(cli, notebook):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    head = git(notebook.root, "rev-parse", "HEAD")
    result = cli("forget yamada", input="n\n")
    assert result.exit_code != 0
    assert git(notebook.root, "rev-parse", "HEAD") == head
    assert list(notebook.root.glob("customers/*/yamada*"))


def test_a_rewrite_without_tombstone_is_refused(team: Team, team3):
    sato, ito, _kato = team3
    git(sato.root, "commit", "--amend", "-qm", "rewritten by hand")
    git(sato.root, "push", "-q", "--force", "origin", "HEAD:main")
    before = git(ito.root, "rev-parse", "HEAD")
    result = ito.run("sync", ok=False)
    assert result.exit_code != 0 and "not by 'custnote forget'" in result.stderr
    assert git(ito.root, "rev-parse", "HEAD") == before


def test_import_of_a_forgotten_id_warns(cli, notebook, tmp_path):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    forgotten = cli("show yamada --json").stdout.split('"id": "')[1][:6]
    cli("forget yamada --yes")
    table = tmp_path / "back.csv"
    table.write_text(f"id,name\n{forgotten},山田 太郎\nzzzz22,佐藤 一郎\n", "utf-8")
    result = cli(f"import {table}")
    assert result.exit_code == 0, result.stderr
    assert f"row 2: customer {forgotten} was erased with 'custnote forget' on 2026-11-20" in (
        " ".join(result.stderr.split())
    )
    assert "zzzz22" not in result.stderr


def test_names_in_shared_commit_messages_are_replaced(cli, notebook):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    cli('add "鈴木 花子" --kana "すずき はなこ"')
    for path in notebook.root.glob("customers/*/*.md"):
        path.write_text(path.read_text("utf-8") + "\n追記\n", "utf-8")
    git(notebook.root, "add", "-A")
    git(notebook.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm",
        "notes of 山田 太郎 and 鈴木 花子")  # fmt: skip
    forgotten = cli("show yamada --json").stdout.split('"id": "')[1][:6]
    cli("forget yamada --yes")
    subjects = git(notebook.root, "log", "--format=%s")
    assert f"notes of (forgotten {forgotten}) and 鈴木 花子" in subjects
    for trace in TRACES:
        assert trace not in everything(notebook.root)


def test_forget_an_archived_customer(cli, notebook):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    cli('log yamada "奥様の誕生日が来月" --kind visit')
    cli("rm yamada", input="y\n")
    assert cli("forget yamada --archived --yes").exit_code == 0
    assert not list(notebook.root.glob("*/*/yamada*"))
    for trace in TRACES:
        assert trace not in everything(notebook.root)


def test_a_replay_that_fails_changes_nothing_and_is_tried_again(team: Team, team3):
    sato, ito, _kato = team3
    config = ".custnote/config.yaml"
    for person, days in ((sato, 30), (ito, 60)):  # the same line, changed two ways
        text = person.read(config).replace("dormant_days: 90", f"dormant_days: {days}")
        (person.root / config).write_text(text, "utf-8")
        git(person.root, "commit", "-qam", f"dormant {days}")
    sato.run("sync")
    sato.run("forget", "yamada", "--yes")
    head = git(ito.root, "rev-parse", "HEAD")
    for _ in range(2):  # and the next sync does not push the old history either
        result = ito.run("sync", ok=False)
        assert result.exit_code != 0 and "does not apply to the new history" in result.stderr
        assert git(ito.root, "rev-parse", "HEAD") == head
        assert list(ito.root.glob("customers/*/yamada*"))  # ito's copy is as it was
    remote = all_git_text(team.remote)
    assert "山田 太郎" not in remote


def test_forget_refuses_while_a_note_has_uncommitted_changes(cli, notebook):
    cli('add "山田 太郎" --kana "やまだ たろう"')
    cli('add "鈴木 花子" --kana "すずき はなこ"')
    [suzuki] = notebook.root.glob("customers/*/suzuki*")
    suzuki.write_text(suzuki.read_text("utf-8") + "\n手書きのメモ\n", "utf-8")
    head = git(notebook.root, "rev-parse", "HEAD")
    result = cli("forget yamada --yes")
    assert result.exit_code != 0 and "uncommitted changes" in result.stderr
    assert "手書きのメモ" in suzuki.read_text("utf-8")
    assert git(notebook.root, "rev-parse", "HEAD") == head


def test_absorbing_waits_for_uncommitted_changes_of_other_files(team: Team, team3):
    sato, ito, _kato = team3
    config = ito.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8") + "# my local remark\n", "utf-8")
    sato.run("forget", "yamada", "--yes")
    for _ in range(2):
        result = ito.run("sync", ok=False)
        assert result.exit_code != 0 and "commit or discard your changes" in result.stderr
        assert "# my local remark" in config.read_text("utf-8")
    git(ito.root, "checkout", "--", ".custnote/config.yaml")
    ito.run("sync")
    assert not list(ito.root.glob("customers/*/yamada*"))
