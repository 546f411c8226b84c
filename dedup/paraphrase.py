"""Sampled content-word pairs: the candidate channel for paraphrased passages.

Word k-gram fingerprints (:mod:`dedup.fingerprints`) need runs of identical consecutive words. A
paraphrased passage (words swapped for synonyms, clauses reordered, function words changed,
sentences split or merged) keeps few such runs, but it keeps many of its *rare content words*
(names, numbers, uncommon nouns) close to one another. A *paraphrase fingerprint* captures that:
the content words of a text (lower-cased, at least :data:`MIN_WORD_CHARS` characters, not a
function word of :data:`STOPWORDS`), in text order, are sampled by their hash (a word is kept when
its hash falls in the lowest :data:`SAMPLE` of the range: the same words are kept in every text),
and each kept word paired with the next :data:`PAIR_SPAN` kept words, across sentence ends, is one
64-bit fingerprint (the pair unordered). The consumer drops pairs held by more than :data:`MAX_DF`
documents (common phrases, outlet boilerplate) and asks for :data:`MIN_SHARED` of them, or for
:data:`RARE_SHARED` of those held by at most :data:`RARE_DF` documents.

Verification stays exact (:func:`shares_paraphrase`): both texts are re-read, and they share a
passage when one sentence of each has most of its content words in the other
(:func:`matched_sentences`: :data:`MATCH_WORDS` shared, at least :data:`MATCH_SHARE` of the smaller
sentence's), or when a run of sentences does (:func:`chained_words`): human paraphrases keep a few
content words of every sentence and rarely most of any one, so sentence pairs sharing
:data:`SEED_WORDS` words (:data:`SEED_SHARE` of the smaller) that follow one another in both texts
are chained, and a chain sharing :data:`CHAIN_WORDS` content words in all is a passage. Words common
in the language meet by chance in one sentence pair, but rarely in several consecutive ones.

>>> a = "Judul\\nBantuan beras dari Makassar tiba di Palu kemarin bersama gubernur."
>>> b = "Lain\\nGubernur datang ke Palu kemarin. Ia membawa beras bantuan dari Makassar."
>>> fa, fb = bag_fingerprints_many([a, b])
>>> int(np.intersect1d(fa, fb).size), matched_sentences(a, b)
(4, 0)
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from . import text as T
from .document import Document
from .fingerprints import smallest_per_document

__all__ = [
    "STOPWORDS", "MIN_WORD_CHARS", "SAMPLE", "PAIR_SPAN", "CAP", "MAX_DF", "MIN_SHARED", "RARE_DF", "RARE_SHARED",
    "MATCH_WORDS", "MATCH_SHARE", "SEED_WORDS", "SEED_SHARE", "CHAIN_STEP", "CHAIN_WORDS", "RUN_PAIRS", "RUN_SEED_WORDS", "RUN_NEW",
    "consecutive_pairs", "content_words", "sentence_bags",
    "bag_fingerprints_many", "matched_sentences", "chained_words", "shares_paraphrase",
]

#: Function words of Indonesian and English (the languages of the project's news), never content
#: words; shorter words (MIN_WORD_CHARS) are left out anyway.
STOPWORDS = frozenset("""
yang dan di ke dari ini itu dengan untuk dalam pada tidak akan juga adalah telah bahwa oleh atau
saat kata ada lebih sudah bisa para karena serta namun masih kami kita mereka saya anda dia nya
tersebut seperti hal hanya harus dapat menjadi sebagai antara agar setelah kepada tetapi tapi maka
jika bila sangat lagi sebuah seorang satu yaitu yakni begitu sehingga sedang belum pernah semua
setiap bagi sendiri sementara lalu kemudian ketika waktu siapa mana sini sana situ hingga sampai
tentang atas bawah banyak beberapa demikian mengatakan merupakan sebelum sesudah selama tanpa
walaupun meskipun apabila karena itulah adapun yakni pula saja terhadap melalui masing baik secara
bukan belum sudah akan sedangkan bahkan hanya antara dapat
that with from have this were which their they them there than then been will would could should
also into after over about more most some such only other what when where while your yours said
says just because before being both each does doing during further here here's same very again
""".split())
#: Shorter words are never content words (they are mostly function words in both languages).
MIN_WORD_CHARS = 4
# SAMPLE, PAIR_SPAN and MIN_SHARED were measured on the plagiarism corpus with every (suspicious,
# source) pair (python -m benchmarks.calibrate_paraphrase, its candidate table): 0.35 / 2 / 3 make
# 72 of the 75 relevant pairs candidates (68 of them pass verification) and 470 other pairs, at 75
# fingerprints per CLICK-ID article. The pairs of the 4 smallest-hash content words of each
# sentence before them made 68 (65) candidates and 262 others at 69 per article: a sentence's 4
# words are a thin sample of a long sentence, and a sentence split or merged by the paraphrase
# chooses others. 0.35 / 2 / 2: 73 (69) and 554 others, but on 4,000 CLICK-ID articles queries
# cost 2.5x the CPU of the other channels instead of 1.7x (benchmarks/bench_index.py's channel
# A/B); 0.35 / 3 / 3: 73 (69) at 106 per article; 0.3 / 2 / 3: 71 (67) at 63.
#: The share of content words sampled (by hash: the same words in every text).
SAMPLE = 0.35
#: Each sampled word is paired with this many next sampled words (across sentence ends).
PAIR_SPAN = 2
#: At most this many paraphrase fingerprints per document (the smallest: the same choice in every
#: document), so a long text costs a bounded number of index rows. A news article makes far fewer
#: (4,000 CLICK-ID articles: 76 on average, 892 at most); 8,000 cuts 3 of the 65 plagiarism-corpus
#: texts (novels and Wikipedia articles up to 340 KB: 14,368 at most), 2,000 would cut 16 (with the
#: sentence bags before, 2,000 lost 3 of the 75 pairs).
CAP = 8000
#: A paraphrase fingerprint held by more documents than this makes no candidates.
MAX_DF = 20
#: Documents sharing at least this many paraphrase fingerprints are candidates.
MIN_SHARED = 3
#: ... and documents sharing at least RARE_SHARED fingerprints that at most RARE_DF documents hold
#: (the query's and one other, or two others) are candidates too. On the plagiarism corpus this
#: finds 70 of the 75 pairs instead of 69 (precision 70/72, as before); on 4,000 CLICK-ID articles in
#: SQLite, the same 400 queries with and without it in one process (alternating), query CPU p50 8.93
#: -> 9.21 ms, mean 10.17 -> 10.46 ms (MIN_SHARED 2 for every pair instead: 2.5x the other
#: channels' CPU, against 1.7x).
RARE_DF = 2
RARE_SHARED = 2
# The verification thresholds below were chosen together by 5-fold cross-validation over the 35
# suspicious documents of the plagiarism corpus with every (suspicious, source) pair verified
# (python -m benchmarks.calibrate_paraphrase): the procedure keeps 70 of the 75 relevant pairs held
# out and 5 others; this setting keeps 70 and 2 of all pairs (one, 00028/00012, a real copy the
# labels miss), the rule of one sentence pair alone (5 words and 40%) 66 and 7. Before chains
# counted each word of a sentence of the stored text once (:func:`chained_words`), the procedure kept
# 67 and 3, the setting with CHAIN_WORDS 14 68 and 3, with 12 71 and 5 (00030/00020: query sentences
# that each met one stored sentence of common words, "kamu orang anak"). On the 57 CLICK-ID pairs labelled unrelated
# (labels/dev_pairs.tsv) the check passes 49, as before: they share outlet boilerplate or whole
# sentences, so a news index relies on the shingle check first.
#: Two sentences match when they share at least this many content words ...
MATCH_WORDS = 6
#: ... and that is at least this share of the smaller sentence's content words.
MATCH_SHARE = 0.5
#: A sentence pair sharing at least this many content words ...
SEED_WORDS = 2
#: ... and at least this share of the smaller sentence's is a seed of a chain ...
SEED_SHARE = 0.25
#: ... whose next seed is at most this many sentences further in the one text and at most this many
#: (or the same sentence) further in the other ...
CHAIN_STEP = 2
#: ... and a chain whose seeds share at least this many content words in all is a shared passage
#: (11-13 keep the same pairs of the plagiarism corpus, 14 loses 2 of the 75).
CHAIN_WORDS = 12
# The run rule (:func:`consecutive_pairs`) is the shape of a passage paraphrased sentence by
# sentence: each sentence keeps two or three of its content words, too few for a matching sentence
# or a chain of CHAIN_WORDS. On every (suspicious, source) pair of the plagiarism corpus it keeps 71
# of the 75 relevant pairs instead of 70 and no more irrelevant ones (2); alone, 56 relevant and 0
# irrelevant. Without the new words per pair a phrase repeated through a novel ("makan malam")
# made runs of 3 with an unrelated text; runs of 2 pairs of 3 words keep 72 and 2 (the second
# relevant pair is found by its shingles in an index anyway), runs of 2 pairs of 2 words 72 and 23.
# 5-fold cross-validation with runs among the settings
# (python -m benchmarks.calibrate_paraphrase) keeps 70 of 75 held out and 5 others, as without: the
# folds choose the run rule 3 times in 5, and the pair it adds is held out in a fold that did not.
#: ... or a run of this many consecutive sentence pairs (consecutive in both texts) ...
RUN_PAIRS = 3
#: ... each sharing this many content words (SEED_SHARE of the smaller sentence's) ...
RUN_SEED_WORDS = 2
#: ... and each after the first this many words no earlier pair of the run shared.
RUN_NEW = 2

_PERSON = b"dedup-bag-v2"
_LIMIT = int(SAMPLE * 2**64)
_MUL = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)


def content_words(sentence: str) -> set[str]:
    """The distinct content words of a sentence: lower-cased word tokens of at least
    :data:`MIN_WORD_CHARS` characters that are not :data:`STOPWORDS`.

    >>> sorted(content_words("Presiden Joko Widodo meresmikan jembatan itu pada 2019."))
    ['2019', 'jembatan', 'joko', 'meresmikan', 'presiden', 'widodo']
    """
    return _content(T.sentence_key(sentence))


def _content(key: str) -> set[str]:
    """:func:`content_words` of a sentence already normalised by :func:`dedup.text.sentence_key`."""
    return set(_content_sequence(key))


def _content_sequence(key: str) -> list[str]:
    """The content words of a normalised sentence in order, repeats kept."""
    return [w for w in key.split() if len(w) >= MIN_WORD_CHARS and w not in STOPWORDS]


def sentence_bags(doc: str | Document, skip: frozenset[int] | set[int] | None = None) -> list[tuple[int, set[str]]]:
    """``(unit index, content words)`` of each content sentence of ``doc`` not in ``skip``.

    >>> [(i, sorted(w)) for i, w in sentence_bags("Judul\\nKota Palu menerima bantuan. Ia diam.")]
    [(1, ['bantuan', 'kota', 'menerima', 'palu']), (2, ['diam'])]
    """
    d = doc if isinstance(doc, Document) else Document(doc)
    drop = skip or ()
    return [(u.index, _content(u.key)) for u in d.units if u.kind == T.CONTENT and u.index not in drop]


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8, person=_PERSON).digest(), "little")


def _fmix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def bag_fingerprints_many(
    docs: Sequence[str | Document],
    skip: Sequence[frozenset[int] | set[int] | None] | None = None,
    cap: int = CAP,
    with_sentences: bool = False,
    sample: float = SAMPLE,
    span: int = PAIR_SPAN,
):
    """The paraphrase fingerprints of each document: one sorted unique uint64 array per document
    (at most ``cap``, the smallest). The content words of its content sentences, in text order,
    are sampled (:data:`SAMPLE`) and each sampled word is paired with the next :data:`PAIR_SPAN`
    sampled words, across sentence ends. ``skip[i]`` names unit indices of document ``i`` to leave
    out (its learned boilerplate). With ``with_sentences``, also returns, aligned with each
    document's fingerprints, the :func:`dedup.fingerprints.fingerprint` of the sentence each
    pair's first word comes from (so a caller can drop those of sentences it later finds to be
    boilerplate). ``sample`` and ``span`` replace :data:`SAMPLE` and :data:`PAIR_SPAN` (to
    calibrate them; an index always uses the constants).

    >>> [f.size for f in bag_fingerprints_many(["Judul\\nSatu dua tiga.", "Judul\\nKota Palu menerima bantuan beras dari Makassar kemarin sore."])]
    [0, 5]
    """
    from .fingerprints import fingerprint

    n = len(docs)
    limit = _LIMIT if sample == SAMPLE else int(sample * 2**64)
    words: list[int] = []
    owner: list[int] = []
    sent: list[int] = []
    for i, d in enumerate(docs):
        doc = d if isinstance(d, Document) else Document(d)
        drop = skip[i] if skip is not None and skip[i] else ()
        for u in doc.units:
            if u.kind != T.CONTENT or u.index in drop:
                continue
            sampled = [h for h in map(_word_hash, _content_sequence(u.key)) if h < limit]
            words.extend(sampled)
            owner.extend([i] * len(sampled))
            if with_sentences and sampled:
                sent.extend([fingerprint(u.key)] * len(sampled))
    w = np.asarray(words, dtype=np.uint64)
    doc_of = np.asarray(owner, dtype=np.int64)
    firsts, seconds, docs_of, sents = [], [], [], []
    for step in range(1, span + 1):
        ok = np.flatnonzero((doc_of[:-step] == doc_of[step:]) & (w[:-step] != w[step:])) if w.size > step else np.empty(0, np.int64)
        firsts.append(w[ok])
        seconds.append(w[ok + step])
        docs_of.append(doc_of[ok])
        if with_sentences:
            sents.append(np.asarray(sent, dtype=np.uint64)[ok])
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    lo, hi = np.minimum(a, b), np.maximum(a, b)  # a pair hashes the same in either order
    with np.errstate(over="ignore"):
        fps = _fmix(lo * _MUL[0] + hi * _MUL[1])
    sfp = np.concatenate(sents) if with_sentences else None
    return smallest_per_document(fps, np.concatenate(docs_of), sfp, n, cap)


#: Where a raw text is cut into sentences for verification (a candidate's stored text is not
#: parsed into a Document: that costs twice as much, and headlines or credit lines in the bags only
#: add words that no chain needs).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n\s*")


def _bags(doc, min_words: int = 1) -> list[set[str]]:
    if isinstance(doc, list):
        bags = doc
    elif isinstance(doc, Document):
        bags = [b for _, b in sentence_bags(doc)]
    else:
        bags = _text_bags(doc)
    return [b for b in bags if len(b) >= min_words]


def _text_bags(text: str) -> list[set[str]]:
    """``[_content(T.sentence_key(s)) for s in _SENTENCE_END.split(text)]``: for a text that
    :func:`dedup.text.keys_text` reads at once (most news text), its words are read sentence by
    sentence from the one lower-cased copy instead of normalising and joining each sentence."""
    low = T.keys_text(text)
    if low is None:
        return [_content_of(T.sentence_words(s)) for s in _SENTENCE_END.split(text)]
    bags, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bags.append(_content_of(T.span_words(low, start, m.start())))
        start = m.end()
    bags.append(_content_of(T.span_words(low, start, len(text))))
    return bags


def _content_of(words: list[str]) -> set[str]:
    """The content words among a sentence's ``words`` (see :func:`content_words`)."""
    return {w for w in words if len(w) >= MIN_WORD_CHARS and w not in STOPWORDS}


