"""Restricted values in clear text (a hand edit, a ``git pull`` of someone's plain note, a
notebook that restricted fields later), and private state readable by others (docs/privacy.md).

``check --fix`` encrypts them, in one commit; their clear text stays in the git history that
came before, which only ``custnote forget`` or a rewrite of history removes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custnote.core.checks import Finding
from custnote.errors import CustnoteError

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "privacy"


def find(nb: Notebook) -> list[Finding]:
    policy = nb.policy
    if not policy.active:
        return []
    from custnote.core.note.noteformat import read_front_matter
    from custnote.core.privacy import is_armored
    from custnote.core.privacy.sealing import body_blocks, plaintext_paths

    findings: list[Finding] = []
    for rel in nb.note_paths() + nb.note_paths(archived=True):
        try:
            text = nb.read_text(rel)
            paths = plaintext_paths(read_front_matter(text, rel), policy)
            blocks = body_blocks(text, rel, policy)
        except CustnoteError:
            continue  # the notes check reports notes that cannot be read
        findings += [
            Finding(NAME, rel, f"restricted field {path} is in clear text", fixable=True)
            for path in paths
        ]
        if any(block and not is_armored(block) for block in blocks):
            findings.append(Finding(NAME, rel, "a restricted section is in clear text", True))
    state = nb.state_dir
    if state.exists() and state.stat().st_mode & 0o077:
        message = f"{state} (may hold decrypted values) is readable by others"
        findings.append(Finding(NAME, "", message, fixable=True))
    return findings


def fix(nb: Notebook, findings: list[Finding]) -> list[str]:
    from custnote.adapters.fsio import make_private

    done: list[str] = []
    if any(not f.path for f in findings):
        make_private(nb.state_dir)
        done.append(f"{nb.state_dir} made owner-only (0700)")
    paths = sorted({f.path for f in findings if f.path})
    if paths:
        subject = f"check: encrypt restricted values ({len(paths)} notes)"
        with nb.transaction(subject, "check") as tx:
            for rel in paths:
                tx.write(rel, tx.read(rel))  # every write seals restricted values
        done += [f"{rel}: restricted values encrypted" for rel in paths]
    return done
