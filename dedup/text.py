"""Text normalisation, line classes, sentence splitting and tokens.

Everything here works on the original article text and returns character spans into it, so a
renderer can always point back at exactly what the publisher wrote.

>>> normalize("\u201cHalo\u201d \u2014 dunia\u00a0 ")
'"Halo" - dunia'
>>> [s for s, _, _ in split_sentences("Kombes Pol. Yusri tiba. Ia diam.")]
['Kombes Pol. Yusri tiba.', 'Ia diam.']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from .repair import Prepared, prepare  # noqa: F401  (input repair: its own module)
from .sentences import ABBREVIATIONS, MAX_SENTENCE_CHARS, _last_token, split_sentences  # noqa: F401  (its own module)
from .tables import SIGNOFF_WORDS, list_items, signoff_start, table_rows  # noqa: F401

#: Bumped whenever a change here changes shingles (and therefore stored signatures).
#: 2: hard-wrapped text is reflowed (a first wrapped line is no longer a headline), wire furniture
#: is not content.
#: 3: a paragraph starts at a line indented deeper than the text's least indent (Reuters tables).
#: 4: a text laid out by width or indentation reads by blank-line paragraph (its single line breaks
#: are layout), a heading in capitals is split off a first block, a wire sign-off is not content.
NORMALIZATION_VERSION = 4
#: Bumped whenever sentence splitting changes (stored sentence fingerprints depend on it).
#: 2: WIB/dll. end sentences, 'Jan. 3' does not, runs over 1,000 characters are cut.
#: 3: hard-wrapped lines are joined before splitting; a sentence may open with ``.
#: 4: "Figs.", "Sect.", "Eq.", "et al.", "cf." do not end a sentence, "appendix D." does.
#: 5: as NORMALIZATION_VERSION 4; limits count a whitespace run as one character; a sign-off
#: ("... said. REUTER") is a unit of its own.
SENTENCES_VERSION = 5

CONTENT = "content"
HEADLINE = "headline"
BOILERPLATE = "boilerplate"
BYLINE = "byline"
DATELINE = "dateline"
KINDS = (CONTENT, HEADLINE, BOILERPLATE, BYLINE, DATELINE)

TRANSLATE = str.maketrans(
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
#: A digit: a token with one is a number (compared as a fact, never taken for a word).
NUMBER = re.compile(r"\d")

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
  | reuters?\s*$
  | [\W_]*(?:loading|memuat|please\s+wait|mohon\s+tunggu)\b[\W_]*$
  | \#(?:NAME|VALUE|REF|N/A|DIV/0)[?!]*\s*$ | (?:_x[0-9a-f]{4}_\s*)+$
)"""
_BYLINE_START = r"""(?:
    (?:editor|penulis|reporter|pewarta|penyunting|redaktur|kontributor|fotografer|
       writer|author|sumber|source|editing|reporting)\s*:
  | laporan\s+(?:wartawan|reporter|koresponden|kontributor)\b
  | (?:reporting|writing|editing|additional\s+reporting|compiled)\s+by\b
  | by\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s*$
  | by\s+(?-i:[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}\s*,(?:\s*[A-Z][\w&'.-]*){1,4})\s*$
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

_NONSPACE = re.compile(r"\S+")


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
    return (_WORD_ASCII if text.isascii() else _WORD).findall(text)


def normalized_words(text: str) -> list[str]:
    """``words(normalize(text))`` without normalize's whitespace pass: a word never holds
    whitespace, so collapsing and stripping it changes no word.

    >>> normalized_words("Kim\u00a0Jong\u2011un  \u2018ok\u2019") == words(normalize("Kim\u00a0Jong\u2011un  \u2018ok\u2019"))
    True
    """
    return _WORD.findall(_nfkc(text))


def sentence_key(text: str) -> str:
    """The comparison key of a sentence: normalised, lower-case words only.

    >>> sentence_key("Tetapi  China telah membantah hal ini.") == sentence_key("tetapi China telah membantah hal ini")
    True
    """
    return " ".join(sentence_words(text))


def sentence_words(text: str) -> list[str]:
    """The words of :func:`sentence_key` (``sentence_key(text).split()``, without joining them).

    >>> sentence_words("Tetapi  China\u2019s  membantah.")
    ['tetapi', "china's", 'membantah']
    """
    low = _nfkc(text).lower()
    return (_WORD_ASCII if low.isascii() else _WORD).findall(low)


def _nfkc(text: str) -> str:
    """NFKC after the translation table; most news text is ASCII once its curly quotes and
    dashes are translated, and NFKC is the identity on ASCII, so it is skipped then."""
    if text.isascii():
        return text
    text = translate(text)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# The characters of TRANSLATE, found with one regex scan: str.translate with a dict table looks
# every character up in Python (about 40 ns a character on non-ASCII text).
_TRANSLATE_MAP = {chr(k): v for k, v in TRANSLATE.items()}
_TRANSLATE_RE = re.compile("[" + re.escape("".join(_TRANSLATE_MAP)) + "]")


def _translate_one(m: re.Match) -> str:
    return _TRANSLATE_MAP[m.group()]


def translate(text: str) -> str:
    """``text.translate(TRANSLATE)``, faster: curly quotes, dashes and odd spaces made ASCII,
    zero-width characters removed.

    >>> translate("\u201cya\u201d\u00a0\u2014")
    '"ya" -'
    """
    return _TRANSLATE_RE.sub(_translate_one, text)


def keys_text(text: str) -> str | None:
    """``text`` as :func:`sentence_key` reads it, for all its sentences at once: translated and
    lower-cased, when that keeps every character in its place and makes it ASCII (then NFKC and
    lower case change nothing else, so ``sentence_key(text[s:e])`` is
    ``" ".join(words of keys_text(text)[s:e])`` for any span: see :func:`span_key`); else None.

    >>> span_key(keys_text("Judul\u2019s  Berita."), 0, 16)
    "judul's berita"
    """
    if text.isascii():
        return text.lower()
    low = translate(text)
    return low.lower() if len(low) == len(text) and low.isascii() else None


def span_key(low: str, start: int, end: int) -> str:
    """:func:`sentence_key` of ``text[start:end]`` from ``low = keys_text(text)`` (not None)."""
    return " ".join(_WORD_ASCII.findall(low, start, end))


def span_words(low: str, start: int, end: int) -> list[str]:
    """The words of :func:`span_key` (``span_key(...).split()``, without joining them first).

    >>> span_words(keys_text("Judul\u2019s  Berita."), 0, 16)
    ["judul's", 'berita']
    """
    return _WORD_ASCII.findall(low, start, end)


# _WORD for ASCII text (keys_text), where it finds the same words: its ASCII classes are faster.
_WORD_ASCII = re.compile(_WORD.pattern, re.ASCII)


def is_fact_token(token: str) -> bool:
    """True for tokens whose change is a change of fact: numbers, and capitalised names.

    >>> is_fact_token("13.500"), is_fact_token("Putin"), is_fact_token("tentara")
    (True, True, False)
    """
    return bool(NUMBER.search(token)) or token[:1].isupper()


def line_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(line_number, start, end)`` of each non-blank line, whitespace trimmed."""
    pos = 0
    for number, line in enumerate(text.split("\n")):
        n = len(line)
        if line[:1].isspace() or line[-1:].isspace():
            stripped = line.strip()
            if stripped:
                start = pos + (n - len(line.lstrip()))
                yield number, start, start + len(stripped)
        elif n:
            yield number, pos, pos + n
        pos += n + 1


