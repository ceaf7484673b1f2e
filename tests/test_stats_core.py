"""Statistics and regions on plain facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from custnote.core.agenda.facts import Contact, CustomerFacts
from custnote.core.stats.regions import PREFECTURES, region_of
from custnote.core.stats.running_sums import compute_stats
from custnote.core.stats.team_stats import StatsQuery


def c(id_, name, owner, status="active", tags=(), address=None, created=None, log=(), **kw):
    return CustomerFacts(
        id=id_,
        name=name,
        owner=owner,
        status=status,
        tags=tuple(tags),
        address=address,
        created=created,
        log=tuple(log),
        **kw,
    )


CUSTOMERS = [
    c(
        "aaaaaa",
        "山田 太郎",
        "sato",
        tags=["vip", "golf"],
        address="〒100-0001 東京都千代田区千代田1-1",
        created=date(2026, 9, 1),
        log=[
            Contact(date(2026, 9, 2), "call", author="sato", minutes=15),
            Contact(date(2026, 9, 20), "visit", author="sato"),
            Contact(date(2026, 10, 5), "purchase", author="sato", amount=Decimal("12000.10")),
            Contact(date(2026, 10, 6), "note", author="sato"),
            Contact(date(2026, 11, 1), "call", author="suzuki", minutes=30),
        ],
    ),
    c(
        "bbbbbb",
        "Jane Smith",
        "suzuki",
        status="prospect",
        tags=["b2b"],
        address="123 Main St, Springfield, IL 62704, USA",
        created=date(2025, 1, 1),
        log=[
            Contact(date(2026, 10, 3), "purchase", author="suzuki", amount=Decimal("0.20")),
            Contact(date(2026, 10, 4), "visit", author="suzuki"),
            Contact(date(2026, 10, 9), "visit", author="suzuki"),
        ],
    ),
    c("cccccc", "佐々木 花子", None, status="lost", address="横浜市中区1-2"),
]


def test_counts_by_status_owner_tag_region():
    stats = compute_stats(CUSTOMERS, StatsQuery())
    assert stats.customers == 3
    assert stats.counts["status"] == {"active": 1, "prospect": 1, "lost": 1}
    assert stats.counts["owner"] == {"sato": 1, "suzuki": 1, "(none)": 1}
    assert stats.counts["tag"] == {"vip": 1, "golf": 1, "b2b": 1, "(none)": 1}
    assert stats.counts["region"] == {"東京都": 1, "IL, USA": 1, "神奈川県": 1}


def test_activity_per_owner_and_month_with_exact_sales():
    stats = compute_stats(CUSTOMERS, StatsQuery())
    sato = stats.activity["sato"]
    assert sorted(sato) == ["2026-09", "2026-10", "2026-11"]
    assert sato["2026-09"].contacts == {"call": 1, "visit": 1}
    assert sato["2026-09"].call_minutes == 15
    assert sato["2026-10"].contacts == {"purchase": 1}  # the internal note is no contact
    assert sato["2026-10"].sales == Decimal("12000.10")
    assert sato["2026-11"].call_minutes == 30  # credited to the customer's owner
    totals = stats.totals()
    assert totals["suzuki"].visits == 2
    assert sum((t.sales for t in totals.values()), Decimal(0)) == Decimal("12000.30")
    assert stats.to_json()["activity"]["sato"]["2026-10"]["sales"] == "12000.10"


def test_activity_by_author():
    stats = compute_stats(CUSTOMERS, StatsQuery(by="author"))
    assert stats.activity["suzuki"]["2026-11"].call_minutes == 30
    assert "2026-11" not in stats.activity["sato"]


def test_period_and_owner_filters():
    stats = compute_stats(CUSTOMERS, StatsQuery(since=date(2026, 10, 4), until=date(2026, 10, 31)))
    assert stats.totals()["sato"].sales == Decimal("12000.10")
    assert stats.totals()["suzuki"].contacts == {"visit": 2}
    only = compute_stats(CUSTOMERS, StatsQuery(owner="SATO"))
    assert only.customers == 1
    assert set(only.activity) == {"sato"}


def test_top_customers_by_sales_and_visits():
    stats = compute_stats(CUSTOMERS, StatsQuery())
    assert [(r.name, r.value) for r in stats.top_sales] == [
        ("山田 太郎", Decimal("12000.10")),
        ("Jane Smith", Decimal("0.20")),
    ]
    assert [(r.name, r.value) for r in stats.top_visits] == [("Jane Smith", 2), ("山田 太郎", 1)]
    assert compute_stats(CUSTOMERS, StatsQuery(top=1)).top_visits[0].name == "Jane Smith"


def test_new_customers_who_became_regulars():
    stats = compute_stats(CUSTOMERS, StatsQuery(since=date(2026, 1, 1)))
    assert stats.new_customers == 1  # Jane was created in 2025, 佐々木 has no start
    assert [(r.name, r.contacts) for r in stats.regulars] == [("山田 太郎", 4)]
    late = c(
        "dddddd",
        "Late",
        "sato",
        log=[
            Contact(date(2026, 1, 1), "call"),
            Contact(date(2026, 2, 1), "call"),
            Contact(date(2026, 4, 2), "call"),  # 91 days after the first contact
        ],
    )
    assert compute_stats([late], StatsQuery()).regulars == []
    assert compute_stats([late], StatsQuery()).new_customers == 1


def test_by_any_front_matter_field():
    customers = [
        c("aaaaaa", "A", "sato", extra={"company": "山田工務店"}),
        c("bbbbbb", "B", "sato", extra={"company": "山田工務店"}),
        c("cccccc", "C", "sato"),
    ]
    stats = compute_stats(customers, StatsQuery(by="company"))
    assert stats.counts["company"] == {"山田工務店": 2, "(none)": 1}
    assert list(stats.to_json()["counts"]) == ["company", "status", "owner"]


def test_customer_with_no_log_counts_but_has_no_activity():
    stats = compute_stats([c("aaaaaa", "A", "sato")], StatsQuery())
    assert stats.customers == 1 and stats.activity == {} and stats.top_sales == []


# regions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "romaji"), PREFECTURES)
def test_every_prefecture_is_found(name, romaji):
    assert region_of(f"〒000-0000 {name}どこか市1-2-3") == name
    assert region_of(f"1-2-3 Somewhere, {romaji.title()} 000-0000, Japan") == name


@pytest.mark.parametrize(
    ("address", "region"),
    [
        ("東京都府中市宮町1-1", "東京都"),
        ("京都府京都市中京区", "京都府"),
        ("京都市左京区", "京都府"),
        ("大阪市北区梅田1-1", "大阪府"),
        ("港区六本木1-1", "東京都"),
        ("神奈川横浜市西区", "神奈川県"),
        ("北海道札幌市中央区", "北海道"),
        ("ｵｵｻｶﾌ", None),
        ("〒１００－０００１　東京都千代田区", "東京都"),
        ("日本国 福岡県福岡市", "福岡県"),
        ("Chiyoda-ku, Tōkyō 100-0001, Japan", "東京都"),
        ("Hyōgo-ken, Kobe, Japan", "兵庫県"),
        ("10 Downing Street, London, United Kingdom", "United Kingdom"),
        ("1600 Pennsylvania Ave NW, Washington, DC 20500", "DC, USA"),
        ("Somewhere", None),
        ("", None),
        (None, None),
    ],
)
def test_region_of_addresses(address, region):
    assert region_of(address) == region
