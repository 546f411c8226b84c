"""Sentence splitting: ``(sentence, start, end)`` spans of a stretch of text, surviving
abbreviations, short quotations, lists, tables of figures and a wire's sign-off, with overlong runs
cut into pieces. :mod:`dedup.text` re-exports :func:`split_sentences`.

>>> [s for s, _, _ in split_sentences("Kombes Pol. Yusri tiba. Ia diam.")]
['Kombes Pol. Yusri tiba.', 'Ia diam.']
"""

from __future__ import annotations

import re

from .tables import SENTENCE_END, list_items, may_hold_list, signoff_start, table_rows

_WORD = re.compile(r"\w+(?:[.,:/'\-]\w+)*")  # as dedup.text's word tokens
_NONSPACE = re.compile(r"\S+")

# Sentence ends: terminal punctuation, optional closing quotes, then whitespace or the commas a
# scraper uses to join paragraphs, then something that starts a sentence.
_BOUNDARY_RE = re.compile(
    r"""(?P<p>[.!?\u2026]+)(?P<q>["'\u201d\u2019)\]]*)(?P<sep>\s+|,+\s*)
        (?=[`"'\u201c\u2018(\[]{0,2}[A-Z0-9\u00c0-\u024f])""",
    re.X,
)
_QUOTE_RE = re.compile('["\u201c\u201d]')
ABBREVIATIONS = frozenset(
    """jl jln kombes pol akbp akp ipda iptu aiptu bripka brigpol brigjen irjen komjen jend jenderal
    kol letkol mayjen letjen laksda laksma marsda marsma kapt serka prof dr drs dra ir h hj tbk
    no nomor st sh mh se mm mr mrs ms messrs inc ltd co corp jr sr vs sdr sdri bpk
    kab kec kel prov rp pt cv yth hlm ed gen gov sen rep lt col capt sgt ft mt vol fig approx
    dept univ op ust kh kyai habib pdt apt bu pak tn ny nn sy
    figs sect sects eq eqs cf al resp ch chap eqn ref refs""".split()
)
# A single capital after these is a label, not an initial: "see appendix D. The proof ..." ends.
_LABEL_WORDS = frozenset(
    """appendix appendices annex section figure table part chapter case type class group grade
    lampiran bagian tabel gambar pasal ayat huruf""".split()
)
# Not abbreviations above, because they often end a sentence ("pukul 10.00 WIB.", "buku, pensil,
# dll."): "wib wita wit dll dsb dkk etc". Two that end a sentence only in some places:
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug agu agt ags sep sept oct okt nov nop dec des".split())
_COMPANY_SUFFIX_BEFORE_TICKER = frozenset({"tbk"})  # "Tbk. (BBCA) naik", but "Tbk. Sementara itu"
_DOTTED_ABBREV = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")
# Every word _is_abbreviation may take for an abbreviation when it is made of two or more letters.
_DOT_WORDS = ABBREVIATIONS | _MONTH_ABBREVIATIONS | _COMPANY_SUFFIX_BEFORE_TICKER


_WS_RUN = re.compile(r"\s{2,}")


def _flat_len(text: str, start: int, end: int) -> int:
    """The length of ``text[start:end]`` with each whitespace run counted as one character: the
    same for a hard-wrapped text and its reflowed copy, so limits on it cut both alike."""
    return end - start - sum(m.end() - m.start() - 1 for m in _WS_RUN.finditer(text, start, end))


def _quote_intervals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Closed double-quoted stretches (at most 300 characters) inside ``text[start:end]``."""
    intervals = []
    open_at = -1
    for m in _QUOTE_RE.finditer(text, start, end):
        ch, pos = m.group(), m.start()
        if open_at < 0:
            if ch != "\u201d":
                open_at = pos
        elif ch != "\u201c":
            if pos - open_at <= 300 or _flat_len(text, open_at, pos) <= 300:  # (never longer than the span)
                intervals.append((open_at, pos))
            open_at = -1
        else:
            open_at = pos
    return intervals


def _last_token(text: str, start: int, end: int) -> str:
    r"""The last whitespace-free run of ``text[start:end]``: what ``re.search(r"(\S+)$", text[start:end])``
    finds (also before a final newline), found by looking back from ``end`` instead of scanning the
    whole segment forward (the sentence splitter asks this at every full stop)."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    i = text.rfind(" ", start, end) + 1 or start
    token = text[i:end]
    if not token.isprintable():  # every whitespace character but " " is unprintable: rare
        i = end
        while i > start and not text[i - 1].isspace():
            i -= 1
        token = text[i:end]
    return token


