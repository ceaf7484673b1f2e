"""git's settings for big work trees (custnote.adapters.gittuning): set in every notebook custnote
creates or reads, and they never hide a change from the note store."""

from __future__ import annotations

import shutil

# every test twice: with custnote's freshness status as it is, and with git's fsmonitor on
from fsmonitorfixtures import with_and_without_fsmonitor  # noqa: F401
from gitfixtures import git, set_identity

from custnote.adapters.gittuning import LARGE_TREE_SETTINGS
from custnote.core.notebook.lookup import resolve_path
from custnote.core.notebook.notebook import Notebook


def settings(root) -> dict[str, str]:
    return {k: git(root, "config", "--get", k, check=False).strip() for k in LARGE_TREE_SETTINGS}


def test_a_new_notebook_has_them(notebook: Notebook) -> None:
    assert settings(notebook.root) == LARGE_TREE_SETTINGS


def test_a_clone_made_with_git_gets_them_when_first_read(notebook: Notebook, yamada, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(notebook.root), str(clone))
    assert settings(clone) != LARGE_TREE_SETTINGS  # .git/config is not cloned
    assert (clone / ".git" / "index").read_bytes()[4:8] == (2).to_bytes(4, "big")
    assert resolve_path(Notebook(clone).store(), "yamada") == yamada.path
    assert settings(clone) == LARGE_TREE_SETTINGS
    assert (clone / ".git" / "index").read_bytes()[4:8] == (4).to_bytes(4, "big")  # converted


def test_new_files_in_new_and_known_folders_are_seen_with_the_untracked_cache(
    notebook: Notebook, yamada
) -> None:
    set_identity(notebook.root, "sato")
    git(notebook.root, "status", "--porcelain")  # git writes its index with the untracked cache
    assert resolve_path(Notebook(notebook.root).store(), "yamada") == yamada.path
    source = notebook.root / yamada.path
    (notebook.root / "customers" / "new").mkdir()
    copied = notebook.root / "customers" / "new" / "other.md"
    text = source.read_text("utf-8").replace("山田 太郎", "川田 次郎").replace(yamada.id, "zz99zz")
    copied.write_text(text, encoding="utf-8")
    assert resolve_path(Notebook(notebook.root).store(), "川田") == "customers/new/other.md"
    shutil.copy(copied, source.parent / "third.md")
    git(notebook.root, "status", "--porcelain")
    (source.parent / "third.md").write_text(text.replace("川田", "森田"), encoding="utf-8")
    assert (
        resolve_path(Notebook(notebook.root).store(), "森田")
        == f"{yamada.path.rsplit('/', 1)[0]}/third.md"
    )
