"""Exports leave restricted values out unless a holder asks for them; every export is an
entry of the committed audit log."""

from __future__ import annotations

import json

import pytest
from gitfixtures import git
from privacyfixtures import Person, keys_fixture  # noqa: F401

from custnote.core.notebook.notebook import Notebook
from custnote.core.privacy import audit

SECRETS = ("1968-02-14", "そば粉", "横浜市青葉区", "離婚調停中")


@pytest.fixture
def sato(notebook: Notebook, keys) -> Person:
    person = Person("sato", notebook.root, keys["sato"][0])
    person.run("access", "grant", "sato", keys["sato"][1])
    person.run(
        "add", "山田 太郎", "--kana", "やまだ たろう",
        "--set", "birthday=1968-02-14", "--set", "preferences.allergies=そば粉",
        "--set", "preferences.drink=ほうじ茶", "--set", "address=横浜市青葉区",
    )  # fmt: skip
    nb = Notebook(notebook.root)
    note = nb.resolve("yamada")
    text = nb.read_text(note.path)
    private = "\n## 非公開\n\n離婚調停中。\n\n## Log\n"
    nb.replace_text(note, text, text.replace("\n## Log\n", private))
    return person


def exported(person: Person, *args: str) -> str:
    return person.run("export", *args).stdout


def test_export_leaves_restricted_fields_and_sections_out(sato: Person):
    csv = exported(sato, "--format", "csv")
    assert "ほうじ茶" in csv and "山田 太郎" in csv
    for secret in SECRETS:
        assert secret not in csv
    header = csv.splitlines()[0]
    assert "birthday" not in header and "address" not in header
    assert "preferences.allergies" not in header
    record = json.loads(exported(sato, "--format", "json"))[0]
    assert "birthday" not in record["fields"] and "🔒" not in json.dumps(record)
    assert "非公開" not in record["body"]


def test_holder_exports_restricted_fields_when_asked(sato: Person):
    record = json.loads(exported(sato, "--format", "json", "--include-restricted"))[0]
    assert record["fields"]["birthday"] == "1968-02-14"
    assert record["fields"]["address"] == "横浜市青葉区"
    assert record["fields"]["preferences"]["allergies"] == ["そば粉"]
    assert "離婚調停中" in record["body"]


def test_non_holder_cannot_include_restricted_fields(sato: Person, keys, tmp_path):
    kato = Person("kato", sato.root, keys["kato"][0])
    target = tmp_path / "out.csv"
    result = kato.run("export", "-o", str(target), "--include-restricted", ok=False)
    assert result.exit_code != 0 and "only a holder" in result.stderr
    assert not target.exists()
    assert audit.entries(Notebook(sato.root)) == []
    plain = kato.run("export", "--format", "json").stdout
    assert "🔒" not in plain and "ほうじ茶" in plain


def test_labels_need_the_restricted_addresses(sato: Person):
    result = sato.run("export", "--labels", ok=False)
    assert "--include-restricted" in result.stderr
    labels = sato.run("export", "--labels", "--include-restricted").stdout
    assert "横浜市青葉区" in labels


def test_every_export_is_a_committed_audit_entry_that_undo_skips(sato: Person, tmp_path):
    sato.run("set", "yamada", "owner=sato")
    target = tmp_path / "all.csv"
    sato.run("export", "-o", str(target))
    sato.run("export", "--format", "json", "--include-restricted")
    entries = audit.entries(Notebook(sato.root))
    assert [(e.who, e.action, e.customers) for e in entries] == [("sato", "export", 1)] * 2
    assert entries[0].when == "2026-11-20T10:00:00"
    assert entries[0].details == f"csv, without restricted fields, to {target}"
    assert entries[1].details == "json, with restricted fields, to stdout"
    assert git(sato.root, "log", "-2", "--format=%s").split("\n")[:2] == [
        "audit: export 1 customers",
        "audit: export 1 customers",
    ]
    assert git(sato.root, "status", "--porcelain") == ""
    assert ".custnote/audit.log merge=union" in (sato.root / ".gitattributes").read_text("utf-8")
    sato.run("undo", "--yes")  # takes back the set, not the audit entries
    assert len(audit.entries(Notebook(sato.root))) == 2
    assert "owner" not in sato.json("show", "yamada")["fields"]


def test_an_empty_export_records_nothing(sato: Person):
    sato.run("export", "tag:nobody-has-this")
    assert audit.entries(Notebook(sato.root)) == []
