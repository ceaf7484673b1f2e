"""Opening the user's editor on a text (``$VISUAL``, ``$EDITOR``, else ``vi``)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from custnote.errors import CustnoteError
from custnote.i18n import _


def edit_text(initial: str, suffix: str = ".md") -> str:
    """Let the user edit ``initial`` and return what they saved."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="custnote-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(initial)
        try:
            result = subprocess.run([*shlex.split(command), str(path)])
        except OSError as exc:
            raise CustnoteError(
                _("cannot start the editor {command!r}: {strerror}").format(
                    command=command, strerror=exc.strerror
                )
            ) from None
        if result.returncode != 0:
            raise CustnoteError(
                _("the editor {command!r} exited with status {returncode}").format(
                    command=command, returncode=result.returncode
                )
            )
        return path.read_bytes().decode("utf-8")
    finally:
        path.unlink(missing_ok=True)
