"""Input repair: mojibake (UTF-8 read as MacRoman, cp1252 or Latin-1) repaired with ftfy, control
characters made spaces, Press Association wire copy recognised; spans map back to the original.

>>> prepare("Nestl\u221a\u00a9 naik").text
'Nestl\u00e9 naik'
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass


def _mojibake_re() -> re.Pattern:
    """UTF-8 read as MacRoman, cp1252 or Latin-1: the character of a lead byte followed by that of
    a continuation byte ("\u201a\u00c4\u00fa" for a left double quote). Only a cheap check for
    whether ftfy needs to look at all: one character class first, so a search costs about as
    much as finding the text's first non-ASCII character (CLICK-ID: 6 us a document)."""
    lead, cont = set(), set()
    for enc in ("mac_roman", "cp1252", "latin-1"):
        lead |= {bytes([b]).decode(enc, "ignore") for b in range(0xC2, 0xF5)}
        cont |= {bytes([b]).decode(enc, "ignore") for b in range(0x80, 0xC0)}
    return re.compile("[%s][%s]" % (re.escape("".join(sorted(lead - {""}))), re.escape("".join(sorted(cont - {""})))))


_MOJIBAKE_RE = _mojibake_re()
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]*")
# Control characters other than tab and newlines (PA wire copy opens every paragraph with U+0019).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Press Association wire copy ends every paragraph with "<" (then U+0019 on the next line) and
# opens with a slug line ("16:17 01/03/00: Page 1 (HHH) COURTS Football").
_WIRE_MARK_RE = re.compile(r"<[ \t\r]*(?:\n|$)|<\s*\x19")
_WIRE_SLUG_SEARCH_RE = re.compile(r"\b\d{1,2}:\d{2} \d{1,2}/\d{1,2}/\d{2,4}: Page \d+ \(")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text ready for parsing: mojibake repaired, control characters made spaces; ``wire`` when it
    is Press Association wire copy. ``span`` maps a span of ``text`` back to the original.

    >>> p = prepare("Kata \u201a\u00c4\u00faya\u201a\u00c4\u00f9.")
    >>> p.text, p.span(5, 9)
    ('Kata \u201cya\u201d.', (5, 13))
    """

    text: str
    wire: bool = False
    edits: tuple[tuple[int, int, int, int], ...] = ()  # (start, end, original start, original end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self.edits:
            return start, end
        return self._map(start, False), self._map(end, True)

    def _map(self, pos: int, is_end: bool) -> int:
        i = bisect.bisect_right(self.edits, (pos, float("inf"))) - 1
        if is_end and i >= 0 and self.edits[i][0] == pos:
            i -= 1  # an end right before an edit is not inside it
        if i < 0:
            return pos
        s, e, os_, oe = self.edits[i]
        if pos < e or (is_end and pos == e):
            return oe if is_end else os_
        return pos - e + oe


@functools.lru_cache(maxsize=8192)
def _fix_run(run: str) -> str:
    """ftfy's repair of one run of non-ASCII characters; runs repeat ("\u201a\u00c4\u00fa" in
    thousands of articles), so the cache spares most calls (CLICK-ID: 0.3 ms an article without)."""
    import ftfy

    fixed = ftfy.fix_encoding(run)
    if fixed != run:
        return fixed
    # ftfy leaves short runs whose repair it cannot tell from intended text ("\u201a\u00c4\u00e9"
    # for a left-to-right mark, "\u00ac\u03a9" for a half, two Arabic letters); the cheap check already
    # saw the signature, so decode it when the result is punctuation, a symbol, a number, a space, a format
    # mark or a Latin, Cyrillic or Arabic letter (not e.g. a Syriac letter that "\u00dc\u201c" also decodes to).
    for encoding in ("mac_roman", "sloppy-windows-1252"):
        try:
            decoded = run.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if all(_plausible(c) for c in decoded):
            return decoded
    return run


def _plausible(c: str) -> bool:
    cat = unicodedata.category(c)
    return (cat[0] in "PSZN" or cat == "Cf" or "\u00c0" <= c <= "\u024f" or "\u0400" <= c <= "\u04ff" or "\u0600" <= c <= "\u06ff"
            or "\u0750" <= c <= "\u077f")


def prepare(text: str) -> Prepared:
    """Repair ``text`` for parsing (see :class:`Prepared`). ftfy runs only on the runs of non-ASCII
    characters that look like mojibake, so clean text pays one regex search.

    >>> prepare("Nestl\u221a\u00a9 naik").text
    'Nestl\u00e9 naik'
    """
    wire = "<" in text and (len(_WIRE_MARK_RE.findall(text, 0, 20000)) >= 2
                            or bool(_WIRE_SLUG_SEARCH_RE.search(text, 0, 2000)))
    edits = []
    first = None if text.isascii() else _MOJIBAKE_RE.search(text)
    if first:
        parts, pos, delta, done = [], 0, 0, 0
        for m in _MOJIBAKE_RE.finditer(text, first.start()):
            if m.start() < done:
                continue  # inside a run already looked at (repaired or not: once is enough)
            a = m.start()  # widen to the whole run of non-ASCII characters
            while a > pos and not text[a - 1].isascii():
                a -= 1
            b = done = _NON_ASCII_RUN.match(text, m.end()).end()
            run = text[a:b]
            fixed = _fix_run(run)
            if fixed == run:
                continue
            parts += [text[pos:a], fixed]
            edits.append((a + delta, a + delta + len(fixed), a, b))
            delta += len(fixed) - len(run)
            pos = b
        if edits:
            text = "".join(parts) + text[pos:]
    if wire or "\x19" in text:  # other control characters are rare enough to leave alone
        text = _CONTROL_RE.sub(" ", text)
    return Prepared(text, wire, tuple(edits))
