"""Word n-gram shingles and MinHash signatures, computed in bulk with numpy.

A document's *shingles* are the 64-bit hashes of the word n-grams of its content (headline,
boilerplate, credit lines and dateline excluded, see :func:`dedup.text.content_text`); words are
those of :func:`dedup.text.words` on the NFKC-normalised, lower-cased text, exactly the words
:func:`dedup.text.sentence_key` uses.

Tokenising and hashing run on whole batches at once: the content texts of a batch are joined,
turned into one array of code points, word characters are found with a lookup table, and every
word gets a polynomial hash from prefix sums, all in numpy. No Python loop runs per word or per
shingle.

>>> a = shingles("Satu dua tiga empat lima enam tujuh.")
>>> b = shingles("satu DUA tiga empat lima enam delapan")
>>> len(a), len(b), jaccard(a, b), containment(a, b)
(3, 3, 0.5, 0.6666666666666666)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import text as T
from .errors import InputError

__all__ = [
    "MinHashParams",
    "DEFAULT",
    "shingles",
    "shingles_many",
    "jaccard",
    "containment",
]

_U64 = np.uint64
_MASK64 = (1 << 64) - 1


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


# --- pure-Python 64-bit helpers (constants only; never used per token) -------------------------

def _splitmix64(state: int) -> tuple[int, int]:
    state = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state, z ^ (z >> 31)


def _constants(seed: int, n: int) -> list[int]:
    out, state = [], seed
    for _ in range(n):
        state, z = _splitmix64(state)
        out.append(z)
    return out


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place on a uint64 array (a bijection)."""
    x ^= x >> _U64(33)
    x *= _U64(0xFF51AFD7ED558CCD)
    x ^= x >> _U64(33)
    x *= _U64(0xC4CEB9FE1A85EC53)
    x ^= x >> _U64(33)
    return x


# Shingle hashing constants are fixed (they do not depend on MinHashParams.seed), so exact
# Jaccard on stored shingles is the same whatever seed the signatures use.
_SHINGLE_SEED = 0x6E657773_64656475  # "newsdedu"
_K = _constants(_SHINGLE_SEED, 64)
_BASE = _K[0] | 1  # odd, so it is invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
_LEN_SALT = _K[1]
_GRAM_SALT = _K[2]
_GRAM_MULT = [k | 1 for k in _K[3:]]  # one odd multiplier per position in the n-gram
_MAX_NGRAM = len(_GRAM_MULT)


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


_POW_CACHE: dict[str, np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``BASE**j`` and ``BASE**-j`` modulo 2**64 for ``j < n`` (cached, grown geometrically)."""
    have = _POW_CACHE.get("pow")
    if have is None or len(have) < n:
        size = max(n, 1 << 16, 0 if have is None else 2 * len(have))
        pw = np.full(size, _BASE, dtype=np.uint64)
        pw[0] = 1
        np.cumprod(pw, out=pw)
        inv = np.full(size, _BASE_INV, dtype=np.uint64)
        inv[0] = 1
        np.cumprod(inv, out=inv)
        _POW_CACHE["pow"], _POW_CACHE["inv"] = pw, inv
    return _POW_CACHE["pow"], _POW_CACHE["inv"]


def _prepare(text: str) -> str:
    """The string that is tokenised: normalised, lower-cased content text."""
    return T.normalize(T.content_text(text)).lower()


def _token_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hash every word of every (already prepared) text.

    Returns ``(hashes, counts)``: the uint64 hash of each word, in order, documents one after the
    other, and the number of words of each document.
    """
    n = len(texts)
    if n == 0:
        return np.empty(0, np.uint64), np.zeros(0, np.int64)
    joined = "\n".join(texts)
    # Document i occupies code points [starts[i], starts[i] + len(texts[i])).
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if cps.size == 0:
        return np.empty(0, np.uint64), np.zeros(n, np.int64)
    table = _word_table()
    high = cps >= 0x10000
    if high.any():
        cls = table[np.where(high, 0, cps)]
        uniq = np.unique(cps[high])
        word = np.array([1 if (chr(c).isalnum()) else 0 for c in uniq.tolist()], dtype=np.uint8)
        cls[high] = word[np.searchsorted(uniq, cps[high])]
    else:
        cls = table[cps]
    isw = cls == 1
    # A joiner belongs to a word when word characters stand on both sides of it: that is exactly
    # what the greedy regex \w+(?:[.,:/'\-]\w+)* matches.
    inword = isw.copy()
    if cps.size > 2:
        inword[1:-1] |= (cls[1:-1] == 2) & isw[:-2] & isw[2:]
    edges = np.diff(inword.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    wstart = np.flatnonzero(edges == 1)
    wend = np.flatnonzero(edges == -1)
    if wstart.size == 0:
        return np.empty(0, np.uint64), np.zeros(n, np.int64)
    pw, inv = _powers(cps.size + 1)
    prefix = np.empty(cps.size + 1, dtype=np.uint64)
    prefix[0] = 0
    np.cumsum(cps.astype(np.uint64) * pw[: cps.size], out=prefix[1:])
    h = (prefix[wend] - prefix[wstart]) * inv[wstart]
    h ^= (wend - wstart).astype(np.uint64) * _U64(_LEN_SALT)
    _fmix64(h)
    doc = np.searchsorted(starts, wstart, side="right") - 1
    counts = np.bincount(doc, minlength=n).astype(np.int64)
    return h, counts


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
        acc += _U64((ngram * _GRAM_SALT) & _MASK64)
        # window starting at token p is valid when p - doc_start[doc(p)] < n_full[doc(p)]
        doc_of = np.repeat(np.arange(n_docs), counts)[:m]
        valid = (np.arange(m) - doc_start[doc_of]) < n_full[doc_of]
        parts.append((acc[valid], doc_of[valid]))
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
    _fmix64(grams)
    per_doc = np.bincount(owner, minlength=n_docs).astype(np.int64)
    return grams, per_doc


def _batch_grams(texts: Sequence[str], params: MinHashParams) -> tuple[np.ndarray, np.ndarray]:
    texts = _check_texts(texts)
    tok, counts = _token_hashes([_prepare(t) for t in texts])
    return _gram_hashes(tok, counts, params.ngram)


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
    grams, per_doc = _batch_grams(texts, params)
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


def _intersection_size(sa: np.ndarray, sb: np.ndarray) -> int:
    if sa.size == 0 or sb.size == 0:
        return 0
    if sa.size > sb.size:
        sa, sb = sb, sa
    idx = np.searchsorted(sb, sa)
    idx[idx == sb.size] = 0
    return int(np.count_nonzero(sb[idx] == sa))


def jaccard(sa: np.ndarray, sb: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays (0.0 when both are empty).

    >>> jaccard(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    inter = _intersection_size(sa, sb)
    union = sa.size + sb.size - inter
    return inter / union if union else 0.0


def containment(sa: np.ndarray, sb: np.ndarray) -> float:
    """Fraction of the shingles of ``sa`` that are also in ``sb`` (0.0 when ``sa`` is empty).

    >>> containment(np.array([1, 2], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    return _intersection_size(sa, sb) / sa.size if sa.size else 0.0
