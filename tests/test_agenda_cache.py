"""The agenda's cache: records read back give the same agenda, and the quick pre-check never
skips a customer who has something due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.agenda.fact_reader import digest_record, facts_from_text, from_digest_record
from custnote.core.agenda.facts import Anniversary, Contact, CustomerFacts, Relative
from custnote.core.agenda.periods import Period
from custnote.core.agenda.reminders import AgendaSettings, build_agenda, digest
from custnote.core.agenda.window import QuickFacts, Window

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
maybe_day = st.none() | days
contacts = st.builds(
    Contact,
    day=days,
    kind=st.sampled_from(["call", "visit", "purchase", "note"]),
    follow_up=maybe_day,
    done=st.none() | days,
    lifetime=st.none() | st.builds(Period, years=st.integers(1, 5)),
    items=st.none() | st.sampled_from(["給湯器", "エアコン"]),
    summary=st.sampled_from(["", "見積"]),
)
customers = st.builds(
    CustomerFacts,
    id=st.just("k7m2qa"),
    name=st.just("山田 太郎"),
    owner=st.none() | st.just("sato"),
    status=st.sampled_from([None, "active", "prospect"]),
    created=maybe_day,
    birthday=maybe_day,
    died=st.none() | days,
    anniversaries=st.lists(
        st.builds(Anniversary, days, st.sampled_from(["", "結婚記念日"])), max_size=2
    ).map(tuple),
    family=st.lists(
        st.builds(Relative, st.just("花子"), st.sampled_from(["", "妻"]), maybe_day, maybe_day),
        max_size=2,
    ).map(tuple),
    visit_every=st.none() | st.builds(Period, months=st.integers(1, 12)),
    log=st.lists(contacts, max_size=6).map(lambda items: tuple(sorted(items, key=lambda c: c.day))),
)


@settings(max_examples=150, deadline=None)
@given(customers, days, st.integers(0, 40), st.integers(30, 120))
def test_cached_digest_gives_the_same_agenda_and_the_precheck_is_safe(
    customer, today, ahead, dormant_days
):
    rules = AgendaSettings(dormant_days)
    expected = build_agenda([customer], today, ahead, rules)
    record = digest_record(digest(customer))
    assert (
        build_agenda([from_digest_record(record, customer.path)], today, ahead, rules) == expected
    )
    if expected:
        assert Window.of(today, ahead, rules).may_remind(QuickFacts(*record["quick"]))


def test_precheck_skips_a_customer_with_nothing_due():
    quiet = CustomerFacts(id="a", name="A", status="active", birthday=date(1970, 6, 1))
    quiet = replace(quiet, log=(Contact(date(2026, 11, 1), "call"),))
    record = digest_record(digest(quiet))
    window = Window.of(date(2026, 11, 20), 7, AgendaSettings())
    assert not window.may_remind(QuickFacts(*record["quick"]))
    assert window.may_remind(QuickFacts(*record["quick"])._replace(yearly=("11-27",)))


def test_window_covers_leap_day_on_28_february_in_common_years():
    window = Window.of(date(2027, 2, 25), 3, AgendaSettings())
    assert {"02-28", "02-29"} <= window.month_days
    assert "02-29" not in Window.of(date(2028, 2, 25), 3, AgendaSettings()).month_days


def test_facts_from_text_reads_attributes_and_keeps_log_order():
    text = (
        "---\nid: k7m2qa\nname: 山田 太郎\n---\n\n## Log\n\n"
        "### 2026-11-20 · purchase · sato\n- amount: 300000\n- lifetime: 10年\n"
        "- items: 給湯器\n\n\\### not a heading\n\n"
        "### 2026-11-01 09:00 | call\n- duration: 1h30m\n- follow-up: 2026年12月1日\n"
    )
    facts = facts_from_text("customers/ya/x.md", text)
    assert [c.kind for c in facts.log] == ["call", "purchase"]
    call, purchase = facts.log
    assert call.minutes == 90 and call.follow_up == date(2026, 12, 1) and call.author is None
    assert purchase.lifetime == Period(years=10) and purchase.items == "給湯器"
    assert purchase.summary == "### not a heading"
    assert purchase.day == date(2026, 11, 20)
