"""The team's branch: which branch a shared notebook lives on, cloning that branch whatever the
server's HEAD names, and joining notebooks a split team started separately (docs/sync.md).

A notebook records its branch at ``init`` (``branch:`` in ``.custnote/config.yaml``). A plain
``git init --bare`` on a server names ``master`` in its HEAD while notebooks use ``main``; a
clone that trusted the server's HEAD would find nothing and start a second, unrelated notebook.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from custnote.adapters.gitrepo import GitRepo
from custnote.core.notebook.config import (
    BRANCH_KEY,
    CONFIG_DIR,
    CONFIG_FILE,
    NotebookConfig,
    branch_lines,
)
from custnote.core.notebook.gitattributes import register_merge_driver
from custnote.core.notebook.notebook import Notebook
from custnote.errors import ConflictError, GitError, NotebookNotFoundError

REMOTE = "origin"
DEFAULT_BRANCH = "main"
SETTINGS = f"{CONFIG_DIR}/{CONFIG_FILE}"


def recorded_branch(settings_text: str | None) -> str | None:
    """The ``branch:`` a notebook's settings file records (None when it records none)."""
    if not settings_text:
        return None
    from custnote.core.note import yamlio

    try:
        data = yamlio.load(settings_text)
    except yamlio.YAMLError:
        return None
    value = data.get(BRANCH_KEY) if isinstance(data, dict) else None
    return str(value) if value else None


def team_branch(nb: Notebook) -> str:
    """The branch this notebook shares: the one it records, else the current one, else main."""
    value = nb.config.raw.get(BRANCH_KEY)
    return str(value) if value else (nb.git.branch() or DEFAULT_BRANCH)


def remote_notebooks(git: GitRepo, remote: str = REMOTE) -> dict[str, str]:
    """``{branch: settings text}`` of the remote's branches (as last fetched) holding a
    notebook."""
    found = {}
    for branch in git.remote_branches(remote):
        text = git.file_at(f"refs/remotes/{remote}/{branch}", SETTINGS)
        if text is not None:
            found[branch] = text
    return found


def choose_branch(git: GitRepo, remote: str = REMOTE) -> str | None:
    """The remote's notebook branch: the branch the notebook records, else the remote's HEAD,
    else the only branch, else main. None for an empty remote; an error when the remote holds
    something that is not a custnote notebook."""
    branches = git.remote_branches(remote)
    if not branches:
        return None
    notebooks = remote_notebooks(git, remote)
    if not notebooks:
        url = git.remote_url(remote) or remote
        raise NotebookNotFoundError(
            f"{url} is not a custnote notebook (no {SETTINGS} on branch "
            f"{', '.join(sorted(branches))}); check the URL"
        )
    head = _remote_head(git, remote)
    order = sorted(notebooks, key=lambda b: (b != head, b != DEFAULT_BRANCH, b))
    for branch in order:
        if (recorded := recorded_branch(notebooks[branch])) in notebooks:
            return recorded
    return order[0]


def _remote_head(git: GitRepo, remote: str) -> str | None:
    proc = git.run("symbolic-ref", "-q", f"refs/remotes/{remote}/HEAD", check=False)
    ref = proc.stdout.strip()
    return ref.rsplit(f"refs/remotes/{remote}/", 1)[-1] if ref else None


def clone(url: str, path: Path) -> Notebook:
    """Clone a shared notebook and check out its branch (an empty remote becomes a new
    notebook on ``main``, sent by the first sync). Never a new root commit on a remote that
    holds a notebook; a folder this made is removed again when the clone fails."""
    root = path.expanduser().resolve()
    existed = root.exists()
    git = GitRepo.clone(url, root)
    try:
        register_merge_driver(git)
        branch = choose_branch(git, REMOTE)
        if branch is None:
            git.run("symbolic-ref", "HEAD", f"refs/heads/{DEFAULT_BRANCH}")
            return Notebook.init(root)[0]
        checkout_branch(git, branch, f"refs/remotes/{REMOTE}/{branch}")
        git.run("remote", "set-head", REMOTE, branch, check=False)
        return Notebook(root)
    except BaseException:
        for child in root.iterdir() if root.exists() else ():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if not existed:
            root.rmdir()
        raise


def checkout_branch(git: GitRepo, branch: str, start: str) -> None:
    """Make ``branch`` (tracking the remote's) point at ``start``, check it out, drop the other
    local branches a fresh clone made."""
    others = [b for b in _local_branches(git) if b != branch]
    git.run("update-ref", f"refs/heads/{branch}", start)
    git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
    git.run("reset", "-q", "--hard")
    git.config_set(f"branch.{branch}.remote", REMOTE)
    git.config_set(f"branch.{branch}.merge", f"refs/heads/{branch}")
    for other in others:
        git.run("branch", "-q", "-D", other, check=False)


def _local_branches(git: GitRepo) -> list[str]:
    out = git.run("for-each-ref", "--format=%(refname:short)", "refs/heads/").stdout
    return out.split()