# --- blocks: the lines of a text, or the paragraphs of hard-wrapped text ----------------------------

#: Hard wrapping is recognised per document: among the lines that run on into the next line (no
#: blank line between, neither a table row), at least this share must end without sentence punctuation
#: where the next line's first word would not have fitted on them, and at least WRAP_MIN_LINES do.
#: Reuters-21578 bodies (wrapped at ~70 characters) and the plagiarism corpus (~100) are well above
#: it; a CLICK-ID article's lines are paragraphs and end in punctuation (see bench_parsing.py).
WRAP_MIN_SHARE = 0.5
WRAP_MIN_LINES = 2
#: The 75th-percentile line length of a wrapped text; outside this range the lines are paragraphs.
WRAP_WIDTH_MIN, WRAP_WIDTH_MAX = 40, 160
#: A line "overflows" when it plus the next line's first word is longer than the width less this
#: share of it: wrappers count a trailing space or break a character early (the plagiarism corpus
#: has lines at 92 of 100 whose next word had 7 characters).
WRAP_SLACK = 0.05
#: Paragraphs marked by indentation: this many lines after the first indented deeper than the
#: least. One is enough: none of the 22,136 CLICK-ID articles (lines are paragraphs there) has one,
#: and a short Reuters story of two paragraphs has just one (bench_parsing.py, wrap section).
INDENTED_MIN_LINES = 1

