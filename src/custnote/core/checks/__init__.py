"""``custnote check``: the notebook's health, found and (where safe) repaired.

A check is a module in this package listed in :data:`CHECK_MODULES`. Each has:

- ``NAME``: a short name shown beside its findings (``notes``, ``ids``, ``caches`` …);
- ``find(nb) -> list[Finding]``: what is wrong, reading only;
- optionally ``fix(nb, findings) -> list[str]``: repair the findings marked ``fixable`` and
  return one line per repair done (it must never lose a note: anything removed is first kept).

The checks never raise for a bad note: a note that cannot be read is itself a finding.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook

#: Every check, in the order its findings are shown.
CHECK_MODULES = [
    "custnote.core.checks.notes",
    "custnote.core.checks.links",
    "custnote.core.checks.caches",
    "custnote.core.checks.privacy",
    "custnote.core.checks.branches",
    "custnote.core.checks.interrupted",
]


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, the file it concerns ("" for the whole notebook),
    what is wrong in one line, and whether ``check --fix`` can repair it."""

    check: str
    path: str
    message: str
    fixable: bool = False


@dataclass
class CheckReport:
    findings: list[Finding]
    fixed: list[str]

    @property
    def ok(self) -> bool:
        return not self.findings


def run_checks(nb: Notebook, *, fix: bool = False) -> CheckReport:
    """Run every check; with ``fix``, repair what is fixable and look again."""
    modules = [importlib.import_module(name) for name in CHECK_MODULES]
    findings = {m.NAME: list(m.find(nb)) for m in modules}
    fixed: list[str] = []
    if fix:
        for module in modules:
            repairable = [f for f in findings[module.NAME] if f.fixable]
            if repairable and hasattr(module, "fix"):
                fixed += module.fix(nb, repairable)
                findings[module.NAME] = list(module.find(nb))
    return CheckReport([f for m in modules for f in findings[m.NAME]], fixed)
