"""Kill custnote at random moments (SIGKILL to its process group) and check that the next
command recovers by itself, the work tree holds the state before or after the command, and no
committed entry is lost (tests/faultkit.py). A few seeded trials per command here;
bench/bench_faults.py runs hundreds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from faultkit import SCENARIOS, Base, kill_trial, prepare

TRIALS = 3


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_killed_command_leaves_nothing_lost_or_stuck(name: str, workdir: Path) -> None:
    base: Base = prepare(SCENARIOS[name], workdir)
    assert base.before != base.after, "the command changes the notebook"
    rng = random.Random(f"faults-{name}")
    outcomes = [kill_trial(base, workdir, rng, n) for n in range(TRIALS)]
    for extra in range(3):  # the machine got faster than the timed run: kill sooner
        if any(o.killed for o in outcomes):
            break
        outcomes.append(kill_trial(base, workdir, rng, TRIALS + extra, scale=0.5 ** (extra + 1)))
    for outcome in outcomes:
        assert outcome.problems == [], outcome
        assert outcome.state in ("before", "after") and outcome.lost == 0
    assert any(o.killed for o in outcomes), "at least one trial interrupted the command"
