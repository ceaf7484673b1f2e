"""The redesigned card (``custnote show``): one language per run, people not data dumps,
nothing cut at 80 columns. The clock is pinned at 2026-11-20 (conftest)."""

from __future__ import annotations

from datetime import date

import pytest

from custnote.cli import render
from custnote.cli.lang import language
from custnote.core.note.model import LogEntry, Note
from custnote.core.notebook.notebook import Notebook

LONG_NOTE = (
    "経理担当。毎年年末は決算で忙しいので十二月の訪問は避けること。"
    "お嬢様の大学受験が来年なので話題にするときは気をつける。"
)


def set_language(notebook: Notebook, lang: str | None) -> None:
    config = notebook.root / ".custnote" / "config.yaml"
    text = config.read_text("utf-8").replace("language: ja\n", "")
    config.write_text(text + (f"language: {lang}\n" if lang else ""), "utf-8")


@pytest.fixture
def family(notebook: Notebook, yamada: Note) -> Note:
    notebook.update_fields(
        yamada,
        {
            "title": "社長",
            "contact_hours": "平日 9時〜17時",
            "birthday": date(1970, 5, 12),
            "preferences": {
                "drink": "ほうじ茶",
                "hobbies": "ゴルフ",
                "channel": "電話",
                "allergies": ["えび"],
            },
            "family": [
                {
                    "name": "山田 恵子",
                    "relation": "妻",
                    "birthday": date(1972, 12, 6),
                    "note": LONG_NOTE,
                }
            ],
            "anniversaries": [{"date": date(1988, 4, 1), "label": "創業記念日"}],
        },
    )
    notebook.add_entry(
        yamada,
        LogEntry(
            date=date(2026, 11, 10),
            kind="visit",
            text="見積の件",
            author="sato",
            follow_up=date(2026, 12, 1),
        ),
    )
    return notebook.resolve(yamada.id)


def test_the_japanese_card_reads_like_a_person_wrote_it(cli, notebook, family: Note) -> None:
    set_language(notebook, "ja")
    out = cli("show yamada").stdout
    assert "山田 太郎（やまだ たろう） · 状態 active" in out
    assert out.index("⚠ アレルギー") < out.index("会社"), "cautions come first"
    assert "山田工務店 · 社長" in out and "担当" in out
    assert "平日 9時〜17時" in out and "連絡方法" in out
    assert "お飲み物はほうじ茶。趣味はゴルフ。" in out
    assert "1970年5月12日（56歳）" in out
    joined = "".join(line.strip("│ ") for line in out.splitlines())
    assert "妻 山田 恵子（53歳・12月6日）経理担当。" in joined
    assert "創業記念日 4月1日（38周年）" in out
    assert "未完了のフォローアップ" in out and "2026-12-01 ← 2026-11-10 visit  見積の件" in out
    assert "フォローアップ 2026-12-01" in out
    for english in ("Company", "Likes", "Family", "name:", "relation:", "drink ", "follow-up"):
        assert english not in out, f"{english!r} in a Japanese card"


def test_the_english_card_has_english_labels_and_the_data_as_written(
    cli, notebook, family: Note
) -> None:
    set_language(notebook, "en")
    out = cli("show yamada").stdout
    assert "山田 太郎 (やまだ たろう) · Status active" in out
    assert out.index("⚠ Allergies") < out.index("Company")
    assert "Drinks ほうじ茶. Hobbies: ゴルフ." in out
    assert "May 12, 1970 (age 56)" in out
    assert "wife 山田 恵子 (age 53, Dec 6)\n経理担当" in "\n".join(
        line.strip("│ ") for line in out.splitlines()
    )
    assert "創業記念日 Apr 1 (38 years)" in out
    assert "Open follow-ups" in out and "follow-up 2026-12-01" in out
    for japanese in ("会社", "状態", "好み", "家族", "周年", "歳"):
        assert japanese not in out, f"{japanese!r} in an English card"


def test_the_card_fits_80_columns_without_losing_text(
    cli, notebook, family: Note, monkeypatch
) -> None:
    set_language(notebook, "ja")
    monkeypatch.setenv("COLUMNS", "80")
    render.console.cache_clear()
    out = cli("show yamada").stdout
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "…" not in out
    inside = "".join(line.strip("│ ").strip() for line in out.splitlines())
    assert LONG_NOTE in inside, "the family note wraps inside the card, whole"


def test_the_language_comes_from_the_config_then_the_locale(
    notebook, monkeypatch, cli, yamada
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    set_language(notebook, None)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert language(Notebook.open(notebook.root)) == "ja"
    assert "会社" in cli("show yamada").stdout
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language(Notebook.open(notebook.root)) == "en"
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")
    assert language(None) == "ja", "LC_ALL wins over LANG"
    monkeypatch.delenv("LC_ALL")
    monkeypatch.delenv("LANG")
    assert language(None) == "en"
    set_language(notebook, "ja")
    assert language(Notebook.open(notebook.root)) == "ja", "the notebook's setting wins"
    assert "Company" not in cli("show yamada").stdout


def test_a_placeholder_value_is_shown_as_is(notebook, family: Note) -> None:
    from custnote.cli.render_card import card_rows

    family.fields["phones"] = "🔒"
    family.fields["family"] = ["🔒"]
    rows = dict((name, value) for name, value, _ in card_rows(family, "ja", date(2026, 11, 20)))
    assert rows["電話"] == "🔒" and rows["家族"] == "🔒"


def test_json_is_unchanged(cli, family: Note) -> None:
    import json

    record = json.loads(cli("show yamada --json").stdout)
    assert record["fields"]["family"][0]["note"] == LONG_NOTE
    assert record["fields"]["preferences"]["drink"] == "ほうじ茶"


def test_conflicts_are_flagged_at_the_top_not_dumped(cli, notebook, yamada: Note) -> None:
    set_language(notebook, "en")
    notebook.update_fields(
        yamada, {"conflicts": [{"field": "status", "ours": "active", "theirs": "lost"}]}
    )
    out = cli("show yamada").stdout
    assert "⚠ Conflict" in out and "unresolved conflicts (field status)" in out
    assert out.index("⚠ Conflict") < out.index("Company")
    assert "ours:" not in out and "theirs" not in out
