"""How custnote talks to a team's git server: never waiting at a prompt, and saying plainly why
a fetch, push or clone failed.

Every git command custnote runs gets the environment of :func:`network_env`: with no terminal on
stdin, git may not prompt for a user name or password (``GIT_TERMINAL_PROMPT=0``) and SSH may not
ask about an unknown host key or a passphrase (``BatchMode=yes``); SSH gives up connecting after
:data:`CONNECT_TIMEOUT` seconds and HTTP after :data:`LOW_SPEED_TIME` seconds without progress.
:func:`explain_failure` turns git's last words into one line saying what happened and what to
do (docs/sync.md lists them).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import sys
from pathlib import Path

#: Seconds SSH waits for the server to answer (``ConnectTimeout``); ``$CUSTNOTE_CONNECT_TIMEOUT``
#: changes it.
CONNECT_TIMEOUT = 10
#: An HTTP transfer slower than 1 KB/s for this many seconds is abandoned.
LOW_SPEED_TIME = 30
#: The longest one network git command may take before custnote stops it (seconds);
#: ``$CUSTNOTE_NETWORK_TIMEOUT`` changes it.
NETWORK_TIMEOUT = 300.0
#: ``git -c`` settings for every network command (HTTP has no separate connect timeout).
HTTP_SETTINGS = ("-c", "http.lowSpeedLimit=1000", "-c", f"http.lowSpeedTime={LOW_SPEED_TIME}")


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def connect_timeout() -> int:
    return int(_setting("CUSTNOTE_CONNECT_TIMEOUT", CONNECT_TIMEOUT))


def network_timeout() -> float:
    return _setting("CUSTNOTE_NETWORK_TIMEOUT", NETWORK_TIMEOUT)


def interactive() -> bool:
    """Whether a person at a terminal could answer a prompt (stdin is a terminal)."""
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def network_env(env: dict[str, str], ssh_config: str | None = None) -> dict[str, str]:
    """``env`` changed so that git cannot hang on a prompt nobody sees.

    ``ssh_config`` is the repository's ``core.sshCommand`` (the environment's
    ``GIT_SSH_COMMAND`` wins over it, as in git); custnote's options are added after the user's
    own command, so an option the user set explicitly keeps the user's value (ssh takes the
    first value given)."""
    env = dict(env)
    tty = interactive()
    options = [f"-o ConnectTimeout={connect_timeout()}"]
    if not tty:
        env["GIT_TERMINAL_PROMPT"] = "0"
        env.setdefault("SSH_ASKPASS_REQUIRE", "never")
        env.setdefault("GCM_INTERACTIVE", "never")
        options.append("-o BatchMode=yes")
    if "GIT_SSH" not in env:  # a wrapper program of the user's own: left alone
        base = env.get("GIT_SSH_COMMAND") or ssh_config or "ssh"
        env["GIT_SSH_COMMAND"] = f"{base} {' '.join(options)}"
    return env


#: (phrases in git's output, what it means and what to do); the first match wins.
_FAILURES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("host key verification failed", "remote host identification has changed"),
        "the server's SSH host key is not known on this computer (or has changed): check its "
        "fingerprint with whoever runs the server, then add it with 'ssh-keyscan {host} >> "
        "~/.ssh/known_hosts' (or connect once with 'ssh {host}')",
    ),
    (
        ("ssl certificate problem", "server certificate verification failed", "certificate"),
        "the server's HTTPS certificate is not trusted on this computer: if it is your office "
        "server's own certificate, tell git where it is ('git config --global http.sslCAInfo "
        "FILE') or ask its administrator",
    ),
    (
        ("permission denied (publickey", "permission denied, please try again", "no more auth"),
        "the server refused your SSH key: add your public key (~/.ssh/id_ed25519.pub) to your "
        "account on the server, or ask its administrator to",
    ),
    (
        (
            "authentication failed",
            "http basic: access denied",
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "the requested url returned error: 401",
            "invalid username or password",
        ),
        "the server refused the user name or password/token: check the token and store it "
        "with git's credential helper (docs/sync.md), or put it in the remote URL",
    ),
    (
        ("the requested url returned error: 403", "permission to", "access denied"),
        "the server refused access to this repository: ask its administrator for write access",
    ),
    (
        (
            "could not resolve host",
            "could not resolve hostname",
            "name or service not known",
            "temporary failure in name resolution",
            "connection refused",
            "connection timed out",
            "operation timed out",
            "timed out",
            "no route to host",
            "network is unreachable",
            "failed to connect",
            "couldn't connect",
            "connection reset",
            "connection closed",
            "unexpected disconnect",
            "the remote end hung up",
            "early eof",
            "kex_exchange_identification",
            "returned error: 5",
        ),
        "the server cannot be reached (down, or no network): try again later",
    ),
    (
        (
            "does not appear to be a git repository",
            "repository not found",
            "not found",
            "does not exist",
        ),
        "there is no repository at that address: check the URL",
    ),
    (
        ("pre-receive hook declined", "protected branch", "remote rejected", "denied"),
        "the server refused the push (a protected branch or a server rule): ask whoever runs it",
    ),
)


def redact(url: str) -> str:
    """``url`` without the password or token it may carry (``https://user:***@host/…``), for
    messages and reports."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@", r"\1:***@", url)


def explain_failure(output: str, url: str) -> str:
    """One line: what went wrong talking to ``url``, and what to do."""
    lowered = output.lower()
    for phrases, advice in _FAILURES:
        if any(p in lowered for p in phrases):
            return advice.format(host=_host_of(url))
    lines = [x.strip() for x in output.strip().splitlines() if x.strip()]
    return lines[-1] if lines else "git failed without saying why"


def _host_of(url: str) -> str:
    """``-p PORT host`` for ``ssh://user@host:port/path``, ``host`` for ``user@host:path``."""
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport = rest.split("/", 1)[0] if "://" in url else rest.split(":", 1)[0]
    hostport = hostport.rsplit("@", 1)[-1]
    if "://" in url and ":" in hostport:
        host, port = hostport.rsplit(":", 1)
        return f"-p {shlex.quote(port)} {shlex.quote(host)}"
    return shlex.quote(hostport)


def kill_tree(pid: int) -> None:
    """SIGKILL the processes ``pid`` started, their children first (Linux: read from /proc;
    elsewhere nothing, and git's helpers stop at their own timeouts)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            kill_tree(child)
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
