"""bench/gen_notebook.py: the benchmark notebook is a valid, committed notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from gen_notebook import RARE_COUNT, generate

from custnote.core.notebook.notebook import Notebook


def test_generated_notebook_parses_is_committed_and_has_rare_words(tmp_path: Path) -> None:
    made = generate(tmp_path / "nb", customers=40, entries=4)
    nb = Notebook.open(made.root)
    notes = list(nb.iter_notes())
    assert len(notes) == 40
    assert sum(1 for n in notes if n.get("kana")) == 20
    assert nb.resolve("yamada").fields["phones"][0] == "03-5555-0199"
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=made.root, capture_output=True, text=True
    )
    assert status.stdout == ""
    for word, paths in made.rare.items():
        assert len(paths) == RARE_COUNT
        holders = [n.path for n in notes if any(word in e.text for e in n.log)]
        assert sorted(holders) == paths
