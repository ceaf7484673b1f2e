"""Real-git test helpers for team sharing: a bare team remote, colleagues' clones, git daemon.

Import the fixtures you use into a test module (``from gitfixtures import team_fixture``); the
fixture names seen by tests are ``team`` and ``daemon``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

import custnote
from custnote.cli.app import app


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in ``cwd`` and return its stdout (raises on failure when ``check``)."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}:\n{proc.stderr}")
    return proc.stdout


def set_identity(repo: Path, name: str) -> None:
    """Make ``repo`` commit as colleague ``name``."""
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", f"{name}@example.jp")


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Colleague:
    """One person of the team, running custnote on their own notebook."""

    name: str
    root: Path

    def run(self, *args: str, input: str | None = None, ok: bool = True) -> Outcome:
        """``custnote -N ROOT ARGS`` as this person; asserts success unless ``ok`` is False."""
        env = {"CUSTNOTE_AUTHOR": self.name, "CUSTNOTE_EMAIL": f"{self.name}@example.jp"}
        raw = CliRunner().invoke(app, ["-N", str(self.root), *args], input=input, env=env)
        if raw.exception and not isinstance(raw.exception, SystemExit):
            raise raw.exception
        result = Outcome(raw.exit_code, raw.stdout, raw.stderr)
        if ok:
            assert result.exit_code == 0, f"{self.name}: custnote {args} failed: {result.stderr}"
        return result

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def notes(self, folder: str = "customers") -> dict[str, str]:
        """``{path: text}`` of every note in ``folder``."""
        return {
            str(p.relative_to(self.root)): p.read_text(encoding="utf-8")
            for p in sorted((self.root / folder).glob("*/*.md"))
        }

    def git(self, *args: str, check: bool = True) -> str:
        return git(self.root, *args, check=check)


@dataclass
class Team:
    """A bare repository playing the team's remote, and the folder colleagues clone into."""

    root: Path
    remote: Path
    colleagues: dict[str, Path] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.remote)

    def home(self, name: str) -> Path:
        """Where colleague ``name``'s notebook lives (not created)."""
        return self.root / name

    def founder(self, name: str) -> Colleague:
        """``name`` creates the shared notebook and pushes it to the remote."""
        root = self.home(name)
        invoke_plain(["init", str(root)])
        set_identity(root, name)
        person = Colleague(name, root)
        person.run("remote", "add", self.url)
        person.run("sync")
        return person

    def pair(self, *add: str) -> tuple[Colleague, Colleague]:
        """sato founds the shared notebook with one customer (``custnote ADD…``) and syncs;
        ito clones it."""
        sato = self.founder("sato")
        sato.run(*add)
        sato.run("sync")
        return sato, self.join("ito")

    def join(self, name: str, url: str | None = None) -> Colleague:
        """``name`` runs ``custnote clone`` of the remote."""
        invoke_plain(["clone", url or self.url, str(self.home(name))])
        set_identity(self.home(name), name)
        return Colleague(name, self.home(name))

    def git_clone(self, name: str, url: str | None = None) -> Path:
        """A plain ``git clone`` of the remote for colleague ``name``."""
        path = self.home(name)
        git(self.root, "clone", "-q", url or self.url, str(path))
        set_identity(path, name)
        self.colleagues[name] = path
        return path


def invoke_plain(argv: list[str]) -> None:
    """Run a custnote command that takes no notebook (init, clone); assert it succeeds."""
    raw = CliRunner().invoke(app, argv)
    if raw.exception and not isinstance(raw.exception, SystemExit):
        raise raw.exception
    assert raw.exit_code == 0, raw.stderr


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the tests away from the user's own git configuration; pin the clock."""
    config = tmp_path / "gitconfig"
    config.write_text(
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
        "[user]\n\tname = tester\n\temail = tester@example.jp\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("CUSTNOTE_NOW", "2026-11-20T10:00")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(var, raising=False)
    # git starts the merge driver as `python -m custnote...`: let it import this custnote.
    src = str(Path(custnote.__file__).resolve().parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    )


@pytest.fixture(name="team")
def team_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """An empty bare repository (branch ``main``) as the team remote."""
    isolate_git(monkeypatch, tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    return Team(root=tmp_path, remote=remote)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class GitDaemon:
    """``git daemon`` serving every repository under ``base_path`` on 127.0.0.1 (push allowed)."""

    base_path: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def url(self, repo: str) -> str:
        return f"git://127.0.0.1:{self.port}/{repo}"

    def start(self, timeout: float = 10.0) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "git",
                "daemon",
                "--export-all",
                "--enable=receive-pack",
                "--reuseaddr",
                "--informative-errors",
                "--listen=127.0.0.1",
                f"--port={self.port}",
                f"--base-path={self.base_path}",
                str(self.base_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("git daemon exited at start")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("git daemon did not start listening")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(name="daemon")
def daemon_fixture(team: Team) -> Iterator[GitDaemon]:
    """``git daemon`` on a free port of 127.0.0.1 serving the team remote as ``remote.git``."""
    server = GitDaemon(team.root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
