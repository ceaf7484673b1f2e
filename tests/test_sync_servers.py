"""Team sharing over real servers on 127.0.0.1: OpenSSH (``ssh://`` and ``user@host:path``
remotes) and HTTPS through nginx and ``git http-backend`` with basic authentication. The
server's repository is made the way docs/sync.md once said (plain ``git init --bare``: HEAD
names ``master``). Each failure must come back at once as one line saying what to do."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitfixtures import Colleague, Team, free_port, git, isolate_git
from servers import HttpsServer, SshServer, https_server, ssh_server  # noqa: F401

from custnote.adapters.gitrepo import GitRepo
from custnote.core.note.noteformat import parse_note

YAMADA = ["add", "山田 太郎", "--kana", "やまだ たろう", "--status", "prospect"]
TRANSPORTS = ["ssh://", "user@host:path", "https"]


@dataclass
class RemoteTeam(Team):
    """A :class:`Team` whose remote is reached through a server at ``remote_url``."""

    remote_url: str = ""
    transport: str = ""

    @property
    def url(self) -> str:
        return self.remote_url


def over(*transports: str):
    """Run a test over these transports (every case runs over SSH and over HTTPS)."""
    return pytest.mark.parametrize("served", transports, indirect=True)


@pytest.fixture(params=TRANSPORTS)
def served(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RemoteTeam:
    """An empty repository on the server, as its administrator would make it."""
    isolate_git(monkeypatch, tmp_path)
    transport = request.param
    if transport == "https":
        server: HttpsServer = request.getfixturevalue("https_server")
        name = f"notes-{uuid.uuid4().hex[:8]}.git"
        remote = server.repos / name
        url = server.url(name)
        monkeypatch.setenv("GIT_SSL_CAINFO", str(server.cert))
    else:
        ssh: SshServer = request.getfixturevalue("ssh_server")
        remote = tmp_path / "office" / "notes.git"
        url = ssh.url(remote, "ssh://" if transport == "ssh://" else "scp")
        monkeypatch.setenv("GIT_SSH_COMMAND", ssh.ssh_command())
    remote.parent.mkdir(parents=True, exist_ok=True)
    git(tmp_path, "init", "-q", "--bare", "-b", "master", str(remote))
    return RemoteTeam(root=tmp_path, remote=remote, remote_url=url, transport=transport)


def only_note(person: Colleague) -> str:
    notes = person.notes()
    assert len(notes) == 1, notes
    return next(iter(notes.values()))


def settle(*people: Colleague) -> None:
    for person in [*people, *people]:
        person.run("sync")


def test_clone_and_two_colleagues_sync_concurrent_edits(served: RemoteTeam):
    sato = served.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito = served.join("ito")
    assert ito.git("branch", "--show-current").strip() == "main"
    assert ito.notes() == sato.notes() != {}
    sato.run("log", "yamada", "sato の訪問", "--kind", "visit", "--at", "2026-11-20 14:30")
    sato.run("set", "yamada", "status=active")
    ito.run("log", "yamada", "ito の電話", "--kind", "call", "--at", "2026-11-20 09:00")
    ito.run("set", "yamada", "tags+=golf")
    settle(sato, ito)
    report = sato.run("sync").stdout
    assert "Synced with origin" in report and "s3cret-token" not in report  # never shown
    assert only_note(sato) == only_note(ito)
    note = parse_note(only_note(ito))
    assert [e.text for e in note.log] == ["ito の電話", "sato の訪問"]
    assert note.fields["status"] == "active" and note.fields["tags"] == ["golf"]
    assert git(served.remote, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]


@over("ssh://", "https")
def test_push_race(served: RemoteTeam, monkeypatch):
    sato = served.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito, kato = served.join("ito"), served.join("kato")
    kato.run("log", "yamada", "kato の電話", "--kind", "call")
    ito.run("log", "yamada", "ito の電話", "--kind", "call")
    real_fetch = GitRepo.fetch
    raced: list[bool] = []

    def fetch_then_someone_pushes(self, remote):
        real_fetch(self, remote)
        if not raced:
            raced.append(True)
            kato.run("sync")

    with monkeypatch.context() as patched:
        patched.setattr(GitRepo, "fetch", fetch_then_someone_pushes)
        assert '"attempts": 2' in ito.run("sync", "--json").stdout
    sato.run("sync")
    texts = {e.text for e in parse_note(only_note(sato)).log}
    assert {"kato の電話", "ito の電話"} <= texts


def fails_fast(person: Colleague, *args: str) -> str:
    """Run a command that must fail at once (no prompt, no wait); its one-line error."""
    began = time.monotonic()
    result = person.run(*args, ok=False)
    assert time.monotonic() - began < 30
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return " ".join(result.stderr.split())


@pytest.fixture
def ito_with_work(served: RemoteTeam) -> tuple[RemoteTeam, Colleague]:
    sato = served.founder("sato")
    sato.run(*YAMADA)
    sato.run("sync")
    ito = served.join("ito")
    ito.run("log", "yamada", "オフラインで記録", "--kind", "call")
    return served, ito


def kept(ito: Colleague) -> bool:
    return "オフラインで記録" in ito.git("log", "-1", "-p") and ito.git("status", "--short") == ""


@over("ssh://", "https")
def test_wrong_password_or_key(ito_with_work, monkeypatch, request):
    served, ito = ito_with_work
    if served.transport == "https":
        server = request.getfixturevalue("https_server")
        ito.git("remote", "set-url", "origin", served.url.replace("s3cret-token", "wrong"))
        assert "check the token" in fails_fast(ito, "sync")
        ito.git("remote", "set-url", "origin", server.url(served.remote.name, password=None))
        assert "check the token" in fails_fast(ito, "sync")  # no password: never a prompt
    else:
        ssh = request.getfixturevalue("ssh_server")
        monkeypatch.setenv("GIT_SSH_COMMAND", ssh.ssh_command(key="wrong_key"))
        assert "refused your SSH key" in fails_fast(ito, "sync")
    assert "1 local commit(s) are kept" in fails_fast(ito, "sync")
    assert kept(ito)


@over("user@host:path", "https")
def test_unknown_host_key_or_certificate(ito_with_work, monkeypatch, request):
    served, ito = ito_with_work
    if served.transport == "https":
        monkeypatch.delenv("GIT_SSL_CAINFO")
        assert "certificate is not trusted" in fails_fast(ito, "sync")
    else:
        ssh = request.getfixturevalue("ssh_server")
        monkeypatch.setenv("GIT_SSH_COMMAND", ssh.ssh_command(known_hosts="empty_known_hosts"))
        message = fails_fast(ito, "sync")
        assert "host key is not known" in message and "ssh-keyscan" in message
    assert kept(ito)


def elsewhere(served: RemoteTeam, port: int, monkeypatch, request) -> str:
    """The team's URL, but on ``port`` of 127.0.0.1."""
    if served.transport == "user@host:path":  # the host alias now names that port
        ssh = request.getfixturevalue("ssh_server")
        monkeypatch.setenv("GIT_SSH_COMMAND", ssh.ssh_command(port=port))
        return served.url
    host, rest = served.url.split("127.0.0.1:", 1)
    return f"{host}127.0.0.1:{port}/{rest.split('/', 1)[1]}"


@over("user@host:path", "https")
def test_server_down(ito_with_work, monkeypatch, request):
    served, ito = ito_with_work
    ito.git("remote", "set-url", "origin", elsewhere(served, free_port(), monkeypatch, request))
    message = fails_fast(ito, "sync")
    assert "cannot be reached" in message and "try again later" in message
    assert "1 local commit(s) are kept" in message
    assert kept(ito)


@over("ssh://", "https")
def test_a_hung_server_is_given_up_on(ito_with_work, silent_server, monkeypatch, request):
    served, ito = ito_with_work
    monkeypatch.setenv("CUSTNOTE_CONNECT_TIMEOUT", "2")
    monkeypatch.setenv("CUSTNOTE_NETWORK_TIMEOUT", "4")
    ito.git("remote", "set-url", "origin", elsewhere(served, silent_server, monkeypatch, request))
    began = time.monotonic()
    message = fails_fast(ito, "sync")
    assert time.monotonic() - began < 15
    assert "cannot be reached" in message
    assert kept(ito)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in accepted:
        conn.close()
    listener.close()
