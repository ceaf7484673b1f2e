"""A simulated team: 3 colleagues share 200 customers and write about them at the same time.

Each colleague adds ``--entries`` log entries and ``--edits`` field edits to random customers of
the shared set (so many notes are changed on several sides between syncs), syncing in turns.
Two identical teams run the same writes: one syncs with ``custnote sync``, the other with a plain
``git pull --rebase`` + ``git push`` (with custnote's merge driver registered, as custnote sets
it up). Printed: entries lost (must be 0), notes holding conflicts (must be 0: every colleague
edits a field of their own), the median time of one whole-process sync beside the plain git
baseline as a ratio, then a round of deliberate same-field collisions (each must be recorded).

The whole simulation runs once per transport (``--transports``): a bare repository on a path,
the same over SSH (OpenSSH ``sshd`` on 127.0.0.1, ``ssh://`` remotes, one connection per git
command as without multiplexing) and over HTTPS (nginx + ``git http-backend`` with basic auth);
the servers are the test suite's (tests/servers.py), started here and stopped at the end.

    PYTHONPATH=src python bench/bench_sync.py [--customers 200 --entries 300 --edits 30]
        [--transports path,ssh,https]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path

import custnote
from custnote.core.note.model import LogEntry
from custnote.core.notebook.notebook import Notebook
from custnote.core.sync.merge_rules import has_git_markers
from custnote.core.sync.note_merge import note_conflicts

NAMES = ["sato", "ito", "kato"]
#: Every colleague edits a field of their own, so no same-field collision is made by accident.
OWN_FIELD = {"sato": "title", "ito": "department", "kato": "contact_hours"}


#: What the transport adds to every process's environment (GIT_SSH_COMMAND, GIT_SSL_CAINFO).
TRANSPORT_ENV: dict[str, str] = {}


def env_for(name: str) -> dict[str, str]:
    src = str(Path(custnote.__file__).resolve().parents[1])
    return (
        os.environ
        | TRANSPORT_ENV
        | {
            "CUSTNOTE_AUTHOR": name,
            "CUSTNOTE_EMAIL": f"{name}@example.jp",
            "CUSTNOTE_NOW": "2026-11-20T10:00",
            "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
    )


def run(args: list[str], cwd: Path, name: str) -> float:
    """Run a whole process; return its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env_for(name), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed for {name}: {proc.stderr.strip()}")
    return elapsed


def custnote_cmd(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "custnote", "-N", str(root), *args]


def set_identity(root: Path, name: str) -> None:
    for key, value in (("user.name", name), ("user.email", f"{name}@example.jp")):
        subprocess.run(["git", "config", key, value], cwd=root, check=True)


class Team:
    """A bare remote and three clones; ``mode`` is ``custnote`` or ``git``."""

    def __init__(self, base: Path, mode: str, customers: int, remote: Path, url: str):
        self.mode, self.base = mode, base
        self.remote, self.url = remote, url
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.remote)], check=True)
        self.roots = {name: base / name for name in NAMES}
        founder = self.roots[NAMES[0]]
        run([sys.executable, "-m", "custnote", "init", str(founder)], base, NAMES[0])
        set_identity(founder, NAMES[0])
        nb = Notebook(founder)
        with nb.transaction(f"import: {customers} customers", "import") as tx:
            for i in range(customers):
                tx.write_note(nb.new_note({"name": f"顧客 {i:03d}", "kana": f"こきゃく{i}"}))
        run(custnote_cmd(founder, "remote", "add", self.url), base, NAMES[0])
        run(custnote_cmd(founder, "sync"), base, NAMES[0])
        for name in NAMES[1:]:
            clone = ["clone", self.url, str(self.roots[name])]
            run([sys.executable, "-m", "custnote", *clone], base, name)
            set_identity(self.roots[name], name)
        self.sync_times: list[float] = []

    def sync(self, name: str) -> None:
        root = self.roots[name]
        if self.mode == "custnote":
            self.sync_times.append(run(custnote_cmd(root, "sync"), root, name))
        else:
            pull = run(["git", "pull", "-q", "--rebase", "origin", "main"], root, name)
            push = run(["git", "push", "-q", "origin", "HEAD:main"], root, name)
            self.sync_times.append(pull + push)

    def notebook(self, name: str) -> Notebook:
        os.environ.update(CUSTNOTE_AUTHOR=name, CUSTNOTE_EMAIL=f"{name}@example.jp")
        return Notebook(self.roots[name])


