"""Kept statistics stay small at 100,000 customers: the regulars (some 45,000 there) are kept
as the first ones shown and a count, and every kept list is exactly the first of its order
after any mix of take-backs and adds (custnote.core.stats.running_sums)."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from test_stats_delta import DAY0, customers, queries

from custnote.core.stats import running_sums
from custnote.core.stats.running_sums import StatsSums, compute_stats
from custnote.core.stats.team_stats import StatsInput, StatsQuery


def _regular(i: int) -> StatsInput:
    start = DAY0 + i % 200
    calls = [(start + d, "call", None, 5, None) for d in (0, 10, 20)]
    return StatsInput(f"id{i:04d}", f"客{i % 37}", "sato", None, (), None, start, {}, calls)


def test_kept_regulars_are_the_first_shown_and_a_count() -> None:
    people = [_regular(i) for i in range(600)]
    sums = StatsSums(StatsQuery(regulars=12))
    for i, person in enumerate(people):
        sums.add(person, f"{i:04d}")
    record = json.loads(json.dumps(sums.to_record()))
    assert len(record["regulars"][1]) <= 2 * (12 + running_sums.SPARE_LEADERS)
    assert record["regulars"][0] + len(record["regulars"][1]) == 600

    again = StatsSums.from_record(StatsQuery(regulars=12), record).result()
    everyone = compute_stats(people, StatsQuery())
    assert again.regular_count == everyone.regular_count == len(everyone.regulars) == 600
    assert again.regulars == everyone.regulars[:12]
    assert again.top_visits == everyone.top_visits


#: customers who start in the period and are often regulars (3 contacts within 90 days)
newcomers = st.builds(
    lambda n, start, calls: StatsInput(
        f"id{n:03d}",
        f"客{n % 4}",
        None,
        None,
        (),
        None,
        DAY0 + start,
        {},
        [(DAY0 + start + 7 * k, "call", None, 5, None) for k in range(calls)],
    ),
    st.integers(0, 999),
    st.integers(0, 20),
    st.integers(2, 4),
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    before=st.lists(st.one_of(customers, newcomers), min_size=10, max_size=24),
    after=st.lists(st.one_of(st.none(), customers, newcomers), min_size=1, max_size=24),
    query=queries,
    shown=st.integers(0, 2),
)
def test_trimmed_lists_stay_exactly_the_first_through_take_backs(
    before, after, query, shown
) -> None:
    """With one spare (trimmed as soon as there are more than 2 * (shown + 1)), taking back
    and adding gives the first of every list as counted in one go, or asks for a recount."""
    query = replace(query, regulars=shown)
    spare, running_sums.SPARE_LEADERS = running_sums.SPARE_LEADERS, 1
    try:
        sums = StatsSums(query)
        for i, customer in enumerate(before):
            sums.add(customer, f"{i:03d}")
        for i, changed in enumerate(after):
            if i < len(before):
                sums.add(before[i], f"{i:03d}", -1)
            if changed is not None:
                sums.add(changed, f"{i:03d}")
        sums = StatsSums.from_record(query, json.loads(json.dumps(sums.to_record())))
    finally:
        running_sums.SPARE_LEADERS = spare
    now = [after[i] if i < len(after) else before[i] for i in range(max(len(before), len(after)))]
    everyone = compute_stats([c for c in now if c is not None], replace(query, regulars=None))
    if sums.needs_recount:
        return
    result = sums.result()
    assert result.regular_count == len(everyone.regulars)
    assert result.regulars == everyone.regulars[:shown]
    assert result.top_sales == everyone.top_sales
    assert result.top_visits == everyone.top_visits
    assert result.to_json() | {"regulars": []} == everyone.to_json() | {"regulars": []}


def test_stats_in_the_terminal_lists_the_first_regulars_and_counts_all(cli, notebook) -> None:
    for i in range(14):
        note = notebook.create({"name": f"常連 {i:02d}", "owner": "sato"})
        with (notebook.root / note.path).open("a", encoding="utf-8") as handle:  # by hand
            for day in (1, 5, 9):
                handle.write(f"\n### 2026-11-{day:02d} · call\n\n電話\n")
    shown = cli("stats")
    assert shown.exit_code == 0, shown.stdout
    listed = [line.split() for line in shown.stdout.splitlines() if "常連" in line]
    assert len(listed) == 12
    assert "… 2 more" in shown.stdout
    every = json.loads(cli("stats --json").stdout)
    assert len(every["regulars"]) == 14
    assert [r["name"] for r in every["regulars"]][:12] == [f"{w[1]} {w[2]}" for w in listed]


def test_leaders_taken_back_and_added_below_the_trimmed_ask_for_a_recount(monkeypatch) -> None:
    """Two leaders fall below customers trimmed earlier: the kept ones must not be shown as
    the top (the customer with 3 is)."""
    monkeypatch.setattr(running_sums, "SPARE_LEADERS", 1)

    def buyer(i: int, amount: str) -> StatsInput:
        sale = (DAY0, "purchase", None, None, amount)
        return StatsInput(f"id{i}", f"n{i}", None, None, (), None, None, {}, [sale])

    sums = StatsSums(StatsQuery(top=1))
    for i, amount in enumerate(["5", "4", "3", "2", "1"]):  # trimmed to 5 and 4
        sums.add(buyer(i, amount), f"{i}")
    for i, amount in ((0, "0.5"), (1, "0.1")):
        sums.add(buyer(i, "5" if i == 0 else "4"), f"{i}", -1)
        sums.add(buyer(i, amount), f"{i}")
    assert sums.needs_recount or sums.result().top_sales[0].name == "n2"
    assert sums.needs_recount  # nothing known ranks before the trimmed
