"""Exports: vCard N from the stored name, labels with exactly one honorific, cp932 with a
documented substitution (the customer named where a character has none)."""

from __future__ import annotations

import pytest

from custnote.adapters.io import vcard_writer
from custnote.adapters.io.cp932 import GETA, substitute, substitute_rows
from custnote.adapters.io.reading import read_table
from custnote.core.exporting.rows import labels
from custnote.core.note.honorifics import addressed, is_company, split_prefix


@pytest.mark.parametrize(
    ("fields", "n"),
    [({"name": "Mr. John Richter"}, ("Richter", "John", "", "Mr.")),
     ({"name": "Mary Ann Jones"}, ("Jones", "Mary", "Ann", "")),
     ({"name": "John Richter", "honorific": "Mr."}, ("Richter", "John", "", "Mr.")),
     ({"name": "山田 太郎", "honorific": "様"}, ("山田", "太郎", "", "")),
     ({"name": "山田 太郎"}, ("山田", "太郎", "", "")),
     ({"name": "山田　太郎"}, ("山田", "太郎", "", "")),
     ({"name": "株式会社サンプル商事", "company": "株式会社サンプル商事"}, ("", "", "", ""))],
)  # fmt: skip
def test_vcard_n_from_the_stored_name(fields, n):
    name = vcard_writer.structured_name(fields)
    assert (name.family, name.given, name.additional, name.prefix) == n


def test_vcard_export_reads_back_with_the_prefix_apart(tmp_path):
    path = tmp_path / "out.vcf"
    path.write_bytes(vcard_writer.render([({"name": "Mr. John Richter"}, "")]))
    text = path.read_text(encoding="utf-8")
    assert "N:Richter;John;;Mr.;" in text
    assert read_table(path).records[0].values["name"] == "Mr. John Richter"


@pytest.mark.parametrize(
    ("name", "company", "honorific", "written"),
    [("山田 太郎", "", "", "山田 太郎 様"), ("山田 太郎様", "", "", "山田 太郎様"),
     ("山田 太郎 様", "", "", "山田 太郎 様"), ("Mr. John Richter", "", "", "John Richter 様"),
     ("佐藤 次郎", "", "先生", "佐藤 次郎 先生"), ("John Richter", "", "Mr.", "John Richter 様"),
     ("株式会社サンプル商事", "株式会社サンプル商事", "", "株式会社サンプル商事 御中"),
     ("Acme, Inc.", "", "", "Acme, Inc. 御中"), ("総務部 御中", "", "", "総務部 御中")],
)  # fmt: skip
def test_exactly_one_honorific(name, company, honorific, written):
    assert addressed(name, company, honorific) == written


def test_company_rule_and_prefixes():
    assert split_prefix("Dr. Anna Weber") == ("Dr.", "Anna Weber")
    assert split_prefix("Drake Bell") == ("", "Drake Bell")
    assert is_company("(株)サンプル") and is_company("山田工務店", "山田工務店")
    assert not is_company("山田 太郎", "山田工務店")


def test_labels_for_people_and_companies():
    made, _ = labels([
        {"name": "Mr. John Richter", "postal_code": "30314", "address": "100 Waters Edge"},
        {"name": "株式会社サンプル商事", "company": "株式会社サンプル商事", "department": "総務部",
         "postal_code": "100-0002", "address": "東京都千代田区2-2"},
        {"name": "山田 太郎様", "company": "山田工務店", "postal_code": "100-0001",
         "address": "東京都千代田区1-1"},
    ])  # fmt: skip
    assert [label.cells() for label in made] == [
        ["100-0001", "東京都千代田区1-1", "山田工務店", "", "", "山田 太郎様"],
        ["100-0002", "東京都千代田区2-2", "", "総務部", "", "株式会社サンプル商事 御中"],
        ["30314", "100 Waters Edge", "", "", "", "John Richter 様"],
    ]


@pytest.mark.parametrize(
    ("text", "written"),
    [("José Müller", "Jose Muller"), ("A—B", "A―B"), ("𠮷野家", "吉野家"),
     ("髙橋", "髙橋"), ("Straße", "Strasse"), ("ﬁne", "fine"), ("A–B", "A-B")],
)  # fmt: skip
def test_cp932_substitution(text, written):
    assert substitute(text) == (written, [])
    written.encode("cp932")


def test_cp932_names_the_customer_where_there_is_no_equivalent():
    rows, warnings, changed = substitute_rows(
        ["name", "body"], [["José", "ok"], ["山田 太郎", "🎍 謹賀新年"]], ["José", "山田 太郎"]
    )
    assert rows == [["Jose", "ok"], ["山田 太郎", f"{GETA} 謹賀新年"]]
    assert warnings == [f"山田 太郎: column 'body': cp932 has no '🎍'; written as {GETA}"]
    assert changed == 2


def test_cp932_export_never_fails_on_one_character(cli, notebook, tmp_path):
    notebook.create({"name": "José Müller", "address": "— Straße 5 🎍", "postal_code": "10115"})
    notebook.create({"name": "山田 太郎"})
    out = tmp_path / "cp932.csv"
    result = cli(["export", "-o", str(out), "--encoding", "cp932"])
    assert result.exit_code == 0, result.stderr
    text = out.read_bytes().decode("cp932")
    assert "Jose Muller" in text and f"― Strasse 5 {GETA}" in text and "山田 太郎" in text
    assert "José Müller: column 'address': cp932 has no '🎍'" in result.stderr
    labels_out = tmp_path / "labels.csv"
    result = cli(["export", "--labels", "-o", str(labels_out), "--encoding", "cp932"])
    assert result.exit_code == 0, result.stderr
    assert "Jose Muller 様" in labels_out.read_bytes().decode("cp932")
