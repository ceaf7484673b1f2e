"""Team sharing: clone, remote, sync, conflicts (docs/sync.md); backup and restore are in
:mod:`custnote.core.sync.backup`, the team's branch and ``join`` in :mod:`custnote.core.sync.team`.

``sync`` rebases local commits onto the remote's branch rather than merging: history stays one
straight line of one commit per change, each with its author, so ``history`` reads naturally and
``undo`` reverts the user's own last change, never a merge commit. Note files rebase safely
because git runs custnote's merge driver on them (registered by :func:`register_merge_driver`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from custnote.adapters.gitnet import redact
from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.limits import check_note_size
from custnote.core.note.noteformat import parse_note
from custnote.core.note.validation import validate_fields
from custnote.core.notebook.commits import Identity, commit_message
from custnote.core.notebook.gitattributes import (
    NOTE_DIRS,
    ensure_gitattributes,
    missing_gitattributes,
    register_merge_driver,
)
from custnote.core.notebook.notebook import Notebook
from custnote.core.sync import sync_journal, team
from custnote.core.sync.incoming import settings_changes
from custnote.core.sync.merge_rules import CONFLICT_PREFIX, CONFLICTS_KEY, has_git_markers
from custnote.core.sync.note_merge import note_conflicts
from custnote.core.sync.setup import ensure_git_identity
from custnote.core.sync.split_notes import one_file_per_id
from custnote.errors import ConflictError, CustnoteError, GitError, UnsafePathError

REMOTE = team.REMOTE
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
    settings_changed: list[str] = field(default_factory=list)  # from the team, not notes
    notices: list[str] = field(default_factory=list)  # what sync did on its own, one line each


# ---------------------------------------------------------------------- sync


def commit_hand_edits(notebook: Notebook) -> list[str]:
    """Validate and commit notes changed by hand, through the one commit path of every write
    (:meth:`Notebook.transaction`: lock, validation, write hooks); an invalid note stops
    everything (nothing is changed) with an error naming the file and the problem."""
    pending = [p for _, p in notebook.git.dirty_paths(*NOTE_DIRS) if _is_note(p)]
    if not pending and not missing_gitattributes(notebook.root):
        return []
    subject = f"edit: {len(pending)} note(s) edited by hand" if pending else "sync: setup"
    with notebook.transaction(subject, "edit" if pending else "setup") as tx:
        changed = [(s, p) for s, p in notebook.git.dirty_paths(*NOTE_DIRS) if p in pending]
        for status, rel in changed:  # read under the lock: what is committed is what was checked
            if "D" in status:
                continue
            text = notebook.read_text(rel)
            if has_git_markers(text):
                raise ConflictError(
                    f"{rel}: holds git conflict markers (<<<<<<<); resolve them first"
                )
            check_note_size(rel, text)
            validate_fields(parse_note(text, rel).fields, notebook.config, rel)
        tx.paths += [p for _, p in changed]
        if ensure_gitattributes(notebook.root):
            tx.paths.append(".gitattributes")
    return [p for _, p in changed]


def sync(notebook: Notebook, remote: str = REMOTE) -> SyncReport:
    """Commit hand edits, fetch, rebase onto the team's branch, push (again after a race).

    Resumable: a journal (:mod:`custnote.core.sync.sync_journal`) lets the next command undo a sync
    that was killed half-way; this one first undoes such a leftover, then starts over."""
    git = notebook.git
    url = git.remote_url(remote)
    if not url:
        raise GitError(
            f"{notebook.root} has no remote {remote!r}; add one with 'custnote remote add URL'"
        )
    register_merge_driver(git)
    report = SyncReport(remote, redact(url))
    with notebook.locked():  # settles a killed write or sync first
        branch = _checked_branch(notebook)
        journal = sync_journal.begin(notebook, branch, git.rev("HEAD") or "")
    try:
        ensure_git_identity(notebook)
        report.committed = commit_hand_edits(notebook)
        with notebook.locked():
            before, fetched = _exchange(notebook, report, branch, journal)
    except Exception:
        sync_journal.end(notebook)  # handled: the notebook is as it was
        raise
    # interrupted (Ctrl-C, SIGTERM): the journal stays, the next command puts things back
    sync_journal.end(notebook)
    report.notices = notebook.notices + report.notices
    after = git.rev("HEAD")
    if before and after and fetched and before != after:
        report.incoming = _incoming(notebook, f"{before}..{fetched}")
        report.settings_changed = settings_changes(git.changed_files(f"{before}..{fetched}"))
        changed = git.changed_files(f"{before}..{after}")
        for hook in notebook.write_hooks:
            hook(notebook, changed)
        report.conflicted = [p for p in conflicted_notes(notebook) if p in changed]
    return report


def _exchange(
    notebook: Notebook, report: SyncReport, branch: str, journal: sync_journal.SyncJournal
) -> tuple[str | None, str | None]:
    """Fetch, replay, push, until the push goes through; returns (HEAD before, the team's
    commit last fetched)."""
    git, remote = notebook.git, report.remote
    upstream = f"{remote}/{branch}"
    before, fetched, known = git.rev("HEAD"), None, git.rev(upstream)
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        report.attempts = attempt
        _fetch(git, remote, upstream)
        if known and attempt == 1:  # a colleague's 'custnote forget' (docs/privacy.md)
            from custnote.core.privacy.absorb import absorb_rewrite

            if absorb_rewrite(notebook, known, upstream):
                before = None  # the old history is gone: nothing to compare with
        fetched = git.rev(upstream)  # what the team has (before our push moves it)
        if fetched:
            _refuse_unrelated(notebook, upstream)
            _integrate(notebook, report, upstream, journal)
            try:
                one_file_per_id(notebook)  # archived here, edited there: one note (or refuse)
            except UnsafePathError as exc:  # a committed link: every read names it until removed
                report.notices.append(f"{exc}; ids are checked again once it is removed")
        else:
            _refuse_second_branch(notebook, remote, branch)
        outgoing = f"{upstream}..HEAD" if git.rev(upstream) else "HEAD"
        _refuse_markers(notebook, git.changed_files(outgoing))
        report.pushed = git.count(outgoing)
        if report.pushed == 0 or git.push(remote, branch):
            if not fetched and report.pushed:
                _set_remote_head(git, remote, branch)
            break
    else:
        raise GitError(
            f"could not push to {remote!r}: others kept pushing; your commits are kept, "
            "run 'custnote sync' again"
        )
    return before, fetched


def _checked_branch(notebook: Notebook) -> str:
    """The team's branch, once sure git is on it with nothing of git's own in progress."""
    git, root, dot_git = notebook.git, notebook.root, notebook.root / ".git"
    for marker, what, finish in _IN_PROGRESS:
        if (dot_git / marker).exists():
            raise GitError(
                f"a git {what} is in progress in {root} (not started by custnote): finish it "
                f"with 'git -C {root} {what} --continue' or cancel it with "
                f"'git -C {root} {what} --abort', then sync"
                if finish
                else f"a git {what} is in progress in {root}: run 'git -C {root} {what} "
                "--abort', then sync"
            )
    if (dot_git / "index.lock").exists():
        raise GitError(
            f"git's {dot_git / 'index.lock'} exists: another git command is running in "
            f"{root}, or one was stopped; if none runs, delete it with "
            f"'rm {dot_git / 'index.lock'}', then sync"
        )
    branch, current = team.team_branch(notebook), git.branch()
    if not current:
        raise GitError(
            f"git is not on a branch in {root} (a detached HEAD); go back to the notebook "
            f"with 'git -C {root} switch {branch}', then sync"
        )
    if current != branch:
        raise GitError(
            f"{root} is on branch {current!r} but the team shares {branch!r} "
            f"(.custnote/config.yaml): run 'git -C {root} switch {branch}', or 'custnote join' "
            "to bring the two together"
        )
    return branch


_IN_PROGRESS = (
    ("rebase-merge", "rebase", True),
    ("rebase-apply", "rebase", True),
    ("MERGE_HEAD", "merge", True),
    ("CHERRY_PICK_HEAD", "cherry-pick", True),
    ("REVERT_HEAD", "revert", True),
)


def _fetch(git: GitRepo, remote: str, upstream: str) -> None:
    try:
        git.fetch(remote)
    except GitError as exc:
        ahead = git.count(f"{upstream}..HEAD" if git.rev(upstream) else "HEAD")
        kept = f"; your {ahead} local commit(s) are kept" if ahead else ""
        raise GitError(f"{exc}{kept}; sync again when that is fixed") from None


def _refuse_unrelated(notebook: Notebook, upstream: str) -> None:
    if notebook.git.rev("HEAD") and not notebook.git.related("HEAD", upstream):
        raise GitError(
            f"this notebook and the team's ({upstream}) were started separately and share no "
            "history; nothing was sent. Bring them together with 'custnote join' (docs/sync.md)"
        )


def _refuse_second_branch(notebook: Notebook, remote: str, branch: str) -> None:
    """The remote has no ``branch``: fine when it is empty, refused when the team's notes are
    on another branch (pushing would split the team)."""
    others = sorted(team.remote_notebooks(notebook.git, remote))
    if others:
        raise GitError(
            f"{remote} has no branch {branch!r}; the team's notebook is on "
            f"{', '.join(repr(o) for o in others)}. Nothing was sent: bring yours into it with "
            f"'custnote join {remote}/{others[0]}' (docs/sync.md)"
        )


def _set_remote_head(git: GitRepo, remote: str, branch: str) -> None:
    """First push to an empty remote: make its HEAD name the team's branch, where the server
    allows it (a repository on a path this computer can write); later clones find it either
    way (:func:`custnote.core.sync.team.choose_branch`)."""
    url = git.remote_url(remote) or ""
    path = Path(url[len("file://") :] if url.startswith("file://") else url)
    if ("://" in url and not url.startswith("file://")) or not path.is_dir():
        return
    bare = GitRepo(path)
    if not bare.rev(bare.run("symbolic-ref", "-q", "HEAD", check=False).stdout.strip() or "HEAD"):
        bare.run("symbolic-ref", "HEAD", f"refs/heads/{branch}", check=False)
    git.run("remote", "set-head", remote, branch, check=False)


def _integrate(
    notebook: Notebook, report: SyncReport, upstream: str, journal: sync_journal.SyncJournal
) -> None:
    """Replay local commits onto ``upstream`` (a merge when they hold a merge, as after a
    join). Uncommitted changes are kept aside in a stash commit the journal names, and put
    back afterwards (merged by the driver); a clash keeps them in git's stash list."""
    git = notebook.git
    if git.is_ancestor(upstream, "HEAD"):
        return
    identity = notebook.identity()
    journal.stash = git.stash_create(identity)
    if journal.stash:
        sync_journal.save(notebook, journal)
        git.run("reset", "-q", "--hard")
    try:
        if _has_merges(git, upstream):
            message = commit_message(f"sync: merge {upstream}", "join")
            stuck = [p for p in [git.merge(upstream, message, identity)] if p]
        else:
            stuck = git.rebase(upstream, keep_unmerged=_is_note, identity=identity)
    except Exception:  # git failed: back where we were (an interruption is left to the journal)
        sync_journal.abort_git(notebook)
        _put_back(notebook, report, journal, identity)
        raise
    _put_back(notebook, report, journal, identity)
    if stuck:
        root = notebook.root
        remote, _, branch = upstream.partition("/")
        raise ConflictError(
            f"cannot merge {', '.join(stuck)} automatically (changed on both sides); your "
            f"commits are unchanged and nothing was sent. Merge it by hand: 'git -C {root} "
            f"pull --rebase --autostash {remote} {branch}', fix the file, 'git -C {root} add "
            f"FILE', 'git -C {root} rebase --continue', then 'custnote sync'"
        )


def _put_back(
    notebook: Notebook,
    report: SyncReport,
    journal: sync_journal.SyncJournal,
    identity: Identity,
) -> None:
    """Put the uncommitted changes set aside by :func:`_integrate` back in the work tree."""
    if not journal.stash:
        return
    git = notebook.git
    if not git.stash_apply(journal.stash, identity):
        git.run("stash", "store", "-m", "custnote sync: uncommitted changes", journal.stash)
        report.notices.append(
            "your uncommitted changes clash with the team's and are kept in git's stash: "
            f"see them with 'git -C {notebook.root} stash show -p', bring them back "
            f"with 'git -C {notebook.root} stash pop'"
        )
    journal.stash = ""
    sync_journal.save(notebook, journal)


def _has_merges(git: GitRepo, upstream: str) -> bool:
    out = git.run("rev-list", "--merges", "-n1", f"{upstream}..HEAD").stdout
    return bool(out.strip())


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
