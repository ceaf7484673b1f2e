"""Merging whole note files (custnote.core.sync.note_merge) and the git driver entry point."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.adapters.merge_driver import main as driver_main
from custnote.core.note.noteformat import parse_note
from custnote.core.sync.merge_rules import has_git_markers, has_text_conflict
from custnote.core.sync.note_merge import merge_note_texts

BASE = """\
---
id: k7m2qa
name: 山田 太郎
# 担当は営業一課
owner: sato
status: prospect
tags: [vip, golf]
preferences:
  drink: ほうじ茶
---

ゴルフ好き。

## Log

### 2026-11-01 10:00 · call · sato

初回の電話。
"""


def entry(stamp: str, kind: str, author: str, text: str) -> str:
    return f"\n### {stamp} · {kind} · {author}\n\n{text}\n"


def both_ways(base: str, ours: str, theirs: str):
    one = merge_note_texts(base, ours, theirs, "n.md")
    assert one == merge_note_texts(base, theirs, ours, "n.md")
    parse_note(one.text, "n.md")
    assert not has_git_markers(one.text)
    return one


def test_concurrent_log_entries_both_kept_in_date_order():
    ours = BASE + entry("2026-11-20 14:30", "visit", "sato", "奥様の誕生日が来月。")
    theirs = BASE + entry("2026-11-20 09:10", "call", "ito", "見積の件で折り返し。")
    result = both_ways(BASE, ours, theirs)
    assert not result.conflicted
    note = parse_note(result.text)
    assert [e.author for e in note.log] == ["sato", "ito", "sato"]
    assert [e.text for e in note.log][1:] == ["見積の件で折り返し。", "奥様の誕生日が来月。"]
    assert "# 担当は営業一課" in result.text  # a comment survives


def test_same_entry_on_both_sides_once():
    extra = entry("2026-11-20 14:30", "visit", "sato", "同じ")
    result = both_ways(BASE, BASE + extra, BASE + extra)
    assert result.text.count("同じ") == 1


def test_different_fields_keep_comments_and_both_changes():
    ours = BASE.replace("status: prospect", "status: active")
    theirs = BASE.replace("tags: [vip, golf]", "tags: [vip, golf, b2b]").replace(
        "ゴルフ好き。", "ゴルフ好き。犬を飼っている。"
    )
    result = both_ways(BASE, ours, theirs)
    note = parse_note(result.text)
    assert note.fields["status"] == "active"
    assert note.fields["tags"] == ["vip", "golf", "b2b"]
    assert "犬を飼っている" in note.body
    assert not result.conflicted
    assert "# 担当は営業一課" in result.text


def test_adjacent_field_edits_and_set_merge():
    ours = BASE.replace("owner: sato", "owner: ito").replace("[vip, golf]", "[vip, golf, a]")
    theirs = BASE.replace("status: prospect", "status: active").replace("[vip, golf]", "[golf, b]")
    note = parse_note(both_ways(BASE, ours, theirs).text)
    assert (note.fields["owner"], note.fields["status"]) == ("ito", "active")
    assert note.fields["tags"] == ["golf", "a", "b"]


def test_same_field_changed_records_a_conflict():
    ours = BASE.replace("drink: ほうじ茶", "drink: 紅茶")
    theirs = BASE.replace("drink: ほうじ茶", "drink: コーヒー")
    result = both_ways(BASE, ours, theirs)
    assert result.conflicted
    note = parse_note(result.text)
    assert note.fields["conflicts"] == [
        {"field": "preferences.drink", "was": "ほうじ茶", "values": ["コーヒー", "紅茶"]}
    ]
    assert note.fields["preferences"]["drink"] == "コーヒー"


def test_same_body_line_changed_gives_a_readable_block():
    ours = BASE.replace("ゴルフ好き。", "ゴルフが大好き。")
    theirs = BASE.replace("ゴルフ好き。", "釣りが好き。")
    result = both_ways(BASE, ours, theirs)
    assert result.conflicted and has_text_conflict(result.text)
    assert "ゴルフが大好き。" in result.text and "釣りが好き。" in result.text


def test_both_created_the_same_path():
    ours = BASE + entry("2026-11-20 14:30", "visit", "sato", "a")
    result = both_ways("", ours, BASE)
    assert parse_note(result.text).log[-1].text == "a"


def test_crlf_and_bom_of_ours_kept():
    crlf = "\ufeff" + BASE.replace("\n", "\r\n")
    ours = crlf + entry("2026-11-20", "call", "sato", "x").replace("\n", "\r\n")
    theirs = crlf.replace("status: prospect", "status: active")
    text = merge_note_texts(crlf, ours, theirs, "n.md").text
    assert text.startswith("\ufeff---\r\n") and "\n" not in text.replace("\r\n", "")
    assert parse_note(text).fields["status"] == "active"


def test_driver_writes_ours_and_exits_zero(tmp_path: Path):
    files = {}
    for name, text in {
        "base": BASE,
        "ours": BASE + entry("2026-11-20", "call", "sato", "x"),
        "theirs": BASE + entry("2026-11-21", "call", "ito", "y"),
    }.items():
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    code = driver_main([str(files[k]) for k in ("base", "ours", "theirs")] + ["n.md"])
    assert code == 0
    merged = parse_note(files["ours"].read_text(encoding="utf-8"))
    assert [e.text for e in merged.log] == ["初回の電話。", "x", "y"]


def test_driver_falls_back_on_an_invalid_note(tmp_path: Path):
    paths = [tmp_path / n for n in ("b", "o", "t")]
    for p, text in zip(paths, ["a\nb\n", "a!\nb\n", "a?\nb\n"], strict=True):
        p.write_text(text, encoding="utf-8")
    assert driver_main([str(p) for p in paths]) == 1
    assert has_text_conflict(paths[1].read_text(encoding="utf-8"))


stamps = st.sampled_from(["2026-11-01", "2026-11-02 09:00", "2026-11-02 18:00", "2026-11-03"])
new_entries = st.lists(
    st.tuples(stamps, st.sampled_from(["call", "visit"]), st.sampled_from(["sato", "ito"])),
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(new_entries, new_entries)
def test_no_log_entry_lost_property(ours_new, theirs_new):
    ours = BASE + "".join(entry(s, k, a, f"o{n}") for n, (s, k, a) in enumerate(ours_new))
    theirs = BASE + "".join(entry(s, k, a, f"t{n}") for n, (s, k, a) in enumerate(theirs_new))
    result = both_ways(BASE, ours, theirs)
    texts = [e.text for e in parse_note(result.text).log]
    assert sorted(texts) == sorted(
        ["初回の電話。"]
        + [f"o{n}" for n in range(len(ours_new))]
        + [f"t{n}" for n in range(len(theirs_new))]
    )
