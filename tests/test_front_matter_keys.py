"""A note whose basics hold a mapping keyed by dates (YAML reads ``{2026-11-05: x}`` with a
date for its key) is one warning naming the file and the field: every other customer stays
listed, shown and found (it used to stop every command that opened the note store)."""

from __future__ import annotations

import pytest
from gitfixtures import git, set_identity

BAD = "---\nid: bad001\n{field}: {{2026-11-05: x}}\n{rest}---\n\n## Log\n"


@pytest.mark.parametrize(
    ("field", "rest"),
    [("name", ""), ("company", "name: 悪い 例\n"), ("tags", "name: 悪い 例\n")],
)
def test_a_date_keyed_mapping_is_one_warning(notebook, yamada, cli, field, rest):
    bad = notebook.root / "customers" / "ba" / "bad.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text(BAD.format(field=field, rest=rest), encoding="utf-8")
    set_identity(notebook.root, "suzuki")
    git(notebook.root, "add", "-A")
    git(notebook.root, "commit", "-qm", "a colleague's odd note")
    before = bad.read_bytes()

    listed = cli("list")
    assert listed.exit_code == 0
    assert "山田 太郎" in listed.stdout
    warning = f"customers/ba/bad.md: field '{field}' holds a mapping whose keys are not text"
    assert warning in listed.stderr

    shown = cli("show yamada")
    assert shown.exit_code == 0 and "山田工務店" in shown.stdout
    assert cli("who 03-5555-0199").exit_code == 0

    missing = cli("show bad001")
    assert missing.exit_code != 0
    assert warning in missing.stderr
    assert "Traceback" not in missing.stderr
    assert bad.read_bytes() == before  # the note is left as it is
