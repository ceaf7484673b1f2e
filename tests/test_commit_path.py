"""One commit path (docs/ARCHITECTURE.md): every commit custnote makes of notes goes through
``Notebook.transaction`` and the write journal, so a killed process is settled the same way
everywhere; what cannot (sync's rebase and merge, the replay after a colleague's ``forget``,
filter-repo's rewrite) is covered by the sync journal or by ``forget``'s own refusal to run
half-done. An AST scan keeps new commit sites out; a ``sync`` killed inside ``reunite`` is
settled by the next command."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest
from gitfixtures import Colleague, Team, team_fixture  # noqa: F401
from test_recovery import DIE_AT_COMMIT, DIE_BEFORE_WRITTEN, killed_during
from test_sync_archive_split import LONG, YAMADA, ids

import custnote
from custnote.core.notebook.notebook import Notebook

PACKAGE = Path(custnote.__file__).parent

#: git sub-commands that make or move commits
COMMITTING = {"commit", "commit-tree", "merge", "rebase", "cherry-pick", "revert", "am", "pull"}
#: with one of these, the sub-command makes no commit
NO_COMMIT = {"--abort", "--no-commit", "--quit"}

#: the only modules that may commit, and why (module: reason)
ALLOWED = {
    "adapters.gitrepo": "GitRepo.commit and revert: git itself, called by the two below",
    "adapters.gitcommit": "commit_only: the plumbing GitRepo.commit uses",
    "adapters.gitsharing": "sync's rebase and merge: covered by the sync journal",
    "core.notebook.notebook": "Notebook.transaction (the one path) and init's first commit",
    "core.notebook.journal": "completing a journalled write (a transaction, undo's revert)",
    "core.privacy.absorb": "sync's replay onto a colleague's forget: covered by the sync journal",
    "core.privacy.forget": "git-filter-repo's rewrite of the whole history",
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _commits(node: ast.AST) -> bool:
    """A git command line that commits (``run("commit", …)``, a list ``[…, "merge", "-q", …]``,
    ``git_filter_repo``), or a call of ``….git.commit(…)`` / ``commit_only(…)``."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "commit_only" or (name == "commit" and "git" in ast.unparse(func).lower()):
            return True
        words = _strings(node.args) if name == "run" else []
    elif isinstance(node, (ast.List, ast.Tuple)):
        words = _strings(node.elts)
        if not any(w.startswith("-") for w in words):  # a table of names, not a command line
            return False
    else:
        return False
    said = set(words)
    return "git_filter_repo" in said or bool(COMMITTING & said and not NO_COMMIT & said)


def commit_sites() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = sorted({n.lineno for n in ast.walk(tree) if _commits(n)})  # type: ignore[attr-defined]
        if lines:
            found[_module(path)] = lines
    return found


def test_only_the_allowed_modules_commit():
    sites = commit_sites()
    extra = {m: lines for m, lines in sites.items() if m not in ALLOWED}
    assert not extra, f"commit outside Notebook.transaction (docs/ARCHITECTURE.md): {extra}"
    stale = set(ALLOWED) - set(sites)
    assert not stale, f"allowed but no longer commits: remove from ALLOWED: {stale}"


def test_the_scan_sees_every_way_of_committing(tmp_path):
    samples = {
        'git.run("commit", "-q", "-m", "x")': True,
        "nb.git.commit(paths, message, who)": True,
        "commit_only(git, paths, message, who)": True,
        'self.run(*quiet, "rebase", "--continue")': True,
        'args = ["-c", "core.editor=true", "merge", "-q", "--no-ff"]': True,
        'args = [sys.executable, "-m", "git_filter_repo", "--force"]': True,
        'git.run("revert", "--no-commit", sha)': False,
        'git.run("merge", "--abort")': False,
        "writer.commit(mergetype=x)": False,
        'nb.transaction(subject, "merge")': False,
        'table = [("rebase-merge", "rebase", True)]': False,
    }
    for code, commits in samples.items():
        tree = ast.parse(code)
        assert any(_commits(n) for n in ast.walk(tree)) is commits, code


