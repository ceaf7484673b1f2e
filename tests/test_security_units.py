"""The pieces behind docs/security.md, one by one: paths that stay inside the notebook, file
modes, size limits, YAML anchors, formula neutralisation, the template allow-list, what sync
calls settings, and the cheap warning about committed cache files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custnote.adapters import fsio
from custnote.adapters.io.formulas import neutralise, restore
from custnote.core.checks import caches
from custnote.core.note import yamlio
from custnote.core.note.limits import MAX_FIELD_CHARS, MAX_NOTE_BYTES
from custnote.core.note.model import Note
from custnote.core.note.noteformat import parse_note
from custnote.core.note.templates import TEMPLATE_FIELDS, TemplateError, load_template
from custnote.core.notebook.notebook import Notebook
from custnote.core.sync.incoming import settings_changes
from custnote.errors import NoteFormatError, UnsafePathError

# ---------------------------------------------------------------------- paths


def test_inside_refuses_links_dot_dot_and_absolute_paths(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "nb", tmp_path / "elsewhere"
    (root / "customers" / "ya").mkdir(parents=True)
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "customers" / "ta")
    os.symlink(elsewhere / "x.md", root / "customers" / "ya" / "link.md")
    assert fsio.inside(root, "customers/ya/new.md") == root / "customers" / "ya" / "new.md"
    assert fsio.inside(root, "customers/zz/new.md") == root / "customers" / "zz" / "new.md"
    for rel, named in (
        ("customers/ta/x.md", "customers/ta"),
        ("customers/ya/link.md", "customers/ya/link.md"),
        ("../elsewhere/x.md", "../elsewhere/x.md"),
        ("/etc/passwd", "/etc/passwd"),
    ):
        with pytest.raises(UnsafePathError) as caught:
            fsio.inside(root, rel)
        assert str(caught.value).startswith(f"{named}: ")


def test_reads_and_in_place_writes_never_follow_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("outside\n")
    link = tmp_path / "link.md"
    os.symlink(target, link)
    with pytest.raises(UnsafePathError):
        fsio.read_text(link)
    with pytest.raises(UnsafePathError):
        fsio.overwrite(link, "changed")
    with pytest.raises(FileExistsError):
        fsio.create(link, "changed")
    assert target.read_text() == "outside\n"


def test_no_temporary_file_is_made_through_a_linked_bucket(
    notebook: Notebook, yamada: Note, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, notebook.root / "customers" / "ta")
    with pytest.raises(UnsafePathError), notebook.transaction("add: x", "add") as tx:
        tx.write("customers/ta/tanaka-abcdef.md", "---\nid: abcdef\nname: 田中\n---\n")
    assert list(elsewhere.iterdir()) == []
    with pytest.raises(UnsafePathError) as caught:
        notebook.note_paths()
    assert str(caught.value).startswith("customers/ta: is a symbolic link")


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_written_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    fsio._new_file_mode.cache_clear()
    try:
        nb, _ = Notebook.init(tmp_path / "nb")
        note = nb.create({"name": "山田 太郎"})
        nb.update_fields(note, {"status": "active"})
    finally:
        os.umask(old)
        fsio._new_file_mode.cache_clear()
    for rel in (".custnote/config.yaml", note.path):
        assert stat.S_IMODE((nb.root / rel).stat().st_mode) == 0o666 & ~umask, rel


# ---------------------------------------------------------------------- sizes


def test_a_field_or_note_over_the_limit_is_refused_before_commit(
    notebook: Notebook, yamada: Note
) -> None:
    head = notebook.git.head_commit()
    with pytest.raises(NoteFormatError) as caught:
        notebook.update_fields(yamada, {"company": "x" * (MAX_FIELD_CHARS + 1)})
    assert "'company'" in str(caught.value) and yamada.path in str(caught.value)
    with pytest.raises(NoteFormatError) as caught:
        notebook.update_fields(yamada, {"preferences": {"memo": ["y" * (MAX_FIELD_CHARS + 1)]}})
    assert "'preferences.memo[0]'" in str(caught.value)
    body = "あ" * (MAX_NOTE_BYTES // 3)
    with pytest.raises(NoteFormatError) as caught:
        notebook.create({"name": "大きい"}, body=body)
    assert "over the limit" in str(caught.value)
    assert notebook.git.head_commit() == head
    notebook.update_fields(yamada, {"company": "x" * MAX_FIELD_CHARS})  # the limit itself is fine


# ---------------------------------------------------------------------- YAML


def test_anchors_and_aliases_are_refused_naming_file_and_line() -> None:
    text = "---\nid: abc\nname: x\nbase: &b {drink: tea}\nprefs: *b\n---\n"
    with pytest.raises(NoteFormatError) as caught:
        parse_note(text, "customers/ab/x.md")
    assert str(caught.value).startswith("customers/ab/x.md:4: front-matter: YAML anchors")


@pytest.mark.parametrize(
    "front", ["company: A&B商事", "memo: '*大事* & 急ぎ'", 'note: "&x *y"', "tags: ['*']"]
)
def test_ampersands_and_stars_in_values_are_fine(front: str) -> None:
    note = parse_note(f"---\nid: abc\nname: x\n{front}\n---\n")
    assert note.fields[front.split(":")[0]] == yamlio.load(front)[front.split(":")[0]]


# ---------------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"), ("+81 3", "'+81 3"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("'Tis", "'Tis"), ("山田", "山田"),
        ("a=b", "a=b"), ("", ""),
    ],
)  # fmt: skip
def test_formula_cells_are_prefixed(value: str, cell: str) -> None:
    assert neutralise(value) == cell
    assert restore(cell) == value


@given(st.text())
def test_neutralise_then_restore_is_the_identity(value: str) -> None:
    cell = neutralise(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(cell) == value


# ---------------------------------------------------------------------- templates


def test_templates_may_set_only_the_allowed_fields(tmp_path: Path) -> None:
    folder = tmp_path / ".custnote" / "templates"
    folder.mkdir(parents=True)
    (folder / "vip.md").write_text("---\nstatus: active\nmembership: gold\n---\n## Notes\n")
    with pytest.raises(TemplateError) as caught:
        load_template("vip", "ja", tmp_path)
    assert "vip.md" in str(caught.value) and "'membership'" in str(caught.value)
    allowed = load_template("vip", "ja", tmp_path, custom_fields=["membership"])
    assert allowed.fields == {"status": "active", "membership": "gold"}
    for name in ("default", "b2b", "shop", "karte"):  # the shipped ones pass
        for language in ("ja", "en"):
            assert set(load_template(name, language, None).fields) <= set(TEMPLATE_FIELDS)


def test_a_linked_template_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / ".custnote" / "templates"
    folder.mkdir(parents=True)
    (tmp_path / "x.md").write_text("---\nstatus: active\n---\n")
    os.symlink(tmp_path / "x.md", folder / "vip.md")
    with pytest.raises(TemplateError, match="symbolic link"):
        load_template("vip", "ja", tmp_path)


# ---------------------------------------------------------------------- sync and caches


def test_settings_changes_leave_notes_out() -> None:
    assert settings_changes(
        ["customers/ya/a.md", "archive/ya/b.md", "customers/.gitkeep", ".custnote/config.yaml",
         "customers/ya/notes.txt", ".custnote/cache/x.pickle", "customers/a.md"]
    ) == [
        ".custnote/cache/x.pickle (old cache path, never read)",
        ".custnote/config.yaml (settings)",
        "customers/a.md",
        "customers/ya/notes.txt",
    ]  # fmt: skip


def test_the_cache_warning_asks_git_only_when_needed(
    notebook: Notebook, yamada: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, ...]] = []
    real_run = notebook.git.run
    monkeypatch.setattr(notebook.git, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    assert caches.tracked_legacy_files(notebook) == []
    assert calls == [], "nothing at the old paths: no git call at all"
    leftover = notebook.root / ".custnote" / "cache" / "catalog.pickle"
    leftover.parent.mkdir()
    leftover.write_bytes(b"old")
    assert caches.tracked_legacy_files(notebook) == []
    assert caches.tracked_legacy_files(notebook) == []
    assert len(calls) == 1, "asked once, then the stamp answers until the index changes"
    notebook.git.run("add", "-f", ".custnote/cache/catalog.pickle")
    calls.clear()
    assert caches.tracked_legacy_files(notebook) == [".custnote/cache/catalog.pickle"]
    assert len(calls) == 1
