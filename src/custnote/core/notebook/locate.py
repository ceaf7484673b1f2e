"""Where a notebook is: its folders, how one is recognised and found, and where custnote keeps
its private state for it (never in the work tree)."""

from __future__ import annotations

import os
from pathlib import Path

from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE, UserConfig
from custnote.errors import NotebookNotFoundError
from custnote.i18n import _

CUSTOMERS = "customers"


ARCHIVE = "archive"


GITIGNORE = """\
# where custnote kept caches and local state before they moved into .git/custnote (never shared)
.custnote/cache/
.custnote/recovery/
.custnote/lock
"""


def is_notebook(path: Path) -> bool:
    return (path / CONFIG_DIR / CONFIG_FILE).is_file()


def default_notebook_path() -> Path:
    """Where ``custnote init`` puts a notebook when no path is given."""
    configured = UserConfig.load().notebook
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("custnote")) / "notebook"


def find_root(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The notebook a command uses: ``explicit`` (``--notebook``), else ``$CUSTNOTE_NOTEBOOK``,
    else the notebook containing ``cwd``, else the default notebook."""
    chosen = explicit or os.environ.get("CUSTNOTE_NOTEBOOK")
    if chosen:
        path = Path(chosen).expanduser().resolve()
        if not is_notebook(path):
            raise NotebookNotFoundError(
                _(
                    "{path} is not a custnote notebook; create one with 'custnote init {path}'"
                ).format(path=path)
            )
        return path
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_notebook(folder):
            return folder
    default = default_notebook_path()
    if is_notebook(default):
        return default
    raise NotebookNotFoundError(
        _(
            "not inside a custnote notebook, and there is no default notebook at "
            "{default}; create it with 'custnote init', or try 'custnote demo'"
        ).format(default=default)
    )


def private_state_dir(root: Path) -> Path:
    """Where custnote keeps what is never shared: caches, the lock, journals.

    It is inside the repository's git directory (``.git/custnote/``), which no clone, pull or
    checkout can write: a file a colleague commits can never become a cache custnote trusts
    (docs/security.md). A notebook without git yet uses the user's cache folder, keyed by path."""
    dot_git = root / ".git"
    if dot_git.is_dir() and not dot_git.is_symlink():
        return dot_git / "custnote"
    if dot_git.is_file():  # a linked worktree or submodule: "gitdir: PATH"
        text = dot_git.read_text("utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return (root / target if not target.is_absolute() else target) / "custnote"
    import hashlib

    from platformdirs import user_cache_dir

    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(user_cache_dir("custnote")) / "notebooks" / key
