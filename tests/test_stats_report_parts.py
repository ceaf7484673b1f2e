"""The HTML report's map of prefectures, its value axes, and one name per region."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from custnote.adapters.report_charts import column_chart, nice_step, value_axis
from custnote.adapters.report_map import SHADES, prefecture_map, shade, shade_steps
from custnote.core.agenda.facts import CustomerFacts
from custnote.core.stats.regions import canonical_region, region_of
from custnote.core.stats.running_sums import compute_stats
from custnote.core.stats.team_stats import NONE_KEY, StatsQuery


def fills(svg: str) -> dict[str, str]:
    return dict(re.findall(r'id="pref-([a-z]+)" d="[^"]+" fill="(#[0-9a-f]+)"', svg))


def test_the_map_shades_every_prefecture_by_its_customers() -> None:
    counts = {"東京都": 12, "大阪府": 3, "北海道": 1, "TX, USA": 2, "Germany": 1, NONE_KEY: 4}
    svg = prefecture_map("map", counts, NONE_KEY)
    colours = fills(svg)
    assert len(colours) == 47
    assert colours["tokyo"] == SHADES[-1], "the most customers: the darkest"
    assert colours["okinawa"] == SHADES[0], "no customers: the empty shade"
    assert SHADES[0] != colours["hokkaido"] != colours["tokyo"]
    assert "<title>東京都 (Tokyo): 12</title>" in svg
    assert "Customers abroad: 3 (TX, USA 2, Germany 1)" in svg
    assert "Region unknown: 4" in svg
    assert "CC BY 4.0" in svg


def test_one_customer_is_visible_on_the_map() -> None:
    assert shade(1, shade_steps(1)) == SHADES[-1]
    assert shade(0, shade_steps(1)) == SHADES[0]
    steps = shade_steps(100)
    assert steps == [1, 20, 40, 60, 80]
    assert [shade(n, steps) for n in (1, 19, 20, 80, 100)] == [
        SHADES[1], SHADES[1], SHADES[2], SHADES[5], SHADES[5]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "region"),
    [
        ("Tokyo", "東京都"),
        ("tokyo-to", "東京都"),
        ("東京", "東京都"),
        ("東京都", "東京都"),
        ("Ōsaka Prefecture", "大阪府"),
        ("Kyoto-fu", "京都府"),
        ("ＨＯＫＫＡＩＤＯ", "北海道"),
        ("TX, USA", "TX, USA"),
        ("Germany ", "Germany"),
    ],
)
def test_a_prefecture_has_one_name_however_it_is_written(written: str, region: str) -> None:
    assert canonical_region(written) == region


def test_tokyo_and_東京都_are_one_region_in_the_statistics() -> None:
    customers = [
        CustomerFacts(id="a", name="A", address="Akasaka 9-7-1, Minato-ku, Tokyo"),
        CustomerFacts(id="b", name="B", address="東京都港区赤坂1-1"),
        CustomerFacts(id="c", name="C", region="tokyo"),
        CustomerFacts(id="d", name="D", address="1 Main St, Austin, TX 78701"),
    ]
    stats = compute_stats(customers, StatsQuery())
    assert stats.counts["region"] == {"東京都": 3, "TX, USA": 1}
    assert region_of("Akasaka 9-7-1, Minato-ku, Tokyo") == "東京都"


def test_the_value_axis_has_round_ticks_and_ignores_one_outlier() -> None:
    assert nice_step(10) == 5 and nice_step(37) == 10 and nice_step(0.9) == 0.5
    assert value_axis([3, 9, 8, 0]) == (10, 5)
    top, step = value_axis([100, 120, 90, 5000])  # one month 40 times the others
    assert top < 200 and step in (20, 50)
    assert value_axis([]) == (1.0, 1.0)


def test_an_outlier_month_is_drawn_broken_with_its_figure() -> None:
    months = [f"2026-0{m}" for m in range(1, 7)]
    svg = column_chart(
        "sales", months, {"sato": [Decimal(v) for v in (100, 120, 90, 110, 5000, 95)]}
    )
    assert 'class="break"' in svg and "↑5,000" in svg
    heights = [
        float(h)
        for h in re.findall(r'class="bar" x="[\d.]+" y="[\d.]+" width="\d+" height="([\d.]+)"', svg)
    ]
    assert max(heights) == pytest.approx(200), "the outlier fills the plot"
    assert min(heights) > 200 * 90 / 5000 * 10, "the others are not flattened"
    assert "<title>2026-05: 5,000</title>" in svg, "its exact figure on hover"
    # ticks and value labels
    assert re.findall(r'class="tick"[^>]*>([^<]+)<', svg)[:2] == ["0", "50"]
    assert 'class="value"' in svg


def test_a_chart_without_an_outlier_is_not_broken() -> None:
    svg = column_chart("c", ["a", "b"], {"x": [1, 2]})
    assert 'class="break"' not in svg


def test_no_facts_no_region() -> None:
    assert region_of(None) is None and region_of(" ") is None
    assert CustomerFacts(id="x", name="x", created=date(2026, 1, 1)).region is None