def plan(customers: int, entries: int, edits: int, rounds: int, seed: int) -> list[list[tuple]]:
    """The same writes for both teams: per round, per colleague, a list of actions."""
    rng = random.Random(seed)
    rounds_plan = []
    for r in range(rounds):
        turn = []
        for name in NAMES:
            actions: list[tuple] = []
            for i in range(entries // rounds):
                day = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
                stamp = datetime.combine(day, datetime.min.time()) + timedelta(
                    minutes=rng.randrange(9 * 60, 18 * 60)
                )
                text = f"{name} r{r} e{i}: 見積と納期の相談"
                actions.append(("log", rng.randrange(customers), stamp, text))
            for i in range(edits // rounds):
                target = rng.randrange(customers)
                if i % 3 == 2:
                    actions.append(("tag", target, f"t-{name}-{r}"))
                else:
                    actions.append(("set", target, OWN_FIELD[name], f"{name} r{r} {i}"))
            rng.shuffle(actions)
            turn.append((name, actions))
        rounds_plan.append(turn)
    return rounds_plan


def apply(team: Team, name: str, actions: list[tuple]) -> None:
    nb = team.notebook(name)
    paths = nb.note_paths()
    for action in actions:
        note = nb.load(paths[action[1]])
        if action[0] == "log":
            _, _, stamp, text = action
            entry = LogEntry(date=stamp.date(), time=stamp.time(), kind="call", author=name,
                             text=text)  # fmt: skip
            nb.add_entry(note, entry)
        elif action[0] == "tag":
            tags = [*note.list_field("tags"), action[2]]
            nb.update_fields(note, {"tags": tags})
        else:
            nb.update_fields(note, {action[2]: action[3]})


def audit(team: Team, expected: set[str]) -> tuple[int, int]:
    """(entries lost summed over the clones, notes holding conflicts summed over the clones)."""
    lost = conflicted = 0
    for name in NAMES:
        nb = team.notebook(name)
        texts = set()
        for rel in nb.note_paths():
            text = nb.read_text(rel)
            note = nb.load(rel)
            texts |= {e.text for e in note.log}
            if note_conflicts(note) or has_git_markers(text):
                conflicted += 1
        lost += len(expected - texts)
    return lost, conflicted


def collide(team: Team, count: int) -> int:
    """sato and ito set ``status`` of the same ``count`` customers differently; both sync.
    Returns how many of those notes record the conflict (must be ``count``)."""
    for name, value in (("sato", "active"), ("ito", "dormant")):
        nb = team.notebook(name)
        for rel in nb.note_paths()[:count]:
            nb.update_fields(nb.load(rel), {"status": value})
    for name in ["sato", "ito", "kato", "sato", "ito"]:
        team.sync(name)
    nb = team.notebook("kato")
    return sum(
        1 for rel in nb.note_paths()[:count] if "field status" in note_conflicts(nb.load(rel))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--entries", type=int, default=300, help="log entries per colleague")
    parser.add_argument("--edits", type=int, default=30, help="field edits per colleague")
    parser.add_argument("--rounds", type=int, default=10, help="sync turns per colleague")
    parser.add_argument("--collisions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--transports", default="path,ssh,https")
    args = parser.parse_args()
    os.environ.setdefault("CUSTNOTE_NOW", "2026-11-20T10:00")
    actions = plan(args.customers, args.entries, args.edits, args.rounds, args.seed)
    expected = {a[3] for turn in actions for _, acts in turn for a in acts if a[0] == "log"}
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench_sync_") as tmp, ExitStack() as servers:
        for transport in args.transports.split(","):
            base = Path(tmp) / transport
            base.mkdir()
            remote_for = transport_remotes(transport, base, servers)
            teams = {}
            for mode in ("custnote", "git"):
                (base / mode).mkdir()
                remote, url = remote_for(mode)
                teams[mode] = Team(base / mode, mode, args.customers, remote, url)
            failed |= simulate(args, transport, teams, actions, expected)
    if failed:
        raise SystemExit("FAILED: a note was lost or a conflict was not recorded as expected")


def transport_remotes(transport: str, base: Path, servers: ExitStack):
    """``mode -> (bare repository path, URL)`` for one transport; starts its server."""
    TRANSPORT_ENV.clear()
    if transport == "path":
        return lambda mode: (base / f"{mode}.git", str(base / f"{mode}.git"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import servers as real  # the test suite's servers: one way to start them

    if transport == "ssh":
        ssh = real.SshServer(base / "sshd")
        ssh.base.mkdir()
        servers.callback(ssh.stop)
        ssh.start()
        TRANSPORT_ENV["GIT_SSH_COMMAND"] = ssh.ssh_command(multiplex=False)
        return lambda mode: (base / f"{mode}.git", ssh.url(base / f"{mode}.git", "ssh://"))
    if transport == "https":
        web = real.HttpsServer(base / "https")
        web.base.mkdir()
        servers.callback(web.stop)
        web.start()
        TRANSPORT_ENV["GIT_SSL_CAINFO"] = str(web.cert)
        return lambda mode: (
            web.repos / f"{transport}-{mode}.git",
            web.url(f"{transport}-{mode}.git"),
        )
    raise SystemExit(f"unknown transport {transport!r} (path, ssh, https)")


def simulate(args, transport: str, teams: dict, actions: list, expected: set[str]) -> bool:
    """One team per mode does the same writes, turn about; prints the figures; True if failed."""
    elapsed = dict.fromkeys(teams, 0.0)
    # The two teams take turns, so that both see the same load on the machine.
    for turn in [*actions, [(name, []) for name in NAMES * 2]]:
        for name, acts in turn:
            for mode, team in teams.items():
                start = time.perf_counter()
                apply(team, name, acts)
                team.sync(name)
                elapsed[mode] += time.perf_counter() - start
    results = {}
    for mode, team in teams.items():
        lost, conflicted = audit(team, expected)
        timed = list(team.sync_times)  # the collision round below is not timed
        recorded = collide(team, args.collisions) if mode == "custnote" else None
        team.sync_times = timed
        results[mode] = (team, lost, conflicted, elapsed[mode], recorded)
    return print_results(args, transport, expected, results)


def print_results(
    args: argparse.Namespace, transport: str, expected: set[str], results: dict
) -> bool:
    team, lost, conflicted, elapsed, recorded = results["custnote"]
    g_team, g_lost, g_conflicted, g_elapsed, _ = results["git"]
    ours, base = statistics.median(team.sync_times), statistics.median(g_team.sync_times)
    print(f"\n== over {transport}: {team.url.replace('s3cret-token', '***')}")
    print(f"team of {len(NAMES)}, {args.customers} shared customers, {len(expected)} log entries, "
          f"{args.edits * len(NAMES)} field edits, {len(team.sync_times)} syncs")  # fmt: skip
    print(f"custnote sync : entries lost {lost}, notes with conflict markers {conflicted} "
          f"(no same-field collision made), whole run {elapsed:.1f} s")  # fmt: skip
    print(f"git pull+push : entries lost {g_lost}, notes with conflict markers {g_conflicted}, "
          f"whole run {g_elapsed:.1f} s")  # fmt: skip
    print(f"median sync   : custnote sync {ours * 1000:.0f} ms vs git pull --rebase + git push "
          f"{base * 1000:.0f} ms, ratio {ours / base:.2f}")  # fmt: skip
    print(f"deliberate same-field collisions: {args.collisions}, recorded as conflicts: {recorded}")
    return bool(lost or g_lost or conflicted or recorded != args.collisions)


if __name__ == "__main__":
    main()
