"""The team's branch with real git: a server whose HEAD names ``master``, a recorded branch, a
team split in two and joined again, a machine where git knows nobody, and ``undo`` after a sync."""

from __future__ import annotations

import pytest
from gitfixtures import Colleague, Team, git, invoke_plain, set_identity, team_fixture  # noqa: F401
from typer.testing import CliRunner

from custnote.cli.app import app
from custnote.core.note.noteformat import parse_note

YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう", "--status", "prospect"]


def init_as(name: str, root) -> Colleague:
    """``name`` starts a notebook of their own (their own first commit)."""
    env = {"CUSTNOTE_AUTHOR": name, "CUSTNOTE_EMAIL": f"{name}@example.jp"}
    assert CliRunner().invoke(app, ["init", str(root)], env=env).exit_code == 0
    set_identity(root, name)
    return Colleague(name, root)


def roots(person: Colleague) -> list[str]:
    """Commits of ``person``'s branch without a parent (a notebook has exactly one)."""
    return person.git("rev-list", "--max-parents=0", "HEAD").split()


@pytest.fixture
def master_remote(team: Team) -> Team:
    """The office server made the way most servers do: plain ``git init --bare`` (HEAD names
    ``master``)."""
    git(team.root, "init", "-q", "--bare", "-b", "master", str(team.root / "office.git"))
    team.remote = team.root / "office.git"
    return team


def test_init_records_the_branch(team: Team):
    invoke_plain(["init", str(team.home("a"))])
    assert "\nbranch: main\n" in (team.home("a") / ".custnote/config.yaml").read_text("utf-8")
    other = team.home("b")
    git(team.root, "init", "-q", "-b", "trunk", str(other))
    invoke_plain(["init", str(other)])
    assert "\nbranch: trunk\n" in (other / ".custnote/config.yaml").read_text("utf-8")


def test_clone_of_a_master_headed_server_gets_the_notebook(master_remote: Team):
    team = master_remote
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    # the first push set the empty server's HEAD to the team's branch (a path we can write)
    assert git(team.remote, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    git(team.remote, "symbolic-ref", "HEAD", "refs/heads/master")  # a server that cannot
    ito = team.join("ito")
    assert ito.git("branch", "--show-current").strip() == "main"
    assert ito.notes() == sato.notes() != {}
    assert roots(ito) == roots(sato)  # no new root commit
    assert ito.git("branch", "--format=%(refname:short)").split() == ["main"]
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    ito.run("sync")
    sato.run("sync")
    assert "ito の電話" in next(iter(sato.notes().values()))
    assert git(team.remote, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]


def test_clone_takes_the_recorded_branch_over_the_servers_head(team: Team):
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    # someone pushed an unrelated 'master' (not a notebook) and made it the server's HEAD
    stray = team.root / "stray"
    git(team.root, "init", "-q", "-b", "master", str(stray))
    (stray / "README").write_text("hello\n", encoding="utf-8")
    git(stray, "add", "README")
    git(stray, "commit", "-qm", "readme")
    git(stray, "push", "-q", str(team.remote), "master")
    git(team.remote, "symbolic-ref", "HEAD", "refs/heads/master")
    ito = team.join("ito")
    assert ito.git("branch", "--show-current").strip() == "main"
    assert ito.notes() == sato.notes() != {}


def test_clone_of_something_that_is_not_a_notebook_is_refused(team: Team):
    other = team.root / "other"
    git(team.root, "init", "-q", "-b", "main", str(other))
    (other / "code.py").write_text("print(1)\n", encoding="utf-8")
    git(other, "add", "code.py")
    git(other, "commit", "-qm", "code")
    target = team.root / "clone"
    raw = CliRunner().invoke(app, ["clone", str(other), str(target)])
    assert raw.exit_code != 0
    assert "is not a custnote notebook" in raw.stderr and "check the URL" in raw.stderr
    assert not target.exists()


def test_a_second_founder_cannot_push_an_unrelated_notebook(master_remote: Team):
    team = master_remote
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito = init_as("ito", team.home("ito"))  # ito started one too, then shares it
    ito.run("add", "鈴木 一郎", "--kana", "すずき いちろう")
    ito.run("remote", "add", team.url)
    refused = ito.run("sync", ok=False)
    assert refused.exit_code != 0
    assert "share no history" in refused.stderr and "custnote join" in refused.stderr
    assert git(team.remote, "rev-parse", "main") == sato.git("rev-parse", "HEAD")
    found = ito.run("check", ok=False)
    assert "custnote join" in found.stdout + found.stderr
    # the documented way out: join merges both histories, nothing lost
    ito.run("join")
    assert sorted(p.split("/")[-1][:6] for p in ito.notes()) == ["suzuki", "yamada"]
    assert len(roots(ito)) == 2 and git(team.remote, "rev-parse", "main") == ito.git(
        "rev-parse", "HEAD"
    )
    sato.run("sync")
    assert sato.notes() == ito.notes()
    assert "branches" not in ito.run("check").stderr


def test_a_team_already_split_on_two_branches_is_found_and_joined(master_remote: Team):
    team = master_remote
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    # what an older custnote did: ito's clone started a new notebook and pushed 'master'
    ito = init_as("ito", team.home("ito"))
    ito.git("branch", "-m", "master")
    ito.run("add", "鈴木 一郎", "--kana", "すずき いちろう")
    ito.git("remote", "add", "origin", team.url)
    ito.git("push", "-q", "origin", "master")
    sato.run("sync")
    assert "Nothing new" in sato.run("sync").stdout
    found = sato.run("check", ok=False)
    assert found.exit_code != 0 and "'custnote join origin/master'" in found.stderr
    sato.run("join", "origin/master")
    assert len(sato.notes()) == 2
    assert "custnote join" not in sato.run("check").stderr
    # ito, still on master, is told how to come back, then joins the team's branch
    refused = ito.run("sync", ok=False)
    assert "'main'" in refused.stderr and "custnote join" in refused.stderr
    ito.run("join")
    assert ito.git("branch", "--show-current").strip() == "main"
    assert ito.notes() == sato.notes()
    text = ito.read(".custnote/config.yaml")
    assert "\nbranch: main\n" in text and "branch: master" not in text


def test_sync_on_a_machine_where_git_knows_nobody(team: Team, monkeypatch, tmp_path):
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito = team.join("ito")
    for person in (sato, ito):  # no identity anywhere in git's configuration
        person.git("config", "--unset", "user.name")
        person.git("config", "--unset", "user.email")
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")  # git may not guess
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)
    assert git(ito.root, "var", "GIT_COMMITTER_IDENT", check=False) == ""  # git: no identity
    sato.run("log", "yamada", "sato の訪問", "--kind", "visit", "--at", "2026-11-20 14:30")
    sato.run("sync")
    ito.run("log", "yamada", "ito の電話", "--kind", "call", "--at", "2026-11-20 09:00")
    ito.run("sync")  # the rebase of ito's commit onto sato's runs as ito
    assert [e.text for e in parse_note(next(iter(ito.notes().values()))).log] == [
        "ito の電話",
        "sato の訪問",
    ]
    assert ito.git("log", "-1", "--format=%an %ae %cn").split() == [
        "ito",
        "ito@example.jp",
        "ito",
    ]
    # the plain git commands custnote's messages suggest work here too
    ito.git("commit", "-q", "--allow-empty", "-m", "plain git works")


