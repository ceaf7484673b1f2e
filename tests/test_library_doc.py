"""docs/library.md's script, taken from the Markdown and run as a program in an empty folder
(real git, the date pinned by conftest's CUSTNOTE_NOW): what it prints and every file it makes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import CUSTNOTE_SRC
from gitfixtures import git

from custnote.core.notebook.notebook import Notebook

DOC = Path(__file__).resolve().parents[1] / "docs" / "library.md"


def doc_script() -> str:
    """The first Python block after the "A script" heading."""
    text = DOC.read_text("utf-8")
    section = text.split("## A script", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "docs/library.md has no python block under '## A script'"
    return found.group(1)


def test_the_library_script_of_the_docs_runs_and_makes_what_it_says(tmp_path: Path):
    (tmp_path / "script.py").write_text(doc_script(), "utf-8")
    env = dict(os.environ, PYTHONPATH=CUSTNOTE_SRC)
    run = subprocess.run(
        [sys.executable, "script.py"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    nb = Notebook.open(tmp_path / "notes")
    (rel,) = nb.note_paths()
    assert run.stdout.splitlines() == [
        f"found: 山田 太郎 {rel}",
        "exported: 1 csv",
        "agenda events: 1",
        "customers in the report: 1",
    ]
    note = nb.load(rel)
    assert note.fields["preferences"] == {"drink": "ほうじ茶", "allergies": ["えび"]}
    (entry,) = note.log
    assert (entry.kind, entry.text, str(entry.follow_up)) == (
        "visit",
        "見積を提出。奥様の誕生日が来月。",
        "2026-12-01",
    )
    csv = (tmp_path / "customers.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert csv[0].split(",")[:2] == ["id", "name"]
    assert "山田 太郎" in csv[1] and "03-5555-0199" in csv[1] and len(csv) == 2
    ics = (tmp_path / "agenda.ics").read_text("utf-8")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20261201" in ics and "山田 太郎" in ics
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "<h1>山田工務店 and friends</h1>" in html and "<svg" in html
    subjects = git(tmp_path / "notes", "log", "--format=%s").splitlines()
    assert subjects == [
        "audit: export 1 customers",
        "log: 山田 太郎 (visit)",
        "add: 山田 太郎",
        "init: custnote notebook",
    ]