def _is_abbreviation(text: str, dot_pos: int, seg_start: int, next_char: str = "") -> bool:
    """True when the dot at ``dot_pos`` ends an abbreviation, not the sentence; ``next_char`` is
    the first character after the space."""
    token = _last_token(text, seg_start, dot_pos).lstrip("\"'(\u201c\u2018[")
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        k = max(seg_start, dot_pos - 2)
        while k > seg_start and text[k - 1].isspace():  # "appendix\n    D." as "appendix D."
            k -= 1
        before = _last_token(text, seg_start, k).lower()
        return before not in _LABEL_WORDS  # an initial: "AKBP H. Budi"; not "appendix D."
    low = token.lower()
    if low in _MONTH_ABBREVIATIONS:
        return next_char.isdigit()  # "Jan. 3", "12 Okt. 2022"
    if low in _COMPANY_SUFFIX_BEFORE_TICKER:
        return next_char == "("
    return low in ABBREVIATIONS or bool(_DOTTED_ABBREV.match(token))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Split ``text[start:end]`` into sentences: ``(sentence, start, end)`` with spans in ``text``.

    Survives abbreviations (``Jl.``, ``Prof. Dr.``, ``S.H.``, ``U.S.``), does not split inside
    short quotations, and splits paragraphs a scraper joined with commas (``akhir.,Kalimat``).

    >>> [s for s, _, _ in split_sentences('Ia bilang "Pergi. Sekarang." Lalu pergi.,Esoknya hujan.')]
    ['Ia bilang "Pergi. Sekarang."', 'Lalu pergi.', 'Esoknya hujan.']
    """
    end = len(text) if end is None else end
    quotes = _quote_intervals(text, start, end)
    out = []
    seg = start
    q, n_quotes = 0, len(quotes)  # the intervals are disjoint and in order, as the cuts are
    for m in _BOUNDARY_RE.finditer(text, start, end):
        cut = m.start(3)  # "sep"
        if m.group(1) == ".":  # "p"
            # Most words before a full stop are plainly not abbreviations: letters only, more
            # than one, and in none of the word lists (_is_abbreviation reads the rest).
            dot = m.start(1)
            word = text[text.rfind(" ", seg, dot) + 1 or seg : dot]
            if not (len(word) > 1 and word.isalpha() and word.lower() not in _DOT_WORDS) and _is_abbreviation(
                    text, dot, seg, text[m.end()]):
                continue
        if n_quotes:
            while q < n_quotes and quotes[q][1] <= cut:
                q += 1
            if q < n_quotes and quotes[q][0] < cut:
                continue  # inside a short quotation
        out.append((seg, cut))
        seg = m.end()
    sign = signoff_start(text, seg, end)
    if sign is not None:
        out.append((seg, sign))
        seg = sign
    out.append((seg, end))
    # Lists and tables are rare: a list needs a bullet before a space, a table's row that ends in
    # sentence punctuation needs a note label. Without them each segment is one row.
    bullets = may_hold_list(text, start, end)
    notes = text.find("NOTE", start, end) >= 0 or text.find("Note", start, end) >= 0
    result = []
    for s0, e0 in out:
        for s1, e1 in list_items(text, s0, e0) if bullets else ((s0, e0),):
            rows = table_rows(text, s1, e1) if notes or e1 == s1 or text[e1 - 1] not in SENTENCE_END else ((s1, e1),)
            for s, e in rows:
                piece = text[s:e]
                rest = piece.lstrip(" \t,;")
                lead = len(piece) - len(rest)
                piece = rest.rstrip(" \t,;")
                if len(piece) > MAX_SENTENCE_CHARS and _flat_len(text, s + lead, s + lead + len(piece)) > MAX_SENTENCE_CHARS:
                    result += _chunks(text, s + lead, s + lead + len(piece))
                elif piece and _WORD.search(piece):
                    result.append((piece, s + lead, s + lead + len(piece)))
    return result


#: Longer "sentences" (a page with no full stops, a list run together) are cut into pieces of
#: 300-1,000 characters: fuzzy alignment and word diffs cost the product of two lengths, and a
#: 2 MB run would take minutes and gigabytes. Real sentences stay whole (CLICK-ID: 7 in 37,000
#: are longer).
MAX_SENTENCE_CHARS = 1000
_MIN_CHUNK_CHARS = 300


def _chunks(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Cut ``text[start:end]`` after a comma or semicolon, or else after a word picked by its
    hash, once a piece has 300 characters (always at 1,000): the cuts depend on the words around
    them, not on positions, so an edit in a copy moves only the cuts near it and the pieces after
    it still align as equal."""
    import zlib

    out = []
    piece_start = prev_end = None
    flat = 0  # where piece_start is, in the text with whitespace runs made single spaces
    at = start  # ... and where the last word ended, both ways
    for m in _NONSPACE.finditer(text, start, end):
        flat_start = flat + (m.start() > at)  # one space for the gap, however long
        flat_end = flat_start + m.end() - m.start()
        at, flat = m.end(), flat_end
        if m.end() - m.start() > MAX_SENTENCE_CHARS:  # one "word" of 1,000+ characters: slices
            if piece_start is not None:
                out.append((piece_start, prev_end))
                piece_start = None
            out += [(k, min(k + MAX_SENTENCE_CHARS, m.end())) for k in range(m.start(), m.end(), MAX_SENTENCE_CHARS)]
            continue
        if piece_start is not None and flat_end - piece_flat > MAX_SENTENCE_CHARS:
            out.append((piece_start, prev_end))  # this word would overflow the piece
            piece_start = None
        if piece_start is None:
            piece_start, piece_flat = m.start(), flat_start
        prev_end = m.end()
        word = m.group()
        if flat_end - piece_flat >= _MIN_CHUNK_CHARS and (
            word[-1] in ",;" or zlib.crc32(word.lower().encode("utf-8", "surrogatepass")) % 8 == 0
        ):
            out.append((piece_start, m.end()))
            piece_start = None
    if piece_start is not None:
        out.append((piece_start, end))
    result = []
    for s, e in out:
        piece = text[s:e].rstrip(",;")
        if _WORD.search(piece):
            result.append((piece, s, s + len(piece)))
    return result
