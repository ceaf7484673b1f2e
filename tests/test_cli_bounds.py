"""Values that would break later commands get one clear line, and nothing is written: amounts,
durations, dates, key depth, an xlsx declaring XML entities, a note that fails validation, a
note archived while being logged; and the last-resort handler for anything unforeseen."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import git_log

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


def one_line_error(result, *words: str) -> None:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert len(lines[0]) < 400


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("--amount 1e999999", ["amount", "too large", "999999999999999"]),
        ("--amount 1000000000000000", ["amount", "too large"]),
        ("--amount 0.00001", ["amount", "4 decimals"]),
        (f"--amount {'9' * 400}", ["amount", "too long", "characters)"]),
        ("--at +999999999d", ["--at", "too far"]),
        ("--follow-up +99999999999d", ["--follow-up", "too far"]),
        (f"--duration {'9' * 400}", ["--duration", "not a duration"]),
        ("--duration 1000h", ["--duration", "longer than 999 hours"]),
    ],
)
def test_out_of_bounds_values_are_refused_in_one_line(
    cli, notebook: Notebook, yamada: Note, option: str, words: list[str]
) -> None:
    before = (notebook.root / yamada.path).read_bytes()
    one_line_error(cli(f"log yamada x {option}"), *words)
    assert (notebook.root / yamada.path).read_bytes() == before
    assert git_log(notebook.root) == ["add: 山田 太郎", "init: custnote notebook"]


def test_the_largest_allowed_values_are_kept_exactly(cli, notebook: Notebook, yamada: Note):
    result = cli("log yamada x --amount 999999999999999.9999 --duration 999h --at +9999d")
    assert result.exit_code == 0, result.stderr
    [entry] = notebook.load(yamada.path).log
    assert str(entry.amount) == "999999999999999.9999" and entry.duration_min == 999 * 60
    assert entry.date.year == 2054


def test_a_deep_key_is_refused(cli, notebook: Notebook, yamada: Note) -> None:
    deep = ".".join(["a"] * 2000)
    one_line_error(cli(["set", "yamada", f"{deep}=1"]), "nested more than 8 levels")
    one_line_error(cli(["unset", "yamada", deep]), "nested more than 8 levels")
    assert cli(["set", "yamada", "preferences.a.b.c.d.e.f.g=1"]).exit_code == 0
    assert notebook.load(yamada.path).fields["preferences"]["a"]["b"]["c"]["d"]["e"]["f"] == {
        "g": "1"
    }


def test_a_huge_amount_written_by_hand_does_not_break_stats(
    cli, notebook: Notebook, yamada: Note
) -> None:
    path = notebook.root / yamada.path
    path.write_text(
        path.read_text() + "\n## Log\n\n### 2026-11-01 · purchase\n- amount: 1" + "0" * 5000 + "\n"
    )
    result = cli("stats")
    assert result.exit_code == 0
    assert "Traceback" not in result.stderr and "too long" in result.stderr
    assert len(result.stderr) < 2000


def test_log_refuses_a_note_that_fails_validation(cli, notebook: Notebook, yamada: Note) -> None:
    path = notebook.root / yamada.path
    path.write_text(path.read_text().replace("name: 山田 太郎", "name: {a: 1}"))
    edited = path.read_bytes()
    result = cli(["log", yamada.id, "電話", "--kind", "call"])
    one_line_error(result, yamada.path, "name")
    assert path.read_bytes() == edited
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


def test_log_racing_rm_gets_one_line(cli, notebook: Notebook, yamada: Note, monkeypatch) -> None:
    from custnote.core.notebook import notebook as notebook_module

    original = notebook_module.Notebook.resolve

    def resolve_then_archived(self, query, archived=False):  # rm wins the race after resolve
        note = original(self, query, archived)
        if not archived:
            Notebook(self.root).archive(note)
        return note

    monkeypatch.setattr(notebook_module.Notebook, "resolve", resolve_then_archived)
    result = cli('log yamada "電話" --kind call')
    one_line_error(result, yamada.path, "no longer exists")
    assert git_log(notebook.root)[0] == "rm: 山田 太郎 (archived)"
    assert not (notebook.root / yamada.path).exists()


def test_an_xlsx_declaring_entities_is_refused(cli, notebook: Notebook, tmp_path: Path) -> None:
    from openpyxl import Workbook

    plain = tmp_path / "plain.xlsx"
    book = Workbook()
    book.active.append(["氏名", "電話"])
    book.active.append(["山田 太郎", "03-5555-0199"])
    book.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                lol = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                data = (lol + data.decode().split("?>", 1)[-1]).encode()
            zout.writestr(item, data)
    one_line_error(cli(["import", str(bomb)]), "bomb.xlsx", "entities")
    assert git_log(notebook.root) == ["init: custnote notebook"]
    assert cli(["import", str(plain)]).exit_code == 0, "the same workbook without them imports"


def test_an_unexpected_error_is_one_line_with_a_pointer(
    cli, notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custnote.core.notebook import notebook as notebook_module

    def broken(self, query, archived=False):
        raise ZeroDivisionError("a bug nobody foresaw")

    monkeypatch.setattr(notebook_module.Notebook, "resolve", broken)
    monkeypatch.delenv("CUSTNOTE_DEBUG")
    result = cli("show yamada")
    assert result.exit_code == 70
    one_line_error(result, "internal error", "ZeroDivisionError", "CUSTNOTE_DEBUG=1")
    monkeypatch.setenv("CUSTNOTE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli("show yamada")


def test_an_import_refuses_to_add_to_a_note_that_fails_validation(
    cli, notebook: Notebook, yamada: Note, tmp_path: Path
) -> None:
    path = notebook.root / yamada.path
    path.write_text(path.read_text().replace("status: active", "status: {a: 1}"))
    edited = path.read_bytes()
    history = tmp_path / "h.csv"
    history.write_text("顧客,日時,種別,内容\n03-5555-0199,2026-11-01 10:00,call,電話\n", "utf-8")
    one_line_error(cli(["import", "--log", str(history)]), yamada.path, "status")
    assert path.read_bytes() == edited
    assert git_log(notebook.root)[0] == "add: 山田 太郎"
