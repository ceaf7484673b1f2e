"""Team sharing: clone, remote, sync, conflicts, backup and restore (docs/sync.md).

``sync`` rebases local commits onto the remote's branch rather than merging: history stays one
straight line of one commit per change, each with its author, so ``history`` reads naturally and
``undo`` reverts the user's own last change, never a merge commit. Note files rebase safely
because git runs custnote's merge driver on them (registered by :func:`register_merge_driver`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from custnote.adapters import fsio
from custnote.adapters.gitrepo import OP_TRAILER, GitRepo
from custnote.adapters.merge_driver import gitattributes_lines, register_merge_driver
from custnote.core.merge import CONFLICT_PREFIX, CONFLICTS_KEY, has_git_markers
from custnote.core.notebook import ARCHIVE, CUSTOMERS, Notebook, is_notebook
from custnote.core.noteformat import parse_note
from custnote.core.notemerge import note_conflicts
from custnote.core.split_notes import one_file_per_id
from custnote.core.validation import validate_fields
from custnote.errors import ConflictError, CustnoteError, GitError, NotebookNotFoundError

REMOTE = "origin"
NOTE_DIRS = (CUSTOMERS, ARCHIVE)
GITATTRIBUTES_LINES = gitattributes_lines(NOTE_DIRS)
#: How often sync fetches and rebases again when someone pushed in between.
PUSH_ATTEMPTS = 5
_CONFLICT_PATTERNS = (f"^{CONFLICTS_KEY}:", f"^{CONFLICT_PREFIX}", "^<<<<<<< ")


@dataclass
class Change:
    """A customer that came in with a sync, and who changed it."""

    path: str
    name: str
    authors: list[str]


@dataclass
class SyncReport:
    remote: str
    url: str
    committed: list[str] = field(default_factory=list)  # hand-edited notes committed first
    incoming: list[Change] = field(default_factory=list)
    pushed: int = 0  # local commits sent
    attempts: int = 1
    conflicted: list[str] = field(default_factory=list)  # notes now holding a conflict


# ---------------------------------------------------------------------- setup


def ensure_gitattributes(root: Path) -> bool:
    """Add custnote's lines to ``.gitattributes``; True when the file changed."""
    path = root / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in GITATTRIBUTES_LINES if line not in text.splitlines()]
    if not missing:
        return False
    prefix = text if not text or text.endswith("\n") else text + "\n"
    fsio.atomic_write(path, prefix + "".join(line + "\n" for line in missing))
    return True


def prepare(notebook: Notebook) -> None:
    """Make a notebook ready for sharing: driver registered, ``.gitattributes`` committed."""
    register_merge_driver(notebook.git)
    if ensure_gitattributes(notebook.root):
        with notebook.transaction("sync: merge notes with custnote's driver", "setup") as tx:
            tx.paths.append(".gitattributes")


def clone(url: str, path: Path) -> Notebook:
    """Clone a shared notebook (an empty remote becomes a new notebook, sent by the next sync)."""
    root = path.expanduser().resolve()
    git = GitRepo.clone(url, root)
    register_merge_driver(git)
    notebook = Notebook(root) if is_notebook(root) else Notebook.init(root)[0]
    prepare(notebook)
    return notebook


def add_remote(notebook: Notebook, url: str, remote: str = REMOTE) -> None:
    notebook.git.set_remote(remote, url)
    prepare(notebook)


# ---------------------------------------------------------------------- sync


def commit_hand_edits(notebook: Notebook) -> list[str]:
    """Validate and commit notes changed by hand; an invalid note stops everything (nothing is
    changed) with an error naming the file and the problem."""
    changed = [(s, p) for s, p in notebook.git.dirty_paths(*NOTE_DIRS) if _is_note(p)]
    paths = [p for _, p in changed]  # not editors' swap files and the like
    for status, rel in changed:
        if "D" in status:
            continue
        text = notebook.read_text(rel)
        if has_git_markers(text):
            raise ConflictError(f"{rel}: holds git conflict markers (<<<<<<<); resolve them first")
        validate_fields(parse_note(text, rel).fields, notebook.config, rel)
    extra = [".gitattributes"] if ensure_gitattributes(notebook.root) else []
    if paths or extra:
        subject = f"edit: {len(paths)} note(s) edited by hand" if paths else "sync: setup"
        commit = f"{subject}\n\n{OP_TRAILER}: {'edit' if paths else 'setup'}\n"
        notebook.git.commit(paths + extra, commit, notebook.identity())
    return paths


