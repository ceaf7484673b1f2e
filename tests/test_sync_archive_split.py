"""Archive on one side, an edit on the other: after both sync there is ONE note holding the
edit (in archive/, as docs/sync.md decides), never two files with one id; ``unarchive`` never
replaces a live note; and ``sync`` refuses to push two files with one id."""

from __future__ import annotations

import pytest
from gitfixtures import Colleague, Team, team_fixture  # noqa: F401

from custnote.core.note.noteformat import parse_note

YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう"]
LONG = "\n".join(f"{i}行目: 打ち合わせの詳しいメモ、見積の条件、次回の段取り。" for i in range(40))


@pytest.fixture
def pair(team: Team) -> tuple[Colleague, Colleague]:
    return team.pair(*YAMADA)


def ids(person: Colleague) -> list[tuple[str, str]]:
    found = []
    for folder in ("customers", "archive"):
        for rel, text in person.notes(folder).items():
            found.append((parse_note(text).id, rel.split("/")[0]))
    return sorted(found)


@pytest.mark.parametrize("first", ["sato", "ito"])
def test_a_big_edit_of_a_note_archived_elsewhere_ends_in_one_archived_note(pair, first):
    sato, ito = pair
    for i in range(12):  # the archived side changed too much for git to see a rename
        sato.run("log", "yamada", f"訪問 {i}: " + LONG[:300], "--kind", "visit")
    sato.run("rm", "yamada", "--yes")
    ito.run("log", "yamada", LONG, "--kind", "call")
    order = [sato, ito] if first == "sato" else [ito, sato]
    for person in [*order, *order]:
        person.run("sync")
    for person in (sato, ito):
        assert [folder for _, folder in ids(person)] == ["archive"], person.notes("customers")
        [text] = person.notes("archive").values()
        assert "39行目" in text and "訪問 11" in text
        assert len(parse_note(text).log) == 13
        assert person.git("status", "--porcelain") == ""
    assert sato.notes("archive") == ito.notes("archive")


def test_unarchive_never_replaces_a_live_note(pair, tmp_path):
    sato, _ = pair
    [(live, text)] = sato.notes().items()
    sato.run("rm", "yamada", "--yes")
    (sato.root / live).write_text(text, encoding="utf-8")  # the same id back in customers/
    sato.git("add", live)
    sato.git("commit", "-q", "-m", "by hand")
    result = sato.run("unarchive", "yamada", ok=False)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and live in result.stderr
    assert len(sato.notes("archive")) == 1 and sato.read(live) == text


def test_sync_refuses_to_push_two_files_with_one_id(pair):
    sato, ito = pair
    [(live, text)] = sato.notes().items()
    twin = live.replace(".md", "-copy.md")
    (sato.root / twin).write_text(text.replace("山田 太郎", "山田 太郎 (copy)"), encoding="utf-8")
    result = sato.run("sync", ok=False)
    assert result.exit_code != 0
    assert "same id" in result.stderr and twin in result.stderr
    ito.run("sync")
    assert len(ito.notes()) == 1, "nothing was pushed"
