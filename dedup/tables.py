"""Tables of figures, bulleted lists and a wire's sign-off, found by their words alone, so a text
set one row or item a line and the same text with its line breaks joined are cut alike.

>>> t = "Bahan: - bambu - tali ijuk"
>>> [t[s:e] for s, e in list_items(t, 0, len(t))]
['Bahan:', '- bambu', '- tali ijuk']
"""

from __future__ import annotations

import re

_NONSPACE = re.compile(r"\S+")
_WORD = re.compile(r"\w+(?:[.,:/'\-]\w+)*")  # as dedup.text's word tokens
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug agu agt ags sep sept oct okt nov nop dec des".split())

_BULLETS = frozenset("-*\u2022\u00b7")
_LIST_OPEN = re.compile(r":\s+([-*\u2022\u00b7])(?=\s)")
_BULLET_RES = {b: re.compile(r"(?<=\s)" + re.escape(b) + r"(?=\s)") for b in _BULLETS}
_BULLET_SPACE = re.compile("[" + re.escape("".join(sorted(_BULLETS))) + r"]\s")


def may_hold_list(text: str, start: int, end: int) -> bool:
    """False when :func:`list_items` leaves every span inside ``text[start:end]`` whole: a list
    needs a bullet standing before a space (one regex scan instead of one per sentence).

    >>> may_hold_list("Harga naik-turun.", 0, 17), may_hold_list("Bahan: - bambu", 0, 14)
    (False, True)
    """
    return _BULLET_SPACE.search(text, start, end) is not None


