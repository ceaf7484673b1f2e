"""Kept statistics brought up to date note by note equal a count made from nothing
(custnote.core.stats.StatsSums, custnote.core.statsdelta)."""

from __future__ import annotations

from datetime import date

from gitfixtures import git, set_identity
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.agenda import factstore
from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook
from custnote.core.stats import kept_stats, notebook_stats
from custnote.core.stats.running_sums import StatsSums, compute_stats
from custnote.core.stats.team_stats import StatsInput, StatsQuery

DAY0 = date(2026, 1, 1).toordinal()

entries = st.lists(
    st.tuples(
        st.integers(DAY0 - 40, DAY0 + 400),
        st.sampled_from(["call", "visit", "note", "purchase", "mail"]),
        st.sampled_from([None, "sato", "suzuki"]),
        st.one_of(st.none(), st.integers(1, 90)),
        st.one_of(st.none(), st.sampled_from(["1.5", "2.00", "120000", "0.20", "3"])),
    ),
    max_size=6,
)
customers = st.builds(
    lambda n, owner, status, tags, created, log: StatsInput(
        f"id{n:03d}", f"名前{n % 3}", owner, status, tags, None, created, {}, log
    ),
    st.integers(0, 999),
    st.sampled_from([None, "sato", "suzuki"]),
    st.sampled_from([None, "active", "lost"]),
    st.lists(st.sampled_from(["vip", "golf"]), max_size=2, unique=True),
    st.one_of(st.none(), st.integers(DAY0 - 20, DAY0 + 300)),
    entries,
)
queries = st.builds(
    StatsQuery,
    since=st.sampled_from([None, date(2026, 2, 1)]),
    until=st.sampled_from([None, date(2026, 9, 30)]),
    owner=st.sampled_from([None, "sato"]),
    by=st.sampled_from(["owner", "author", "tag", "status"]),
    top=st.integers(1, 3),
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    before=st.lists(customers, min_size=1, max_size=8),
    after=st.lists(st.one_of(st.none(), customers), min_size=1, max_size=8),
    query=queries,
)
def test_taking_back_and_adding_equals_counting_again(before, after, query) -> None:
    """Customer i changes from ``before[i]`` to ``after[i]`` (None: gone; extra: new)."""
    sums = StatsSums(query)
    for i, customer in enumerate(before):
        sums.add(customer, f"{i:03d}")
    for i, changed in enumerate(after):  # the others stay as they were
        if i < len(before):
            sums.add(before[i], f"{i:03d}", -1)
        if changed is not None:
            sums.add(changed, f"{i:03d}")
    now = [after[i] if i < len(after) else before[i] for i in range(max(len(before), len(after)))]
    final = [c for c in now if c is not None]
    assert sums.result().to_json() == compute_stats(final, query).to_json()


def recount(root, query: StatsQuery):
    nb = Notebook(root)
    for kept in nb.reader_cache_dir.glob("stats/kept-*.json"):
        kept.unlink()
    return notebook_stats.stats_for(nb, query)


def test_hand_edits_deletions_and_pulls_are_taken_into_kept_statistics(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    query = StatsQuery()
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "purchase", "給湯器", amount=120000))
    first, _ = notebook_stats.stats_for(Notebook(notebook.root), query)
    recounts = []
    real = kept_stats._count_all
    monkeypatch.setattr(kept_stats, "_count_all", lambda *a: recounts.append(1) or real(*a))

    # a hand edit (uncommitted), a new note by hand, then a commit made with git itself
    path = notebook.root / yamada.path
    path.write_text(path.read_text(encoding="utf-8").replace("給湯器", "給湯器\n"), "utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n### 2026-11-05 visit\n\n点検\n")
    copy = path.with_name("copy-of-yamada.md")
    copy.write_text(
        path.read_text(encoding="utf-8").replace(f"id: {yamada.id}", "id: zzzzzz"), "utf-8"
    )
    edited, _ = notebook_stats.stats_for(Notebook(notebook.root), query)
    assert edited.customers == first.customers + 1
    assert edited.to_json() == recount(notebook.root, query)[0].to_json()
    assert len(recounts) == 1, "only the recount above counted from nothing"

    set_identity(notebook.root, "hand")
    git(notebook.root, "rm", "-q", "--cached", "--", yamada.path)
    path.unlink()
    git(notebook.root, "commit", "-qm", "gone by hand")
    gone, _ = notebook_stats.stats_for(Notebook(notebook.root), query)
    assert gone.customers == first.customers
    assert gone.to_json() == recount(notebook.root, query)[0].to_json()
    assert len(recounts) == 2


def test_a_change_list_trimmed_past_the_kept_point_counts_again(
    notebook: Notebook, yamada, monkeypatch
) -> None:
    monkeypatch.setattr(factstore, "KEEP_CHANGES", 1)
    query = StatsQuery()
    notebook_stats.stats_for(Notebook(notebook.root), query)
    for day in (2, 3, 4):
        notebook.add_entry(yamada, LogEntry(date(2026, 11, day), "call", "電話", duration_min=5))
        Notebook(notebook.root).store()  # each change seen on its own, then trimmed
    recounts = []
    real = kept_stats._count_all
    monkeypatch.setattr(kept_stats, "_count_all", lambda *a: recounts.append(1) or real(*a))
    kept, _ = notebook_stats.stats_for(Notebook(notebook.root), query)
    assert recounts == [1], "the kept point is no longer in the change list"
    assert sum(a.call_minutes for a in kept.totals().values()) == 15


def test_leaders_taken_back_below_those_shown_ask_for_a_recount() -> None:
    query = StatsQuery(top=1)
    sums = StatsSums(query)
    sale = (DAY0, "purchase", None, None, "5")
    people = [
        StatsInput(f"id{i}", f"n{i}", None, None, (), None, None, {}, [sale] * (i + 1))
        for i in range(300)
    ]
    for i, person in enumerate(people):
        sums.add(person, f"{i:03d}")
    assert [r.id for r in sums.result().top_sales] == ["id299"]
    taken = 0
    for i in range(299, -1, -1):  # the best goes, one after the other
        sums.add(people[i], f"{i:03d}", -1)
        taken += 1
        if sums.needs_recount:
            break
        assert [r.id for r in sums.result().top_sales] == [f"id{i - 1}"]
    assert 101 <= taken < 300, "asks once the next best is among those no longer kept"
