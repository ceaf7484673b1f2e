"""A Tab answers from the note store as it is while its stamp holds (core/notebook/tabstamp.py),
and from a store brought up to date the full way as soon as anything the stamp covers changed:
hand edits saved by an editor, new and deleted notes, commits, pulls, ``git add``, settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gitfixtures import git, set_identity
from test_cli_completion import (
    bash_values,
    tab,
    team_fixture,  # noqa: F401 (the fixture "team")
)

from custnote.adapters.githead import head_commit
from custnote.cli import completion
from custnote.core.note.model import Note
from custnote.core.notebook import notestore, stamps, tabstamp, tabstore
from custnote.core.notebook.notebook import Notebook, find_root


@pytest.fixture(autouse=True)
def no_racy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps are recorded even right after a change (the tests change things quickly; the
    racy rule has its own test)."""
    monkeypatch.setattr(stamps, "RACY_NS", 0)  # the settings kept as JSON (Tab reads it) too


def prime(root: Path) -> None:
    """What any command does: bring the store up to date (which records the stamp)."""
    nb = Notebook.open(root)
    nb.store()
    nb.forget_store()
    fresh = tabstore.open_fresh(str(root), head_commit(root))
    assert fresh is not None, "the stamp was recorded and holds"
    fresh.db.close()


def is_fresh(root: Path) -> bool:
    store = tabstore.open_fresh(str(root), head_commit(root))
    if store is not None:
        store.db.close()
    return store is not None


def save_like_an_editor(path: Path, old: str, new: str) -> None:
    """Write a new file and rename it over the note (vim, emacs, sed -i)."""
    text = path.read_text(encoding="utf-8").replace(old, new)
    temp = path.with_name(path.name + ".tmp~")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_a_fresh_store_answers_without_opening_the_notebook(
    team: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    prime(team.root)
    store_file = team.root / ".git" / "custnote" / "cache" / "notes.sqlite"
    before = store_file.stat().st_mtime_ns, store_file.read_bytes()

    def no_full_way(explicit: str | None) -> None:
        raise AssertionError("the notebook was opened")

    monkeypatch.setattr(completion, "_open", no_full_way)
    root = str(team.root)
    assert [v for v, _ in completion.answer(root, "customer", "山")] == ["山本和子", "山田太郎"]
    assert [v for v, _ in completion.answer(root, "archived", "山")] == ["山岡誠"]
    assert [v for v, _ in completion.answer(root, "tag", "")] == ["b2b", "golf", "vip"]
    assert [v for v, _ in completion.answer(root, "owner", "")] == ["me", "sato", "tanaka"]
    assert [v for v, _ in completion.answer(root, "kind", "c")] == ["call", "complaint"]
    assert len(completion.answer(root, "customer", "")) == 5  # every current customer
    assert (store_file.stat().st_mtime_ns, store_file.read_bytes()) == before, "nothing written"


def test_a_note_saved_by_an_editor_is_seen_at_the_next_tab(team: Notebook, yamada: Note) -> None:
    prime(team.root)
    save_like_an_editor(team.root / yamada.path, "山田 太郎", "山田 太朗")
    assert not is_fresh(team.root)
    assert bash_values(team.root, "custnote show 山田") == ["山田太朗"]
    prime(team.root)  # the next command records a new stamp: the store as it is answers
    assert bash_values(team.root, "custnote show 山田") == ["山田太朗"]


def test_new_and_deleted_notes(team: Notebook, yamada: Note) -> None:
    prime(team.root)
    copy = team.root / "customers" / "zz" / "yamada-jirou-zzzzzz.md"
    copy.parent.mkdir()
    text = (team.root / yamada.path).read_text(encoding="utf-8")
    copy.write_text(text.replace(yamada.id, "zzzzzz").replace("太郎", "次郎"), encoding="utf-8")
    assert bash_values(team.root, "custnote show 山田") == ["山田太郎", "山田次郎"]
    prime(team.root)
    copy.unlink()
    (team.root / yamada.path).unlink()
    assert bash_values(team.root, "custnote show 山") == ["山本和子"]


def test_a_commit_or_a_pull_made_with_git(team: Notebook, yamada: Note, tmp_path: Path) -> None:
    set_identity(team.root, "sato")
    prime(team.root)
    note = team.root / yamada.path
    note.write_text(
        note.read_text(encoding="utf-8").replace("[vip, golf]", "[gold, golf]"), encoding="utf-8"
    )
    git(team.root, "commit", "-q", "-am", "by hand")
    assert not is_fresh(team.root)
    assert bash_values(team.root, "custnote list --tag ") == ["b2b", "gold", "golf"]

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(team.root), str(clone))
    set_identity(clone, "suzuki")
    moved = clone / yamada.path
    moved.write_text(moved.read_text(encoding="utf-8").replace("owner: sato", "owner: ito"))
    git(clone, "commit", "-q", "-am", "owner")
    prime(team.root)
    git(team.root, "pull", "-q", "--no-rebase", str(clone), "HEAD")
    assert bash_values(team.root, "custnote agenda -o ") == ["ito", "me", "tanaka"]


