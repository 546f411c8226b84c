"""Renderers of one :class:`dedup.Comparison`: terminal text, JSON, Markdown and HTML.

>>> from dedup import compare
>>> c = compare("Satu dua tiga empat lima. Enam tujuh delapan.", "Satu dua tiga empat lima. Enam tujuh sembilan.")
>>> print(render(c, "markdown").splitlines()[0])
# dedup diff: A → B
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..compare import Comparison

#: format name -> module in this package with a ``render(comparison, color=False) -> str``
FORMATS = {"text": "text", "json": "json", "markdown": "markdown", "html": "html"}

#: One mark per op, shared by the text and Markdown renderers.
SYMBOLS = {
    "equal": "=",
    "modified": "~",
    "added": "+",
    "removed": "-",
    "moved": ">",
    "split": "/",
    "merged": "\\",
}

#: Plain-language meaning of each verdict, shown in report headers.
VERDICT_HELP = {
    "duplicate": "the same article; only boilerplate differs",
    "republication": "the same source text, edited (headline, sentences added or dropped, rewording)",
    "update": "the same story with substantial new reporting",
    "partial": "the articles share a passage",
    "template": "the same wording with different facts (numbers, dates, names)",
    "unrelated": "different articles",
}


#: One colour per verdict, for every HTML page (the report's badges, bars and histogram, each diff
#: page's verdict badge): same-source verdicts green, update blue, partial orange, template red.
#: Each carries white text at a contrast of at least 4.5:1 (WCAG AA).
VERDICT_COLOURS = {
    "duplicate": "#0b4f2a",
    "republication": "#1a7f37",
    "update": "#2166ac",
    "partial": "#b35806",
    "template": "#b2182b",
    "unrelated": "#6e7781",
}
#: Colour of a verdict this version does not know.
OTHER_COLOUR = "#57606a"


def verdict_colour(verdict: str) -> str:
    """``VERDICT_COLOURS[verdict]``, or :data:`OTHER_COLOUR`.

    >>> verdict_colour("republication"), verdict_colour("?")
    ('#1a7f37', '#57606a')
    """
    return VERDICT_COLOURS.get(verdict, OTHER_COLOUR)


def render(comparison: "Comparison", format: str = "text", color: bool = False) -> str:
    """Render ``comparison`` as ``text``, ``json``, ``markdown`` or ``html``.

    ``color`` adds ANSI colours to the ``text`` format (the CLI turns it on for terminals).
    """
    try:
        module = FORMATS[format]
    except KeyError:
        from ..errors import InputError

        raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}") from None
    return import_module(f"{__name__}.{module}").render(comparison, color=color)


def side_labels(comparison: "Comparison") -> tuple[str, str]:
    """The two labels, made distinct when both are the same (``A: x``, ``B: x``)."""
    a, b = comparison.labels
    return (f"A: {a}", f"B: {b}") if a == b else (a, b)
