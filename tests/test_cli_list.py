"""``custnote list``: a table of customers, filters, JSON; a broken note is reported, not fatal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from langfixtures import set_language

from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook


@pytest.fixture(autouse=True)
def english(notebook: Notebook) -> None:
    """Most tests here read the English table (the notebook's language: en)."""
    config = notebook.root / ".custnote" / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("language: ja", "language: en"), "utf-8")


@pytest.fixture
def customers(notebook: Notebook) -> Notebook:
    yamada = notebook.create(
        {
            "name": "山田 太郎",
            "kana": "やまだ たろう",
            "company": "山田工務店",
            "owner": "sato",
            "status": "active",
            "tags": ["vip", "golf"],
        }
    )
    notebook.add_entry(yamada, LogEntry(date=date(2026, 11, 2), kind="visit", text="訪問"))
    notebook.create(
        {"name": "Jane Smith", "company": "ACME", "owner": "tanaka", "status": "prospect",
         "tags": ["b2b"]}
    )  # fmt: skip
    notebook.create({"name": "鈴木 一郎", "owner": "sato", "status": "lost", "tags": ["vip"]})
    return notebook


def listed(cli, *args: str) -> list[dict]:
    result = cli(["list", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def names(cli, *args: str) -> list[str]:
    return sorted(c["name"] for c in listed(cli, *args))


def test_the_table_shows_every_customer(cli, customers: Notebook) -> None:
    result = cli("list")
    assert result.exit_code == 0
    out = result.stdout
    for header in ("Name", "Reading", "Company", "Owner", "Status", "Tags", "Last contact", "Id"):
        assert header in out
    assert "山田 太郎" in out and "やまだ たろう" in out and "山田工務店" in out
    assert "vip, golf" in out and "2026-11-02" in out
    assert "Jane Smith" in out and "ACME" in out and "鈴木 一郎" in out
    assert "3 customers" in out
    row = next(line for line in out.splitlines() if "Jane Smith" in line)
    assert "tanaka" in row and "prospect" in row


def test_an_empty_notebook(cli, notebook: Notebook) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert "0 customers" in result.stdout
    assert listed(cli) == []


def test_filters(cli, customers: Notebook) -> None:
    assert names(cli, "--tag", "vip") == ["山田 太郎", "鈴木 一郎"]
    assert names(cli, "--tag", "vip", "--tag", "golf") == ["山田 太郎"]
    assert names(cli, "--owner", "sato") == ["山田 太郎", "鈴木 一郎"]
    assert names(cli, "--status", "prospect") == ["Jane Smith"]
    assert names(cli, "--owner", "sato", "--status", "lost") == ["鈴木 一郎"]
    assert names(cli, "--tag", "nosuch") == []


def test_a_filter_in_the_table(cli, customers: Notebook) -> None:
    out = cli("list --owner tanaka").stdout
    assert "Jane Smith" in out and "山田 太郎" not in out
    assert "1 customer" in out


def test_json_schema(cli, customers: Notebook) -> None:
    records = {c["name"]: c for c in listed(cli)}
    yamada = records["山田 太郎"]
    assert set(yamada) == {"id", "name", "path", "fields", "log_count", "last_contact"}
    assert yamada["path"].startswith("customers/ya/yamada-tarou-")
    assert yamada["fields"]["id"] == yamada["id"]
    assert yamada["fields"]["tags"] == ["vip", "golf"]
    assert yamada["fields"]["company"] == "山田工務店"
    assert (yamada["log_count"], yamada["last_contact"]) == (1, "2026-11-02")
    assert (records["Jane Smith"]["log_count"], records["Jane Smith"]["last_contact"]) == (0, None)


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("---\nid: bad234\nname: [壊れた\n---\n", "not valid YAML"),
        ("no front-matter at all\n", "must start with '---'"),
        ("---\nid: bad234\nname: 壊れた\nbirthday: 1970-13-01\n---\n", "impossible date"),
    ],
    ids=["yaml", "no-front-matter", "impossible-date"],
)
def test_a_broken_note_is_named_and_the_others_are_listed(
    cli, customers: Notebook, broken: str, reason: str
) -> None:
    path = customers.root / "customers" / "ko" / "kowareta-bad234.md"
    path.parent.mkdir()
    path.write_text(broken, encoding="utf-8")

    result = cli("list")

    assert result.exit_code == 0
    assert "warning" in result.stderr
    assert "customers/ko/kowareta-bad234.md" in result.stderr and reason in result.stderr
    assert "3 customers" in result.stdout
    json_result = cli("list --json")
    assert len(json.loads(json_result.stdout)) == 3
    assert "kowareta-bad234.md" in json_result.stderr