# ---------------------------------------------------------------------- a split team


@dataclass(frozen=True)
class Split:
    """History the team's branch lacks: ``ref`` (a remote branch or this notebook's own
    history) holds notes that are not on ``branch``."""

    ref: str
    branch: str
    message: str


def find_splits(nb: Notebook, remote: str = REMOTE) -> list[Split]:
    """Separate notebooks of one team, as last fetched: this notebook's history unrelated to
    the team's branch, or another branch of the remote holding a notebook not on it."""
    git = nb.git
    if not git.remote_url(remote):
        return []
    notebooks = remote_notebooks(git, remote)
    if not notebooks:
        return []
    branch = team_branch(nb)
    if branch not in notebooks:
        branch = choose_branch(git, remote) or branch
    upstream = f"refs/remotes/{remote}/{branch}"
    splits = []
    if git.rev("HEAD") and not git.related("HEAD", upstream):
        splits.append(
            Split(
                "HEAD",
                branch,
                f"this notebook and the team's ({remote}/{branch}) were started separately "
                "and share no history: join them with 'custnote join' (docs/sync.md)",
            )
        )
    for other in sorted(notebooks):
        ref = f"refs/remotes/{remote}/{other}"
        if other == branch or git.is_ancestor(ref, upstream):
            continue
        splits.append(
            Split(
                f"{remote}/{other}",
                branch,
                f"branch {other!r} of {remote} holds notes that are not on the team's branch "
                f"{branch!r} (a split team): join them with 'custnote join {remote}/{other}'",
            )
        )
    return splits


def join(nb: Notebook, refs: list[str], remote: str = REMOTE) -> tuple[str, list[str]]:
    """Merge the histories ``refs`` (default: every split :func:`find_splits` sees) into the
    team's branch, note files through the merge driver (nothing is lost; two notes of one
    customer stay two notes); the caller holds the lock and syncs afterwards. Returns the
    team's branch and the refs joined."""
    git = nb.git
    git.fetch(remote)
    splits = find_splits(nb, remote)
    branch = splits[0].branch if splits else team_branch(nb)
    wanted = refs or [s.ref for s in splits]
    if git.branch() != branch and "HEAD" not in wanted:
        wanted.append("HEAD")  # on another branch: come back to the team's
    if not wanted:
        return branch, []
    upstream = f"refs/remotes/{remote}/{branch}"
    if not git.rev(upstream):
        raise GitError(f"{remote} has no branch {branch!r} to join into; run 'custnote sync'")
    if any(not status.startswith("??") for status, _ in git.dirty_paths(".")):
        raise GitError(
            f"{nb.root} has uncommitted changes outside the notes; commit them "
            f"('git -C {nb.root} commit -a') or undo them first, then join"
        )
    identity = nb.identity()
    old_branch, own = git.branch(), git.rev("HEAD")
    if git.is_ancestor(upstream, "HEAD") and old_branch == branch:
        joined = [r for r in wanted if r != "HEAD"]
    else:  # take the team's branch, then bring this notebook's own history into it
        checkout_branch(git, branch, upstream)
        joined = [own or "HEAD", *(r for r in wanted if r != "HEAD")]
        joined = [r for r in joined if r and git.rev(r)]
    done = [] if old_branch == branch else [old_branch or "HEAD"]
    for ref in joined:
        if git.is_ancestor(ref, "HEAD"):
            continue
        name = ref if ref != own else f"{old_branch or 'HEAD'} ({ref[:8]})"
        done = [d for d in done if d != old_branch]
        message = f"join: the notes of {name} into {branch}\n\nCustnote-Op: join\n"
        stuck = git.merge(ref, message, identity, unrelated=not git.related(ref, "HEAD"))
        if stuck:
            if own:  # back where this began: nothing changed
                checkout_branch(git, old_branch or branch, own)
            raise ConflictError(
                f"cannot join {ref}: {stuck} clashes on both sides; nothing was changed. "
                f"Merge it by hand with 'git -C {nb.root} merge --allow-unrelated-histories "
                f"{ref}', then run 'custnote sync'"
            )
        done.append(name)
    return branch, done


def record_branch(nb: Notebook, branch: str) -> bool:
    """Make the notebook's settings record ``branch`` (one commit); True when they changed."""
    import re

    text = nb.read_text(SETTINGS) if (nb.root / SETTINGS).exists() else ""
    if recorded_branch(text) == branch:
        return False
    line = f"{BRANCH_KEY}: {branch}"
    pattern = re.compile(rf"^{BRANCH_KEY}:.*$", re.MULTILINE)
    if pattern.search(text):
        new = pattern.sub(line, text, count=1)
    else:
        new = (text if not text or text.endswith("\n") else text + "\n") + branch_lines(branch)
    with nb.transaction(f"settings: the team's branch is {branch}", "settings") as tx:
        tx.write(SETTINGS, new)
    nb.config = NotebookConfig.load(nb.root / SETTINGS, nb.cache_dir / "config.json")
    return True