_CLOSERS = "\"'\u201d\u2019)]"


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends in sentence punctuation, perhaps before closing quotes (looked at
    from the end: a regex search with ``$`` would try every position of a long line)."""
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in ".!?\u2026:;"

def _table_row(text: str, start: int, end: int) -> bool:
    """Columns (a run of spaces or a tab inside the line): a row of a table is its own line."""
    return text.find("   ", start, end) >= 0 or text.find("\t", start, end) >= 0

_FIRST_WORD = re.compile(r"\S+")
_WRAPPED_WS = re.compile(r"[ \t\r]*\n\s*")
# PA wire copy: paragraphs end at "<"; rules of dashes and the slug line ("16:17 01/03/00: Page 1
# (HHH) COURTS Football") frame each take; the last line is an operator's sign-off ("end", "mfl").
_WIRE_SEP_RE = re.compile(r"<(?=\s|$)|\n[ \t\r]*\n|[-_=]{8,}")
_WIRE_SLUG_RE = re.compile(r"\d{1,2}:\d{2} \d{1,2}/\d{1,2}/\d{2,4}: Page \d+ \(\w+\)(?: [\w&'.-]+)*$")
_WIRE_SIGNOFF_RE = re.compile(r"(?:ends?|mfl?|[a-z]{2,3})$")


def block_text(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with the line breaks of a wrapped block made single spaces."""
    return unwrap(text[start:end])


def unwrap(piece: str) -> str:
    """``piece`` with the line breaks of a wrapped block made single spaces (see :func:`block_text`).

    >>> unwrap("satu\\n   dua")
    'satu dua'
    """
    return _WRAPPED_WS.sub(" ", piece) if "\n" in piece else piece