def test_a_fixed_note_is_listed_again(cli, customers: Notebook) -> None:
    path = customers.root / "customers" / "ko" / "kowareta-bad234.md"
    path.parent.mkdir()
    path.write_text("---\nid: bad234\nname: [壊れた\n---\n", encoding="utf-8")
    assert len(listed(cli)) == 3
    path.write_text("---\nid: bad234\nname: 直った\n---\n", encoding="utf-8")
    assert "直った" in names(cli)


def test_tag_and_owner_filters_ignore_case_and_width(cli, customers: Notebook) -> None:
    assert names(cli, "--tag", "VIP", "--owner", "ＳＡＴＯ") == ["山田 太郎", "鈴木 一郎"]


def test_customers_are_sorted_by_reading(cli, customers: Notebook) -> None:
    customers.create({"name": "青木 花子", "kana": "あおき はなこ"})
    ordered = [c["name"] for c in listed(cli)]
    assert ordered.index("青木 花子") < ordered.index("山田 太郎")


def test_a_long_list_is_printed_as_plain_aligned_columns(
    cli, customers: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custnote.cli import render

    monkeypatch.setattr(render, "RICH_TABLE_MAX_ROWS", 2)
    lines = cli("list").stdout.splitlines()
    assert lines[0].split() == [
        "Name",
        "Reading",
        "Company",
        "Owner",
        "Status",
        "Tags",
        "Last",
        "contact",
        "Id",
    ]
    assert "┃" not in "\n".join(lines) and lines[-1] == "3 customers"
    jane = next(line for line in lines if line.startswith("Jane Smith"))
    yamada = next(line for line in lines if line.startswith("山田 太郎"))
    # columns line up in terminal cells: a kanji takes two
    from rich.cells import cell_len

    assert cell_len(jane[: jane.index("ACME")]) == cell_len(yamada[: yamada.index("山田工務店")])


def test_json_is_compact_one_customer_a_line_and_pretty_on_request(cli, customers) -> None:
    compact = cli("list --json").stdout
    lines = compact.splitlines()
    assert len(lines) == 3 and lines[0].startswith('[{"id":') and lines[-1].endswith("}]")
    pretty = cli("list --json --pretty").stdout
    assert json.loads(pretty) == json.loads(compact)
    assert pretty == json.dumps(json.loads(compact), ensure_ascii=False, indent=2) + "\n"


def test_a_long_list_streams_as_plain_columns_in_reading_order(cli, customers, monkeypatch) -> None:
    from custnote.cli import render

    monkeypatch.setattr(render, "RICH_TABLE_MAX_ROWS", 1)
    out = cli("list").stdout.splitlines()
    assert out[0].split() == ["Name", "Reading", "Company", "Owner", "Status", "Tags", "Last",
                              "contact", "Id"]  # fmt: skip
    assert [line.split()[0] for line in out[1:4]] == ["Jane", "山田", "鈴木"]  # reading, else name
    assert out[-1] == "3 customers"
    assert len(out) == 5


def test_a_reader_that_stops_early_ends_the_list_quietly(customers) -> None:
    """More output than a pipe holds; the reader takes one line and goes."""
    import os
    import subprocess
    import sys

    from conftest import CUSTNOTE_SRC

    folder = customers.root / "customers" / "zz"
    folder.mkdir()
    for i in range(1500):
        text = f"---\nid: z{i:05d}\nname: Customer {i}\ncompany: {'x' * 60}\n---\n"
        (folder / f"customer-{i}-z{i:05d}.md").write_text(text, encoding="utf-8")

    env = dict(os.environ, PYTHONPATH=CUSTNOTE_SRC, CUSTNOTE_NOTEBOOK=str(customers.root))
    proc = subprocess.Popen(
        [sys.executable, "-m", "custnote", "list", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert first.startswith(b'[{"id":') and "Traceback" not in err


def test_japanese_headers_and_no_word_cut_at_80_columns(notebook: Notebook, cli, monkeypatch):
    from custnote.cli import render

    set_language(notebook, "ja")
    words = {"Christopher", "Featherstonehaugh", "Internationalisation", "Consulting"}
    notebook.create(
        {
            "name": "Christopher Featherstonehaugh",
            "kana": "クリストファー",
            "company": "Internationalisation Consulting",
            "owner": "tanaka",
            "status": "prospect",
            "tags": ["enterprise", "overseas"],
        }
    )
    notebook.create({"name": "山田 太郎", "kana": "やまだ たろう", "company": "山田工務店"})
    monkeypatch.setenv("COLUMNS", "80")
    render.console.cache_clear()
    out = cli("list").stdout
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "名前" in out and "ふりがな" in out and "2件" in out and "Name" not in out
    cells = {cell.strip() for line in out.splitlines() for cell in line.split("│")}
    found = {w for cell in cells for w in cell.split()}
    assert words <= found, "every word is whole on one line"
