"""resolve's string helpers agree with pathlib on note paths (they replace it for speed)."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from custnote.core.notebook.resolve import file_name, file_stem

segment = st.text(alphabet="ab.-_山", min_size=1, max_size=6).filter(lambda s: s not in (".", ".."))


@settings(max_examples=200)
@given(st.lists(segment, min_size=1, max_size=3))
def test_name_and_stem_match_pathlib(parts: list[str]) -> None:
    path = "/".join(parts)
    assert file_name(path) == PurePosixPath(path).name
    assert file_stem(path) == PurePosixPath(path).stem


def test_note_paths() -> None:
    path = "customers/ya/yamada-tarou-k7m2qa.md"
    assert (file_name(path), file_stem(path)) == ("yamada-tarou-k7m2qa.md", "yamada-tarou-k7m2qa")
