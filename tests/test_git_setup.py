"""How git merges notes: the one ``.gitattributes`` writer, the driver's registration, and the
merge driver's one implementation behind both of its entries (``python -m`` and the hidden
``custnote merge-driver`` command)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import CUSTNOTE_SRC
from hypothesis import given
from hypothesis import strategies as st

from custnote.core.notebook.gitattributes import (
    DRIVER_NAME,
    ensure_gitattributes,
    gitattributes_lines,
    missing_gitattributes,
    with_lines,
)
from custnote.core.privacy import audit
from custnote.core.sync.note_merge import merge_versions

NOTE_LINES = gitattributes_lines(("customers", "archive"))
NOT_A_LINE_BREAK = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
LINE = st.text(NOT_A_LINE_BREAK, min_size=1, max_size=20)


@given(st.lists(LINE, max_size=4), st.lists(LINE, min_size=1, max_size=4), st.booleans())
def test_with_lines_adds_each_missing_line_once_and_keeps_the_file(existing, wanted, newline):
    text = "\n".join(existing) + ("\n" if newline and existing else "")
    new = with_lines(text, wanted)
    if set(wanted) <= set(existing):
        assert new is None
        return
    assert new is not None and new.startswith(text) and new.endswith("\n")
    assert with_lines(new, wanted) is None
    added = new.splitlines()[len(existing) :]
    assert added == list(dict.fromkeys(w for w in wanted if w not in existing))


def test_a_new_notebook_registers_the_driver_and_commits_its_attributes(notebook):
    attributes = (notebook.root / ".gitattributes").read_text("utf-8")
    assert (
        attributes.splitlines()
        == NOTE_LINES
        == [
            "customers/**/*.md merge=custnote",
            "archive/**/*.md merge=custnote",
        ]
    )
    driver = notebook.git.config_get(f"merge.{DRIVER_NAME}.driver")
    assert driver.endswith(" -m custnote.adapters.merge_driver %O %A %B %P")
    assert not missing_gitattributes(notebook.root, NOTE_LINES)


def test_audit_and_sync_lines_share_the_file_each_once(notebook, yamada):
    (notebook.root / ".gitattributes").write_text("*.png binary", encoding="utf-8")
    audit.record(notebook, "export", 1, "csv, to stdout")
    assert missing_gitattributes(notebook.root, NOTE_LINES)
    assert ensure_gitattributes(notebook.root, NOTE_LINES) is True
    assert ensure_gitattributes(notebook.root, NOTE_LINES) is False
    lines = (notebook.root / ".gitattributes").read_text("utf-8").splitlines()
    assert lines == ["*.png binary", audit.ATTRIBUTE, *NOTE_LINES]


BASE = "plain text, not a note\nline two\nline three\nline four\n"
OURS = BASE.replace("line two", "line 2")
THEIRS = BASE.replace("line four", "line 4")
MERGED = "plain text, not a note\nline 2\nline three\nline 4\n"


def test_a_file_that_is_no_note_falls_back_to_a_line_merge():
    assert merge_versions(BASE, OURS, THEIRS) == (MERGED, True)
    text, clean = merge_versions(BASE, OURS, BASE.replace("line two", "line II"))
    assert not clean and "line 2" in text and "line II" in text


def driver_files(tmp_path: Path, name: str) -> list[Path]:
    files = []
    for part, text in (("o", BASE), ("a", OURS), ("b", THEIRS)):
        files.append(tmp_path / f"{name}.{part}")
        files[-1].write_text(text, encoding="utf-8")
    return files


def test_git_entry_and_hidden_command_write_the_same_merge(tmp_path, cli):
    by_git = driver_files(tmp_path, "git")
    env = {"PYTHONPATH": CUSTNOTE_SRC, "PATH": "/usr/bin:/bin"}
    args = [sys.executable, "-m", "custnote.adapters.merge_driver", *map(str, by_git), "n.md"]
    assert subprocess.run(args, env=env, check=False).returncode == 0
    by_command = driver_files(tmp_path, "cmd")
    assert cli(["merge-driver", *map(str, by_command), "n.md"]).exit_code == 0
    assert by_git[1].read_text("utf-8") == by_command[1].read_text("utf-8") == MERGED
