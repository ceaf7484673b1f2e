"""git settings for notebooks with many notes, set in each clone's own ``.git/config``.

Every command that answers from a cache first asks ``git status`` which notes differ from the
last commit, so its cost is paid by every ``show`` and ``list``. bench/bench_git_options.py
measures what git's options for big work trees save on that call (docs/scale.md has the
figures); the ones worth it are set here. They change how git keeps its own index, never what
it reports, so every freshness guarantee holds. ``.git/config`` is not shared by clones, so
custnote sets them in every notebook it creates or opens a store for.
"""

from __future__ import annotations

from custnote.adapters.gitrepo import GitRepo
from custnote.errors import GitError

#: setting: value (see docs/scale.md for what each saves)
LARGE_TREE_SETTINGS = {
    # remembers which folders hold no untracked file, so status does not list every folder
    "core.untrackedCache": "true",
    # prefix-compressed paths: a smaller index to read (and write) at every command
    "index.version": "4",
    # the untracked cache is kept for one way of listing untracked files: the one custnote asks
    # for (every file, ``-uall``), so that a plain ``git status`` fills it for custnote too
    "status.showUntrackedFiles": "all",
}


def tune_fsmonitor(git: GitRepo, mode: str) -> bool | None:
    """custnote's fsmonitor on or off in this clone as ``mode`` (auto, on, off) says; whether it
    is on (:mod:`custnote.adapters.fsmonitor.setup`; cheap enough for every command)."""
    from custnote.adapters.fsmonitor import setup

    try:
        return setup.ensure(git, mode)
    except (OSError, GitError):
        return None  # a clone whose config cannot be written keeps working without it


def fsmonitor_needs_refresh(git: GitRepo, mode: str) -> bool:
    """Set the fsmonitor as ``mode`` says (:func:`tune_fsmonitor`); whether it is on and said
    "trust nothing" since git last wrote its index (then :func:`refresh_index` is due)."""
    from custnote.adapters.fsmonitor import setup

    return bool(tune_fsmonitor(git, mode)) and setup.needs_refresh(git.root)


def refresh_index(git: GitRepo) -> None:
    """git checks every file once and writes its index, keeping what its fsmonitor knows."""
    from custnote.adapters.fsmonitor import setup

    setup.refresh_index(git)


def missing_settings(git: GitRepo) -> dict[str, str]:
    """The settings this clone does not have yet."""
    return {k: v for k, v in LARGE_TREE_SETTINGS.items() if git.config_get(k) != v}


def tune(git: GitRepo) -> list[str]:
    """Set the missing settings; the names of those set. A clone whose config cannot be
    written keeps working without them."""
    done = []
    for key, value in missing_settings(git).items():
        if git.run("config", key, value, check=False).returncode == 0:
            done.append(key)
    if "index.version" in done:  # the setting applies to new indexes: convert this one now
        git.run(
            "update-index", "--index-version", LARGE_TREE_SETTINGS["index.version"], check=False
        )
    return done