def test_undo_never_offers_a_colleagues_commit(team: Team):
    sato = team.founder("sato")
    sato.run(*YAMADA)
    sato.run("set", "yamada", "status=active")
    sato.run("sync")
    ito = team.join("ito")
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    ito.run("sync")
    sato.run("sync")
    assert sato.git("log", "-1", "--format=%an").strip() == "ito"
    out = sato.run("undo", "--yes").stdout
    assert "set: 山田 太郎 (status)" in out and "ito の電話" not in out
    note = parse_note(next(iter(sato.notes().values())))
    assert note.fields["status"] == "prospect" and note.log[-1].text == "ito の電話"


def test_rebase_merge_revert_and_stash_run_as_the_given_identity(tmp_path, monkeypatch):
    """At the git level, without any identity in git's configuration."""
    from custnote.adapters.gitrepo import GitRepo
    from custnote.core.notebook.commits import Identity

    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    me = Identity("伊藤", "ito@example.jp")
    repo = GitRepo.init(tmp_path / "r")
    for name in ("a", "b"):
        (repo.root / name).write_text(f"{name}\n", encoding="utf-8")
    repo.commit(["a"], "a", me)
    repo.run("branch", "team")
    repo.commit(["b"], "b", me)
    repo.run("switch", "-q", "team")
    (repo.root / "c").write_text("c\n", encoding="utf-8")
    repo.commit(["c"], "c", Identity("佐藤", "sato@example.jp"))
    repo.run("switch", "-q", "main")
    assert repo.run("commit", "--allow-empty", "-qm", "x", check=False).returncode != 0
    assert repo.rebase("team", keep_unmerged=lambda p: False, identity=me) == []
    assert repo.run("log", "-1", "--format=%cn %ce").stdout.split() == ["伊藤", "ito@example.jp"]
    (repo.root / "a").write_text("changed\n", encoding="utf-8")
    stash = repo.stash_create(me)
    assert stash and repo.run("log", "-1", "--format=%cn", stash).stdout.strip() == "伊藤"
    repo.run("reset", "-q", "--hard")
    assert repo.stash_apply(stash, me) and (repo.root / "a").read_text() == "changed\n"
    repo.run("checkout", "-q", "--", "a")
    assert repo.merge("team", "merge", me) == ""
    sha = repo.revert(repo.rev("HEAD~1") or "", "undo", me)
    assert repo.run("log", "-1", "--format=%an", sha).stdout.strip() == "伊藤"


def test_no_second_branch_is_pushed_and_join_takes_the_teams(master_remote: Team):
    team = master_remote
    # the team has shared its notebook on 'master' for years (plain git)
    sato = init_as("sato", team.home("sato"))
    sato.git("branch", "-m", "master")
    sato.run(*YAMADA)
    sato.git("remote", "add", "origin", team.url)
    sato.git("push", "-q", "origin", "master")
    kato = init_as("kato", team.home("kato"))  # a newcomer's own notebook, on main
    kato.run("add", "鈴木 一郎", "--kana", "すずき いちろう")
    kato.run("remote", "add", team.url)
    refused = kato.run("sync", ok=False)
    message = " ".join(refused.stderr.split())
    assert "has no branch 'main'" in message and "'custnote join origin/master'" in message
    assert git(team.remote, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/master"]
    kato.run("join", "origin/master")
    assert kato.git("branch", "--show-current").strip() == "master"
    assert "\nbranch: master\n" in kato.read(".custnote/config.yaml")
    assert git(team.remote, "rev-parse", "master") == kato.git("rev-parse", "HEAD")
    assert len(kato.notes()) == 2
    assert git(team.remote, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/master"]
