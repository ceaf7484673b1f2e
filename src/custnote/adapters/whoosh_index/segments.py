"""Which segments an update writes and merges (a Whoosh merge policy of custnote's own).

A few changed notes go into a small segment of their own, without Whoosh's merging, which reads
the postings of every term; once :data:`SMALL_SEGMENTS_MAX` small segments piled up, their notes
are re-indexed into the next one. Segments that grow past small that way are merged by Whoosh
once there are :data:`SEGMENTS_MAX` of them: the full build's segments (one per worker and
memory budget, see :mod:`.build`; their ids are kept in the index state) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

#: an update of at most this many notes writes a small segment (see SearchIndex._update)
SMALL_SEGMENT_DOCS = 50
#: this many small segments are re-indexed into one by the next small update
SMALL_SEGMENTS_MAX = 8
#: with this many segments written by updates, the next update merges them (rare, slower)
SEGMENTS_MAX = 16


def small_segments(
    searcher: Any, built: Collection[str], stored: Callable[[Any], Callable[[int], dict]]
) -> list[tuple[Any, list[str]]]:
    """The segments of at most :data:`SMALL_SEGMENT_DOCS` documents written by updates, each
    with the paths of the documents in it that are not deleted (``stored``: a reader's stored
    fields by document number)."""
    found = []
    for leaf, _base in searcher.reader().leaf_readers():
        segment = leaf.segment()
        if segment.doc_count_all() <= SMALL_SEGMENT_DOCS and segment.segment_id() not in built:
            fields = stored(leaf)
            found.append((segment, [fields(n)["path"] for n in leaf.all_doc_ids()]))
    return found


def drop_emptied(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: merge nothing; leave out segments with no document left."""
    return [segment for segment in segments if segment.doc_count() > 0]


def _updates(segments: list[Any], built: Collection[str]) -> list[Any]:
    """The segments written by updates (not by the full build)."""
    return [s for s in segments if s.segment_id() not in built]


def too_many(segments: list[Any], built: Collection[str]) -> bool:
    """Whether the updates' segments are to be merged by the next update."""
    return len(_updates(segments, built)) >= SEGMENTS_MAX


def merge_updates(built: Collection[str]) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy: merge the segments written by updates into the one being written
    (Whoosh's own policy may merge none of them when the largest holds most documents)."""

    def merge(writer: Any, segments: list[Any]) -> list[Any]:
        from whoosh.reading import SegmentReader

        merged = _updates(segments, built)
        for segment in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [s for s in segments if s not in merged and s.doc_count() > 0]

    return merge