def blocks(text: str, wire: bool = False) -> list[tuple[int, int, int, str | None]]:
    """``(line_number, start, end, kind)`` of each block of ``text``: one per non-blank line, or per
    paragraph when the text is hard-wrapped (its lines joined) or PA wire copy (``wire``).
    ``kind`` is ``boilerplate`` for wire furniture, ``content`` for a first block that may not be
    a headline (it runs on into the next line of its paragraph), else None (classified later).

    In a text laid out by line width or by indentation (:func:`_laid_out`) a single line break
    is where the text was set, not where its author broke it: a paragraph (up to a blank line) is
    one block, and only sentence ends, list items and the like (:func:`split_sentences`) divide
    it, so the text reads the same with its single line breaks joined. A table's rows or a list
    without punctuation stay one unit then (their rows visible in the original text under its
    span). Credit, boilerplate and capitals-only headline lines stay lines of their own.

    >>> t = ("Harga cabai di pasar induk naik lagi pada hari Senin, kata\\n"
    ...      "pedagang yang ditemui di pasar itu. Harga bawang merah juga\\n"
    ...      "naik, kata mereka, karena pasokan dari daerah penghasil\\n"
    ...      "berkurang.")
    >>> [t[s:e].count("\\n") for _, s, e, _ in blocks(t)]
    [3]
    """
    if wire:
        return _wire_blocks(text)
    lines = list(line_spans(text))
    laid_out = len(lines) >= 3 and _laid_out(text, lines)
    if laid_out:
        joins = [
            n2 == n + 1
            and not _stands_alone(text, lines, i) and not _stands_alone(text, lines, i + 1)
            for i, ((n, s, e), (n2, s2, e2)) in enumerate(zip(lines, lines[1:]))
        ]
    else:
        # Lines are paragraphs; a long line that stops mid-sentence still runs on into a next
        # line that starts in lower case (a wrapped note under a table, a scraper's stray break).
        joins = [
            text[s2].islower() and n2 == n + 1 and e - s >= WRAP_WIDTH_MIN
            and not _ends_sentence(text, s, e)
            and classify_line(text[s:e]) == CONTENT and classify_line(text[s2:e2]) == CONTENT
            for (n, s, e), (n2, s2, e2) in zip(lines, lines[1:])
        ]
        if not any(joins):
            return _head_split(text, [(n, s, e, None) for n, s, e in lines])
    out: list[tuple[int, int, int, str | None]] = []
    for i, (n, s, e) in enumerate(lines):
        if i and joins[i - 1]:
            out[-1] = (out[-1][0], out[-1][1], e, None)
        else:
            out.append((n, s, e, None))
    if laid_out and len(out) > 1:
        # A headline is a paragraph of its own: a first block cut from its paragraph by a credit
        # or boilerplate line is not one (joined up, that paragraph is one line, no headline).
        k = next(i for i, (_, _, e) in enumerate(lines) if e == out[0][2])
        if lines[k + 1][0] == lines[k][0] + 1:
            out[0] = (out[0][0], out[0][1], out[0][2], CONTENT)
    return _head_split(text, out)


def _head_split(text: str, out: list[tuple[int, int, int, str | None]]) -> list[tuple[int, int, int, str | None]]:
    """The first block split after a heading in capitals (:func:`_capitals_head`) when it is not
    a headline as a whole."""
    if not out:
        return out
    n, s, e, preset = out[0]
    head = _capitals_head(text, s, e)  # cheap, and mostly None: tried first
    if head:
        line = block_text(text, s, e)
        if preset == CONTENT or not is_headline(line, len(out)) or len(_WORD.findall(line)) > HEADLINE_MAX_WORDS:
            out[0:1] = [(n, s, head[0], None), (n + text.count("\n", s, head[1]), head[1], e, None)]
    return out


#: A first block of more words is not a headline as a whole even when it ends without a full stop
#: (a wire title run into a table of figures); a heading in capitals may still open it. Of the
#: 22,136 CLICK-ID titles none has more.
HEADLINE_MAX_WORDS = 20
#: A heading in capitals has at least this many words: a lead opening with a company's initials
#: ("NV KLM Royal Dutch Airlines said ...", "BBC AG Brown Boveri ...") has two.
CAPITALS_HEAD_MIN_WORDS = 3