def test_an_edit_in_place_is_seen_once_added_or_after_the_next_command(
    team: Notebook, yamada: Note, cli
) -> None:
    note = team.root / yamada.path
    prime(team.root)
    note.write_text(note.read_text(encoding="utf-8").replace("山田 太郎", "山田 一郎"))
    git(team.root, "add", yamada.path)  # .git/index changed
    assert bash_values(team.root, "custnote show 山田") == ["山田一郎"]

    # not added: the next custnote command sees it (git status); from then on the note is
    # known to differ, and its own times are part of the stamp
    note.write_text(note.read_text(encoding="utf-8").replace("山田 一郎", "山田 二郎"))
    assert cli(["show", "yamada", "--json"]).exit_code == 0
    prime(team.root)
    assert bash_values(team.root, "custnote show 山田") == ["山田二郎"]
    note.write_text(note.read_text(encoding="utf-8").replace("山田 二郎", "山田 三郎"))
    assert not is_fresh(team.root)
    assert bash_values(team.root, "custnote show 山田") == ["山田三郎"]


def test_settings_changed(team: Notebook) -> None:
    prime(team.root)
    assert bash_values(team.root, "custnote log yamada -k v") == ["visit"]
    config = team.root / ".custnote" / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("purchase, note]", "purchase, note, vr]")
    config.write_text(text, encoding="utf-8")
    assert tabstore.log_kinds(str(team.root)) is None, "the JSON copy is out of date"
    assert bash_values(team.root, "custnote log yamada -k v") == ["visit", "vr"]


def test_a_stamp_taken_right_after_a_change_is_not_recorded(
    team: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamps, "RACY_NS", 10**12)  # every change is "just now"
    nb = Notebook.open(team.root)
    nb.store()
    nb.forget_store()
    assert not is_fresh(team.root)
    assert bash_values(team.root, "custnote show 山") == ["山本和子", "山田太郎"]


def test_a_damaged_stamp_or_store_offers_the_right_answer_or_nothing(team: Notebook) -> None:
    prime(team.root)
    store_file = team.root / ".git" / "custnote" / "cache" / "notes.sqlite"
    import sqlite3

    db = sqlite3.connect(store_file)
    db.execute("UPDATE meta SET v = '{not json' WHERE k = ?", (tabstamp.META_KEY,))
    db.commit()
    db.close()
    assert not is_fresh(team.root)
    assert bash_values(team.root, "custnote show 山") == ["山本和子", "山田太郎"]


