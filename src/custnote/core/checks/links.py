"""Symbolic links in the notebook's folders: custnote never follows them (docs/security.md).

A committed link (``customers/ya -> /some/dir``, a note that links to a file elsewhere, a linked
``.custnote/templates``) is refused wherever custnote meets it; this check lists every one, so a
person can remove it (``git rm``). It is not repaired automatically: whoever committed it may
have meant something, and removing it is a team decision.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from custnote.core.checks import Finding

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

NAME = "links"
#: the folders custnote reads and writes (notes, settings, templates)
WATCHED = ("customers", "archive", ".custnote")


def find(nb: Notebook) -> list[Finding]:
    found = []
    for top in WATCHED:
        path = nb.root / top
        if path.is_symlink():
            found.append(top)
            continue
        for folder, dirs, files in os.walk(path):  # os.walk never descends into a link
            rel = os.path.relpath(folder, nb.root).replace(os.sep, "/")
            for name in dirs + files:
                if os.path.islink(os.path.join(folder, name)):
                    found.append(f"{rel}/{name}")
    return [
        Finding(
            NAME,
            rel,
            f"{rel}: a symbolic link ({os.readlink(nb.root / rel)}); "
            "custnote never follows it: remove it with 'git rm'",
        )
        for rel in sorted(found)
    ]
