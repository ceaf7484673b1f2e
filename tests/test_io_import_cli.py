"""``custnote import``: real files in, one commit out, nothing half-written on any error."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import git_log

from custnote.adapters import fsio
from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook
from custnote.core.notebook.transaction import Transaction

HEADER = "氏名,フリガナ,会社名,部署,電話番号,メール,郵便番号,住所,誕生日,タグ,担当者,備考,来店回数"
ROWS = [
    "山田 太郎,やまだ たろう,山田工務店,営業部,03-5555-0199,taro@yamada.example.jp,1000001,"
    "東京都千代田区1-1,昭和45年5月12日,vip、golf,sato,ゴルフ好き,3",
    "鈴木 花子,スズキ ハナコ,,,０９０－１１１１－２２２２,,,,1980/1/2,,,,",
    "佐藤 一郎,さとう いちろう,佐藤商店,,,ichiro@sato.example.jp,,,,b2b,,,",
]


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def notes_of(nb) -> dict[str, object]:
    return {note.name: note for note in nb.iter_notes()}


def untouched(nb, head: str) -> bool:
    status = subprocess.run(["git", "status", "--porcelain"], cwd=nb.root, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    return nb.git.run("rev-parse", "HEAD").stdout.strip() == head and status == ""


def head_of(nb) -> str:
    return nb.git.run("rev-parse", "HEAD").stdout.strip()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_japanese_sheet_becomes_notes_in_one_commit(cli, notebook, tmp_path, encoding):
    path = write_csv(tmp_path / "顧客名簿.csv", [HEADER, *ROWS], encoding)
    before = len(git_log(notebook.root))
    result = cli(["import", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "3 create" in result.stdout
    assert len(git_log(notebook.root)) == before + 1
    assert git_log(notebook.root)[0] == "import: 3 new, 0 updated customers from 顧客名簿.csv"
    notes = notes_of(notebook)
    yamada = notes["山田 太郎"]
    assert yamada.fields["kana"] == "やまだ たろう"
    assert yamada.fields["phones"] == ["03-5555-0199"]
    assert yamada.fields["postal_code"] == "100-0001"
    assert yamada.fields["birthday"] == dt.date(1970, 5, 12)
    assert yamada.fields["tags"] == ["vip", "golf"]
    assert yamada.fields["owner"] == "sato"
    assert yamada.fields["来店回数"] == 3
    assert yamada.body == "ゴルフ好き"
    assert notes["鈴木 花子"].fields["phones"] == ["０９０－１１１１－２２２２"]
    assert notes["鈴木 花子"].path.startswith("customers/su/suzuki-hanako-")


def test_dry_run_previews_and_writes_nothing(cli, notebook, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    head = head_of(notebook)
    result = cli(["import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "extra field '来店回数'" in result.stdout
    assert "dry run: 3 create; nothing written" in result.stdout
    assert untouched(notebook, head) and notebook.note_paths() == []


@pytest.mark.parametrize(
    ("row", "message"),
    [("X,,,,,,,,1970/13/1,,,,", "a.csv: row 3, column '誕生日': not a real date"),
     ("X,,,,,not-an-email,,,,,,,", "a.csv: row 3, column 'メール': not an email"),
     (",,,,,,,,,,,メモだけ,", "a.csv: row 3, column '氏名': no name")],
)  # fmt: skip
def test_a_bad_row_stops_everything(cli, notebook, tmp_path, row, message):
    path = write_csv(tmp_path / "a.csv", [HEADER, ROWS[0], row, ROWS[1]])
    head = head_of(notebook)
    result = cli(["import", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert untouched(notebook, head) and notebook.note_paths() == []


def test_skip_bad_drops_the_bad_cell_not_the_customer(cli, notebook, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, ROWS[0], "X,,,,,,,,someday,,,,", ROWS[1],
                                          ",,,,,,,,,,,メモだけ,"])  # fmt: skip
    result = cli(["import", str(path), "--skip-bad"])
    assert result.exit_code == 0, result.stderr
    assert "dropped (the rest of the row is imported): a.csv: row 3, column '誕生日'" in (
        result.stderr
    )
    assert "skipped: a.csv: row 5, column '氏名': no name" in result.stderr
    assert "3 create, 1 bad cell(s) dropped, 1 bad row(s) skipped" in result.stdout
    assert sorted(notes_of(notebook)) == ["X", "山田 太郎", "鈴木 花子"]
    assert "birthday" not in notes_of(notebook)["X"].fields


def test_skip_bad_with_every_row_bad_fails(cli, notebook, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, ",,,,,,,,,,,メモだけ,", ",,,,,,,,,,,メモ2,"])
    head = head_of(notebook)
    result = cli(["import", str(path), "--skip-bad"])
    assert result.exit_code == 2
    assert "every row is bad; nothing to import" in result.stderr
    assert untouched(notebook, head)


def test_map_options(cli, notebook, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ["No.,お名前,紹介者,好きなもの", "1,山田,田中さん,ほうじ茶"]
    )
    result = cli(["import", str(path), "--map", "No.=-", "--map", "紹介者=source",
                  "--map", "好きなもの=body"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    note = notes_of(notebook)["山田"]
    assert note.fields["source"] == "田中さん" and "No." not in note.fields
    assert note.body == "好きなもの: ほうじ茶"
    head = head_of(notebook)
    bad = cli(["import", str(path), "--map", "電話=phones"])
    assert bad.exit_code == 2 and "no such column" in bad.stderr
    bad = cli(["import", str(path), "--map", "紹介者=referrer"])
    assert bad.exit_code == 2 and "unknown field" in bad.stderr
    assert untouched(notebook, head)


def test_unreadable_files(cli, notebook, tmp_path):
    garbage = tmp_path / "bad.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 8)
    result = cli(["import", str(garbage)])
    assert result.exit_code == 2 and "neither UTF-8 nor Shift_JIS" in result.stderr
    missing = cli(["import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "file: no such file: " in missing.stderr


def test_duplicates_update_fills_empty_fields_only(cli, notebook, yamada, tmp_path):
    path = write_csv(tmp_path / "a.csv", [
        "氏名,会社名,部署,電話番号,備考",
        "ヤマダ,別の会社,工務部,０３（５５５５）０１９９,新しいメモ",
    ])  # fmt: skip
    result = cli(["import", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "1 update" in result.stdout
    note = notebook.load(yamada.path)
    assert note.fields["company"] == "山田工務店"  # kept
    assert note.fields["department"] == "工務部"  # was empty: filled
    assert note.name == "山田 太郎"
    assert note.body == "新しいメモ"
    assert note.fields["preferences"] == {"drink": "ほうじ茶", "allergies": ["えび"]}
    again = cli(["import", str(path)])
    assert "1 unchanged" in again.stdout


def test_duplicate_policies(cli, notebook, yamada, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["氏名,メール,会社名", "Y,TARO@yamada.example.jp,X"])
    head = head_of(notebook)
    refused = cli(["import", str(path), "--on-duplicate", "error"])
    assert refused.exit_code == 2
    assert f"row 2, column 'emails': duplicate of customer {yamada.id}" in refused.stderr
    assert untouched(notebook, head)
    skipped = cli(["import", str(path), "--on-duplicate", "skip"])
    assert "1 skip" in skipped.stdout and untouched(notebook, head)


def test_rows_for_one_new_customer_are_merged(cli, notebook, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ["氏名,メール,会社名", "A,a@example.jp,", "A2,a@example.jp,Co"]
    )
    assert cli(["import", str(path)]).exit_code == 0
    (note,) = notebook.iter_notes()
    assert (note.name, note.fields["company"]) == ("A", "Co")


def test_an_id_is_kept_and_recognised(cli, notebook, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["id,name,company", "k7m2qa,山田,A"])
    assert cli(["import", str(path)]).exit_code == 0
    assert notebook.resolve("k7m2qa").name == "山田"
    path2 = write_csv(tmp_path / "b.csv", ["id,name,title", "k7m2qa,other name,部長"])
    assert "1 update" in cli(["import", str(path2)]).stdout
    note = notebook.resolve("k7m2qa")
    assert (note.name, note.fields["title"]) == ("山田", "部長")


def _fail_on_call(monkeypatch, owner, name: str, n: int) -> None:
    """Make ``owner.name`` raise OSError on its n-th call."""
    original, calls = getattr(owner, name), []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


@pytest.mark.parametrize(
    ("owner", "name", "n"),
    [(Transaction, "write", 4), (fsio, "create", 3), (fsio, "overwrite", 1),
     (GitRepo, "commit", 1)],
)  # fmt: skip
def test_a_failure_while_writing_leaves_no_trace(
    cli, notebook, yamada, tmp_path, monkeypatch, owner, name, n
):
    lines = ["氏名,部署,電話番号", "山田,営業部,03-5555-0199"] + [
        f"客{i},,090-0000-{i:04d}" for i in range(5)
    ]
    path = write_csv(tmp_path / "a.csv", lines)
    _fail_on_call(monkeypatch, owner, name, n)
    head = head_of(notebook)
    before = notebook.read_text(yamada.path)
    with pytest.raises(OSError, match="disk full"):
        cli(["import", str(path)])
    assert untouched(notebook, head)
    assert notebook.note_paths() == [yamada.path]
    assert notebook.read_text(yamada.path) == before


def test_a_failure_while_writing_the_history_leaves_no_trace(
    cli, notebook, yamada, tmp_path, monkeypatch
):
    other = notebook.create({"name": "鈴木", "phones": ["090-1111-2222"]})
    hand_edited = notebook.read_text(other.path) + "手で書いた行\n"
    (notebook.root / other.path).write_text(hand_edited, encoding="utf-8")
    path = write_csv(
        tmp_path / "h.csv", [HISTORY[0], HISTORY[1], "090-1111-2222,2026/11/2,電話,,,,x,"]
    )
    _fail_on_call(monkeypatch, GitRepo, "commit", 1)
    head = head_of(notebook)
    before = notebook.read_text(yamada.path)
    with pytest.raises(OSError, match="disk full"):
        cli(["import", "--log", str(path)])
    assert head_of(notebook) == head
    assert notebook.read_text(yamada.path) == before
    assert notebook.read_text(other.path) == hand_edited


XLSX_HEADERS = ["お名前", "ふりがな", "携帯", "生年月日", "登録日", "メモ"]


def test_xlsx_with_excel_dates_and_a_named_sheet(cli, notebook, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "説明"
    sheet = workbook.create_sheet("顧客一覧")
    sheet.append(XLSX_HEADERS)
    sheet.append(["山田 太郎", "やまだ たろう", 9012345678, dt.datetime(1970, 5, 12),
                  dt.datetime(2024, 4, 1), "初回来店"])  # fmt: skip
    sheet["D2"].number_format = "yyyy/m/d"
    sheet.append(["鈴木", None, "080-1234-5678", 29587, None, None])
    path = tmp_path / "名簿.xlsx"
    workbook.save(path)
    result = cli(["import", str(path), "--sheet", "顧客一覧"])
    assert result.exit_code == 0, result.stderr
    notes = notes_of(notebook)
    assert notes["山田 太郎"].fields["phones"] == ["09012345678"]
    assert notes["山田 太郎"].fields["birthday"] == dt.date(1970, 5, 12)
    assert notes["山田 太郎"].fields["created"] == dt.date(2024, 4, 1)
    assert notes["鈴木"].fields["birthday"] == dt.date(1981, 1, 1)
    assert notes["鈴木"].fields["created"] == dt.date(2026, 11, 20)
    bad = cli(["import", str(path), "--sheet", "Sheet9"])
    assert bad.exit_code == 2 and "no such sheet" in bad.stderr


VCF = """BEGIN:VCARD\r
VERSION:3.0\r
FN:山田 太郎\r
N:山田;太郎;;;\r
X-PHONETIC-LAST-NAME:ヤマダ\r
X-PHONETIC-FIRST-NAME:タロウ\r
ORG:山田工務店;営業部\r
TITLE:部長\r
TEL;TYPE=CELL:090-1234-5678\r
EMAIL:taro@yamada.example.jp\r
ADR:;;千代田1-1;千代田区;東京都;100-0001;日本\r
BDAY:1970-05-12\r
NOTE:名刺交換 2026/11\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:鈴木 花子\r
N;SORT-AS="すずき,はなこ":鈴木;花子;;;\r
BDAY:--0315\r
END:VCARD\r
"""


def test_vcards_from_a_name_card_app(cli, notebook, tmp_path):
    path = tmp_path / "名刺.vcf"
    path.write_text(VCF, encoding="utf-8", newline="")
    result = cli(["import", str(path)])
    assert result.exit_code == 0, result.stderr
    notes = notes_of(notebook)
    yamada = notes["山田 太郎"]
    assert yamada.fields["kana"] == "ヤマダ タロウ"
    assert (yamada.fields["company"], yamada.fields["department"]) == ("山田工務店", "営業部")
    assert yamada.fields["address"] == "東京都 千代田区 千代田1-1"
    assert yamada.fields["birthday"] == dt.date(1970, 5, 12)
    assert yamada.body == "名刺交換 2026/11"
    suzuki = notes["鈴木 花子"]
    assert suzuki.fields["kana"] == "すずき はなこ" and suzuki.fields["bday"] == "--0315"


HISTORY = [
    "顧客,日時,種別,対応者,所要時間,金額,内容,件名",
    "taro@yamada.example.jp,2026/11/21 9:10,電話,佐藤 花子,15分,,見積の件で折り返し,見積",
    '山田 太郎,2026/11/19 14:30,訪問,sato,45,"¥12,000",奥様の誕生日が来月,',
    "0355550199,令和8年11月1日,メール,,,,資料送付,",
]


def test_history_goes_into_the_log_in_date_order(cli, notebook, yamada, tmp_path):
    notebook.add_entry(yamada, LogEntry(dt.date(2026, 11, 20), "note", "既存"))
    path = write_csv(tmp_path / "h.csv", HISTORY)
    before = len(git_log(notebook.root))
    result = cli(["import", "--log", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "3 entries for 1 customers" in result.stdout
    assert len(git_log(notebook.root)) == before + 1
    note = notebook.load(yamada.path)
    assert [(e.date.isoformat(), e.kind) for e in note.log] == [
        ("2026-11-01", "email"), ("2026-11-19", "visit"), ("2026-11-20", "note"),
        ("2026-11-21", "call"),
    ]  # fmt: skip
    visit = note.log[1]
    assert (visit.duration_min, str(visit.amount), visit.author) == (45, "12000", "sato")
    assert note.log[3].text == "見積の件で折り返し\n\n件名: 見積"
    again = cli(["import", "--log", str(path)])
    assert "3 already in the log" in again.stdout
    assert len(git_log(notebook.root)) == before + 1


def test_history_errors_write_nothing(cli, notebook, yamada, tmp_path):
    head = head_of(notebook)
    for row, message in [
        ("nobody@example.jp,2026/11/21,電話,,,,x,", "row 3, column 'customer'"),
        ("山田 太郎,2026/11/21,雑談,,,,x,", "row 3, column '種別': unknown kind"),
        ("山田 太郎,,電話,,,,x,", "row 3, column '日時': no date"),
        ("山田 太郎,2026/11/21,電話,,ずっと,,x,", "row 3, column '所要時間'"),
        ("山田 太郎,2026/11/21,電話,,,たくさん,x,", "row 3, column '金額'"),
    ]:
        path = write_csv(tmp_path / "h.csv", [HISTORY[0], HISTORY[1], row])
        result = cli(["import", "--log", str(path)])
        assert result.exit_code == 2, row
        assert message in result.stderr
        assert untouched(notebook, head)


def test_undo_takes_a_whole_import_back(cli, notebook, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    assert cli(["import", str(path)]).exit_code == 0
    assert len(notebook.note_paths()) == 3
    result = cli(["undo", "--yes"])
    assert result.exit_code == 0, result.stderr
    assert notebook.note_paths() == []


def test_no_other_writer_can_change_a_note_while_the_import_plans_and_writes(
    cli, notebook, yamada, tmp_path, monkeypatch
):
    from custnote.core.importing import write as import_write
    from custnote.errors import NotebookLockedError

    original, seen = import_write.insert_entries, []

    def meanwhile(text, entries, rel):  # another writer tries to log a call while it runs
        other = Notebook(notebook.root)
        with pytest.raises(NotebookLockedError), other.locked(timeout=0.1):
            pass
        seen.append(rel)
        return original(text, entries, rel)

    monkeypatch.setattr(import_write, "insert_entries", meanwhile)
    head = head_of(notebook)
    result = cli(["import", "--log", str(write_csv(tmp_path / "h.csv", HISTORY))])
    assert result.exit_code == 0, result.stderr
    assert seen == [yamada.path]
    assert git_log(notebook.root)[0].startswith("import: ") and head_of(notebook) != head


def test_half_width_readings_are_stored_full_width(cli, notebook, tmp_path):
    path = tmp_path / "古い名簿.csv"
    path.write_bytes("氏名,フリガナ\r\n山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ\r\n".encode("cp932"))
    assert cli(["import", str(path)]).exit_code == 0
    [note] = notebook.iter_notes()
    assert note.get("kana") == "ヤマダ タロウ"