def _shared_counts(ba: list[set[str]], bb: list[set[str]]):
    """For each sentence ``i`` of ``ba``: ``{j: content words shared with sentence j of bb}``."""
    where: dict[str, list[int]] = {}
    for j, bag in enumerate(bb):
        for w in bag:
            where.setdefault(w, []).append(j)
    for i, bag in enumerate(ba):
        counts: dict[int, int] = {}
        for w in bag:
            for j in where.get(w, ()):
                counts[j] = counts.get(j, 0) + 1
        yield i, counts


def matched_sentences(a: str | Document | list[set[str]], b: str | Document | list[set[str]]) -> int:
    """How many content sentences of the text with fewer of them have a matching sentence in the
    other (:data:`MATCH_WORDS` shared content words, at least :data:`MATCH_SHARE` of the smaller
    sentence's). Either side may be given as its list of content-word sets
    (``[words for _, words in sentence_bags(doc)]``), to check one text against many.

    >>> matched_sentences("Judul\\nKota Palu menerima bantuan beras dari Makassar kemarin.",
    ...                   "Lain\\nBantuan beras dari Makassar diterima kota Palu kemarin sore.")
    1
    """
    ba, bb = _bags(a, MATCH_WORDS), _bags(b, MATCH_WORDS)
    if len(ba) > len(bb):
        ba, bb = bb, ba
    return sum(
        any(c >= MATCH_WORDS and c >= MATCH_SHARE * min(len(ba[i]), len(bb[j])) for j, c in counts.items())
        for i, counts in _shared_counts(ba, bb)
    )


