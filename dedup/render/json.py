"""JSON output: exactly :meth:`dedup.Comparison.to_dict`, for programs.

>>> from dedup import compare
>>> import json
>>> c = compare("Satu dua tiga empat lima.", "Satu dua tiga empat enam.")
>>> json.loads(render(c)) == c.to_dict()
True
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..compare import Comparison


def render(comparison: "Comparison", color: bool = False) -> str:
    """``comparison.to_dict()`` as indented JSON, non-ASCII text kept as is (``color`` is ignored)."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)
