"""``custnote demo``: a new notebook filled with the demo customers, in one commit.

The customers come from :mod:`custnote.core.notebook.demo_customers`, dated relative to the clock's
today. Running the demo again on the same folder changes nothing; it never writes into a folder that
holds anything else (an unrelated folder, or a notebook with customers of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from custnote.core import clock
from custnote.core.note.model import LogEntry
from custnote.core.notebook.demo_customers import demo_customers
from custnote.core.notebook.locate import is_notebook
from custnote.core.notebook.notebook import Notebook
from custnote.errors import InvalidValueError
from custnote.i18n import _

#: The customer README's examples use (山田 太郎, 03-5555-0199, allergic to えび).
EXAMPLE_CUSTOMER = "k7m2qa"


@dataclass
class DemoReport:
    """What :func:`make_demo` did."""

    notebook: Notebook
    created: bool  #: False when the folder already held the demo (nothing was written)
    customers: int
    japanese: int
    entries: int


def _check_empty_folder(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise InvalidValueError("path", str(root), _("is a file; the demo needs a new folder"))
    if root.is_dir() and not is_notebook(root) and any(root.iterdir()):
        raise InvalidValueError(
            "path", str(root), _("is not empty; the demo only writes into a new or empty folder")
        )


def make_demo(path: Path) -> DemoReport:
    """Create (or find) the demo notebook at ``path``; see the module docstring."""
    root = path.expanduser().resolve()
    _check_empty_folder(root)
    nb, _ignored = Notebook.init(root)
    customers = demo_customers(clock.today())
    ids = {c.fields["id"] for c in customers}
    existing = {str(s.get("id")) for s in nb.summaries().values()}
    existing |= {str(s.get("id")) for s in nb.summaries(archived=True).values()}
    counts = {
        "customers": len(customers),
        "japanese": sum(1 for c in customers if c.fields.get("kana")),
        "entries": sum(len(c.log) for c in customers),
    }
    if existing & ids:
        return DemoReport(nb, created=False, **counts)
    if existing:
        reason = _("already holds {value} customers; the demo needs a new folder").format(
            value=len(existing)
        )
        raise InvalidValueError("path", str(root), reason)
    notes = [nb.new_note(c.fields, c.body, [LogEntry(**e) for e in c.log]) for c in customers]
    with nb.transaction(f"demo: {len(notes)} demo customers", "demo") as tx:
        for note in notes:
            tx.write_note(note)
    return DemoReport(nb, created=True, **counts)