def chained_words(a: str | Document | list[set[str]], b: str | Document | list[set[str]],
                  seed_words: int = SEED_WORDS, seed_share: float = SEED_SHARE, step: int = CHAIN_STEP) -> int:
    """The content words shared by the best chain of sentence pairs of ``a`` and ``b``: pairs
    sharing ``seed_words`` words (``seed_share`` of the smaller sentence's), each next pair 1 to
    ``step`` sentences further in ``a`` and 0 to ``step`` further in ``b``. Pairs that stay on one
    sentence of ``b`` (a sentence of ``b`` split in two in ``a``) count each of its words once: a
    sentence of common words ("orang", "tahun", "anak") met by every sentence of a long text is no
    passage.

    >>> a = "J\\nGubernur Sulawesi meninjau banjir Palu kemarin pagi. Bantuan beras tiba dari Makassar sore harinya."
    >>> b = "K\\nBanjir Palu ditinjau gubernur Sulawesi. Sore itu beras bantuan Makassar tiba."
    >>> chained_words(a, b), matched_sentences(a, b)
    (9, 0)
    >>> chained_words("J\\nOrang tahun anak rumah. Anak orang tahun kota. Tahun anak orang desa.", "K\\nOrang tahun anak pergi.")
    3
    """
    ba, bb = _bags(a), _bags(b)
    return _chained(ba, bb, _shared_counts(ba, bb), seed_words, seed_share, step)