def _archived_here_edited_there(team: Team) -> tuple[Colleague, str]:
    """sato archives yamada after a big edit and syncs, ito edits yamada: ito's sync must
    reunite the two files. Returns ito and the commit ito's HEAD is at."""
    sato, ito = team.pair(*YAMADA)
    for i in range(12):  # too much for git to see a rename: the id ends up in both folders
        sato.run("log", "yamada", f"訪問 {i}: " + LONG[:300], "--kind", "visit")
    sato.run("rm", "yamada", "--yes")
    sato.run("sync")
    ito.run("log", "yamada", LONG, "--kind", "call")
    return ito, ito.git("rev-parse", "HEAD").strip()


def _subject(person: Colleague) -> str:
    return person.git("log", "-1", "--format=%s").strip()


@pytest.mark.parametrize("patch", [DIE_AT_COMMIT, DIE_BEFORE_WRITTEN], ids=["at-commit", "writing"])
def test_a_sync_killed_inside_reunite_is_settled_by_the_next_command(team: Team, patch: str):
    ito, before = _archived_here_edited_there(team)
    killed_during(ito.root, patch, "sync")  # dies inside reunite: nothing after it ran
    assert ito.git("rev-parse", "HEAD").strip() != before  # the rebase onto sato's had finished

    shown = ito.run("list", "--archived")
    assert "interrupted 'merge: 山田 太郎" in shown.stderr + shown.stdout
    assert ito.git("status", "--porcelain", "--untracked-files=all") == ""
    assert not (ito.root / ".git" / "custnote" / "journal.json").exists()
    assert not (ito.root / ".git" / "custnote" / "sync.json").exists()
    if patch == DIE_AT_COMMIT:  # written: the merge is completed, one note in archive/
        assert _subject(ito).startswith("merge: 山田 太郎")
        assert [folder for _, folder in ids(ito)] == ["archive"]
    else:  # killed while writing: put back as the rebase left it, two files, one id
        assert [folder for _, folder in ids(ito)] == ["archive", "customers"]
        assert not _subject(ito).startswith("merge:")

    ito.run("sync")  # and the next sync ends where an unbroken one does
    assert [folder for _, folder in ids(ito)] == ["archive"]
    [text] = ito.notes("archive").values()
    assert "39行目" in text and "訪問 11" in text
    assert ito.git("status", "--porcelain") == ""
    remote_tree = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=ito.root, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert "customers/" not in remote_tree.replace("customers/.gitkeep", "")


DIE_AT_SECOND_REPLAY = """
from custnote.adapters import gitrepo
_run, _seen = gitrepo.GitRepo.run, []
def _dying_run(self, *args, **kwargs):
    if "commit" in args and "-C" in args:
        _seen.append(args)
        if len(_seen) == 2:
            os._exit(9)
    return _run(self, *args, **kwargs)
gitrepo.GitRepo.run = _dying_run
"""


def test_a_sync_killed_while_replaying_onto_a_forget_is_put_back(team: Team):
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("add", "鈴木 花子", "--kana", "すずき はなこ")
    sato.run("sync")
    ito = team.join("ito")
    ito.run("log", "suzuki", "カタログ送付", "--kind", "email")  # two unpushed commits
    ito.run("log", "suzuki", "見積を送った", "--kind", "email")
    head, known = (ito.git("rev-parse", r).strip() for r in ("HEAD", "origin/main"))
    sato.run("forget", "yamada", "--yes")

    killed_during(ito.root, DIE_AT_SECOND_REPLAY, "sync")  # one commit replayed, not the other
    nb = Notebook.open(ito.root)
    with nb.locked():  # what the next write (or sync) does first
        pass
    assert any("interrupted sync was undone" in line for line in nb.notices), nb.notices
    assert ito.git("rev-parse", "HEAD").strip() == head  # the branch as before the sync
    assert ito.git("rev-parse", "origin/main").strip() == known  # the rewrite is seen again
    assert ito.git("for-each-ref", "refs/custnote/") == ""
    assert ito.git("status", "--porcelain", "--untracked-files=all") == ""

    ito.run("sync")  # absorbs the forget this time, both of ito's commits kept
    assert not list(ito.root.glob("customers/*/yamada*"))
    [suzuki] = [t for rel, t in ito.notes().items() if "suzuki" in rel]
    assert "カタログ送付" in suzuki and "見積を送った" in suzuki
    assert "山田" not in ito.git("log", "--all", "--format=%s")
