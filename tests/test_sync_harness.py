"""The real-git harness itself: a bare remote, two colleagues, and git daemon on 127.0.0.1."""

from __future__ import annotations

from gitfixtures import Team, daemon_fixture, git, team_fixture  # noqa: F401


def test_two_colleagues_share_through_git_daemon(team: Team, daemon) -> None:
    url = daemon.url("remote.git")
    sato = team.git_clone("sato", url)
    (sato / "a.md").write_text("hello\n", encoding="utf-8")
    git(sato, "add", "a.md")
    git(sato, "commit", "-q", "-m", "first")
    git(sato, "push", "-q", "origin", "HEAD:main")
    ito = team.git_clone("ito", url)
    assert (ito / "a.md").read_text(encoding="utf-8") == "hello\n"
    assert git(ito, "log", "-1", "--format=%an").strip() == "sato"
