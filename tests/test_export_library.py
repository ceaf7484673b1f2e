"""Exports without the CLI (core/export_files.py): to a path or a stream, every format, labels,
the audit entry each export leaves, and what is refused before anything is written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from custnote.adapters.io.reading import read_table
from custnote.adapters.io.writing import FORMATS, export, format_for, render_export
from custnote.core.privacy import audit
from custnote.errors import InvalidValueError


@pytest.fixture
def three(notebook):
    notebook.create(
        {
            "name": "山田 太郎",
            "kana": "やまだ たろう",
            "status": "active",
            "postal_code": "100-0001",
            "address": "東京都千代田区千代田1-1",
        }
    )
    notebook.create({"name": "Jane Smith", "company": "Acme", "status": "prospect"})
    notebook.create({"name": "鈴木 花子", "status": "dormant", "tags": ["vip"]})
    return notebook  # fmt: skip


def subjects(notebook) -> list[str]:
    return notebook.git.run("log", "--format=%s").stdout.splitlines()


@pytest.mark.parametrize(
    ("output", "given", "chosen"),
    [(None, None, "csv"), (Path("a.XLSX"), None, "xlsx"), (Path("a.vcf"), None, "vcf"),
     (Path("a.txt"), None, "csv"), (Path("a.csv"), "json", "json")],
)  # fmt: skip
def test_the_format_comes_from_the_option_else_the_suffix(output, given, chosen):
    assert format_for(output, given) == chosen


def test_an_unknown_format_is_refused_naming_the_choices():
    with pytest.raises(InvalidValueError) as refused:
        format_for(None, "pdf")
    assert str(refused.value) == "--format: choose one of: csv, xlsx, vcf, json: 'pdf'"


def test_export_to_a_path_reads_back_and_is_audited(three, tmp_path):
    out = tmp_path / "all.csv"
    done = export(three, out, status="active")
    assert (done.format, done.count, done.warnings) == ("csv", 1, [])
    names = [r.values["name"] for r in read_table(out).records]
    assert names == ["山田 太郎"]
    (entry,) = audit.entries(three)
    assert (entry.action, entry.customers) == ("export", 1)
    assert entry.details == f"csv, without restricted fields, to {out}"
    assert subjects(three)[0] == "audit: export 1 customers"


def test_export_to_a_stream_with_a_query(three):
    stream = io.BytesIO()
    done = export(three, stream, "acme", format="json")
    assert [c["name"] for c in json.loads(stream.getvalue())] == ["Jane Smith"]
    assert done.data == stream.getvalue()
    assert audit.entries(three)[-1].details == "json, without restricted fields, to stdout"


def test_an_excel_export_to_a_stream_is_refused_before_anything_is_written(three):
    before = subjects(three)
    stream = io.BytesIO()
    with pytest.raises(InvalidValueError, match="needs a file"):
        export(three, stream, format="xlsx")
    assert stream.getvalue() == b"" and subjects(three) == before


def test_an_export_of_nobody_writes_an_empty_file_and_no_audit_entry(three, tmp_path):
    before = subjects(three)
    done = export(three, tmp_path / "none.json", "誰もいない")
    assert done.count == 0 and json.loads((tmp_path / "none.json").read_bytes()) == []
    assert subjects(three) == before and audit.entries(three) == []


def test_labels_leave_out_who_has_no_address_and_say_so(three):
    done = render_export([three.load(p) for p in three.note_paths()], "vcf", labels=True)
    assert (done.format, done.count, done.labels) == ("csv", 1, True)
    rows = done.data.decode("utf-8-sig").splitlines()
    assert rows == [
        "郵便番号,住所,会社名,部署,役職,宛名",
        "100-0001,東京都千代田区千代田1-1,,,,山田 太郎 様",
    ]
    assert sorted(done.warnings) == ["no address, no label: Jane Smith",
                                     "no address, no label: 鈴木 花子"]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_every_customer(three, fmt, tmp_path):
    out = tmp_path / f"all.{fmt}"
    assert export(three, out).count == 3
    names = sorted(r.values["name"] for r in read_table(out).records)
    assert names == ["Jane Smith", "山田 太郎", "鈴木 花子"]


def test_cp932_replacements_are_warned_about(notebook):
    note = notebook.create({"name": "Zoë Café"})
    done = render_export([note], "csv", fields=["name"], encoding="cp932")
    assert done.data.decode("cp932").splitlines()[1] == "Zoe Cafe"
    assert len(done.warnings) == 1 and "closest cp932 characters" in done.warnings[0]
