"""``custnote disclose``: everything held about one person, checked field by field."""

from __future__ import annotations

import re

import pytest
from privacyfixtures import Person, keys_fixture  # noqa: F401

from custnote.core.notebook.notebook import Notebook
from custnote.core.privacy import audit


@pytest.fixture
def sato(notebook: Notebook, keys, monkeypatch) -> Person:
    person = Person("sato", notebook.root, keys["sato"][0])
    person.run("access", "grant", "sato", keys["sato"][1])
    person.run(
        "add", "山田 太郎", "--kana", "やまだ たろう", "--company", "山田工務店",
        "--phone", "03-5555-0199", "--email", "taro@yamada.example.jp",
        "--set", "birthday=1968-02-14", "--set", "preferences.allergies=そば粉",
        "--set", "preferences.drink=ほうじ茶", "--set", "address=横浜市青葉区",
        "--tag", "vip",
    )  # fmt: skip
    ito = Person("ito", notebook.root, keys["sato"][0])
    monkeypatch.setenv("CUSTNOTE_NOW", "2026-11-21T09:10")
    ito.run("log", "yamada", "見積 | 再送の件", "--kind", "call", "--duration", "1h30m")
    monkeypatch.setenv("CUSTNOTE_NOW", "2026-11-22T15:00")
    person.run("log", "yamada", "来店。ゴルフの話", "--kind", "visit", "--amount", "12000")
    return person


def table(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the first table after ``heading``."""
    part = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]
    return cells[1:]


def test_japanese_disclosure_holds_every_field_entry_and_change(sato: Person):
    text = sato.run("disclose", "yamada", "--lang", "ja").stdout
    assert text.startswith("# 保有個人データ開示書\n")
    assert "対象: 山田 太郎 様" in text
    fields = dict(table(text, "## 1. 登録されている項目"))
    assert fields["氏名"] == "山田 太郎"
    assert fields["ふりがな"] == "やまだ たろう"
    assert fields["会社名"] == "山田工務店"
    assert fields["電話番号"] == "03-5555-0199"
    assert fields["メールアドレス"] == "taro@yamada.example.jp"
    assert fields["分類タグ"] == "vip"
    assert fields["生年月日"] == "1968-02-14"  # restricted, decrypted
    assert fields["住所"] == "横浜市青葉区"
    assert fields["アレルギー"] == "そば粉"
    assert fields["お飲み物"] == "ほうじ茶"
    assert "-----BEGIN" not in text
    log = text.split("## 3. 対応の記録 (2 件)", 1)[1].split("## 4.", 1)[0]
    assert "### 2026-11-21 09:10 · 電話 · ito" in log
    assert "所要時間: 1h30m" in log and "> 見積 | 再送の件" in log
    assert "### 2026-11-22 15:00 · 訪問 · sato" in log and "金額: 12000" in log
    history = table(text, "## 4. 記録の変更履歴")
    assert [row[1:] for row in history[:3]] == [
        ["sato", "log: 山田 太郎 (visit)"],
        ["ito", "log: 山田 太郎 (call)"],
        ["sato", "add: 山田 太郎"],
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[0]) for row in history)


def test_english_html_disclosure_is_one_escaped_page(sato: Person, tmp_path):
    target = tmp_path / "disclosure.html"
    sato.run("disclose", "yamada", "--lang", "en", "-o", str(target))
    page = target.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<h1>Disclosure of personal data held</h1>" in page
    assert "<td>Date of birth</td><td>1968-02-14</td>" in page
    assert "<td>Allergies</td><td>そば粉</td>" in page
    assert "<h3>2026-11-21 09:10 · Call · ito</h3>" in page
    assert "<td>Full name</td><td>山田 太郎</td>" in page
    assert "<h2>3. Record of contacts (2 entries)</h2>" in page
    assert "様" not in page and "電話" not in page, "English only: the language --lang names"
    assert "@page" in page and "<script" not in page


def test_disclosure_needs_a_key_and_is_audited(sato: Person, keys):
    kato = Person("kato", sato.root, keys["kato"][0])
    result = kato.run("disclose", "yamada", ok=False)
    assert result.exit_code != 0 and "you cannot read" in result.stderr
    assert audit.entries(Notebook(sato.root)) == []
    sato.run("disclose", "yamada")
    [entry] = audit.entries(Notebook(sato.root))
    assert (entry.who, entry.action, entry.customers) == ("sato", "disclose", 1)
    assert entry.details.startswith("customer ") and "山田" not in entry.details
