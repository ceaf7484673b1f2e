"""``custnote export``: formats, selection, labels, and the round trip export -> import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custnote.adapters.io import csv_writer
from custnote.adapters.io.reading import read_table
from custnote.core.exporting.rows import choose_columns, flatten
from custnote.core.importing.customers import draft_customer
from custnote.core.importing.mapping import Mode, map_columns
from custnote.core.note.model import LogEntry
from custnote.core.notebook.config import NotebookConfig
from custnote.core.notebook.notebook import Notebook

CUSTOMERS = [
    {
        "name": "山田 太郎", "kana": "やまだ たろう", "company": "山田工務店",
        "department": "営業部", "title": "部長", "owner": "sato", "status": "active",
        "tags": ["vip", "golf"],
        "phones": ["03-5555-0199", "090-1234-5678"], "emails": ["taro@yamada.example.jp"],
        "postal_code": "100-0001", "address": "東京都千代田区千代田1-1",
        "birthday": dt.date(1970, 5, 12),
        "anniversaries": [{"date": dt.date(1998, 6, 1), "label": "結婚記念日"}],
        "family": [{"name": "花子", "relation": "妻"}],
        "preferences": {"drink": "ほうじ茶", "allergies": ["えび", "かに"]},
        "contact_hours": "平日 10-17時", "source": "紹介", "来店回数": 3,
    },
    {"name": "Jane Smith", "company": "Acme, Inc.", "status": "prospect", "tags": ["b2b"],
     "emails": ["jane@acme.example"]},
    {"name": "鈴木 花子", "kana": "すずき はなこ", "phones": ["080-1111-2222"], "status": "dormant",
     "owner": "tanaka", "address": "北海道札幌市中央区1", "postal_code": "060-0001"},
]  # fmt: skip
BODIES = ["ゴルフ好き。\n\n### 家族\n奥様の誕生日が来月。", "", "メモ, カンマ入り"]


@pytest.fixture
def filled(notebook: Notebook) -> Notebook:
    for fields, body in zip(CUSTOMERS, BODIES, strict=True):
        notebook.create(fields, body)
    return notebook


def customers_of(notebook: Notebook) -> dict[str, tuple[dict, str]]:
    return {note.id: (note.fields, note.body) for note in notebook.iter_notes()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf", "json"])
def test_export_then_import_into_an_empty_notebook_gives_the_same_customers(
    cli, filled, tmp_path, fmt
):
    out = tmp_path / f"export.{fmt}"
    result = cli(["export", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "exported 3 customers" in result.stdout
    empty, _ = Notebook.init(tmp_path / "empty")
    imported = cli(["import", str(out)], notebook_path=empty.root)
    assert imported.exit_code == 0, imported.stderr
    assert customers_of(empty) == customers_of(filled)
    assert sorted(empty.note_paths()) == sorted(filled.note_paths())


def test_csv_is_for_excel(cli, filled, tmp_path):
    out = tmp_path / "a.csv"
    cli(["export", "-o", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    header = data.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert header[:3] == ["id", "name", "kana"] and header[-1] == "body"
    assert "preferences.drink" in header and "来店回数" in header
    cp932 = tmp_path / "b.csv"
    assert cli(["export", "-o", str(cp932), "--encoding", "cp932"]).exit_code == 0
    assert "山田 太郎" in cp932.read_bytes().decode("cp932")


def test_fields_selection_and_stdout(cli, filled):
    result = cli(["export", "--fields", "name,phones", "--status", "active"])
    assert result.exit_code == 0
    assert result.stdout.lstrip("\ufeff").splitlines() == [
        "name,phones", "山田 太郎,03-5555-0199; 090-1234-5678",
    ]  # fmt: skip
    bad = cli(["export", "--fields", "name,nonsense"])
    assert bad.exit_code == 2 and "nonsense" in bad.stderr


@pytest.mark.parametrize(
    ("args", "names"),
    [(["ヤマダ"], ["山田 太郎"]), (["acme"], ["Jane Smith"]), (["--tag", "vip"], ["山田 太郎"]),
     (["--owner", "tanaka"], ["鈴木 花子"]), (["yamada.example"], ["山田 太郎"]),
     (["golf"], ["山田 太郎"]), (["誰もいない"], [])],
)  # fmt: skip
def test_selection(cli, filled, args, names):
    result = cli(["export", "--format", "json", *args])
    import json

    assert [c["name"] for c in json.loads(result.stdout)] == names


def test_xlsx_needs_a_file_and_writes_dates_as_dates(cli, filled, tmp_path):
    from openpyxl import load_workbook

    refused = cli(["export", "--format", "xlsx"])
    assert refused.exit_code == 2 and "an Excel export needs a file" in refused.stderr
    assert refused.stdout == ""
    out = tmp_path / "a.xlsx"
    assert cli(["export", "-o", str(out)]).exit_code == 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    (yamada,) = [row for row in rows if row[header.index("name")].value == "山田 太郎"]
    birthday = yamada[header.index("birthday")]
    assert birthday.is_date and birthday.value == dt.datetime(1970, 5, 12)


def test_labels_for_new_year_cards(cli, filled, tmp_path):
    result = cli(["export", "--labels"])
    assert result.exit_code == 0
    assert result.stdout.lstrip("\ufeff").splitlines() == [
        "郵便番号,住所,会社名,部署,役職,宛名",
        "060-0001,北海道札幌市中央区1,,,,鈴木 花子 様",
        "100-0001,東京都千代田区千代田1-1,山田工務店,営業部,部長,山田 太郎 様",
    ]
    assert "no address, no label: Jane Smith" in result.stderr
    out = tmp_path / "labels.xlsx"
    written = cli(["export", "--labels", "-o", str(out)])
    assert written.exit_code == 0
    assert "exported 2 labels" in written.stdout, "Jane Smith has no address, so no label"
    assert read_table(out).records[0].values["宛名"] == "鈴木 花子 様"


def test_vcard_export_has_readings(cli, filled):
    text = cli(["export", "--format", "vcf", "山田"]).stdout
    assert "X-PHONETIC-LAST-NAME:やまだ" in text and "SORT-STRING:やまだ たろう" in text
    assert "ORG:山田工務店;営業部" in text


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=";,、，；"),
    min_size=1, max_size=12,
).map(str.strip).filter(bool)  # fmt: skip


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=TEXT, company=st.one_of(st.none(), TEXT), tags=st.lists(TEXT, max_size=3, unique=True),
    birthday=st.one_of(st.none(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1))),
    body=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)  # fmt: skip
def test_csv_round_trip_of_any_values(tmp_path: Path, name, company, tags, birthday, body):
    fields = {"name": name, "company": company, "tags": tags, "birthday": birthday}
    fields = {k: v for k, v in fields.items() if v not in (None, [])}
    row = flatten(fields, body)
    columns = choose_columns([row])
    path = tmp_path / "rt.csv"
    path.write_bytes(csv_writer.render(columns, [[row.get(c, "") for c in columns]]))
    table = read_table(path)
    (record,) = table.records
    mappings = map_columns(table.headers, Mode.CUSTOMERS)
    draft = draft_customer(record.row, record.values, mappings, NotebookConfig(), source="rt.csv")
    assert draft.ordered_fields() == fields
    assert draft.body == body.strip()


def test_a_search_query_selects_by_what_the_log_says(cli, filled):
    import json

    assert cli('log ヤマダ "ゆず胡椒のお土産を喜ばれた" --kind visit').exit_code == 0
    result = cli(["export", "--format", "json", "胡椒 kind:visit"])
    assert result.exit_code == 0, result.stderr
    assert [c["name"] for c in json.loads(result.stdout)] == ["山田 太郎"]


LOG = [
    {"date": dt.date(2026, 10, 8), "time": dt.time(14, 0), "kind": "visit", "author": "sato",
     "text": "8棟分の仕様打合せ。", "duration_min": 75, "follow_up": dt.date(2026, 11, 2),
     "attributes": {"place": "現場事務所"}},
    {"date": dt.date(2026, 11, 2), "kind": "purchase", "author": "sato", "text": "給湯器 8台",
     "amount": Decimal("1234567.50"), "done": dt.date(2026, 11, 2)},
]  # fmt: skip


@pytest.fixture
def with_log(filled: Notebook) -> Notebook:
    yamada = next(n for n in filled.iter_notes() if n.name == "山田 太郎")
    for entry in LOG:
        filled.add_entry(filled.load(yamada.path), LogEntry(**entry))
    return filled


def logs_of(notebook: Notebook) -> dict[str, list[LogEntry]]:
    return {note.id: note.sorted_log() for note in notebook.iter_notes()}


def test_a_json_export_brings_the_log_back_once(cli, with_log, tmp_path):
    out = tmp_path / "export.json"
    assert cli(["export", "-o", str(out)]).exit_code == 0
    empty, _ = Notebook.init(tmp_path / "empty")
    imported = cli(["import", str(out)], notebook_path=empty.root)
    assert imported.exit_code == 0, imported.stderr
    assert "2 log entries" in imported.stdout
    assert logs_of(empty) == logs_of(with_log)
    assert customers_of(empty) == customers_of(with_log)
    again = cli(["import", str(out)], notebook_path=empty.root)
    assert again.exit_code == 0 and "log entr" not in again.stdout
    assert logs_of(empty) == logs_of(with_log)  # nothing twice


def test_a_json_export_adds_its_entries_to_existing_customers(cli, filled, with_log, tmp_path):
    out = tmp_path / "export.json"
    assert cli(["export", "-o", str(out)]).exit_code == 0
    yamada = next(n for n in with_log.iter_notes() if n.name == "山田 太郎")
    assert cli("undo --yes").exit_code == 0  # the purchase entry is gone again
    assert len(with_log.load(yamada.path).log) == 1
    imported = cli(["import", str(out)])
    assert imported.exit_code == 0, imported.stderr
    assert "1 log entry" in imported.stdout
    assert logs_of(with_log)[yamada.id] == [LogEntry(**e) for e in LOG]


@pytest.mark.parametrize(
    ("entry", "named"),
    [({"date": "2026-13-01", "kind": "call"}, "log entry 1, date"),
     ({"kind": "call", "text": "no date"}, "log entry 1, date"),
     ({"date": "2026-11-01", "kind": "call", "amount": "lots"}, "log entry 1, amount"),
     ({"date": "2026-11-01", "kind": "never-heard-of"}, "field 'kind'")],
)  # fmt: skip
def test_a_bad_log_entry_in_json_is_named_and_nothing_is_written(
    cli, filled, tmp_path, entry, named
):
    import json

    out = tmp_path / "bad.json"
    out.write_text(json.dumps([{"fields": {"name": "新井 一郎"}, "log": [entry]}]), "utf-8")
    head = filled.git.rev("HEAD")
    result = cli(["import", str(out)])
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and named in result.stderr
    assert filled.git.rev("HEAD") == head
    assert "新井 一郎" not in [n.name for n in filled.iter_notes()]
