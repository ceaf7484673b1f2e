"""The notebook's audit log: who exported or disclosed personal data, when, what, how many.

``.custnote/audit.log`` is a plain, committed text file, one line per event, appended by
``export`` and ``disclose`` (docs/privacy.md). Two people appending at the same time both keep
their lines: the file merges with git's ``union`` driver (set in ``.gitattributes`` by the first
entry). ``custnote undo`` never takes an entry back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from custnote.core import clock
from custnote.core.notebook.config import CONFIG_DIR
from custnote.core.notebook.gitattributes import ATTRIBUTES_FILE, with_lines

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

AUDIT_FILE = f"{CONFIG_DIR}/audit.log"
ATTRIBUTE = f"{AUDIT_FILE} merge=union"
HEADER = (
    "# custnote audit log: exports and disclosures of personal data (docs/privacy.md).\n"
    "# when · who · what · customers · details\n"
)
SEPARATOR = " · "


@dataclass(frozen=True)
class AuditEntry:
    when: str
    who: str
    action: str
    customers: int
    details: str

    def line(self) -> str:
        parts = [self.when, self.who, self.action, f"{self.customers} customers", self.details]
        return SEPARATOR.join(p.replace("\n", " ").replace(SEPARATOR, ", ") for p in parts)


def record(nb: Notebook, action: str, customers: int, details: str) -> AuditEntry:
    """Append an entry and commit it (``audit: export 12 customers``)."""
    entry = AuditEntry(
        clock.now().isoformat(timespec="seconds"), nb.author(), action, customers, details
    )
    subject = f"audit: {action} {customers} customers"
    with nb.transaction(subject, "audit") as tx:
        path = nb.root / AUDIT_FILE
        text = tx.read(AUDIT_FILE) if path.exists() else HEADER
        if text and not text.endswith("\n"):
            text += "\n"
        tx.write(AUDIT_FILE, text + entry.line() + "\n")
        current = tx.read(ATTRIBUTES_FILE) if (nb.root / ATTRIBUTES_FILE).exists() else ""
        attributes = with_lines(current, [ATTRIBUTE])
        if attributes is not None:
            tx.write(ATTRIBUTES_FILE, attributes)
    return entry


def entries(nb: Notebook) -> list[AuditEntry]:
    """The entries in the log, oldest first (lines that are not entries are skipped)."""
    path = nb.root / AUDIT_FILE
    if not path.exists():
        return []
    found = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split(SEPARATOR)
        if line.startswith("#") or len(parts) != 5:
            continue
        count = parts[3].split(" ")[0]
        found.append(AuditEntry(parts[0], parts[1], parts[2], int(count or 0), parts[4]))
    return found
