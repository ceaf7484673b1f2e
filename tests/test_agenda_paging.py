"""The agenda's first page (each group's first N reminders and its count, asked of the note
store's indexes: core/agenda/paging.py) is the full agenda cut to N per group, over random
notebooks written by hand in a real git notebook."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custnote.core.agenda.notebook_agenda import notebook_agenda
from custnote.core.agenda.reminders import GROUPS
from custnote.core.notebook.notebook import Notebook

TODAY = date(2026, 11, 20)

# few values, so that names, owners and dates tie often
NAMES = ["山田 太郎", "Yamada Taro", "yamada taro", "佐藤 花子", "アベ", "あべ"]
OWNERS = [None, "sato", "Sato", "ｓａｔｏ", "tanaka"]
near = st.integers(-200, 40).map(lambda n: TODAY + timedelta(days=n))
long_ago = st.integers(-20000, -300).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def entries(draw) -> list[str]:
    """Log entries in date order: calls with follow-ups, done entries, purchases with a
    lifetime, visits."""
    days = sorted(draw(st.lists(near, max_size=5)))
    out = []
    for day in days:
        kind = draw(st.sampled_from(["call", "visit", "purchase", "note"]))
        lines = [f"### {day.isoformat()} 10:00 · {kind} · sato"]
        if draw(st.booleans()):
            lines.append(f"- follow-up: {draw(near).isoformat()}")
        if draw(st.integers(0, 3)) == 3:
            lines.append(f"- done: {draw(near).isoformat()}")
        if kind == "purchase" and draw(st.booleans()):
            lines += [
                f"- items: {draw(st.sampled_from(['給湯器', 'エアコン']))}",
                f"- lifetime: {draw(st.sampled_from(['1y', '3m', '1m']))}",
            ]
        out.append("\n".join(lines) + "\n\n見積の件\n")
    return out


@st.composite
def notes(draw, n: int) -> str:
    fields = [f"id: k{n:05d}", f"name: {draw(st.sampled_from(NAMES))}"]
    owner = draw(st.sampled_from(OWNERS))
    if owner:
        fields.append(f"owner: {owner}")
    status = draw(st.sampled_from([None, "active", "active", "prospect"]))
    if status:
        fields.append(f"status: {status}")
    if draw(st.booleans()):
        fields.append(f"created: {draw(st.one_of(near, long_ago)).isoformat()}")
    if draw(st.integers(0, 2)) == 2:
        fields.append(f"birthday: {draw(long_ago).isoformat()}")
    if draw(st.integers(0, 5)) == 5:
        fields.append(f"died: {draw(long_ago).isoformat()}")
    if draw(st.integers(0, 3)) == 3:
        born = draw(long_ago).isoformat()
        fields.append(f"family:\n  - {{name: 花子, relation: 妻, birthday: {born}}}")
    if draw(st.integers(0, 2)) == 2:
        fields.append(f"visit_every: {draw(st.sampled_from(['1 month', '3m', '半年']))}")
    if draw(st.integers(0, 15)) == 15:
        fields.append("birthday: 1970-02-30")  # a problem: one warning, the rest still shown
    log = "".join(draw(entries()))
    return "---\n" + "\n".join(fields) + "\n---\n\n## Log\n\n" + log


@st.composite
def notebooks(draw) -> list[str]:
    count = draw(st.integers(0, 14))
    return [draw(notes(n)) for n in range(count)]


def _written(root: Path, texts: list[str]) -> Notebook:
    nb, _ = Notebook.init(root)
    for n, text in enumerate(texts):
        path = nb.root / "customers" / f"b{n % 3}" / f"c{n:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return nb


def cut(reminders, today: date, limit: int):
    shown = dict.fromkeys(GROUPS, 0)
    page = []
    for reminder in reminders:
        group = reminder.group(today)
        if shown[group] < limit:
            shown[group] += 1
            page.append(reminder)
    return page


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    notebooks(),
    st.integers(-3, 3).map(lambda n: TODAY + timedelta(days=n)),
    st.integers(0, 30),
    st.sampled_from([None, "sato", "tanaka", ""]),
    st.integers(1, 3),
)
def test_the_first_page_is_the_full_agenda_cut_to_the_limit(texts, today, days, owner, limit):
    with tempfile.TemporaryDirectory() as tmp:
        nb = _written(Path(tmp) / "nb", texts)
        full = notebook_agenda(nb, today, days, owner)
        paged = notebook_agenda(nb, today, days, owner, limit=limit)
        assert paged.reminders == cut(full.reminders, today, limit)
        assert paged.counts == full.counts
        assert sum(full.counts.values()) == len(full.reminders)
        assert paged.warnings == full.warnings


def test_ties_on_date_and_name_keep_the_full_agendas_order(notebook):
    """Five customers of one name and one follow-up day: the page keeps their path order."""
    for n in range(5):
        path = notebook.root / "customers" / "b0" / f"c{4 - n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\nid: t{n:05d}\nname: 同名\n---\n\n## Log\n\n"
            "### 2026-11-01 10:00 · call · sato\n- follow-up: 2026-11-10\n\n電話\n",
            encoding="utf-8",
        )
    full = notebook_agenda(notebook, TODAY, 7)
    paged = notebook_agenda(notebook, TODAY, 7, limit=2)
    assert [r.path for r in full.reminders] == [f"customers/b0/c{n}.md" for n in range(5)]
    assert paged.reminders == full.reminders[:2]
    assert paged.counts == {"overdue": 5, "today": 0, "upcoming": 0, "dormant": 0}


def _follow_up_note(name: str, due: str) -> str:
    return (
        f"---\nid: {name.lower()}01\nname: {name}\n---\n\n## Log\n\n"
        f"### 2026-11-01 10:00 · call · sato\n- follow-up: {due}\n\n見積\n"
    )


def test_the_page_follows_hand_edits_log_and_done(cli, notebook, yamada, monkeypatch):
    monkeypatch.setattr("custnote.cli.commands.agenda.GROUP_LIMIT", 1)
    folder = notebook.root / "customers" / "zz"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abe.md").write_text(_follow_up_note("Abe", "2026-11-02"), encoding="utf-8")
    shown = cli("agenda").stdout
    assert "Overdue (1)" in shown and "Abe" in shown and "more (--all)" not in shown

    assert cli('log yamada "見積の件" --kind call --follow-up 2026-11-01').exit_code == 0
    shown = cli("agenda").stdout  # 山田's is older: it comes first, Abe is one more
    assert "Overdue (2)" in shown and "山田 太郎" in shown and "Abe" not in shown
    assert "… 1 more (--all)" in shown

    # a hand edit moves Abe's follow-up before 山田's (no commit: git status sees it)
    (folder / "abe.md").write_text(_follow_up_note("Abe", "2026-10-01"), encoding="utf-8")
    shown = cli("agenda").stdout
    assert "Abe" in shown and "山田 太郎" not in shown and "… 1 more (--all)" in shown

    assert cli('done yamada "送った"').exit_code == 0
    shown = cli("agenda").stdout
    assert "Overdue (1)" in shown and "Abe" in shown and "more (--all)" not in shown

    (folder / "abe.md").unlink()
    shown = cli("agenda").stdout
    assert "Overdue" not in shown and "Abe" not in shown


def test_the_json_and_all_views_still_list_everything(cli, notebook, monkeypatch):
    monkeypatch.setattr("custnote.cli.commands.agenda.GROUP_LIMIT", 1)
    folder = notebook.root / "customers" / "zz"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("Abe", "Baba", "Chiba"):
        (folder / f"{name}.md").write_text(_follow_up_note(name, "2026-11-25"), encoding="utf-8")
    data = json.loads(cli("agenda --json").stdout)
    assert [r["customer"]["name"] for r in data["reminders"]] == ["Abe", "Baba", "Chiba"]
    everything = cli("agenda --all").stdout
    assert all(name in everything for name in ("Abe", "Baba", "Chiba"))
    page = cli("agenda").stdout
    assert "Coming days (3)" in page and "Abe" in page and "Baba" not in page
    assert "… 2 more (--all)" in page
