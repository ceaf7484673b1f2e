"""A colleague's ``custnote forget``, taken in by this clone's next ``sync``.

The remote's history no longer contains the one this clone had, and the new one carries new
tombstones (:mod:`custnote.core.privacy.tombstones`): this clone's own unpushed commits are
replayed onto the new history, leaving out the forgotten notes, the old history is replaced and
its objects pruned, and custnote's caches are cleared. A rewrite without a new tombstone is
refused (it is not custnote's doing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from custnote.core.privacy.tombstones import (
    ForgetError,
    clear_private,
    dirty_tracked,
    git_dir,
    paths_of_id,
    tombstones_at,
)
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


#: this clone's branch before the replay, and (under KNOWN + the upstream's name) what it had
#: of the remote: both exist only while a replay runs
BEFORE = "refs/custnote/before-absorb"
KNOWN = "refs/custnote/absorb-known/"


@dataclass
class Absorbed:
    """What a sync did with a rewritten remote history."""

    forgotten: list[str] = field(default_factory=list)
    replayed: int = 0
    dropped: int = 0


def absorb_rewrite(nb: Notebook, known: str, upstream: str) -> Absorbed | None:
    """After a fetch: when ``upstream`` no longer descends from ``known`` (what this clone had
    of the remote) because a colleague forgot a customer, replay this clone's own commits onto
    the new history without the forgotten notes, and prune the old history. None when the
    remote's history was not rewritten."""
    git = nb.git
    new = git.rev(upstream)
    if new is None or known == new:
        return None
    if git.run("merge-base", "--is-ancestor", known, new, check=False).returncode == 0:
        return None
    fresh = set(tombstones_at(git, new)) - set(tombstones_at(git, known))
    if not fresh:
        raise ForgetError(
            _(
                "the remote's history was rewritten, and not by 'custnote forget' (no new "
                "tombstone); nothing was changed here. Ask the team what happened"
            )
        )
    dirty = dirty_tracked(git)
    if dirty:
        git.run("update-ref", f"refs/remotes/{upstream}", known)  # seen again next sync
        raise ForgetError(
            _(
                "a colleague erased a customer from the history; commit or discard your "
                "changes to {value} first, then sync again (nothing was changed)"
            ).format(value=", ".join(dirty[:3]))
        )
    done = Absorbed(sorted(fresh))
    excluded = paths_of_id(git, "HEAD", fresh)
    local = git.run("rev-list", "--reverse", "--no-merges", f"{known}..HEAD").stdout.split()
    head = git.rev("HEAD")
    # both refs name what to go back to if this process is killed midway: the sync journal
    # calls undo_interrupted (one commit path, docs/ARCHITECTURE.md)
    git.run("update-ref", BEFORE, head or known)
    git.run("update-ref", f"{KNOWN}{upstream}", known)
    git.run("reset", "-q", "--hard", new)
    try:
        for commit in local:
            spec = ["--", ".", *(f":(exclude){p}" for p in excluded)]
            patch = git.run("diff", "--binary", f"{commit}^", commit, *spec).stdout
            if not patch.strip():
                done.dropped += 1
                continue
            apply = git.run("apply", "--index", "--3way", "-", input=patch, check=False)
            if apply.returncode != 0:
                subject = git.run("log", "-1", "--format=%s", commit).stdout.strip()
                raise ForgetError(
                    _(
                        "a colleague erased a customer from the history, and your unpushed "
                        "commit {value} ({subject}) does not apply to the new history; nothing "
                        "was changed here. Undo or redo that change, then sync again"
                    ).format(value=commit[:8], subject=subject)
                )
            me = nb.identity()  # the committer; the author stays the commit's
            who = ["-c", f"user.name={me.name}", "-c", f"user.email={me.email}"]
            git.run(*who, "commit", "-q", "--no-verify", "-C", commit)
            done.replayed += 1
    except BaseException:
        # back as before; the remote-tracking ref too, so that the next sync sees the
        # rewrite again instead of rebasing the old history (forgotten notes and all) onto it
        git.run("reset", "-q", "--hard", BEFORE, check=False)
        git.run("update-ref", f"refs/remotes/{upstream}", known, check=False)
        git.run("update-ref", "-d", f"{KNOWN}{upstream}", check=False)
        git.run("update-ref", "-d", BEFORE, check=False)
        raise
    git.run("update-ref", "-d", f"{KNOWN}{upstream}")
    git.run("update-ref", "-d", BEFORE)
    for pseudo in ("ORIG_HEAD",):
        (git_dir(nb) / pseudo).unlink(missing_ok=True)
    git.run("reflog", "expire", "--expire=now", "--all")
    git.run("gc", "-q", "--prune=now")
    clear_private(nb)
    return done


def undo_interrupted(nb: Notebook) -> bool:
    """Put back what a sync killed while replaying left (the sync journal calls this, the
    caller holds the lock): the branch as it was, and the remote-tracking ref at what this clone
    had, so that the next sync sees the rewrite again rather than pushing the old history.
    False when no replay was under way."""
    git = nb.git
    before = git.rev(BEFORE)
    if before is None:
        return False
    git.run("reset", "-q", "--hard", before)
    listed = git.run("for-each-ref", "--format=%(refname) %(objectname)", KNOWN).stdout
    for line in listed.splitlines():
        ref, sha = line.split()
        git.run("update-ref", f"refs/remotes/{ref.removeprefix(KNOWN)}", sha)
        git.run("update-ref", "-d", ref)
    git.run("update-ref", "-d", BEFORE)
    return True