def sync(notebook: Notebook, remote: str = REMOTE) -> SyncReport:
    """Commit hand edits, fetch, rebase onto the remote, push (again after a race)."""
    git = notebook.git
    url = git.remote_url(remote)
    if not url:
        raise GitError(
            f"{notebook.root} has no remote {remote!r}; add one with 'custnote remote add URL'"
        )
    register_merge_driver(git)
    report = SyncReport(remote, url)
    with fsio.exclusive_lock(notebook.lock_path):
        report.committed = commit_hand_edits(notebook)
        branch = git.branch() or "main"
        upstream = f"{remote}/{branch}"
        before, fetched = git.rev("HEAD"), None
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            report.attempts = attempt
            _fetch(git, remote, upstream)
            fetched = git.rev(upstream)  # what the team has (before our push moves it)
            if fetched:
                _rebase(git, upstream)
            one_file_per_id(notebook)  # archived here, edited there: one note (or refuse)
            outgoing = f"{upstream}..HEAD" if git.rev(upstream) else "HEAD"
            _refuse_markers(notebook, git.changed_files(outgoing))
            report.pushed = git.count(outgoing)
            if report.pushed == 0 or git.push(remote, branch):
                break
        else:
            raise GitError(
                f"could not push to {remote!r}: others kept pushing; your commits are kept, "
                "run 'custnote sync' again"
            )
    after = git.rev("HEAD")
    if before and after and fetched and before != after:
        report.incoming = _incoming(notebook, f"{before}..{fetched}")
        changed = git.changed_files(f"{before}..{after}")
        for hook in notebook.write_hooks:
            hook(notebook, changed)
        report.conflicted = [p for p in conflicted_notes(notebook) if p in changed]
    return report


def _fetch(git: GitRepo, remote: str, upstream: str) -> None:
    try:
        git.fetch(remote)
    except GitError as exc:
        ahead = git.count(f"{upstream}..HEAD" if git.rev(upstream) else "HEAD")
        kept = f"; your {ahead} local commit(s) are kept" if ahead else ""
        raise GitError(f"{exc}{kept}; sync again when the remote can be reached") from None


def _rebase(git: GitRepo, upstream: str) -> None:
    stuck = git.rebase(upstream, keep_unmerged=_is_note)
    if stuck:
        raise ConflictError(
            f"cannot merge {', '.join(stuck)} automatically; your commits are unchanged. "
            "Resolve it with git (git pull --rebase), then run 'custnote sync' again"
        )


def _is_note(path: str) -> bool:
    return path.endswith(".md") and path.split("/", 1)[0] in NOTE_DIRS


def _refuse_markers(notebook: Notebook, paths: Iterable[str]) -> None:
    """Never push a note that holds git's raw conflict markers."""
    for rel in paths:
        full = notebook.root / rel
        if _is_note(rel) and full.exists() and has_git_markers(notebook.read_text(rel)):
            raise ConflictError(
                f"{rel}: holds git conflict markers (<<<<<<<); not pushed. Resolve it, then sync"
            )


def _incoming(notebook: Notebook, revisions: str) -> list[Change]:
    """Notes the commits in ``revisions`` (what came from the remote) changed, with authors."""
    by_path: dict[str, list[str]] = {}
    for author, rel in notebook.git.incoming(revisions):
        if _is_note(rel):
            authors = by_path.setdefault(rel, [])
            if author not in authors:
                authors.append(author)
    return [Change(rel, _name_of(notebook, rel), authors) for rel, authors in by_path.items()]


def _name_of(notebook: Notebook, rel: str) -> str:
    try:
        return notebook.load(rel).name
    except (CustnoteError, FileNotFoundError):
        return Path(rel).stem


# ---------------------------------------------------------------------- conflicts


def conflict_descriptions(text: str, rel: str = "<note>") -> list[str]:
    """What is unresolved in a note file's text (see :func:`note_conflicts`)."""
    try:
        return note_conflicts(parse_note(text, rel))
    except CustnoteError:
        return ["git markers"] if has_git_markers(text) else []


def conflicted_notes(notebook: Notebook) -> dict[str, list[str]]:
    """``{path: descriptions}`` of the notes (customers and archive) holding a conflict."""
    found = {}
    for rel in notebook.git.grep_files(_CONFLICT_PATTERNS, *NOTE_DIRS):
        if _is_note(rel) and (what := conflict_descriptions(notebook.read_text(rel), rel)):
            found[rel] = what
    return found


# ---------------------------------------------------------------------- backup


def backup(notebook: Notebook, target: Path) -> int:
    """Write the notebook with all its history to one file; returns the number of uncommitted
    changes left out of it."""
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook.git.bundle(target)
    return len(notebook.git.dirty_paths("."))


def restore(bundle: Path, path: Path) -> Notebook:
    """A new notebook at ``path`` from a backup written by :func:`backup`."""
    bundle = bundle.expanduser().resolve()
    if not bundle.is_file():
        raise NotebookNotFoundError(f"{bundle}: no such backup file")
    root = path.expanduser().resolve()
    proc = GitRepo(bundle.parent).run("bundle", "list-heads", str(bundle), check=False)
    if proc.returncode != 0:
        raise GitError(f"{bundle}: not a custnote backup (not a git bundle, or damaged)")
    if root.exists() and any(root.iterdir()):
        raise GitError(f"cannot restore into {root}: the folder is not empty")
    with fsio.built_aside(root) as aside:  # whole or not at all, even if killed
        git = GitRepo.clone(str(bundle), aside)
        git.remove_remote(REMOTE)  # the bundle file is not a remote to sync with
        register_merge_driver(git)
        if not is_notebook(aside):
            raise NotebookNotFoundError(f"{bundle}: not a custnote backup (no notebook inside)")
    return Notebook(root)