def _chained(ba: list[set[str]], bb: list[set[str]], shared_counts, seed_words: int = SEED_WORDS,
             seed_share: float = SEED_SHARE, step: int = CHAIN_STEP) -> int:
    """:func:`chained_words` of bags ``ba``, ``bb`` given their :func:`_shared_counts`."""
    top = 0
    # seeds of the last ``step`` sentences of a: (i, j, chain's words, words of b's sentence j counted)
    recent: list[tuple[int, int, int, frozenset[str]]] = []
    for i, counts in shared_counts:
        recent = [s for s in recent if i - s[0] <= step]
        found = []
        for j, c in counts.items():
            if c < seed_words or c < seed_share * min(len(ba[i]), len(bb[j])):
                continue
            shared = ba[i] & bb[j]
            best, seen = c, frozenset(shared)
            for i0, j0, v, used in recent:
                if j == j0:
                    gain = len(shared - used)
                    if v + gain > best:
                        best, seen = v + gain, used | shared
                elif 0 < j - j0 <= step and v + c > best:
                    best, seen = v + c, frozenset(shared)
            found.append((i, j, best, seen))
            top = max(top, best)
        recent.extend(found)
    return top


def consecutive_pairs(a: str | Document | list[set[str]], b: str | Document | list[set[str]],
                      seed_words: int = RUN_SEED_WORDS, seed_share: float = SEED_SHARE, new: int = RUN_NEW) -> int:
    """The longest run of sentence pairs ``(i, j), (i+1, j+1), ...`` of ``a`` and ``b`` (consecutive
    sentences in both, in the same order) where each pair shares ``seed_words`` content words
    (``seed_share`` of the smaller sentence's) and each after the first shares ``new`` words that no
    earlier pair of the run shared: a passage paraphrased sentence by sentence keeps a few words of
    each sentence, and a phrase repeated through a long text ("makan malam") is no run.

    >>> a = "J\\nRaja Oswald turun tahta kemarin. Kerajaan kecil itu berduka lama. Rakyat desa menangis."
    >>> b = "K\\nKemarin Oswald sang raja meninggalkan tahta. Seluruh kerajaan berduka. Rakyat di desa menangis pilu."
    >>> consecutive_pairs(a, b), chained_words(a, b) < CHAIN_WORDS, shares_paraphrase(a, b)
    (3, True, True)
    """
    ba, bb = _bags(a), _bags(b)
    return _runs(ba, bb, _shared_counts(ba, bb), seed_words, seed_share, new)


