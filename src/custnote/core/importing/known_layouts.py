"""Which known address-book layout a sheet is written in, from its headers.

The layouts themselves are in :mod:`custnote.core.importing.layouts_en` (Google, Outlook) and
:mod:`custnote.core.importing.layouts_ja` (日本語 Outlook, 宛名職人, 筆まめ …), on top of
:mod:`custnote.core.importing.layouts` (what a layout is). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from custnote.core.importing.layouts import Layout, layout_key
from custnote.core.importing.layouts_en import ENGLISH_LAYOUTS
from custnote.core.importing.layouts_ja import JAPANESE_LAYOUTS


def recognise(headers: Sequence[str]) -> Layout | None:
    """The layout these headers are written in (the first that claims them), or None."""
    if {"id", "name"} <= {h.strip() for h in headers}:
        return None  # custnote's own export: its columns are custnote's fields already
    keys = {layout_key(h) for h in headers}
    for claims, layout in (*ENGLISH_LAYOUTS, *JAPANESE_LAYOUTS):
        if claims(keys):
            return Layout(layout.name, layout.role_of, layout.us_dates)
    return None
