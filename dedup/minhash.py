"""Word n-gram shingles and MinHash signatures, computed in bulk with numpy.

A document's *shingles* are the 64-bit hashes of the word n-grams of its content (headline,
boilerplate, credit lines and dateline excluded, see :func:`dedup.text.content_text`); words are
those of :func:`dedup.text.words` on the NFKC-normalised, lower-cased text, exactly the words
:func:`dedup.text.sentence_key` uses.

Tokenising and hashing run on whole batches at once: the content texts of a batch are joined into
one numpy array of characters, lower-cased, word boundaries are found with vectorised character
classes, every word is hashed 8 bytes at a time, and n-gram hashes are combined with numpy
multiplies. No Python loop runs per word or per shingle. Signatures use one-permutation hashing
with optimal densification: O(shingles + num_perm) work per document, an unbiased Jaccard
estimate, and values in datasketch's 32-bit range (:func:`to_lean_minhash`).

>>> a = shingles("Satu dua tiga empat lima enam tujuh.")
>>> b = shingles("satu DUA tiga empat lima enam delapan")
>>> len(a), len(b), jaccard(a, b), containment(a, b)
(3, 3, 0.5, 0.6666666666666666)
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import text as T
from .errors import InputError
from .hashing import MASK64, constants, fmix64

__all__ = [
    "MinHashParams",
    "DEFAULT",
    "shingles",
    "shingles_many",
    "jaccard",
    "containment",
    "intersection_size",
    "signatures",
    "content_signatures",
    "signature",
    "estimate_jaccard",
    "is_empty",
    "to_lean_minhash",
    "from_lean_minhash",
    "EMPTY_VALUE",
]

_U64 = np.uint64


@dataclass(frozen=True)
class MinHashParams:
    """Every parameter that changes a shingle set or a signature.

    An index stores ``to_dict()`` and refuses to mix signatures made with other parameters.

    >>> MinHashParams.from_dict(MinHashParams(num_perm=64).to_dict()) == MinHashParams(num_perm=64)
    True
    """

    num_perm: int = 128
    ngram: int = 5
    seed: int = 1
    normalization: int = T.NORMALIZATION_VERSION

    def __post_init__(self) -> None:
        for name in ("num_perm", "ngram"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InputError(f"MinHashParams.{name} must be a positive integer, got {value!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or not 0 <= self.seed < 2**64:
            raise InputError(f"MinHashParams.seed must be an integer in [0, 2**64), got {self.seed!r}")

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "MinHashParams":
        known = {k: data[k] for k in ("num_perm", "ngram", "seed", "normalization") if k in data}
        return cls(**known)


DEFAULT = MinHashParams()


# Shingle hashing constants are fixed (they do not depend on MinHashParams.seed), so exact
# Jaccard on stored shingles is the same whatever seed the signatures use.
_SHINGLE_SEED = 0x6E657773_64656475  # "newsdedu"
_K = constants(_SHINGLE_SEED, 64)
_WORD_MULT = _K[0] | 1
_LEN_SALT = _K[1]
_GRAM_SALT = _K[2]
_GRAM_MULT = [k | 1 for k in _K[3:]]  # one odd multiplier per position in the n-gram
_MAX_NGRAM = len(_GRAM_MULT)

# How a word is hashed (this defines every stored shingle; see tests/test_minhash.py's pinned
# values): its UTF-8 bytes, lower-cased and normalised, are read 8 at a time as little-endian
# integers (the last chunk zero-padded); acc = len * LEN_SALT, then for each chunk
# acc = fmix64(acc ^ chunk * WORD_MULT). Reading 8 bytes per step keeps the work per word at one
# or two vectorised gathers instead of one pass per character.


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    """``table[cp]`` is 1 for characters matched by ``\\w`` (``str.isalnum()`` or ``_``), 2 for the
    joiners that :func:`dedup.text.words` keeps between word characters (``.,:/'-``), else 0.
    Basic Multilingual Plane only; rarer code points are classified on the fly."""
    table = np.fromiter(
        (1 if (chr(c).isalnum() or c == 95) else 0 for c in range(0x10000)), dtype=np.uint8, count=0x10000
    )
    for ch in ".,:/'-":
        table[ord(ch)] = 2
    return table


@lru_cache(maxsize=1)
def _translation() -> tuple[np.ndarray, np.ndarray]:
    """The characters :func:`dedup.text.normalize` translates (curly quotes, dashes, odd spaces,
    as sorted code points and their ASCII replacement; the zero-width characters it deletes are
    left out. All of them are NFKC-stable once translated, so a text whose only non-ASCII characters are
    these needs no Unicode work at all."""
    items = sorted((k, v) for k, v in T.TRANSLATE.items() if v)  # deletions take the slow path
    assert all(len(v) == 1 and ord(v) < 128 for _, v in items)
    keys = np.array([k for k, _ in items], dtype=np.uint32)
    vals = np.array([ord(v) for _, v in items], dtype=np.uint8)
    return keys, vals


def _prepare(text: str) -> str:
    """The string that is tokenised: the content text, normalised as by
    :func:`dedup.text.normalize` and lower-cased. Whitespace is left as it is: it is never part of a
    word, so the words are exactly those of ``words(normalize(content_text(text)).lower())``."""
    return _normalize_lower(T.content_text(text))


def _normalize_lower(body: str) -> str:
    body = T.translate(body)
    if not unicodedata.is_normalized("NFKC", body):
        body = unicodedata.normalize("NFKC", body)
    return body.lower()


def _word_spans(isw: np.ndarray, isj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every word, given which characters are word characters and which are
    joiners (``.,:/'-``).

    A joiner belongs to a word when word characters stand on both sides of it: exactly what the
    greedy regex ``\\w+(?:[.,:/'\\-]\\w+)*`` of :func:`dedup.text.words` matches."""
    inword = np.zeros(isw.size + 2, dtype=bool)  # one False of padding on each side
    inword[1:-1] = isw
    if isw.size > 2:
        inword[2:-2] |= isj[1:-1] & isw[:-2] & isw[2:]
    edges = np.flatnonzero(inword[1:] != inword[:-1])
    return edges[0::2], edges[1::2]  # edges alternate: word start, word end


def _hash_spans(padded: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Hash the byte strings ``padded[start:end]`` (``padded`` has 8 spare zero bytes at its end)."""
    view = np.ndarray(shape=(padded.size - 7,), dtype="<u8", buffer=padded, strides=(1,))  # unaligned
    length = end - start
    acc = length.astype(np.uint64)
    acc *= _U64(_LEN_SALT)
    chunk = view[start]
    chunk &= _U64(MASK64) >> (8 * (8 - np.minimum(length, 8))).astype(np.uint64)
    chunk *= _U64(_WORD_MULT)
    acc ^= chunk
    fmix64(acc)
    idx = np.flatnonzero(length > 8)
    offset = 8
    while idx.size:  # the rare words longer than 8 bytes, 8 more bytes per round
        rem = length[idx] - offset
        chunk = view[start[idx] + offset]
        chunk &= _U64(MASK64) >> (8 * (8 - np.minimum(rem, 8))).astype(np.uint64)
        chunk *= _U64(_WORD_MULT)
        chunk ^= acc[idx]
        acc[idx] = fmix64(chunk)
        offset += 8
        idx = idx[rem > 8]
    return acc


def _token_hashes(contents: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hash every word of every content text (see :func:`dedup.text.content_text`).

    Returns ``(hashes, counts)``: the uint64 hash of each word, in order, documents one after the
    other, and the number of words of each document.

    Fast path, all numpy: texts whose only non-ASCII characters are ones that ``normalize``
    translates to ASCII (in news: curly quotes, no-break spaces, dashes; most articles) are
    translated, lower-cased and tokenised as bytes. Other texts (accents, other scripts, zero-width
    characters) are normalised with ``unicodedata`` and ``str.lower`` first, then tokenised on code
    points. Both paths hash the same UTF-8 bytes, so a word hashes the same whichever path saw it.
    """
    n = len(contents)
    if n == 0:
        return np.empty(0, np.uint64), np.zeros(0, np.int64)
    lengths = np.fromiter((len(t) for t in contents), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    joined = "\n".join(contents)
    slow = np.empty(0, np.int64)
    if joined.isascii():
        cps = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    else:
        cps32 = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        hi = np.flatnonzero(cps32 >= 0x80)
        values = cps32[hi]
        keys, targets = _translation()
        pos = np.minimum(np.searchsorted(keys, values), keys.size - 1)
        known = keys[pos] == values
        cps = cps32.astype(np.uint8)
        cps[hi[known]] = targets[pos[known]]
        if not known.all():
            slow = np.unique(np.searchsorted(starts, hi[~known], side="right") - 1)
            for d in slow.tolist():  # those texts take the slow path: blank them here
                cps[starts[d] : starts[d] + lengths[d]] = 10
    size = cps.size
    padded = np.zeros(size + 8, dtype=np.uint8)
    low = padded[:size]
    np.less(cps - np.uint8(65), np.uint8(26), out=low.view(bool))  # A-Z
    np.left_shift(low, np.uint8(5), out=low)
    np.bitwise_or(low, cps, out=low)  # ASCII lower case: str.lower() on ASCII
    isw = (low - np.uint8(97)) < np.uint8(26)
    isw |= (low - np.uint8(48)) < np.uint8(10)
    isw |= low == np.uint8(95)
    isj = (low - np.uint8(44)) < np.uint8(4)  # , - . /
    isj |= low == np.uint8(58)
    isj |= low == np.uint8(39)
    wstart, wend = _word_spans(isw, isj)
    hashes = _hash_spans(padded, wstart, wend)
    first = np.searchsorted(wstart, starts)  # index of each text's first word
    counts = np.diff(first, append=wstart.size).astype(np.int64)
    if slow.size:  # slot the slow texts' words in where their (blanked) texts stood
        s_hash, s_doc = _slow_token_hashes([contents[d] for d in slow.tolist()])
        hashes = np.insert(hashes, first[slow][s_doc], s_hash)
        counts[slow] = np.bincount(s_doc, minlength=slow.size)
    return hashes, counts


def _slow_token_hashes(contents: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes and owning text of texts that need Unicode normalisation."""
    texts = [_normalize_lower(c) for c in contents]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _word_table()
    astral = cps >= 0x10000
    if astral.any():
        cls = table[np.where(astral, 0, cps)]
        uniq = np.unique(cps[astral])
        word = np.array([1 if chr(c).isalnum() else 0 for c in uniq.tolist()], dtype=np.uint8)
        cls[astral] = word[np.searchsorted(uniq, cps[astral])]
    else:
        cls = table[cps]
    wstart, wend = _word_spans(cls == 1, cls == 2)
    # UTF-8 byte offset of every code point (surrogates, allowed by "surrogatepass", take 3 bytes)
    nbytes = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + astral
    offset = np.zeros(cps.size + 1, dtype=np.int64)
    np.cumsum(nbytes, out=offset[1:])
    raw = joined.encode("utf-8", "surrogatepass")
    padded = np.zeros(len(raw) + 8, dtype=np.uint8)
    padded[: len(raw)] = np.frombuffer(raw, dtype=np.uint8)
    hashes = _hash_spans(padded, offset[wstart], offset[wend])
    doc = np.searchsorted(starts, wstart, side="right") - 1
    return hashes, doc


def _gram_hashes(tok: np.ndarray, counts: np.ndarray, ngram: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word n-grams of each document (not deduplicated) and how many each has.

    A document with fewer than ``ngram`` words (but at least one) gets one shingle of all its
    words; the number of words is mixed in, so such a shingle never equals a full n-gram's.
    """
    if ngram > _MAX_NGRAM:
        raise ValueError(f"ngram must be at most {_MAX_NGRAM}, got {ngram}")
    n_docs = counts.size
    doc_start = np.zeros(n_docs, dtype=np.int64)
    if n_docs > 1:
        np.cumsum(counts[:-1], out=doc_start[1:])
    n_full = np.maximum(counts - ngram + 1, 0)
    total = int(tok.size)
    # Full n-grams: start positions whose window stays inside one document.
    parts = []
    if total >= ngram:
        m = total - ngram + 1
        acc = tok[:m] * _U64(_GRAM_MULT[0])
        for i in range(1, ngram):
            acc += tok[i : i + m] * _U64(_GRAM_MULT[i])
        acc += _U64((ngram * _GRAM_SALT) & MASK64)
        # windows starting in the last ngram-1 positions before a document's end cross it
        valid = np.ones(total, dtype=bool)
        doc_end = doc_start + counts
        for i in range(1, ngram):
            valid[doc_end[doc_end >= i] - i] = False
        parts.append((acc[valid[:m]], np.repeat(np.arange(n_docs), n_full)))
    short = np.flatnonzero((counts > 0) & (counts < ngram))
    if short.size:
        c = counts[short]
        acc = np.zeros(short.size, dtype=np.uint64)
        for i in range(ngram - 1):
            sel = c > i
            acc[sel] += tok[doc_start[short[sel]] + i] * _U64(_GRAM_MULT[i])
        acc += c.astype(np.uint64) * _U64(_GRAM_SALT)
        parts.append((acc, short))
    if not parts:
        return np.empty(0, np.uint64), np.zeros(n_docs, np.int64)
    grams = np.concatenate([p[0] for p in parts])
    owner = np.concatenate([p[1] for p in parts])
    if len(parts) > 1:
        order = np.argsort(owner, kind="stable")
        grams, owner = grams[order], owner[order]
    fmix64(grams)
    per_doc = np.bincount(owner, minlength=n_docs).astype(np.int64)
    return grams, per_doc


def _check_texts(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise TypeError("expected a sequence of texts, got a single string (use the single-text function)")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"text #{i} is {type(t).__name__}, expected str")
    return texts


def shingles(text: str, params: MinHashParams = DEFAULT) -> np.ndarray:
    """Sorted unique uint64 hashes of the word n-grams of the content of ``text``.

    >>> shingles("Judul\\nIsi berita yang sangat panjang sekali.\\nBaca juga: Lain").size
    2
    >>> shingles("").size
    0
    """
    return shingles_many([text], params)[0]


def shingles_many(texts: Sequence[str], params: MinHashParams = DEFAULT) -> list[np.ndarray]:
    """:func:`shingles` for many texts at once (one vectorised pass over the whole batch).

    >>> [s.size for s in shingles_many(["a b c d e f", "a b", ""])]
    [2, 1, 0]
    """
    texts = _check_texts(texts)
    out: list[np.ndarray] = []
    for chunk in _chunks(texts):
        grams, per_doc = _gram_hashes(*_token_hashes([T.content_text(t) for t in chunk]), params.ngram)
        out.extend(_split_unique(grams, per_doc))
    return out


def word_grams(content: str, ngram: int = DEFAULT.ngram) -> set[tuple[str, ...]]:
    """The shingle set of a content text (:func:`dedup.text.content_text`) as the word n-grams
    themselves: the sets :func:`shingles` hashes, so sizes and intersections are the same, and
    :func:`overlap_counts` of two of them is :func:`overlap` of their shingles. For one pair
    (``compare``) this is several times faster than the vectorised path, whose numpy calls cost
    more than two articles' words.

    >>> sorted(word_grams("Satu dua tiga empat.", 3)), word_grams("Satu dua", 3), word_grams("", 3)
    ([('dua', 'tiga', 'empat'), ('satu', 'dua', 'tiga')], {('satu', 'dua')}, set())
    """
    words = T.words(_normalize_lower(content))
    if len(words) >= ngram:
        return set(zip(*(words[i:] for i in range(ngram))))
    return {tuple(words)} if words else set()


def content_shingles_many(contents: Sequence[str], params: MinHashParams = DEFAULT) -> list[np.ndarray]:
    """:func:`shingles_many` of texts that are already content (no headline, credit line or
    dateline rules applied): for a document whose learned boilerplate sentences are left out.

    >>> [s.size for s in content_shingles_many(["Judul\\nsatu dua tiga empat lima"])]
    [2]
    """
    contents = _check_texts(contents)
    out: list[np.ndarray] = []
    for chunk in _chunks(contents):
        grams, per_doc = _gram_hashes(*_token_hashes(chunk), params.ngram)
        out.extend(_split_unique(grams, per_doc))
    return out


def _split_unique(grams: np.ndarray, per_doc: np.ndarray) -> list[np.ndarray]:
    if grams.size == 0:
        return [np.empty(0, np.uint64) for _ in range(per_doc.size)]
    owner = np.repeat(np.arange(per_doc.size, dtype=np.uint64), per_doc)
    # Sort by (document, hash) in one pass: sort hashes within documents via lexsort.
    order = np.lexsort((grams, owner))
    grams = grams[order]
    keep = np.ones(grams.size, dtype=bool)
    keep[1:] = (grams[1:] != grams[:-1]) | (owner[1:] != owner[:-1])
    grams, owner = grams[keep], owner[keep]
    bounds = np.searchsorted(owner, np.arange(per_doc.size + 1, dtype=np.uint64))
    return [grams[bounds[i] : bounds[i + 1]] for i in range(per_doc.size)]


def intersection_size(sa: np.ndarray, sb: np.ndarray) -> int:
    """Number of shingles two sorted unique shingle arrays share.

    >>> intersection_size(np.array([1, 2, 3], np.uint64), np.array([3, 4], np.uint64))
    1
    """
    if sa.size == 0 or sb.size == 0:
        return 0
    if sa.size > sb.size:
        sa, sb = sb, sa
    idx = np.searchsorted(sb, sa)
    idx[idx == sb.size] = 0
    return int(np.count_nonzero(sb[idx] == sa))


def overlap(sa: np.ndarray, sb: np.ndarray) -> tuple[float, float, float]:
    """``(jaccard, containment of a in b, containment of b in a)`` of two sorted unique shingle
    arrays: what compare, the index and batch scoring report for a pair (each 0.0 when its
    denominator is).

    >>> overlap(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4, 5], np.uint64))
    (0.4, 0.6666666666666666, 0.5)
    """
    return overlap_counts(intersection_size(sa, sb), sa.size, sb.size)


def overlap_counts(inter: int, n_a: int, n_b: int) -> tuple[float, float, float]:
    """:func:`overlap` from the counts: ``inter`` shingles shared by sets of ``n_a`` and ``n_b``.

    >>> overlap_counts(2, 3, 4)
    (0.4, 0.6666666666666666, 0.5)
    """
    union = n_a + n_b - inter
    return (inter / union if union else 0.0, inter / n_a if n_a else 0.0, inter / n_b if n_b else 0.0)


def jaccard(sa: np.ndarray, sb: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays (0.0 when both are empty).

    >>> jaccard(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    inter = intersection_size(sa, sb)
    union = sa.size + sb.size - inter
    return inter / union if union else 0.0


def containment(sa: np.ndarray, sb: np.ndarray) -> float:
    """Fraction of the shingles of ``sa`` that are also in ``sb`` (0.0 when ``sa`` is empty).

    >>> containment(np.array([1, 2], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    return intersection_size(sa, sb) / sa.size if sa.size else 0.0


# --- signatures: one-permutation hashing with optimal densification ------------------------------

#: The value of every slot of an empty document's signature (datasketch's ``_max_hash``). Real
#: slots never take it, so an empty signature shares no slot with any other signature.
EMPTY_VALUE = (1 << 32) - 1
_EMPTY = _U64(EMPTY_VALUE)
#: Characters per vectorised batch. Small enough that the temporary arrays stay in cache and out
#: of fresh mmap pages (measured: 2**18 is about 2x faster per article than 2**21).
_CHUNK_CHARS = 1 << 18


def _seed_key(seed: int) -> np.uint64:
    return _U64(constants(seed ^ 0x5EED5EED5EED5EED, 1)[0])


@lru_cache(maxsize=8)
def _densify_order(num_perm: int, seed: int) -> np.ndarray:
    """Row ``i`` is the order in which an empty bin ``i`` looks for a non-empty bin to borrow
    from: a pseudo-random permutation of the bins, the same for every document (that is what keeps
    the estimate unbiased), independent from row to row (that is what keeps the variance low)."""
    k = num_perm
    keys = np.arange(k * k, dtype=np.uint64)
    keys ^= _seed_key(seed + 1)
    fmix64(keys)
    return np.argsort(keys.reshape(k, k), axis=1).astype(np.intp)


def _oph(grams: np.ndarray, per_doc: np.ndarray, params: MinHashParams) -> np.ndarray:
    """One-permutation hashing (Li, Owen & Zhang 2012) with optimal densification (Shrivastava
    2017): each shingle hash picks one of ``k`` bins and a 32-bit value; a bin keeps its minimum
    value; an empty bin copies the value of the first non-empty bin along its fixed probe order.
    The probability that two documents agree in a slot is exactly their Jaccard similarity, and
    the cost is O(shingles + k) per document instead of O(shingles * k)."""
    n, k = per_doc.size, params.num_perm
    out = np.full(n * k, _EMPTY, dtype=np.uint64)
    if grams.size:
        g = grams ^ _seed_key(params.seed)
        fmix64(g)
        owner = np.repeat(np.arange(n, dtype=np.uint64), per_doc)
        slot = owner * _U64(k) + (((g >> _U64(32)) * _U64(k)) >> _U64(32))
        g &= _U64(EMPTY_VALUE)
        np.minimum(g, _U64(EMPTY_VALUE - 1), out=g)
        np.minimum.at(out, slot, g)
    out = out.reshape(n, k)
    empty = out == _EMPTY
    partial = empty.any(axis=1) & ~empty.all(axis=1)
    if partial.any():
        order = _densify_order(k, params.seed)
        d, i = np.nonzero(empty & partial[:, None])
        src = out.copy()
        for t in range(k):
            j = order[i, t]
            ok = ~empty[d, j]
            out[d[ok], i[ok]] = src[d[ok], j[ok]]
            keep = ~ok
            d, i = d[keep], i[keep]
            if d.size == 0:
                break
    return out


def _chunks(texts: list[str]) -> Iterable[list[str]]:
    start, size = 0, 0
    for i, t in enumerate(texts):
        size += len(t) + 1
        if size >= _CHUNK_CHARS:
            yield texts[start : i + 1]
            start, size = i + 1, 0
    if start < len(texts) or not texts:
        yield texts[start:]


def signatures(texts: Sequence[str], params: MinHashParams = DEFAULT) -> np.ndarray:
    """MinHash signatures of many texts: shape ``(len(texts), num_perm)``, dtype uint64, every value
    below 2**32 (datasketch's range). Rows of identical content are identical.

    An empty text (no content words) gets a signature of ``EMPTY_VALUE`` in every slot, a value
    that no real slot takes: it agrees with no other signature, so it matches nothing (use
    :func:`is_empty` to find such rows and leave them out of an index).

    >>> sigs = signatures(["Satu dua tiga empat lima enam.", "satu dua tiga empat lima enam", ""])
    >>> sigs.shape, bool((sigs[0] == sigs[1]).all()), is_empty(sigs).tolist()
    ((3, 128), True, [False, False, True])
    """
    texts = _check_texts(texts)
    parts = []
    for chunk in _chunks(texts):
        parts.append(content_signatures([T.content_text(t) for t in chunk], params))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def content_signatures(contents: Sequence[str], params: MinHashParams = DEFAULT) -> np.ndarray:
    """:func:`signatures` of texts that are already content (:func:`dedup.text.content_text`, or
    :func:`dedup.document.parse_many`, which reads it beside each Document).

    >>> t = "Judul\\nSatu dua tiga empat lima enam."
    >>> bool((content_signatures([T.content_text(t)]) == signatures([t])).all())
    True
    """
    contents = _check_texts(contents)
    parts = []
    for chunk in _chunks(contents):
        tok, counts = _token_hashes(chunk)
        grams, per_doc = _gram_hashes(tok, counts, params.ngram)
        parts.append(_oph(grams, per_doc, params))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def signature(text: str, params: MinHashParams = DEFAULT) -> np.ndarray:
    """The signature of one text (see :func:`signatures`).

    >>> signature("Sebuah kalimat pendek.").shape
    (128,)
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return signatures([text], params)[0]


def is_empty(sigs: np.ndarray) -> np.ndarray | bool:
    """True for signatures of empty texts (every slot ``EMPTY_VALUE``); row-wise for 2-D input.

    >>> bool(is_empty(signature(""))), bool(is_empty(signature("ada isi")))
    (True, False)
    """
    result = np.all(np.asarray(sigs) == _EMPTY, axis=-1)
    return bool(result) if np.ndim(result) == 0 else result


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float | np.ndarray:
    """Estimated Jaccard similarity: the fraction of slots where two signatures agree.

    Works row-wise on 2-D arrays (broadcasting). Empty signatures agree with nothing (0.0).

    >>> a, b = signatures(["satu dua tiga empat lima enam tujuh", "satu dua tiga empat lima enam"])
    >>> 0.0 <= estimate_jaccard(a, b) <= 1.0, estimate_jaccard(a, a), estimate_jaccard(a, signature(""))
    (True, 1.0, 0.0)
    """
    a, b = np.asarray(sig_a), np.asarray(sig_b)
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"signatures differ in length: {a.shape[-1]} vs {b.shape[-1]}")
    result = np.mean((a == b) & (a != _EMPTY), axis=-1)
    return float(result) if np.ndim(result) == 0 else result


def to_lean_minhash(sig: np.ndarray, params: MinHashParams = DEFAULT):
    """A :class:`datasketch.LeanMinHash` holding ``sig``, usable in datasketch's ``MinHashLSH``,
    ``MinHashLSHForest`` and their Redis/Cassandra storage.

    The values use datasketch's ``"legacy"`` layout (uint64 holding 32-bit values), and the seed is
    ``params.seed``. The hash functions are this module's, not datasketch's: compare and index
    these only with other signatures from this module, never with a ``MinHash`` that datasketch
    computed itself.

    >>> lm = to_lean_minhash(signature("satu dua tiga empat lima enam"))
    >>> len(lm), bool((from_lean_minhash(lm) == signature("satu dua tiga empat lima enam")).all())
    (128, True)
    """
    from datasketch import LeanMinHash

    values = np.ascontiguousarray(sig, dtype=np.uint64)
    if values.ndim != 1 or values.size != params.num_perm:
        raise ValueError(f"expected a 1-D signature of {params.num_perm} values, got shape {values.shape}")
    if values.size and int(values.max()) > EMPTY_VALUE:
        raise ValueError("signature values must be below 2**32")
    try:
        return LeanMinHash(seed=params.seed, hashvalues=values, scheme="legacy")
    except TypeError:  # datasketch < 2.0 has no schemes (and is always "legacy")
        return LeanMinHash(seed=params.seed, hashvalues=values)


def from_lean_minhash(lm) -> np.ndarray:
    """The signature (uint64 array) held by a LeanMinHash or MinHash with 32-bit values."""
    values = np.asarray(lm.hashvalues)
    if values.size and int(values.max()) > EMPTY_VALUE:
        raise ValueError("hash values above 2**32: not a 32-bit MinHash")
    return values.astype(np.uint64, copy=True)