def _runs(ba: list[set[str]], bb: list[set[str]], shared_counts, seed_words: int = RUN_SEED_WORDS,
          seed_share: float = SEED_SHARE, new: int = RUN_NEW) -> int:
    """:func:`consecutive_pairs` of bags ``ba``, ``bb`` given their :func:`_shared_counts`."""
    runs: dict[tuple[int, int], tuple[int, frozenset[str]]] = {}
    top = 0
    for i, counts in shared_counts:
        for j, c in counts.items():
            if c < seed_words or c < seed_share * min(len(ba[i]), len(bb[j])):
                continue
            shared = ba[i] & bb[j]
            run, seen = 1, frozenset(shared)
            prev = runs.get((i - 1, j - 1))
            if prev is not None and len(shared - prev[1]) >= new:
                run, seen = prev[0] + 1, prev[1] | shared
            runs[(i, j)] = (run, seen)
            top = max(top, run)
    return top


def shares_paraphrase(a: str | Document | list[set[str]], b: str | Document | list[set[str]]) -> bool:
    """True when ``a`` and ``b`` share a passage in other words: a matching sentence pair
    (:func:`matched_sentences`), a chain of :data:`CHAIN_WORDS` shared content words
    (:func:`chained_words`) or :data:`RUN_PAIRS` consecutive sentence pairs sharing words
    (:func:`consecutive_pairs`). Either side may be a list of content-word sets.

    >>> shares_paraphrase("J\\nSatu kalimat tentang pasar sayur Dolopo.", "K\\nCerita lain tentang gunung.")
    False
    """
    ba, bb = _bags(a), _bags(b)
    # the shared words of every sentence pair counted once for the three rules (not once each), and
    # a matching pair found without counting the others: the same answer at a third of the work
    shared = list(_shared_counts(ba, bb))
    return (_any_matched(ba, bb, shared) or _chained(ba, bb, shared) >= CHAIN_WORDS
            or _runs(ba, bb, shared) >= RUN_PAIRS)


def _any_matched(ba: list[set[str]], bb: list[set[str]], shared: list[tuple[int, dict[int, int]]]) -> bool:
    """``matched_sentences(ba, bb) >= 1`` from the :func:`_shared_counts` of all the bags: a pair
    sharing :data:`MATCH_WORDS` words has that many in each of its sentences (so the sentences
    :func:`matched_sentences` leaves out never match), and the rule is symmetric."""
    for i, counts in shared:
        n_i = len(ba[i])
        for j, c in counts.items():
            if c >= MATCH_WORDS and c >= MATCH_SHARE * min(n_i, len(bb[j])):
                return True
    return False
