"""The search index: the only package that imports Whoosh (the frozen fork Whoosh-Reloaded 2.7.5).

One module a job: :mod:`.lightimport` (Whoosh without what it never needs), :mod:`.analysis`
(Japanese/English terms), :mod:`.schema`, :mod:`.docfields` (a document's fields and what is
stored of it), :mod:`.query` (parsed queries to Whoosh queries), :mod:`.collect` (every
match scored in bulk), :mod:`.verify` (phrases checked on the hits shown), :mod:`.results`
(ranking, did-you-mean), :mod:`.highlight` (snippets), :mod:`.segments` (merge policy of updates),
:mod:`.freshness` (what changed since the index was written), :mod:`.pool` and :mod:`.build`
(the parallel full build) and :mod:`.index` (the index folder: refresh, rebuild, search).

Whoosh pickles the schema, analyzers and formats included, into the index: the classes of
:mod:`.analysis` must keep their names and module. If they ever move, bump
:data:`.index.SCHEMA_VERSION`; an index that cannot be unpickled is rebuilt anyway.

Callers import this package lazily, inside functions (Whoosh takes a while to import).
"""

from custnote.adapters.whoosh_index.lightimport import import_whoosh_lightly

import_whoosh_lightly()
