"""dedup: find republished news articles and show exactly what changed.

>>> import dedup
>>> c = dedup.compare(open("examples/tribunpalu.txt").read(), open("examples/tribunnews.txt").read())
>>> c.verdict
'republication'
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

# Heavier parts load on first use, so `import dedup` and the CLI stay fast.
_LAZY = {
    "signatures": "dedup.minhash",
    "Index": "dedup.index",
    "Match": "dedup.index",
    "score": "dedup.corpus",
    "ScoreResult": "dedup.corpus",
    "Fields": "dedup.records",
    "Record": "dedup.records",
    "read_records": "dedup.records",
    "Boilerplate": "dedup.boilerplate",
    "write_report": "dedup.render.report",
}

if TYPE_CHECKING:  # type checkers see the lazy names with their real types
    from .corpus import ScoreResult, score
    from .index import Index, Match
    from .minhash import signatures
    from .records import Fields, Record, read_records
    from .render.report import write_report


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dedup' has no attribute {name!r}")


__all__ = ["compare", "Comparison", "collate", "Collation", "Document", "__version__", *_LAZY]
