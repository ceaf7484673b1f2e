"""How custnote runs network git commands: no prompt without a terminal, bounded waits, the
user's own SSH command kept, and one line of advice per kind of failure."""

from __future__ import annotations

import pytest

from custnote.adapters import gitnet


@pytest.mark.parametrize("tty", [False, True])
def test_network_env(monkeypatch, tty):
    monkeypatch.setattr(gitnet, "interactive", lambda: tty)
    monkeypatch.setenv("CUSTNOTE_CONNECT_TIMEOUT", "7")
    env = gitnet.network_env({"PATH": "/bin"})
    command = env["GIT_SSH_COMMAND"]
    assert command.startswith("ssh ") and "-o ConnectTimeout=7" in command
    assert ("-o BatchMode=yes" in command) is not tty
    assert ("GIT_TERMINAL_PROMPT" in env) is not tty


def test_the_users_ssh_command_comes_first(monkeypatch):
    monkeypatch.setattr(gitnet, "interactive", lambda: False)
    own = gitnet.network_env({"GIT_SSH_COMMAND": "ssh -i ~/.ssh/work -o BatchMode=no"})
    assert own["GIT_SSH_COMMAND"].startswith("ssh -i ~/.ssh/work -o BatchMode=no -o Connect")
    configured = gitnet.network_env({}, ssh_config="ssh -p 2222")
    assert configured["GIT_SSH_COMMAND"].startswith("ssh -p 2222 -o ConnectTimeout=")
    wrapper = gitnet.network_env({"GIT_SSH": "/usr/local/bin/myssh"})
    assert "GIT_SSH_COMMAND" not in wrapper


@pytest.mark.parametrize(
    ("output", "url", "expected"),
    [
        ("Host key verification failed.\nfatal: Could not read from remote repository.",
         "ssh://git@server:2222/notes.git", "'ssh-keyscan -p 2222 server >> ~/.ssh/known_hosts'"),
        ("Host key verification failed.", "git@office:team/notes.git", "'ssh office'"),
        ("git@server: Permission denied (publickey).", "git@server:n.git", "add your public key"),
        ("fatal: Authentication failed for 'https://h/n.git/'", "https://h/n.git",
         "check the token"),
        ("fatal: could not read Username for 'https://h': terminal prompts disabled",
         "https://h/n.git", "check the token"),
        ("The requested URL returned error: 403", "https://h/n.git", "write access"),
        ("SSL certificate problem: self-signed certificate", "https://h/n.git", "http.sslCAInfo"),
        ("ssh: connect to host server port 22: Connection refused", "git@server:n.git",
         "try again later"),
        ("Could not resolve host: gitlab.example", "https://gitlab.example/n.git", "try again"),
        ("fatal: operation timed out after 300 s", "https://h/n.git", "cannot be reached"),
        ("fatal: '/srv/none.git' does not appear to be a git repository", "/srv/none.git",
         "check the URL"),
        ("! [remote rejected] main -> main (pre-receive hook declined)", "git@s:n.git",
         "refused the push"),
        ("something new\nfatal: a reason git gives", "git@s:n.git", "fatal: a reason git gives"),
    ],
)  # fmt: skip
def test_each_failure_gets_its_advice(output, url, expected):
    assert expected in gitnet.explain_failure(output, url)


def test_git_is_started_with_the_network_settings(monkeypatch, tmp_path):
    from custnote.adapters.gitrepo import GitRepo

    monkeypatch.setattr(gitnet, "interactive", lambda: False)
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    repo = GitRepo.init(tmp_path / "r")
    repo.config_set("core.sshCommand", "ssh -p 2222")
    running = repo.start("-c", "alias.showenv=!env", "showenv", network=True)
    env = dict(line.split("=", 1) for line in running.wait().stdout.splitlines() if "=" in line)
    assert env["GIT_SSH_COMMAND"].startswith("ssh -p 2222 ")
    assert "BatchMode=yes" in env["GIT_SSH_COMMAND"] and env["GIT_TERMINAL_PROMPT"] == "0"
    assert running.proc.args[1:5] == ["-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=30"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://sato:s3cret@git.example/team/notes.git", "https://sato:***@git.example/team/notes.git"),
        ("https://oauth2:glpat-x@gitlab.example/n.git", "https://oauth2:***@gitlab.example/n.git"),
        ("https://sato@git.example/n.git", "https://sato@git.example/n.git"),
        ("git@server:team/notes.git", "git@server:team/notes.git"),
        ("ssh://git@server:2222/notes.git", "ssh://git@server:2222/notes.git"),
    ],
)  # fmt: skip
def test_tokens_are_never_shown(url, shown):
    assert gitnet.redact(url) == shown
