"""The agenda rules on plain facts, with pinned dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from custnote.core.agenda.facts import (
    Anniversary,
    Contact,
    CustomerFacts,
    Relative,
    facts_from_fields,
)
from custnote.core.agenda.periods import Period
from custnote.core.agenda.reminders import (
    AgendaSettings,
    build_agenda,
    memorial_dates,
    open_follow_ups,
    ordinal,
)

TODAY = date(2026, 11, 20)


def customer(**kw) -> CustomerFacts:
    kw.setdefault("id", "k7m2qa")
    kw.setdefault("name", "山田 太郎")
    kw.setdefault("owner", "sato")
    return CustomerFacts(**kw)


def kinds(reminders):
    return [(r.kind, r.due) for r in reminders]


# follow-ups -------------------------------------------------------------------------------------


def test_follow_up_due_overdue_and_later():
    log = (
        Contact(date(2026, 11, 1), "call", follow_up=date(2026, 11, 10), summary="見積"),
        Contact(date(2026, 11, 18), "visit", follow_up=date(2026, 11, 20)),
        Contact(date(2026, 11, 19), "email", follow_up=date(2026, 11, 25)),
        Contact(date(2026, 11, 19), "email", follow_up=date(2026, 12, 25)),
    )
    found = build_agenda([customer(log=log)], TODAY, days=7)
    assert kinds(found) == [
        ("follow-up", date(2026, 11, 10)),
        ("follow-up", date(2026, 11, 20)),
        ("follow-up", date(2026, 11, 25)),
    ]
    assert [r.group(TODAY) for r in found] == ["overdue", "today", "upcoming"]
    assert found[0].text == "Follow up (call on 2026-11-01): 見積"
    assert found[0].text_ja == "フォローアップ（2026-11-01の電話）：見積"
    assert found[0].to_json(TODAY)["days"] == -10


def test_follow_up_closed_by_a_later_done_entry_covering_its_date():
    log = (
        Contact(date(2026, 11, 1), "call", follow_up=date(2026, 11, 10)),
        Contact(date(2026, 11, 2), "call", follow_up=date(2026, 11, 30)),
        Contact(date(2026, 11, 12), "call", done=date(2026, 11, 12)),
    )
    assert kinds(build_agenda([customer(log=log)], TODAY, days=10)) == [
        ("follow-up", date(2026, 11, 30))
    ]


def test_follow_up_closed_the_same_day():
    log = (
        Contact(date(2026, 11, 20), "call", follow_up=date(2026, 11, 20)),
        Contact(date(2026, 11, 20), "call", done=date(2026, 11, 20)),
    )
    assert build_agenda([customer(log=log)], TODAY) == []


def test_done_before_the_promise_does_not_close_it():
    log = (
        Contact(date(2026, 11, 1), "call", done=date(2026, 11, 30)),
        Contact(date(2026, 11, 2), "call", follow_up=date(2026, 11, 15)),
    )
    assert len(open_follow_ups(log)) == 1
    assert kinds(build_agenda([customer(log=log)], TODAY)) == [("follow-up", date(2026, 11, 15))]


# yearly dates -----------------------------------------------------------------------------------


def test_birthday_with_the_age_they_turn():
    found = build_agenda([customer(birthday=date(1970, 11, 23))], TODAY)
    assert kinds(found) == [("birthday", date(2026, 11, 23))]
    assert found[0].text == "Birthday (turns 56)"
    assert found[0].text_ja == "お誕生日（56歳）"


def test_birthday_outside_the_window_is_not_shown():
    assert build_agenda([customer(birthday=date(1970, 11, 28))], TODAY, days=7) == []
    assert build_agenda([customer(birthday=date(1970, 11, 27))], TODAY, days=7) != []
    assert build_agenda([customer(birthday=date(1970, 11, 19))], TODAY, days=7) == []


def test_birthday_across_the_year_boundary_counts_the_new_year():
    found = build_agenda([customer(birthday=date(1980, 1, 2))], date(2026, 12, 28), days=7)
    assert kinds(found) == [("birthday", date(2027, 1, 2))]
    assert found[0].text == "Birthday (turns 47)"


def test_leap_day_birthday_on_28_february_in_common_years():
    person = customer(birthday=date(2000, 2, 29))
    found = build_agenda([person], date(2027, 2, 25), days=7)
    assert kinds(found) == [("birthday", date(2027, 2, 28))]
    assert found[0].text == "Birthday (turns 27)"
    assert kinds(build_agenda([person], date(2028, 2, 25), days=7)) == [
        ("birthday", date(2028, 2, 29))
    ]
    assert build_agenda([person], date(2027, 3, 1), days=7) == []


def test_family_birthdays_and_no_birthday_for_the_departed():
    family = (
        Relative("花子", "wife", birthday=date(1972, 11, 22)),
        Relative("一郎", "father", birthday=date(1940, 11, 21), died=date(2020, 1, 1)),
    )
    found = build_agenda([customer(family=family)], TODAY)
    assert [r.text for r in found] == ["花子's birthday (wife of 山田 太郎; turns 54)"]
    assert found[0].text_ja == "花子様（山田 太郎様の妻）のお誕生日（54歳）"
    departed = customer(birthday=date(1950, 11, 21), died=date(2025, 6, 1))
    assert [r.kind for r in build_agenda([departed], TODAY)] == []


def test_anniversary_with_years_and_leap_day():
    wedding = Anniversary(date(1996, 11, 24), "結婚記念日")
    found = build_agenda([customer(anniversaries=(wedding,))], TODAY)
    assert found[0].text == "結婚記念日 (30th, since 1996)"
    assert found[0].text_ja == "結婚記念日（30周年）"
    leap = Anniversary(date(2008, 2, 29), "")
    found = build_agenda([customer(anniversaries=(leap,))], date(2027, 2, 28), days=0)
    assert kinds(found) == [("anniversary", date(2027, 2, 28))]
    assert found[0].text_ja == "記念日（19周年）"


def test_the_original_day_itself_is_not_an_anniversary():
    assert build_agenda([customer(anniversaries=(Anniversary(TODAY, "開業"),))], TODAY) == []


# memorials ----------------------------------------------------------------------------------------


def test_memorial_years_follow_the_kaiki_count():
    died = date(2020, 3, 15)
    years = {n: d.year for n, d in memorial_dates(died)}
    assert years == {1: 2021, 3: 2022, 7: 2026, 13: 2032, 17: 2036, 23: 2042, 27: 2046, 33: 2052}


def test_memorial_of_a_family_member_is_worded_respectfully():
    family = (Relative("山田 一郎", "父", died=date(2024, 11, 25)),)
    found = build_agenda([customer(family=family)], TODAY)
    assert kinds(found) == [("memorial", date(2026, 11, 25))]
    assert found[0].text_ja == "故 山田 一郎様（山田 太郎様の父）の三回忌"
    assert (
        found[0].text == "3rd memorial service (三回忌) of the late 山田 一郎 (father of 山田 太郎)"
    )


def test_first_memorial_of_the_customer():
    found = build_agenda([customer(died=date(2025, 11, 21))], TODAY)
    assert [r.text_ja for r in found] == ["故 山田 太郎様の一周忌"]
    assert found[0].text.startswith("First memorial anniversary (一周忌)")


def test_no_memorial_in_years_without_one():
    family = (Relative("一郎", "父", died=date(2022, 11, 21)),)  # 5th year: none
    assert build_agenda([customer(family=family)], TODAY) == []


def test_memorial_of_a_leap_day_death():
    family = (Relative("一郎", "父", died=date(2024, 2, 29)),)
    found = build_agenda([customer(family=family)], date(2025, 2, 27), days=3)
    assert kinds(found) == [("memorial", date(2025, 2, 28))]


# periodic visits and lifetimes --------------------------------------------------------------------


def test_periodic_visit_counted_from_the_last_visit():
    log = (
        Contact(date(2026, 1, 10), "visit"),
        Contact(date(2026, 5, 22), "visit"),
        Contact(date(2026, 11, 1), "call"),
    )
    found = build_agenda([customer(visit_every=Period(months=6), log=log)], TODAY)
    assert kinds(found) == [("visit", date(2026, 11, 22))]
    assert found[0].text == "Periodic visit due (every 6m; last visit 2026-05-22)"
    assert found[0].text_ja == "定期訪問の時期（6ヶ月ごと、前回訪問 2026-05-22）"
    assert build_agenda([customer(visit_every=Period(months=7), log=log)], TODAY) == []


def test_periodic_visit_without_a_visit_counts_from_created_or_today():
    never = customer(visit_every=Period(weeks=2), created=date(2026, 10, 1))
    assert kinds(build_agenda([never], TODAY)) == [("visit", date(2026, 10, 15))]
    assert build_agenda([never], TODAY)[0].group(TODAY) == "overdue"
    unknown = customer(visit_every=Period(weeks=2))
    assert kinds(build_agenda([unknown], TODAY)) == [("visit", TODAY)]


def test_product_lifetime_brings_the_replacement_date():
    log = (
        Contact(
            date(2021, 11, 25),
            "purchase",
            amount=Decimal(300000),
            lifetime=Period(5),
            items="給湯器",
        ),
    )
    found = build_agenda([customer(log=log)], TODAY)
    assert kinds(found) == [("replacement", date(2026, 11, 25))]
    assert found[0].text == "Replacement due: 給湯器 (bought 2021-11-25, lifetime 5y)"
    assert found[0].text_ja == "買い替えの時期：給湯器（2021-11-25 ご購入、耐用 5年）"


def test_replacement_closed_by_a_new_purchase_of_the_same_item_or_done():
    bought = Contact(date(2021, 11, 1), "purchase", lifetime=Period(5), items="給湯器")
    again = Contact(date(2026, 11, 2), "purchase", items="給湯器")
    other = Contact(date(2026, 11, 2), "purchase", items="洗剤")
    done = Contact(date(2026, 11, 3), "call", done=date(2026, 11, 3))
    assert build_agenda([customer(log=(bought, again))], TODAY) == []
    assert build_agenda([customer(log=(bought, done))], TODAY) == []
    assert kinds(build_agenda([customer(log=(bought, other))], TODAY)) == [
        ("replacement", date(2026, 11, 1))
    ]


# dormant ------------------------------------------------------------------------------------------


def test_dormant_active_customers_only_after_the_threshold():
    quiet = (Contact(date(2026, 8, 1), "call"), Contact(date(2026, 11, 1), "note"))
    found = build_agenda([customer(status="active", log=quiet)], TODAY)
    assert kinds(found) == [("dormant", date(2026, 10, 31))]
    assert found[0].text == "No contact for 111 days (last 2026-08-01)"
    assert found[0].group(TODAY) == "dormant"
    assert build_agenda([customer(status="prospect", log=quiet)], TODAY) == []
    recent = (Contact(date(2026, 8, 22), "call"),)  # exactly 90 days: not yet
    assert build_agenda([customer(status="active", log=recent)], TODAY) == []
    assert (
        build_agenda([customer(status="active", log=quiet)], TODAY, settings=AgendaSettings(120))
        == []
    )


def test_customer_with_no_log():
    assert build_agenda([customer(status="active", created=date(2026, 10, 1))], TODAY) == []
    old = customer(status="active", created=date(2026, 1, 1))
    assert [r.kind for r in build_agenda([old], TODAY)] == ["dormant"]
    unknown = build_agenda([customer(status="active")], TODAY)
    assert [r.text for r in unknown] == ["No contact recorded"]
    assert build_agenda([customer()], TODAY) == []


# ordering -----------------------------------------------------------------------------------------


def test_most_urgent_first():
    a = customer(
        id="aaaaaa",
        name="A",
        status="active",
        birthday=date(1970, 11, 21),
        log=(
            Contact(date(2026, 1, 1), "call", follow_up=date(2026, 11, 1)),
            Contact(date(2026, 1, 2), "call", follow_up=date(2026, 11, 20)),
        ),
    )
    b = customer(
        id="bbbbbb",
        name="B",
        visit_every=Period(months=1),
        log=(Contact(date(2026, 10, 1), "visit", follow_up=date(2026, 11, 22)),),
    )
    found = build_agenda([b, a], TODAY)
    assert [(r.customer_name, r.kind, r.group(TODAY)) for r in found] == [
        ("A", "follow-up", "overdue"),
        ("B", "visit", "overdue"),
        ("A", "follow-up", "today"),
        ("A", "birthday", "upcoming"),
        ("B", "follow-up", "upcoming"),
        ("A", "dormant", "dormant"),
    ]


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (23, "23rd")]
)
def test_ordinal(n, text):
    assert ordinal(n) == text


# building facts from front-matter -----------------------------------------------------------------


def test_facts_from_hand_written_fields():
    fields = {
        "id": "k7m2qa",
        "name": "山田 太郎",
        "status": "active",
        "birthday": "昭和45年11月22日",
        "anniversaries": [{"date": "1996/11/24", "label": "結婚記念日"}],
        "family": [{"name": "花子", "relation": "妻", "birthday": "1972年11月21日"}],
        "visit_every": "6ヶ月",
        "company": "山田工務店",
        "created": date(2024, 4, 1),
    }
    facts = facts_from_fields(fields, path="customers/ya/yamada-k7m2qa.md")
    assert facts.birthday == date(1970, 11, 22)
    assert facts.visit_every == Period(months=6)
    assert facts.extra == {"company": "山田工務店"}
    assert facts.problems == ()
    assert [r.kind for r in build_agenda([facts], TODAY)] == [
        "visit",
        "birthday",
        "birthday",
        "anniversary",
        "dormant",
    ]


def test_bad_dates_become_problems_and_the_rest_still_shows():
    fields = {
        "id": "k7m2qa",
        "name": "山田 太郎",
        "birthday": "1970-02-30",
        "anniversaries": [{"date": "someday", "label": "x"}, {"date": "2000-11-21"}],
        "family": "花子",
        "visit_every": "often",
    }
    facts = facts_from_fields(fields, path="customers/ya/yamada-k7m2qa.md")
    assert set(facts.problems) == {
        "customers/ya/yamada-k7m2qa.md: birthday: not a real date (day is out of range for "
        "month): '1970-02-30'",
        "customers/ya/yamada-k7m2qa.md: family: expected a list of mappings: '花子'",
        "customers/ya/yamada-k7m2qa.md: anniversaries[0].date: not a date "
        "(write YYYY-MM-DD): 'someday'",
        "customers/ya/yamada-k7m2qa.md: visit_every: not a period such as '6 months', '3m', "
        "'2w' or '5y': 'often'",
    }
    assert kinds(build_agenda([facts], TODAY)) == [("anniversary", date(2026, 11, 21))]
