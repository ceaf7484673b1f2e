"""JSON: a list of customers as docs/FORMAT.md describes them (``--json``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


def render(customers: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 JSON, readable (indented, Japanese kept as is)."""
    return (json.dumps(list(customers), ensure_ascii=False, indent=2, default=str) + "\n").encode()