def _capitals_head(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(end of head, start of rest)`` when ``text[start:end]`` opens with a heading in capitals
    run into what follows ("LORD ABBETT BOND FUND Qtly div 28 cts ...", a wire title before its
    story): CAPITALS_HEAD_MIN_WORDS or more words without a lower-case letter, then a word with
    one; a lone "A" or "I" among the last three opens the story ("... ADVANCES A U.S.
    House panel ..."). Found on the words alone, so the title's own line break is not needed.

    >>> t = "CME TO LIST LUMBER OPTIONS A new contract will be listed."
    >>> t[:_capitals_head(t, 0, len(t))[0]]
    'CME TO LIST LUMBER OPTIONS'
    """
    first = _NONSPACE.search(text, start, end)
    if first is None or any(c.islower() for c in first.group()):
        return None  # the common case, found without the loop below
    head: list[re.Match] = []
    for m in _NONSPACE.finditer(text, start, min(end, start + 300)):
        w = m.group()
        if any(c.islower() for c in w):
            # a title set on a line of its own before a story opening in capitals ("CCX NETWORK
            # <CCXN> OFFERING UNDERWAY\nCCX Network Inc said ...") ends at its line break
            br = text.find("\n", start, m.start()) if head else -1
            k = next((k for k in range(max(1, len(head) - 2), len(head) + 1) if head[k - 1].end() <= br < (head[k].start() if k < len(head) else m.start())), None)
            if k is None:
                k = next((k for k in range(max(0, len(head) - 3), len(head)) if head[k].group() in ("A", "I")), None)
            if k is not None:
                head = head[:k]
            if (len(head) >= CAPITALS_HEAD_MIN_WORDS and sum(c.isalpha() for h in head for c in h.group()) >= 4
                    and head[-1].group()[-1] not in ",-:"):
                return head[-1].end(), _NONSPACE.search(text, head[-1].end()).start()
            return None
        if w == ":":
            return None  # a label ("KUIS : BTS Atau ..."), not a heading
        head.append(m)
    return None


def _stands_alone(text: str, lines: list[tuple[int, int, int]], i: int) -> bool:
    """Line ``i`` is a credit or boilerplate line, and not a wrapped sentence's next line that
    happens to start like one ("... the right to\\nsubscribe to new shares ...")."""
    n, s, e = lines[i]
    if classify_line(text[s:e]) == CONTENT:
        return False
    if i and text[s].islower():
        pn, ps, pe = lines[i - 1]
        return pn + 1 != n or _ends_sentence(text, ps, pe)
    return True


def _laid_out(text: str, lines: list[tuple[int, int, int]]) -> bool:
    """Whether the single line breaks of ``text`` are layout: it is hard-wrapped (see
    WRAP_MIN_SHARE), or its paragraphs are marked by indenting their first line (a wire's and a
    typewriter's convention; Reuters-21578 sets tables of figures that way too) on at least
    INDENTED_MIN_LINES lines."""
    if any(s and text[s - 1] in " \t" for _, s, _ in lines):  # some line is indented
        phys = []
        for _, s, e in lines:
            line_start = text.rfind("\n", 0, s) + 1
            phys.append((s - line_start, e - line_start))
        base = min(indent for indent, _ in phys)
        if sum(ind > base for ind, _ in phys[1:]) >= INDENTED_MIN_LINES:
            return True
    else:
        phys = [(0, e - s) for _, s, e in lines]
    # quick reject: the stripped lengths are at most the physical ones
    lengths = sorted(length for _, length in phys)
    width = lengths[(3 * (len(lengths) - 1)) // 4]
    if not WRAP_WIDTH_MIN <= width <= WRAP_WIDTH_MAX:
        return False
    limit = width * (1 - WRAP_SLACK)
    runs = wrapped = 0
    for i in range(len(lines) - 1):
        n, s, e = lines[i]
        n2, s2, e2 = lines[i + 1]
        if (n2 != n + 1 or _table_row(text, s, e) or _table_row(text, s2, e2)
                or classify_line(text[s:e]) != CONTENT or classify_line(text[s2:e2]) != CONTENT):
            continue  # a credit line's end is not a wrap
        runs += 1
        m = _FIRST_WORD.match(text, s2, e2)
        wrapped += phys[i][1] + 1 + (m.end() - m.start()) > limit and not _ends_sentence(text, s, e)
    return wrapped >= WRAP_MIN_LINES and wrapped >= WRAP_MIN_SHARE * runs


def _wire_blocks(text: str) -> list[tuple[int, int, int, str | None]]:
    out = []
    pos = line = counted = 0
    seps = [(m.start(), m.end()) for m in _WIRE_SEP_RE.finditer(text)] + [(len(text), len(text))]
    for a, b in seps:
        piece = text[pos:a]
        stripped = piece.strip()
        if stripped:
            s = pos + (len(piece) - len(piece.lstrip()))
            line += text.count("\n", counted, s)
            counted = s
            out.append([line, s, s + len(stripped), BOILERPLATE if _WIRE_SLUG_RE.match(stripped) else None])
        pos = b
    if out and out[-1][3] is None and _WIRE_SIGNOFF_RE.match(text, out[-1][1], out[-1][2]):
        out[-1][3] = BOILERPLATE
    return [tuple(b) for b in out]


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


#: A first line that ends in one full stop and has more words than this, or more than one
#: sentence, is a lead paragraph, not a headline (a wire story's lead has 20-40 words; of the
#: 22,136 CLICK-ID titles, the 11 that end in "." with more than 12 words all end in "...", which
#: stays a headline, and none that ends in one "." has two sentences).
HEADLINE_MAX_WORDS_WITH_FULL_STOP = 12


def is_headline(first_line: str, n_lines: int) -> bool:
    """The first line is a headline when more lines follow and it is short, not a credit line and
    not a lead paragraph (a long line ending in a full stop).

    >>> is_headline("Harga Cabai Naik", 3), is_headline("Harga cabai naik lagi pada hari Senin di semua pasar tradisional yang ada di kota itu.", 3)
    (True, False)
    """
    if n_lines <= 1 or len(first_line) > 300 or classify_line(first_line) != CONTENT:
        return False
    end = first_line.rstrip("\"'\u201d\u2019) ")
    if not end.endswith(".") or end.endswith(".."):
        return True
    return len(_WORD.findall(first_line)) <= HEADLINE_MAX_WORDS_WITH_FULL_STOP and len(split_sentences(first_line)) == 1


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
    """The article body that signatures are computed on: no headline, boilerplate, credit lines,
    wire furniture or dateline prefix, mojibake repaired and hard-wrapped lines joined. Fast (a few
    regex passes over the whole text), and consistent with :class:`dedup.document.Document`, which
    reads the same blocks (:func:`blocks`) and classifies them with the same rules.

    >>> content_text("Judul Berita\\nJAKARTA - Isi berita.\\nBaca juga: Lain\\nEditor: A")
    'Isi berita.'
    """
    prep = prepare(text)
    return content_of_blocks(prep.text, blocks(prep.text, prep.wire))


def content_of_blocks(clean: str, found: list[tuple[int, int, int, str | None]]) -> str:
    """:func:`content_text` of a text already repaired (``clean``, :func:`prepare`) and read into
    ``found`` (:func:`blocks`): for a caller that parses the same text into a Document.

    >>> t = "Judul Berita\\nJAKARTA - Isi berita."
    >>> content_of_blocks(t, blocks(t)) == content_text(t)
    True
    """
    free = [(s, e, preset) for _, s, e, preset in found if preset in (None, CONTENT)]
    if not free:
        return ""
    lines = [block_text(clean, s, e) for s, e, _ in free]
    if free[0][2] is None and is_headline(lines[0], len(lines)):
        lines = lines[1:]
    match = _NONCONTENT_START_RE.match
    # Same rule as classify_line (a credit line is short), so Document and shingles agree.
    lines = [ln for ln in lines if not match(ln) or (len(ln) > 200 and not _BOILERPLATE_RE.match(ln))]
    if lines:  # a sign-off run into the last sentence, as Document reads it
        cut = signoff_start(lines[-1], 0, len(lines[-1]))
        if cut is not None:
            lines[-1] = lines[-1][:cut]
    for i, ln in enumerate(lines[:DATELINE_LINES]):
        n = dateline_length(ln)
        if n:
            lines[i] = ln[n:]
            break
    return "\n".join(ln.strip() for ln in lines)


def has_content(text: str) -> bool:
    """True when ``text`` has a content word once its headline, boilerplate, credit lines and
    scraper placeholders (",,,loading...") are set aside: what signatures and sentence
    fingerprints are computed on. An article without is never compared by its body.

    >>> has_content("Judul Berita\\n,,,loading..."), has_content("Judul Berita\\nIsi berita.")
    (False, True)
    """
    return bool(_WORD.search(content_text(text)))
