"""dedup: find republished news articles and show exactly what changed.

>>> import dedup
>>> c = dedup.compare(open("examples/tribunpalu.txt").read(), open("examples/tribunnews.txt").read())
>>> c.verdict
'republication'

The public API (``__all__``), one line each:

- ``compare(a, b)`` -> ``Comparison``: two articles' similarity, verdict and sentence-level diff.
- ``Comparison``: what compare found; ``to_dict()`` is the JSON of ``dedup diff --format json``.
- ``Document(text)``: an article parsed into headline, dateline, content sentences, credits, boilerplate.
- ``collate(articles)`` -> ``Collation``: every copy of a story aligned to one base, sentence by sentence.
- ``Collation``: what collate found: the witnesses and, for each base sentence, each copy's reading.
- ``Index``: a near-duplicate index (memory, SQLite or Redis): add articles, query one, get ``Match``es.
- ``Match``: one verified match of an index query (id, scores, verdict).
- ``score(records)`` -> ``ScoreResult``: every near-duplicate pair of a corpus, named and clustered.
- ``ScoreResult``: what score found: ``pairs`` and cluster ``members``.
- ``write_report(result, path)``: the HTML report of a score run, with one diff page per listed pair.
- ``Fields``: which field of an input record holds the id, text, date, source, title and URL.
- ``Record``: one input article as read from a corpus: id, text and metadata.
- ``read_records(path)``: the Records of a .jsonl(.gz), .csv or .parquet corpus, for score and Index.add_many.
- ``signatures(texts)``: MinHash signatures of many texts (a numpy array, one row per text).
- ``Boilerplate``: outlet boilerplate learned from a corpus, for compare and the index to ignore.
- ``__version__``: the package version.

How data flows through the modules: ``text`` -> ``document`` -> ``minhash``/``lsh`` ->
``index``/``corpus`` -> ``align``/``verdict`` (``compare``) -> ``render``, with ``cli`` a thin layer over
this API and ``synth`` a generator of labelled test pairs (docs/DESIGN-NOTES.md draws the layers).
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .collate import Collation, collate  # eager: the module's name is the function's
from .compare import Comparison, compare
from .document import Document

__version__ = "0.1.0"

# Library code reports through the "dedup" logger (skipped records, slow stages); silent unless
# the application configures logging (https://docs.python.org/3/howto/logging.html#library-config).
logging.getLogger(__name__).addHandler(logging.NullHandler())

# Heavier parts load on first use, so `import dedup` and the CLI stay fast (names relative to the
# package: a copy imported under another name, as benchmarks/_checkout.py does, loads its own).
_LAZY = {
    "signatures": ".minhash",
    "Index": ".index",
    "Match": ".index",
    "score": ".corpus",
    "ScoreResult": ".corpus",
    "Fields": ".records",
    "Record": ".records",
    "read_records": ".records",
    "Boilerplate": ".boilerplate",
    "write_report": ".render.report",
}

if TYPE_CHECKING:  # type checkers see the lazy names with their real types
    from .corpus import ScoreResult, score
    from .index import Index, Match
    from .minhash import signatures
    from .records import Fields, Record, read_records
    from .render.report import write_report


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'dedup' has no attribute {name!r}")


__all__ = ["compare", "Comparison", "collate", "Collation", "Document", "__version__", *_LAZY]
