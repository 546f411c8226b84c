"""Text normalisation, line classes, sentence splitting and tokens.

Everything here works on the original article text and returns character spans into it, so a
renderer can always point back at exactly what the publisher wrote.

>>> normalize("\u201cHalo\u201d \u2014 dunia\u00a0 ")
'"Halo" - dunia'
>>> [s for s, _, _ in split_sentences("Kombes Pol. Yusri tiba. Ia diam.")]
['Kombes Pol. Yusri tiba.', 'Ia diam.']
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

#: Bumped whenever a change here changes shingles (and therefore stored signatures).
NORMALIZATION_VERSION = 1
#: Bumped whenever sentence splitting changes (stored sentence fingerprints depend on it).
#: 2: WIB/dll. end sentences, 'Jan. 3' does not, runs over 1,000 characters are cut.
SENTENCES_VERSION = 2

CONTENT = "content"
HEADLINE = "headline"
BOILERPLATE = "boilerplate"
BYLINE = "byline"
DATELINE = "dateline"
KINDS = (CONTENT, HEADLINE, BOILERPLATE, BYLINE, DATELINE)

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    }
)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+(?:[.,:/'\-]\w+)*")
_NUMBER = re.compile(r"\d")

# Boilerplate and credit lines are recognised by how they start. One regex each, used both by the
# Document parser and by the fast `content_text` path, so the two can never disagree.
_BOILERPLATE_START = r"""(?:
    (?:baca|simak|lihat|tonton|saksikan|cek|klik)\s+(?:juga|pula|selengkapnya|berita|video|artikel|di\s*sini)\b
  | read\s+(?:also|more)\b | see\s+also\b | also\s+read\b | related\s*: | recommended\s*:
  | advertisement\b | scroll\s+to\s+continue | iklan\s*$
  | (?:artikel|berita)\s+ini\s+(?:telah|sudah)\s+(?:tayang|terbit|dipublikasikan)
  | dapatkan\s+(?:update|informasi|berita) | ikuti\s+(?:kami|berita|update|juga)
  | follow\s+(?:us|our)\b | download\s+aplikasi | unduh\s+aplikasi | subscribe\b
  | (?:video|foto)\s+(?:pilihan|terkait|unggulan)\b | berita\s+terkait\b | artikel\s+terkait\b
  | (?:topik|tags?)\s*: | copyright\b | \u00a9 | all\s+rights\s+reserved
)"""
_BYLINE_START = r"""(?:
    (?:editor|penulis|reporter|pewarta|penyunting|redaktur|kontributor|fotografer|
       writer|author|sumber|source|editing|reporting)\s*:
  | laporan\s+(?:wartawan|reporter|koresponden|kontributor)\b
  | (?:reporting|writing|editing|additional\s+reporting|compiled)\s+by\b
  | by\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}\s*$
  | \((?:ant|antara|ap|afp|reuters|dpa|bbc|kps|tribun|okz|sindonews)[a-z]*(?:\s*/\s*[a-z]+)*\)\s*$
)"""
_BOILERPLATE_RE = re.compile(r"[ \t]*" + _BOILERPLATE_START, re.I | re.X)
_BYLINE_RE = re.compile(r"[ \t]*" + _BYLINE_START, re.I | re.X)
# Anchored per line: a multi-line re.sub would try a match at every character.
_NONCONTENT_START_RE = re.compile(r"[ \t]*(?:" + _BOILERPLATE_START + "|" + _BYLINE_START + ")", re.I | re.X)

# "TRIBUNNEWS.COM, JAKARTA -", "JAKARTA, KOMPAS.com -", "WASHINGTON (Reuters) -", or the bare "- "
# a scraper leaves behind when it drops the linked dateline.
_DATELINE_RE = re.compile(
    r"""^[ \t]*(?P<dl>
        (?P<place>(?:[A-Z][\w.&'/]*|\d{1,4})(?:[ \t]*,?[ \t]*(?:[A-Z][\w.&'/]*|\d{1,4})){0,5})?
        [ \t]*(?P<agency>\([^()\n]{1,40}\))?
        [ \t]*(?:-{1,3}|\u2013|\u2014))[ \t]+(?=\S)""",
    re.X,
)
_DATELINE_SIGNAL = re.compile(r"\b[A-Z]{3,}\b|\.(?:com|co|id|net|org)\b|^$", re.I)
_DATELINE_SIGNAL_CASED = re.compile(r"\b[A-Z]{3,}\b")

# Sentence ends: terminal punctuation, optional closing quotes, then whitespace or the commas a
# scraper uses to join paragraphs, then something that starts a sentence.
_BOUNDARY_RE = re.compile(
    r"""(?P<p>[.!?\u2026]+)(?P<q>["'\u201d\u2019)\]]*)(?P<sep>\s+|,+\s*)
        (?=["'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])""",
    re.X,
)
_NONSPACE = re.compile(r"\S+")
_QUOTE_RE = re.compile('["\u201c\u201d]')
_ABBREVIATIONS = frozenset(
    """jl jln kombes pol akbp akp ipda iptu aiptu bripka brigpol brigjen irjen komjen jend jenderal
    kol letkol mayjen letjen laksda laksma marsda marsma kapt serka prof dr drs dra ir h hj tbk
    no nomor st sh mh se mm mr mrs ms messrs inc ltd co corp jr sr vs sdr sdri bpk
    kab kec kel prov rp pt cv yth hlm ed gen gov sen rep lt col capt sgt ft mt vol fig approx
    dept univ op ust kh kyai habib pdt apt bu pak tn ny nn sy""".split()
)
# Not abbreviations above, because they often end a sentence ("pukul 10.00 WIB.", "buku, pensil,
# dll."): "wib wita wit dll dsb dkk etc". Two that end a sentence only in some places:
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug agu agt ags sep sept oct okt nov nop dec des".split())
_COMPANY_SUFFIX_BEFORE_TICKER = frozenset({"tbk"})  # "Tbk. (BBCA) naik", but "Tbk. Sementara itu"
_DOTTED_ABBREV = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")


def normalize(text: str) -> str:
    """NFKC, straight quotes, ASCII dashes, no zero-width characters, single spaces.

    >>> normalize("Kim\u00a0Jong\u2011un \u2018ok\u2019")
    "Kim Jong-un 'ok'"
    """
    return _WS.sub(" ", _nfkc(text)).strip()


def words(text: str) -> list[str]:
    """Word tokens as written (numbers like ``13.500`` and names like ``Jong-un`` stay whole).

    >>> words("Rusia kehilangan 13.500 tentara, kata Jong-un.")
    ['Rusia', 'kehilangan', '13.500', 'tentara', 'kata', 'Jong-un']
    """
    return _WORD.findall(text)


def sentence_key(text: str) -> str:
    """The comparison key of a sentence: normalised, lower-case words only.

    >>> sentence_key("Tetapi  China telah membantah hal ini.") == sentence_key("tetapi China telah membantah hal ini")
    True
    """
    return " ".join(_WORD.findall(_nfkc(text).lower()))


def _nfkc(text: str) -> str:
    """NFKC after the translation table; most news text is ASCII once its curly quotes and
    dashes are translated, and NFKC is the identity on ASCII, so it is skipped then."""
    if text.isascii():
        return text
    text = text.translate(_TRANSLATE)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def is_fact_token(token: str) -> bool:
    """True for tokens whose change is a change of fact: numbers, and capitalised names.

    >>> is_fact_token("13.500"), is_fact_token("Putin"), is_fact_token("tentara")
    (True, True, False)
    """
    return bool(_NUMBER.search(token)) or token[:1].isupper()


def line_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(line_number, start, end)`` of each non-blank line, whitespace trimmed."""
    pos = 0
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield number, start, start + len(stripped)
        pos += len(line) + 1


def classify_line(line: str) -> str:
    """``boilerplate``, ``byline`` or ``content`` for one line (headline is decided by position).

    >>> classify_line("Baca juga: Rusia Beri Batas Waktu"), classify_line("Editor: Muhammad Zulfikar")
    ('boilerplate', 'byline')
    """
    if not _NONCONTENT_START_RE.match(line):  # one regex rules out the common case
        return CONTENT
    if _BOILERPLATE_RE.match(line):
        return BOILERPLATE
    if len(line) <= 200:
        return BYLINE
    return CONTENT


def is_headline(first_line: str, n_lines: int) -> bool:
    """The first line is a headline when more lines follow and it is short and not a credit line."""
    return n_lines > 1 and len(first_line) <= 300 and classify_line(first_line) == CONTENT


def dateline_length(line: str) -> int:
    """Length of a dateline prefix at the start of ``line`` (0 when there is none).

    >>> line = "TRIBUNNEWS.COM, JAKARTA - Pemimpin Korea Utara"
    >>> line[:dateline_length(line)]
    'TRIBUNNEWS.COM, JAKARTA - '
    """
    m = _DATELINE_RE.match(line)
    if not m:
        return 0
    place = m.group("place") or ""
    agency = m.group("agency") or ""
    if len(place) > 60:
        return 0
    if agency or (place == "") or _DATELINE_SIGNAL_CASED.search(place) or re.search(
        r"\.(?:com|co|id|net|org)\b", place, re.I
    ):
        return m.end()
    return 0


#: How many of the first lines may hold the dateline (a deck line may come before it).
DATELINE_LINES = 4


def content_text(text: str) -> str:
    """The article body that signatures are computed on: no headline, boilerplate, credit lines
    or dateline prefix. Fast (a few regex passes over the whole text), and consistent with
    :class:`dedup.document.Document`, which classifies lines with the same rules.

    >>> content_text("Judul Berita\\nJAKARTA - Isi berita.\\nBaca juga: Lain\\nEditor: A")
    'Isi berita.'
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    if is_headline(lines[0].strip(), len(lines)):
        lines = lines[1:]
    match = _NONCONTENT_START_RE.match
    # Same rule as classify_line (a credit line is short), so Document and shingles agree.
    lines = [ln for ln in lines if not match(ln) or (len(ln) > 200 and not _BOILERPLATE_RE.match(ln))]
    for i, ln in enumerate(lines[:DATELINE_LINES]):
        n = dateline_length(ln)
        if n:
            lines[i] = ln[n:]
            break
    return "\n".join(ln.strip() for ln in lines)


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
            if pos - open_at <= 300:
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
        return True  # an initial: "AKBP H. Budi"
    low = token.lower()
    if low in _MONTH_ABBREVIATIONS:
        return next_char.isdigit()  # "Jan. 3", "12 Okt. 2022"
    if low in _COMPANY_SUFFIX_BEFORE_TICKER:
        return next_char == "("
    return low in _ABBREVIATIONS or bool(_DOTTED_ABBREV.match(token))


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
    for m in _BOUNDARY_RE.finditer(text, start, end):
        cut = m.start("sep")
        p = m.group("p")
        if p == "." and _is_abbreviation(text, m.start("p"), seg, text[m.end()]):
            continue
        if quotes and any(a < cut < b for a, b in quotes):
            continue
        out.append((seg, cut))
        seg = m.end()
    out.append((seg, end))
    result = []
    for s, e in out:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip(" \t,;"))
        piece = piece.strip(" \t,;")
        if len(piece) > MAX_SENTENCE_CHARS:
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
    for m in _NONSPACE.finditer(text, start, end):
        if m.end() - m.start() > MAX_SENTENCE_CHARS:  # one "word" of 1,000+ characters: slices
            if piece_start is not None:
                out.append((piece_start, prev_end))
                piece_start = None
            out += [(k, min(k + MAX_SENTENCE_CHARS, m.end())) for k in range(m.start(), m.end(), MAX_SENTENCE_CHARS)]
            continue
        if piece_start is not None and m.end() - piece_start > MAX_SENTENCE_CHARS:
            out.append((piece_start, prev_end))  # this word would overflow the piece
            piece_start = None
        if piece_start is None:
            piece_start = m.start()
        prev_end = m.end()
        word = m.group()
        if m.end() - piece_start >= _MIN_CHUNK_CHARS and (
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
