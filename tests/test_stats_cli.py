"""``custnote stats`` on a real notebook: JSON, CSV, terminal tables, the HTML file."""

from __future__ import annotations

import csv
import io
import json

import pytest

from custnote.core.notebook.notebook import Notebook


@pytest.fixture
def team(notebook: Notebook, cli):
    """Two owners' customers with calls, visits and purchases in October and November 2026."""
    notebook.create(
        {
            "name": "山田 太郎",
            "owner": "sato",
            "status": "active",
            "tags": ["vip"],
            "address": "〒100-0001 東京都千代田区1-1",
            "company": "山田工務店",
        }
    )
    notebook.create(
        {
            "name": "Jane Smith",
            "owner": "suzuki",
            "status": "prospect",
            "address": "1 Main St, Austin, TX 78701, USA",
        }
    )
    for args in (
        'log 山田 "電話" --kind call --duration 15m --at "2026-10-30 09:00"',
        'log 山田 "訪問" --kind visit --at "2026-11-02 10:00"',
        'log 山田 "購入" --kind purchase --amount 12000.10 --at "2026-11-03 10:00"',
        'log Jane "visit" --kind visit --at "2026-11-04 10:00"',
        'log Jane "bought" --kind purchase --amount 0.20 --at "2026-11-05 10:00"',
        'log Jane "memo" --kind note --at "2026-11-06 10:00"',
    ):
        assert cli(args).exit_code == 0
    return notebook


def stats_json(cli, *args: str) -> dict:
    result = cli(["stats", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_counts_activity_and_exact_sales(cli, team):
    data = stats_json(cli)
    assert data["customers"] == 2
    assert data["counts"]["region"] == {"TX, USA": 1, "東京都": 1}
    assert data["counts"]["status"] == {"active": 1, "prospect": 1}
    sato = data["activity"]["sato"]
    assert sato["2026-10"] == {
        "contacts": {"call": 1},
        "contacts_total": 1,
        "call_minutes": 15,
        "visits": 0,
        "sales": "0",
    }
    assert sato["2026-11"]["sales"] == "12000.10"
    assert data["activity"]["suzuki"]["2026-11"]["contacts"] == {"purchase": 1, "visit": 1}
    assert [r["value"] for r in data["top_sales"]] == ["12000.10", "0.20"]
    assert data["new_customers"] == 2
    assert [(r["name"], r["contacts"]) for r in data["regulars"]] == [("山田 太郎", 3)]


def test_period_owner_and_by(cli, team):
    november = stats_json(cli, "--since", "2026-11-01", "--until", "2026-11-30")
    assert set(november["activity"]["sato"]) == {"2026-11"}
    # both notes were made on 2026-11-20, but 山田's history starts with a call on 10-30
    assert november["new_customers"] == 1
    assert stats_json(cli, "--owner", "me")["customers"] == 1
    by_company = stats_json(cli, "--by", "company")
    assert by_company["counts"]["company"] == {"(none)": 1, "山田工務店": 1}
    assert set(by_company["activity"]) == {"(none)", "山田工務店"}
    by_author = stats_json(cli, "--by", "author")
    assert set(by_author["activity"]) == {"sato"}  # CUSTNOTE_AUTHOR wrote every entry


def test_csv_rows(cli, team):
    result = cli("stats --csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["section", "group", "month", "metric", "value"]
    assert ["activity", "sato", "2026-11", "sales", "12000.10"] in rows
    assert ["by region", "東京都", "", "customers", "1"] in rows
    assert ["top visits", "山田 太郎", "", "visits", "1"] in rows


def test_terminal_tables_with_bars(cli, team):
    result = cli("stats")
    assert result.exit_code == 0
    out = result.stdout
    for title in ("Customers by status", "Activity per owner", "Top customers by sales"):
        assert title in out
    assert "12,000.10" in out and "█" in out
    assert "2 new customers, 1 became regulars (50%)" in out


def test_html_report_file(cli, team, tmp_path):
    target = tmp_path / "report.html"
    result = cli(["stats", "--html", str(target)])
    assert result.exit_code == 0 and "Wrote the report" in result.stdout
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") == 10 and "12,000.10" in html and "<script" not in html


def test_bad_options(cli, team):
    assert cli("stats --json --csv").exit_code == 2
    assert cli("stats --since 2026-12-01 --until 2026-11-01").exit_code == 2
    assert cli("stats --since someday").exit_code == 2


def test_empty_notebook(cli):
    data = stats_json(cli)
    assert data["customers"] == 0 and data["activity"] == {} and data["regulars"] == []
    assert cli("stats").exit_code == 0
