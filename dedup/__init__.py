"""dedup: find republished news articles and show exactly what changed.

>>> import dedup
>>> c = dedup.compare(open("examples/tribunpalu.txt").read(), open("examples/tribunnews.txt").read())
>>> c.verdict
'republication'
"""

from __future__ import annotations

from importlib import import_module

from .compare import Comparison, compare
from .document import Document

__version__ = "0.1.0"

# Heavier parts load on first use, so `import dedup` and the CLI stay fast.
_LAZY = {
    "signatures": "dedup.minhash",
    "Index": "dedup.index",
    "Match": "dedup.index",
    "score": "dedup.corpus",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dedup' has no attribute {name!r}")


__all__ = ["compare", "Comparison", "Document", "__version__", *_LAZY]
