"""Real git servers on 127.0.0.1 for the team-sharing tests: OpenSSH's ``sshd`` and nginx in
front of ``git http-backend`` (through fcgiwrap) with basic authentication over HTTPS, the way
an office server, Gitea or GitLab serve git. Each starts on a free port with throwaway keys and
certificates in a temporary folder and is stopped by its fixture's teardown.

Import the fixtures a module uses (``from servers import ssh_server, https_server``).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitfixtures import free_port

SSHD = "/usr/sbin/sshd"
HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"
HTTP_USER, HTTP_PASSWORD = "sato", "s3cret-token"


def wait_for_port(port: int, proc: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited at start: {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start listening: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


def stop(proc: subprocess.Popen[bytes] | None) -> None:
    """Stop a server and every process it started (it leads its own process group)."""
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # what is left of the group (forked workers)


def _keygen(path: Path) -> None:
    args = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "custnote-test", "-f"]
    subprocess.run([*args, str(path)], check=True)


# ---------------------------------------------------------------------- ssh


@dataclass
class SshServer:
    """``sshd`` on 127.0.0.1:``port`` letting the current user in with ``user_key``.

    ``ssh_command(...)`` is the ``GIT_SSH_COMMAND`` a colleague uses: ``-F`` a config naming
    the host ``gitserver`` (for ``user@gitserver:path`` remotes) and 127.0.0.1 with the port
    (for ``ssh://`` remotes), the user's key, and a known_hosts file holding the host key."""

    base: Path
    port: int = 0
    user: str = ""
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.user = getpass.getuser()
        self.port = free_port()
        for name in ("host_key", "user_key", "wrong_key"):
            _keygen(self.base / name)
        (self.base / "authorized_keys").write_text(
            (self.base / "user_key.pub").read_text(), encoding="utf-8"
        )
        host_pub = (self.base / "host_key.pub").read_text().split()[:2]
        (self.base / "known_hosts").write_text(
            f"[127.0.0.1]:{self.port} {' '.join(host_pub)}\n", encoding="utf-8"
        )
        (self.base / "empty_known_hosts").write_text("", encoding="utf-8")
        config = self.base / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {self.base / 'host_key'}",
                    f"PidFile {self.base / 'sshd.pid'}",
                    f"AuthorizedKeysFile {self.base / 'authorized_keys'}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",  # the keys live under /tmp (world-writable above them)
                    "PermitRootLogin prohibit-password",
                    f"AllowUsers {self.user}",
                    "LogLevel ERROR",
                    "UseDNS no",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        if os.geteuid() == 0:  # sshd's privilege separation folder
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        log = self.base / "sshd.log"
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,
        )
        wait_for_port(self.port, self.process, "sshd", log)

    def client_config(
        self,
        key: str = "user_key",
        known_hosts: str = "known_hosts",
        port: int = 0,
        multiplex: bool = True,
    ) -> Path:
        """An ssh config file; ``port`` points ``gitserver`` elsewhere (a server down)."""
        path = self.base / f"ssh_config_{key}_{known_hosts}_{port}_{multiplex}"
        lines = []
        for host in ("gitserver", "127.0.0.1"):
            lines += [
                f"Host {host}",
                "  HostName 127.0.0.1",
                f"  Port {port or self.port}",
                f"  User {self.user}",
                f"  IdentityFile {self.base / key}",
                "  IdentitiesOnly yes",
                f"  UserKnownHostsFile {self.base / known_hosts}",
                "  GlobalKnownHostsFile /dev/null",
                "  StrictHostKeyChecking yes",
                "  LogLevel ERROR",
            ]
            if multiplex and key == "user_key" and known_hosts == "known_hosts":
                # one real SSH connection, reused for a few seconds (a login costs ~0.5 s on
                # a busy machine); the failure cases always connect afresh
                lines += [
                    "  ControlMaster auto",
                    f"  ControlPath {self.base}/cm-%C",
                    "  ControlPersist 5",
                ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def ssh_command(
        self,
        key: str = "user_key",
        known_hosts: str = "known_hosts",
        port: int = 0,
        multiplex: bool = True,
    ) -> str:
        return f"ssh -F {self.client_config(key, known_hosts, port, multiplex)}"

    def url(self, repo: Path, form: str) -> str:
        if form == "ssh://":
            return f"ssh://{self.user}@127.0.0.1:{self.port}{repo}"
        return f"{self.user}@gitserver:{repo}"  # scp-like, through the Host alias

    def stop(self) -> None:
        stop(self.process)


def _ssh_missing() -> str | None:
    for exe in (SSHD, shutil.which("ssh"), shutil.which("ssh-keygen")):
        if not exe or not Path(exe).exists():
            return "OpenSSH (openssh-server, openssh-client) is not installed; .ci/run installs it"
    return None


@pytest.fixture(scope="session")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    if reason := _ssh_missing():
        pytest.skip(reason)
    server = SshServer(tmp_path_factory.mktemp("sshd"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------------- https


@dataclass
class HttpsServer:
    """nginx on 127.0.0.1:``port`` (TLS with a throwaway certificate, ``cert``) serving every
    repository under ``repos`` through ``git http-backend``; basic authentication with
    :data:`HTTP_USER` / :data:`HTTP_PASSWORD`, as a hosted git service asks for a token."""

    base: Path
    port: int = 0
    nginx: subprocess.Popen[bytes] | None = None
    fcgi: subprocess.Popen[bytes] | None = None

    @property
    def repos(self) -> Path:
        return self.base / "repos"

    @property
    def cert(self) -> Path:
        return self.base / "cert.pem"

    def url(self, name: str, password: str | None = HTTP_PASSWORD) -> str:
        auth = f"{HTTP_USER}:{password}@" if password is not None else ""
        return f"https://{auth}127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        self.repos.mkdir()
        self.port = free_port()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(self.base / "key.pem"), "-out", str(self.cert),
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
        (self.base / "htpasswd").write_text(f"{HTTP_USER}:{{PLAIN}}{HTTP_PASSWORD}\n")
        sock = self.base / "fcgiwrap.sock"
        log = self.base / "fcgiwrap.log"
        self.fcgi = subprocess.Popen(
            ["fcgiwrap", "-f", "-c", "2", "-s", f"unix:{sock}"],
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not sock.exists():
            if self.fcgi.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"fcgiwrap did not start: {_tail(log)}")
            time.sleep(0.05)
        temp = self.base / "tmp"
        temp.mkdir()
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.base / "nginx.conf"
        conf.write_text(
            f"""{user}
worker_processes 1;
pid {self.base / "nginx.pid"};
error_log {self.base / "error.log"} error;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {temp}/body;
  fastcgi_temp_path {temp}/fastcgi;
  proxy_temp_path {temp}/proxy;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  server {{
    listen 127.0.0.1:{self.port} ssl;
    ssl_certificate {self.cert};
    ssl_certificate_key {self.base / "key.pem"};
    client_max_body_size 0;
    location / {{
      auth_basic "team notes";
      auth_basic_user_file {self.base / "htpasswd"};
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME {HTTP_BACKEND};
      fastcgi_param GIT_PROJECT_ROOT {self.repos};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param PATH_INFO $uri;
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_pass unix:{sock};
    }}
  }}
}}
""",
            encoding="utf-8",
        )
        log = self.base / "error.log"
        self.nginx = subprocess.Popen(
            ["nginx", "-p", str(self.base), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(self.base / "nginx.out").open("wb"),
            start_new_session=True,
        )
        wait_for_port(self.port, self.nginx, "nginx", self.base / "nginx.out")

    def stop(self) -> None:
        stop(self.nginx)
        stop(self.fcgi)


def _https_missing() -> str | None:
    for exe in ("nginx", "fcgiwrap", "openssl"):
        if not shutil.which(exe):
            return f"{exe} is not installed (nginx-light, fcgiwrap, openssl); .ci/run installs it"
    if not Path(HTTP_BACKEND).exists():
        return f"{HTTP_BACKEND} is missing (it comes with git)"
    return None


@pytest.fixture(scope="session")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpsServer]:
    if reason := _https_missing():
        pytest.skip(reason)
    server = HttpsServer(tmp_path_factory.mktemp("https"))
    try:
        server.start()
        yield server
    finally:
        server.stop()
