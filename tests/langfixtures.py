"""The language a test notebook speaks (its ``language:`` setting)."""

from __future__ import annotations

import re

from custnote.core.notebook.notebook import Notebook


def set_language(notebook: Notebook, lang: str | None) -> None:
    """Write ``language: LANG`` into the notebook's settings (``None``: leave it to the locale)."""
    config = notebook.root / ".custnote" / "config.yaml"
    text = re.sub(r"(?m)^language: \w+\n", "", config.read_text("utf-8"))
    config.write_text(text + (f"language: {lang}\n" if lang else ""), "utf-8")