def test_any_failure_at_tab_prints_nothing(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def broken(environ: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(completion, "fast_complete", broken)
    monkeypatch.setenv(completion.COMPLETE_VAR, "complete_bash")
    with pytest.raises(SystemExit) as exited:
        completion.main()
    assert exited.value.code == 0
    assert capsys.readouterr() == ("", "")


def test_the_notebook_is_found_as_commands_find_it(
    notebook: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(notebook.root)
    inside = notebook.root / "customers"
    assert tabstore.locate(root) == str(find_root(root))
    assert tabstore.locate(None, cwd=str(inside)) == str(find_root(None, cwd=inside))
    monkeypatch.setenv("CUSTNOTE_NOTEBOOK", root)
    assert tabstore.locate(None, cwd=str(tmp_path)) == root
    monkeypatch.delenv("CUSTNOTE_NOTEBOOK")
    assert tabstore.locate(None, cwd=str(tmp_path)) is None  # no default notebook yet
    default, _ = Notebook.init(None)  # the default notebook (XDG_DATA_HOME of the tests)
    assert tabstore.locate(None, cwd=str(tmp_path)) == str(find_root(None, cwd=tmp_path))
    assert tabstore.locate(None, cwd=str(tmp_path)) == str(default.root)
    Path(os.environ["CUSTNOTE_CONFIG"]).write_text(f"notebook: {root}\n", encoding="utf-8")
    assert tabstore.locate(None, cwd=str(tmp_path)) is None, "the full way reads the YAML"


def test_the_reader_knows_the_stores_version() -> None:
    assert tabstore.STORE_VERSION == notestore.STORE_VERSION


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shells_protocol_from_a_fresh_store(team: Notebook, shell: str) -> None:
    prime(team.root)
    extra = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"} if shell == "fish" else {}
    customers = tab(team.root, shell, "custnote show 山田", **extra)
    tags = tab(team.root, shell, "custnote list --tag g", **extra)
    assert (customers.stderr, tags.stderr) == ("", "")
    expected = {
        "bash": ("山田太郎", "golf"),
        "zsh": (
            """_arguments '*: :(("山田太郎":"山田 太郎 (山田工務店)"))'""",
            """_arguments '*: :(("golf"))'""",
        ),
        "fish": ("山田太郎\t山田 太郎 (山田工務店)", "golf"),
    }[shell]
    assert (customers.stdout.strip(), tags.stdout.strip()) == expected
    if shell == "fish":
        found = tab(team.root, shell, "custnote show 山田", _TYPER_COMPLETE_FISH_ACTION="is-args")
        assert found.returncode == 0


def test_the_entry_point_is_the_one_the_shell_runs() -> None:
    """pip's ``custnote`` script calls the fast entry point (pyproject's [project.scripts]), as
    installed (editable or not: the distribution's own metadata says)."""
    from importlib.metadata import entry_points

    [script] = entry_points(group="console_scripts", name="custnote")
    assert script.value == "custnote.cli.completion:main"


def test_many_matches_are_cut_at_the_limit_as_if_all_were_read() -> None:
    """A Tab reads at most FETCH notes per kind of key, and offers the same first LIMIT
    customers as reading every match would (700 notes whose file names, ids and emails match)."""
    from custnote.adapters import sqlite_store
    from custnote.core.search import completion as core

    db = sqlite_store.open_store(None, notestore.STORE_VERSION, notestore.SCHEMA)
    for n in range(700):
        cid = f"y{n:05d}"[::-1].replace("0", "a")[:6]
        rel = f"customers/ya/yamada-{n:03d}-{cid}.md"
        text = f"---\nid: {cid}\nname: 山田 {n}\nemails: [y{n}@example.jp]\n---\n"
        row, keys = notestore.note_row(rel, text.encode(), "JP")
        db.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)", row)
        db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?, ?)", keys)
    store = tabstore.TabStore(db)
    everything = {p for (p,) in db.execute("SELECT path FROM notes")}
    for typed in ("y", "yamada-1", "山田", "山田 1"):
        read_all = core.customer_candidates(store.summaries_of(everything, "customers"), typed)
        paths = core.matching_paths(store, typed)
        assert paths is not None and len(paths) <= 3 * core.FETCH
        if typed == "y":  # every note matches (file name, email): not all are read
            assert len(paths) < len(everything)
        assert core.customer_candidates(store.summaries_of(paths, "customers"), typed) == read_all
    assert len(read_all) == core.LIMIT  # "山田 1": 山田 1, 10-19, 100-199 (111)
