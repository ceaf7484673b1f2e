"""The search index's freshness tests (tests/test_search_cli.py) with git's fsmonitor on: a hand
edit, one undone by ``git checkout``, notes copied in and removed by hand are still noticed."""

from __future__ import annotations

from fsmonitorfixtures import with_and_without_fsmonitor  # noqa: F401
from test_search_cli import (  # noqa: F401  (collected here again, with this module's notebook)
    customers,
    test_hand_edit_is_noticed_by_the_next_search,
    test_hand_edit_undone_with_git_checkout_is_noticed,
    test_note_files_copied_in_and_removed_by_hand,
)
