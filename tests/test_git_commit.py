"""A write's commit made from git's plumbing when that is the same commit (adapters/gitcommit.py),
and by ``git commit -- PATHS`` when it might not be."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from gitfixtures import git, set_identity
from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.adapters import gitcommit
from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook
from custnote.errors import GitError


def test_a_log_commits_only_its_note_with_its_message_and_a_reflog_line(
    notebook: Notebook, yamada
) -> None:
    before = git(notebook.root, "rev-parse", "HEAD").strip()
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "call", "電話した"))
    changed = git(notebook.root, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == [yamada.path]
    assert git(notebook.root, "rev-parse", "HEAD^").strip() == before
    subject, _, body = git(notebook.root, "log", "-1", "--format=%s%n%b").partition("\n")
    assert subject == "log: 山田 太郎 (call)"
    assert "Custnote-Op:" in body
    assert git(notebook.root, "status", "--porcelain").strip() == ""
    assert "commit: log: 山田 太郎 (call)" in git(notebook.root, "reflog", "-1")
    last = (notebook.root / ".git" / "COMMIT_EDITMSG").read_text("utf-8")
    assert last.startswith("log: 山田 太郎 (call)\n"), "the last message, as git commit leaves"


def test_what_the_user_staged_elsewhere_stays_staged_and_uncommitted(
    notebook: Notebook, yamada
) -> None:
    (notebook.root / "mine.txt").write_text("staged by hand\n")
    git(notebook.root, "add", "mine.txt")
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "call", "電話した"))
    assert git(notebook.root, "show", "--name-only", "--format=", "HEAD").split() == [yamada.path]
    assert git(notebook.root, "diff", "--cached", "--name-only").split() == ["mine.txt"]


def test_a_post_commit_hook_still_runs(notebook: Notebook, yamada) -> None:
    hook = notebook.root / ".git" / "hooks" / "post-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text('#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/hook-ran"\n')
    hook.chmod(0o755)
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "call", "電話した"))
    assert (notebook.root / ".git" / "hook-ran").read_text() == "ran\n"


def test_a_commit_made_meanwhile_is_never_overwritten(notebook: Notebook, yamada) -> None:
    stale = git(notebook.root, "rev-parse", "HEAD").strip()
    set_identity(notebook.root, "someone")
    (notebook.root / "theirs.txt").write_text("theirs\n")
    git(notebook.root, "add", "theirs.txt")
    git(notebook.root, "commit", "-qm", "theirs")
    theirs = git(notebook.root, "rev-parse", "HEAD").strip()
    made = gitcommit._commit_tree(notebook.git, stale, "mine\n", notebook.identity())
    assert made is None
    assert git(notebook.root, "rev-parse", "HEAD").strip() == theirs


def test_a_deleted_note_is_committed_as_deleted(notebook: Notebook, yamada) -> None:
    (notebook.root / yamada.path).unlink()
    sha = notebook.git.commit([yamada.path], "rm: yamada\n", notebook.identity())
    assert sha == git(notebook.root, "rev-parse", "HEAD").strip()
    assert git(notebook.root, "show", "--name-status", "--format=", "HEAD").split() == [
        "D",
        yamada.path,
    ]
    assert notebook.git.commit([yamada.path], "again\n", notebook.identity()) is None


lines = st.text(alphabet=" \t\rab#\u3000日", max_size=6)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(lines, max_size=6))
def test_the_message_is_cleaned_as_git_cleans_it(parts: list[str]) -> None:
    message = "\n".join(parts)
    proc = subprocess.run(
        ["git", "stripspace"], input=message.encode(), capture_output=True, check=True
    )
    assert gitcommit.cleanup(message) == proc.stdout.decode()


def test_during_a_merge_git_commit_decides(notebook: Notebook, yamada) -> None:
    """A merge under way (MERGE_HEAD): the commit is git commit's, which refuses a partial
    commit then, rather than a plain commit that would drop the merge's other parent."""
    head = git(notebook.root, "rev-parse", "HEAD").strip()
    (notebook.root / ".git" / "MERGE_HEAD").write_text(head + "\n")
    (notebook.root / yamada.path).write_text("changed\n", encoding="utf-8")
    with pytest.raises(GitError):
        notebook.git.commit([yamada.path], "during a merge\n", notebook.identity())
    assert git(notebook.root, "rev-parse", "HEAD").strip() == head


def test_a_copied_notebook_gets_its_index_refreshed_by_its_first_write(
    notebook: Notebook, yamada, tmp_path, monkeypatch
) -> None:
    notebook.add_entry(yamada, LogEntry(date(2026, 11, 1), "call", "一回目"))
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(notebook.root), str(copy)], check=True)
    stale = git(copy, "diff-files", "--name-only").split()
    assert yamada.path in stale, "a copy's files all have new inodes and ctimes"
    plumbing: list[str] = []
    real = gitcommit._commit_tree
    monkeypatch.setattr(
        gitcommit, "_commit_tree", lambda *a, **k: plumbing.append("x") or real(*a, **k)
    )

    copied = Notebook(copy)
    note = copied.resolve("yamada")
    copied.add_entry(note, LogEntry(date(2026, 11, 2), "call", "二回目"))
    assert plumbing == [], "a new folder: git commit, which refreshes the index"
    assert git(copy, "diff-files", "--name-only").strip() == ""

    copied.add_entry(copied.resolve("yamada"), LogEntry(date(2026, 11, 3), "call", "三回目"))
    assert plumbing == ["x"], "refreshed within the hour: the plumbing again"
    assert git(copy, "status", "--porcelain").strip() == ""