def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut before each item of a bulleted list: a bullet ("-", "*", "\u2022")
    standing alone at its start or after a colon opens the list, and each later bullet of the same
    kind standing alone opens the next item. Found on the words alone, so a list set one item a
    line and one whose line breaks were joined come out the same.

    >>> t = "Bahan yang dipakai: - bambu - tali ijuk - paku dan kawat"
    >>> [t[s:e] for s, e in list_items(t, 0, len(t))]
    ['Bahan yang dipakai:', '- bambu', '- tali ijuk', '- paku dan kawat']
    """
    first = _NONSPACE.search(text, start, end)
    if first is None:
        return [(start, end)]
    if first.group() in _BULLETS:
        opening = first.start()
    else:
        m = _LIST_OPEN.search(text, start, end)
        if m is None:
            return [(start, end)]
        opening = m.start(1)
    bullet = text[opening]
    if opening + 1 >= end or not text[opening + 1].isspace():
        return [(start, end)]
    cuts = [opening] + [m.start() for m in _BULLET_RES[bullet].finditer(text, opening + 1, end)
                        if m.end() < end]
    if not cuts:
        return [(start, end)]
    out, at = [], start
    for c in cuts:
        if c > at:
            out.append((at, at + len(text[at:c].rstrip())))
        at = c
    out.append((at, end))
    return out


#: A table of figures: at least this share of its words are figures ("Shr 98 cts vs 63 cts Net
#: 2,602,000 vs 1,571,000 Loans 834.8 mln ...": 40%; a dividend notice "Qtly div five cts vs five
#: cts prior Pay March 31 Record March 16": 33%), and it has at least TABLE_MIN_WORDS words.
TABLE_MIN_FIGURE_SHARE = 0.25
TABLE_MIN_WORDS = 6
_NOTE_LABEL = re.compile(r"(?:NOTES?|Notes?)(?::|$)")
# A comma that is not a thousands separator: a list in prose, or paragraphs a scraper joined.
_PROSE_COMMA = re.compile(r",(?!\d)|(?<!\d),")
# A month after a figure is a date ("16 April 2019"), not a new row.
_MONTHS = frozenset("""january february march april may june july august september october november december
    januari februari maret mei juni juli agustus oktober desember""".split()) | _MONTH_ABBREVIATIONS
_NUMBER_WORDS = frozenset("nil one two three four five six seven eight nine ten eleven twelve".split())
# Found wherever a token may be a figure (table_rows: a digit, ``str.isdigit``, or a number word):
# an ASCII digit, a non-ASCII character that is not one of the letters, spaces, quotes and dashes
# of Latin text (other scripts' digits, superscripts), or a number word standing alone.
_FIGURE_HINT = re.compile(r"[0-9]|[^\x00-\x7f\u00a0\u00ab\u00bb\u00c0-\u00ff\u2010-\u2027]|(?<!\w)(?i:"
                          + "|".join(sorted(_NUMBER_WORDS)) + r")(?!\S)")
#: A table's last row ends in none of these (a table of figures is not a sentence).
SENTENCE_END = ".!?\u2026\"'"


def table_rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into its rows when it is a table of figures: before each
    capitalised word (not a month) that follows a figure, or a figure and its unit. Its commas
    are thousands separators, it ends without sentence punctuation, or else before a "NOTE" row
    (the note stays whole). Found on the words alone, so the rows come out the same whether the table
    was set one row a line or its line breaks were joined.

    >>> t = "Shr 98 cts vs 63 cts Net 2,602,000 vs 1,571,000 Loans 834.8 mln vs 729.0 mln"
    >>> [t[s:e] for s, e in table_rows(t, 0, len(t))]
    ['Shr 98 cts vs 63 cts', 'Net 2,602,000 vs 1,571,000', 'Loans 834.8 mln vs 729.0 mln']
    """
    if _ends_sentence(text, start, end) and text.find("NOTE", start, end) < 0 and text.find("Note", start, end) < 0:
        # The common case, decided without reading every word: with no note label the rows run to
        # the last word, and rows ending in sentence punctuation are prose (the test below).
        return [(start, end)]
    if _FIGURE_HINT.search(text[start:end]) is None:
        return [(start, end)]  # no figure, so no row can end (prose that ends without a full stop)
    spans = [m.span() for m in _NONSPACE.finditer(text, start, end)]
    if len(spans) < TABLE_MIN_WORDS:
        return [(start, end)]
    figures: dict[int, bool] = {}  # whether token i is a figure, found when first asked

    def figure(i: int) -> bool:
        f = figures.get(i)
        if f is None:
            w = text[spans[i][0]:spans[i][1]]
            f = figures[i] = any(c.isdigit() for c in w) or w.lower() in _NUMBER_WORDS
        return f

    cuts = [i for i in range(1, len(spans)) if text[spans[i][0]].isupper() and text[spans[i - 1][1] - 1] != ","
            and (figure(i - 1) or (i >= 2 and figure(i - 2) and text[spans[i - 1][0]].islower()))
            and text[spans[i][0]:spans[i][1]].rstrip(".,").lower() not in _MONTHS]
    if not cuts:
        return [(start, end)]
    toks = [(a, b, figure(i)) for i, (a, b) in enumerate(spans)]
    # a note after the table ("... Record March 16 NOTE: Full name is ...") is a row of its own
    note = next((i for i in cuts if _NOTE_LABEL.match(text, toks[i][0], toks[i][1])), len(toks))
    rows_end = note if note < len(toks) else len(toks)
    body = toks[:rows_end]
    if (len(body) < TABLE_MIN_WORDS or text[body[-1][1] - 1] in SENTENCE_END
            or sum(d for _, _, d in body) < TABLE_MIN_FIGURE_SHARE * len(body)
            or _PROSE_COMMA.search(text, start, body[-1][1])):
        return [(start, end)]
    rows, row = [], start
    for i in cuts:
        if i > note:
            break
        rows.append((row, toks[i - 1][1]))
        row = toks[i][0]
    rows.append((row, end))
    return rows


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """True when the last non-space character of ``text[start:end]`` is sentence punctuation."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end > start and text[end - 1] in SENTENCE_END


#: A wire's sign-off at the end of a story, on a line of its own or run into the last sentence
#: when single line breaks are joined ("... the company said. REUTER"). Lower case.
SIGNOFF_WORDS = frozenset({"reuter", "reuters"})


def signoff_start(text: str, start: int, end: int) -> int | None:
    """Where a sign-off word (:data:`SIGNOFF_WORDS`) ending ``text[start:end]`` after other words
    starts, else None.

    >>> t = "Harga naik, kata dia.\\n REUTER"
    >>> t[signoff_start(t, 0, len(t)):]
    'REUTER'
    """
    while end > start and text[end - 1].isspace():
        end -= 1
    i = end
    while i > start and text[i - 1].isalpha():
        i -= 1
    if i == end or i == start or not text[i - 1].isspace() or text[i:end].lower() not in SIGNOFF_WORDS:
        return None
    return i if _WORD.search(text, start, i) else None
