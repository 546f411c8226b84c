"""`Index`: check every incoming article against everything already published, then add it.

>>> from dedup import Index
>>> a = open("examples/tribunpalu.txt").read()
>>> b = open("examples/tribunnews.txt").read()
>>> with Index() as index:                       # in memory; Index("news.db") is on disk
...     index.add("palu-1", a, {"source": "tribunpalu", "date": "2022-10-11"})
...     [m] = index.query(b)
>>> m.id, m.verdict, m.jaccard_kind, m.channels
('palu-1', 'republication', 'exact', ('lsh', 'sentences', 'passages'))
>>> round(m.similarity, 2), round(m.containment_match_in_query, 2)
(0.49, 0.62)

How a query works:

1. **Candidates** from three channels: documents sharing an LSH band with the query's MinHash
   signature (``lsh``: finds whole-article copies down to Jaccard about 0.3), documents sharing
   normalised-sentence fingerprints (``sentences``: finds abridged copies, rewrites and shared
   passages far below that), and documents sharing winnowed word-k-gram fingerprints
   (``passages``, :func:`dedup.fingerprints.passage_fingerprints_many`: one copied paragraph or long
   sentence, and copies whose sentences were all lightly edited). Both fingerprint channels skip
   fingerprints that more than ``fingerprint_cap`` documents hold (boilerplate, common phrases),
   and passages of an article's learned outlet boilerplate are never indexed.
2. **Ranking** of the candidates by an estimate (Jaccard from the stored signatures, and the share
   of the query's sentences or passages they hold), and **verification** of the best ``verify_limit`` of them:
   the stored text (or ``loader(id)``) is shingled again and the exact Jaccard and the containment
   both ways are computed. Candidates that share fewer than ``MIN_SHARED_SHINGLES`` shingles (and
   less than half of the smaller side) are dropped: they collided but share no real passage.
3. **Verdicts** (``dedup.compare``: the sentence alignment) for the best ``verdicts`` matches
   (default 1) at query time; for the others the verdict is computed on first access of
   ``Match.verdict``. The alignment costs 2-4 ms for a pair of 300-word articles, as much as
   everything else in a query, so computing it for every survivor would break the 10 ms p99 budget
   whenever a story has several copies (see ``benchmarks/bench_index.py``).

Choices (measured in ``benchmarks/bench_index.py``): the index keeps the zlib-compressed text and
re-shingles candidates at query time (60-120 us per candidate, fetched and shingled in one batch)
instead of storing shingle sets, which would take twice the room of the compressed text (about
2,100 against 1,050 bytes per 270-word article); ``Match.jaccard_kind`` is ``"exact"`` whenever a
text was available and ``"estimate"`` (from signatures) otherwise. Deviation from the brief:
verdicts read the stored article as A and the query as B (``compare(stored, query)``), because the
stored article was published first and the verdict names what the newcomer did to it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from . import boilerplate as BP
from . import fingerprints as F
from . import lsh, minhash
from . import text as T
from .document import Document
from .errors import IndexCorruptError, IndexFormatError, InputError
from .inputs import check_unicode
from .records import Record, chunked
from .storage import FORMAT_VERSION, Storage, StoredRecord, open_storage
from .storage.base import MissingIndexError

__all__ = ["Index", "Match", "Entry", "Added", "Skipped", "MIN_SHARED_SHINGLES"]

#: A verified match shares at least this many shingles (about a dozen consecutive words) with the
#: query, or at least half of the shingles of the smaller of the two.
MIN_SHARED_SHINGLES = F.MIN_SHARED_SHINGLES
#: Fingerprints held by more documents than this are boilerplate and do not make candidates.
DEFAULT_FINGERPRINT_CAP = F.DEFAULT_MAX_DF
#: Matches that get their verdict during ``query`` (the rest get it on first access of
#: ``Match.verdict``): the alignment behind a verdict costs 2-4 ms per pair, as much as the rest of a
#: query, so only the best match pays it up front (see ``benchmarks/bench_index.py``).
DEFAULT_VERDICTS = 1
#: Largest text the index stores (UTF-8 bytes), and so the most a stored text may inflate to when
#: read back: a real article is 2-50 KB, the CLI reads at most 2 MiB per article
#: (:data:`dedup.inputs.MAX_ARTICLE_BYTES`); 8 times that leaves room for long reports and bounds
#: what a tampered 2 MB blob can cost (it once inflated to 300 MB and held a query for minutes).
MAX_TEXT_BYTES = 16 * 1024 * 1024
_SIG = np.dtype("<u4")


# --- what a query returns ------------------------------------------------------------------------


@dataclass(eq=False)
class Match:
    """One verified match of a query.

    ``similarity`` is the Jaccard similarity of the word-n-gram shingles, ``jaccard_kind`` says
    whether it is ``"exact"`` (shingles of both texts) or an ``"estimate"`` (signatures; when no
    text is available). ``containment_query_in_match`` is the share of the query's shingles found in
    the match. ``score`` ranks matches: the larger containment (ties: the higher ``similarity``), so
    an abridged copy wholly contained in a long article ranks as high as a copy of equal size.
    ``channels`` names the candidate channels that found it (``"lsh"``, ``"sentences"``,
    ``"passages"``).
    ``verdict`` is :func:`dedup.compare`'s verdict for (match → query): the stored article is read
    as the earlier one, the query as the new one, so ``"update"`` means the query adds reporting.
    """

    id: str
    meta: dict
    score: float
    similarity: float
    jaccard_kind: str
    containment_query_in_match: float
    containment_match_in_query: float
    channels: tuple[str, ...]
    _query: Any = field(repr=False, default="")
    _text: str | None = field(repr=False, default=None)
    _loader: Callable[[str], str] | None = field(repr=False, default=None)
    _params: minhash.MinHashParams = field(repr=False, default=minhash.DEFAULT)
    _comparison: Any = field(repr=False, default=None)
    _shingles: Any = field(repr=False, default=None)  # (stored, query) when verified exactly
    _boilerplate: Any = field(repr=False, default=None)
    _sources: tuple = field(repr=False, default=(None, None))

    @property
    def verdict(self) -> str:
        """The verdict of :meth:`compare` (computed on first access if ``query`` did not)."""
        return self.compare().verdict

    @property
    def text(self) -> str:
        """The stored text of the match (or the loader's)."""
        if self._text is None:
            if self._loader is None:
                raise InputError(f"{self.id}: the index keeps no text for it and has no loader")
            self._text = _loaded(self._loader, self.id)
        return self._text

    def compare(self):
        """The :class:`dedup.Comparison` of the stored article (A) with the query (B), with the
        index's learned boilerplate of the stored article's source."""
        if self._comparison is None:
            from .compare import compare

            stored = Document(self.text, source=self._sources[0], published=_meta_published(self.meta))
            self._comparison = compare(
                stored, self._query, labels=(self.id, "query"), params=self._params, shingles=self._shingles,
                boilerplate=self._boilerplate, sources=self._sources,
            )
            self._shingles = None
        return self._comparison

    def to_dict(self, verdict: bool = True) -> dict:
        """JSON-ready fields (what ``dedup index query --format json`` prints)."""
        d = {
            "id": self.id,
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
            "jaccard_kind": self.jaccard_kind,
            "containment_query_in_match": round(self.containment_query_in_match, 4),
            "containment_match_in_query": round(self.containment_match_in_query, 4),
            "channels": list(self.channels),
            "meta": self.meta,
        }
        if verdict:
            d["verdict"] = self.verdict
        return d


@dataclass(frozen=True)
class Skipped:
    """A record :meth:`Index.add_many` left out with ``on_error="skip"``: where it was in the input
    ("record 7"), its id when it had a usable one, and why (the message ``"fail"`` would raise)."""

    position: str
    id: str | None
    reason: str


class Added(int):
    """What :meth:`Index.add_many` returns: the number of articles added (it is that ``int``), and
    ``skipped``, the records left out with ``on_error="skip"`` (:class:`Skipped`, in input order)."""

    skipped: list[Skipped]

    def __new__(cls, added: int, skipped: Sequence[Skipped] = ()) -> "Added":
        self = super().__new__(cls, added)
        self.skipped = list(skipped)
        return self

    def __repr__(self) -> str:
        return f"Added({int(self)}, skipped={len(self.skipped)})"


@dataclass(frozen=True)
class Entry:
    """A stored document, as :meth:`Index.get` returns it (``text`` is ``None`` when not kept)."""

    id: str
    meta: dict
    text: str | None


# --- input checks --------------------------------------------------------------------------------


def _check_id(id: Any, where: str) -> str:
    if not isinstance(id, str):
        raise InputError(f"{where}: id must be a string, got {type(id).__name__} {_short(id)}")
    if not id.strip():
        raise InputError(f"{where}: id is empty")
    if "\0" in id:
        raise InputError(f"{where}: id contains a NUL character")
    check_unicode(id, f"{where}: id")
    return id


def _check_text(text: Any, where: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{where}: text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}: text is empty or only whitespace")
    check_unicode(text, f"{where}: text")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InputError(f"{where}: text is larger than the {MAX_TEXT_BYTES >> 20} MiB limit for one article")
    return text


def _short(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


#: Deepest nesting of lists and dicts accepted in metadata (real metadata is one or two levels;
#: the bound keeps checking and JSON encoding far from Python's recursion limit).
MAX_META_DEPTH = 32
#: Most decimal digits of an integer in metadata (Python refuses to print more than 4,300).
MAX_META_INT_DIGITS = 100
_META_INT_LIMIT = 10**MAX_META_INT_DIGITS


def _clip(s: str, limit: int = 80) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _json_safe(value: Any, path: str, depth: int = 0) -> Any:
    """``value`` if it is JSON-safe (tuples become lists), else InputError naming ``path``."""
    if isinstance(value, str):
        return check_unicode(value, path)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) >= _META_INT_LIMIT:
            raise InputError(f"{path}: integer of more than {MAX_META_INT_DIGITS} digits")
        return value
    if isinstance(value, (list, tuple, Mapping)) and depth >= MAX_META_DEPTH:
        raise InputError(f"{_clip(path)}: nested more than {MAX_META_DEPTH} levels deep")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{path}: {value!r} is not a finite number (JSON cannot hold it)")
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_safe(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InputError(f"{path}: key {_short(k)} is {type(k).__name__}, JSON keys must be strings")
            check_unicode(k, f"{path}: key {k!r:.40}")
            out[k] = _json_safe(v, f"{path}[{k!r}]", depth + 1)
        return out
    raise InputError(f"{path}: {type(value).__name__} {_short(value)} is not JSON-serialisable")


def _parse_when(value: Any, path: str) -> tuple[str, float]:
    """``(normalised ISO text, UTC epoch seconds)`` of a date, datetime or ISO string.

    A date means midnight UTC; a datetime without a time zone is read as UTC. Every date is
    stored in one form, ISO 8601 in UTC: ``YYYY-MM-DD`` at midnight, else ``YYYY-MM-DDTHH:MM:SSZ``
    (so stored dates sort as text, whatever form or time zone they came in).

    >>> [_parse_when(v, "d")[0] for v in ("2024-03-01", "2024-03-01 00:00:00", "2024-03-01T08:30:00+07:00",
    ...     dt.datetime(2024, 3, 1, 12), dt.date(2024, 3, 1))]
    ['2024-03-01', '2024-03-01', '2024-03-01T01:30:00Z', '2024-03-01T12:00:00Z', '2024-03-01']
    """
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"{path}: {_short(value)} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)") from None
    else:
        raise InputError(f"{path}: expected a date, datetime or ISO string, got {type(value).__name__} {_short(value)}")
    when = when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
    if when.time() == dt.time(0):
        iso = when.date().isoformat()
    else:
        iso = when.replace(tzinfo=None).isoformat(timespec="seconds" if not when.microsecond else "microseconds") + "Z"
    return iso, when.timestamp()


def _meta_published(meta: Mapping) -> Any:
    """The stored article's publication time for verdicts: ``published``, else ``date`` (None
    when neither reads as ISO 8601)."""
    from .document import parse_published

    for key in ("published", "date"):
        value = meta.get(key) if isinstance(meta, Mapping) else None
        if value:
            try:
                return parse_published(value)
            except (TypeError, ValueError):
                continue
    return None


def _check_meta(meta: Any, where: str) -> tuple[dict, float | None, str | None]:
    if meta is None:
        return {}, None, None
    if not isinstance(meta, Mapping):
        raise InputError(f"{where}: meta must be a dict, got {type(meta).__name__}")
    out = dict(meta)
    date_key = None
    if out.get("date") is not None:
        out["date"], date_key = _parse_when(out["date"], f"{where}: meta['date']")
    source = out.get("source")
    if source is not None and not isinstance(source, str):
        raise InputError(f"{where}: meta['source'] must be a string, got {type(source).__name__}")
    out = _json_safe(out, f"{where}: meta")
    return out, date_key, source


def _check_count(value: Any, name: str, least: int) -> int:
    """``value`` if it is an integer of at least ``least``, else InputError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError(f"query: {name} must be an integer, got {type(value).__name__} {_short(value)}")
    if value < least:
        raise InputError(f"query: {name} must be at least {least}, got {value}")
    return int(value)


def _loaded(loader: Callable[[str], str], id: str) -> str:
    text = loader(id)
    if not isinstance(text, str):
        raise InputError(f"{id}: loader returned {type(text).__name__}, expected the text (str)")
    return text


# --- the index -----------------------------------------------------------------------------------


class Index:
    """A near-duplicate index of news articles (see the module docstring for how queries work).

    ``path``: ``None`` (in memory), a file path (SQLite, the embedded default), a
    ``redis://host:port/db`` URL (Redis, with ``namespace``), or a ready
    :class:`dedup.storage.Storage`. ``params`` and ``threshold`` (the LSH threshold that chooses
    bands and rows) default to the stored ones for an existing index and to the library defaults for
    a new one; given explicitly, they must match the stored ones or :class:`IndexFormatError` is
    raised. ``fingerprint_cap``: sentences held by more documents than this are boilerplate;
    ``min_shared_sentences``: how many fingerprints a candidate must share (query-time settings, not
    stored). ``verify_limit``: how many candidates, best estimate first, are verified exactly.
    ``keep_text=False`` stores no texts; verification then reads them through
    ``loader(id) -> text`` (or falls back to signature estimates without a loader).
    ``create=False`` opens an existing index only: a missing file or a Redis namespace without an
    index raises :class:`~dedup.storage.base.MissingIndexError` (an :class:`InputError`) and
    nothing is created or written. ``storage_options`` go to the backend (SQLite: ``timeout``,
    ``synchronous``, ``cache_mb``).
    """

    def __init__(
        self,
        path: Any = None,
        *,
        params: minhash.MinHashParams | None = None,
        threshold: float | None = None,
        namespace: str = "dedup",
        keep_text: bool = True,
        loader: Callable[[str], str] | None = None,
        fingerprint_cap: int = DEFAULT_FINGERPRINT_CAP,
        min_shared_sentences: int = F.DEFAULT_MIN_SHARED,
        min_shared_passages: int = F.PASSAGE_MIN_SHARED,
        passage_cap: int = F.PASSAGE_MAX_DF,
        verify_limit: int = 30,
        create: bool = True,
        **storage_options: Any,
    ) -> None:
        self.keep_text = keep_text
        self.loader = loader
        self.fingerprint_cap = int(fingerprint_cap)
        self.min_shared_sentences = max(1, int(min_shared_sentences))
        self.min_shared_passages = max(1, int(min_shared_passages))
        self.passage_cap = int(passage_cap)
        self.verify_limit = int(verify_limit)
        self._where = "index" if path is None else str(path)
        self.storage: Storage = open_storage(path, namespace=namespace, create=create, **storage_options)
        try:
            self._configure(params, threshold, create)
        except BaseException:
            self.storage.close()
            raise

    # --- format and parameters ---------------------------------------------------------------

    def _wanted_config(self, params: minhash.MinHashParams, threshold: float) -> dict[str, str]:
        b, r = lsh.choose_bands(threshold, params.num_perm)
        config = {"format_version": str(FORMAT_VERSION)}
        config.update({k: str(v) for k, v in params.to_dict().items()})
        config.update({"bands": str(b), "rows": str(r), "threshold": repr(float(threshold))})
        config.update(_fingerprint_config())
        return config

    def _configure(self, params: minhash.MinHashParams | None, threshold: float | None, create: bool = True) -> None:
        wanted = self._wanted_config(params or minhash.DEFAULT, lsh.DEFAULT_THRESHOLD if threshold is None else threshold)
        if create:
            stored = self.storage.init_config(wanted)
        else:
            stored = self.storage.read_config()
            if stored is None:
                raise MissingIndexError(f"{self.storage.describe()}: no such index")
        where = self._where
        try:
            version = int(stored.get("format_version", "0"))
        except ValueError:
            raise IndexFormatError(
                f"{where}: stored format_version {_short(stored.get('format_version'))} is not a number: "
                "a damaged index (dedup index check)"
            ) from None
        if version > FORMAT_VERSION:
            raise IndexFormatError(
                f"{where}: index format version {version} was written by a newer dedup (this one reads "
                f"version {FORMAT_VERSION}): upgrade dedup"
            )
        if version != FORMAT_VERSION:
            raise IndexFormatError(
                f"{where}: index format version {version} is not version {FORMAT_VERSION}: rebuild the index"
            )
        # Parameters the code fixes (normalisation and fingerprint versions) must always match;
        # parameters the user chooses must match when given, else the stored ones are adopted.
        fixed = {"normalization", *_fingerprint_config()}
        given = set()
        if params is not None:
            given |= set(params.to_dict())
        if threshold is not None:
            given |= {"bands", "rows"}
        for key in sorted(set(wanted) - {"format_version", "threshold"}):
            if key not in stored:
                raise IndexFormatError(f"{where}: index has no stored parameter {key!r}: rebuild the index")
            if stored[key] == wanted[key] or not (key in fixed or key in given):
                continue
            if key in fixed:
                raise IndexFormatError(
                    f"{where}: index was built with {key}={stored[key]}, this dedup uses {key}={wanted[key]}: "
                    "rebuild the index"
                )
            raise IndexFormatError(
                f"{where}: index was built with {key}={stored[key]}, not {key}={wanted[key]} "
                "(open it without params/threshold to use the stored ones)"
            )
        try:
            self.params = minhash.MinHashParams.from_dict({k: int(stored[k]) for k in minhash.DEFAULT.to_dict()})
            self.bands, self.rows = int(stored["bands"]), int(stored["rows"])
        except (KeyError, ValueError, InputError) as e:
            raise IndexFormatError(f"{where}: stored parameters are unreadable: {e}") from None
        if self.bands < 1 or self.rows < 1:
            raise IndexFormatError(f"{where}: stored bands={self.bands}, rows={self.rows}: both must be at least 1")
        if self.bands * self.rows > self.params.num_perm:
            raise IndexFormatError(f"{where}: {self.bands} bands x {self.rows} rows exceed num_perm={self.params.num_perm}")
        try:
            self.threshold = float(stored.get("threshold", "nan"))
        except ValueError:
            raise IndexFormatError(f"{where}: stored threshold {_short(stored['threshold'])} is not a number") from None
        self.config = dict(stored)

    # --- adding ------------------------------------------------------------------------------

    def _records(self, items: Sequence[tuple[str, str, Any]], where: Sequence[str],
                 skipped: list[Skipped] | None = None) -> list[StoredRecord]:
        """Check and hash a batch; raises InputError before anything is written, or, given a
        ``skipped`` list, appends each bad item to it and hashes the others."""
        checked = []
        for (id, text, meta), w in zip(items, where):
            position = w
            try:
                id = _check_id(id, w)
                w = f"{w} (id {id!r})" if not w.startswith("id ") else w
                text = _check_text(text, w)
                meta, date_key, source = _check_meta(meta, w)
            except InputError as e:
                if skipped is None:
                    raise
                skipped.append(Skipped(position, id if isinstance(id, str) else None, str(e)))
                continue
            checked.append((id, text, meta, date_key, source, w, position))
        texts = [c[1] for c in checked]
        sigs = minhash.signatures(texts, self.params)
        empty = minhash.is_empty(sigs)
        if empty.any():
            bad = np.flatnonzero(empty)
            if skipped is None:
                w = checked[int(bad[0])][5]
                raise InputError(f"{w}: no content words to index (only a headline, boilerplate or credits?)")
            for k in bad.tolist():
                c = checked[k]
                skipped.append(Skipped(c[6], c[0], f"{c[5]}: no content words to index (only a headline, "
                                                   "boilerplate or credits?)"))
            keep = np.flatnonzero(~empty)
            checked = [checked[k] for k in keep.tolist()]
            texts = [c[1] for c in checked]
            sigs = sigs[keep]
        keys = lsh.band_keys(sigs, self.bands, self.rows).view(np.int64)
        docs = [Document(t) for t in texts]  # (after dropping records without content: aligned)
        # sentences and passages of the learned boilerplate of each article's source (as the index
        # knows it now) are not indexed: they would make candidates of the outlet's other articles
        skip = self.boilerplate.lines_many(docs, [c[4] for c in checked])
        fps = F.sentence_fingerprints_many([BP.relabel(d, s) for d, s in zip(docs, skip)])
        passages = F.passage_fingerprints_many(docs, skip)
        records = []
        for i, (id, text, meta, date_key, source, *_) in enumerate(checked):
            records.append(
                StoredRecord(
                    id=id,
                    meta=json.dumps(meta, ensure_ascii=False, separators=(",", ":")),
                    date=date_key,
                    source=source,
                    signature=sigs[i].astype(_SIG).tobytes(),
                    bands=keys[i].tolist(),
                    fingerprints=np.union1d(fps[i], passages[i]).astype(np.uint64).view(np.int64).tolist(),
                    text=zlib.compress(text.encode("utf-8"), 6) if self.keep_text else None,
                    n_shingles=_approx_shingles(text, self.params.ngram),
                    sentence_keys=_sentence_keys(docs[i], source),
                )
            )
        return records

    def add(self, id: str, text: str, meta: Mapping[str, Any] | None = None) -> None:
        """Add one article, or replace the stored one with the same ``id`` (upsert).

        ``meta`` is a JSON-safe dict; ``date`` (ISO string, date or datetime) is stored as ISO text
        in UTC (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SSZ`` when not midnight) and used by time windows and :meth:`expire`, ``source`` by ``exclude_source``.
        The add is committed (durable on SQLite) when this returns; bad input raises
        :class:`InputError` and writes nothing.
        """
        self.storage.put(self._records([(id, text, meta)], [f"id {_short(id)}"]))

    def add_many(self, records: Iterable[Any], batch_size: int = 1000, on_error: str = "fail") -> "Added":
        """Add many articles, ``batch_size`` per transaction (SQLite) or pipeline (Redis), with
        signatures computed in bulk. ``records``: :class:`~dedup.records.Record` objects (as
        :func:`dedup.read_records` reads them: their metadata is every other field of the input
        row), dicts with ``id``, ``text`` and optional ``meta``, or ``(id, text)`` /
        ``(id, text, meta)`` tuples. Returns how many were added (an
        :class:`Added`, an ``int`` that also lists what was skipped).

        ``on_error="fail"`` (the default): each batch is atomic, a bad record raises
        :class:`InputError` naming its position and writes nothing of its batch; earlier batches
        stay stored. ``on_error="skip"``: a bad record (no content words, a bad id, text or meta)
        is left out and listed in ``Added.skipped`` with why, and the rest of its batch is added.
        Within a batch the last record of an id wins.

        >>> with Index() as index:
        ...     added = index.add_many([("a", "Presiden meresmikan jembatan baru di Palu."), ("b", "   ")],
        ...                            on_error="skip")
        >>> int(added), [(s.position, s.reason) for s in added.skipped]
        (1, [('record 2', "record 2 (id 'b'): text is empty or only whitespace")])
        """
        if on_error not in ("skip", "fail"):
            raise InputError(f"on_error must be 'skip' or 'fail', got {on_error!r}")
        if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
            raise TypeError(f"add_many: records must be an iterable of Records, dicts or (id, text[, meta]) tuples, "
                            f"got {type(records).__name__} (use add() for one article)")
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        skipped: list[Skipped] | None = [] if on_error == "skip" else None
        n = 0
        for batch in chunked(_items(records, skipped), batch_size):
            n += self._add_batch([b[0] for b in batch], [b[1] for b in batch], skipped)
        return Added(n, skipped or [])

    def _add_batch(self, items: Sequence[tuple[str, str, Any]], where: Sequence[str],
                   skipped: list[Skipped] | None = None) -> int:
        """Check, hash and store one batch atomically; ``where`` names each item in messages
        ("record 3", "day.jsonl: line 7"). The last item of an id wins. Returns items stored.
        With a ``skipped`` list, bad items go there instead of failing the batch."""
        last = {}
        for item, w in zip(items, where):
            last[item[0] if isinstance(item[0], str) else id(item)] = (item, w)
        recs = self._records([v[0] for v in last.values()], [v[1] for v in last.values()], skipped)
        self.storage.put(recs)
        return len(recs)

    # --- removing ----------------------------------------------------------------------------

    def remove(self, id: str) -> bool:
        """Remove one article; ``True`` when it was stored."""
        _check_id(id, "remove")
        return self.storage.delete([id]) > 0

    def expire(self, before: Any) -> int:
        """Remove every article dated strictly before ``before`` (date, datetime or ISO string);
        articles without a date are kept. Returns how many were removed."""
        _, when = _parse_when(before, "expire(before)")
        return self.storage.expire(when)

    # --- looking up --------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.storage.count()

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self.storage.contains(id)

    def get(self, id: str) -> Entry | None:
        """The stored article ``id`` (``None`` when absent)."""
        _check_id(id, "get")
        rows = self.storage.rows([id])
        if id not in rows:
            return None
        blob = self.storage.texts([id]).get(id)
        text = self._stored_text(id, blob) if blob is not None else None
        return Entry(id, self._stored_meta(rows[id]), text)

    def query(
        self,
        text: str,
        top_k: int = 10,
        since: Any = None,
        until: Any = None,
        exclude_source: str | Iterable[str] | None = None,
        exclude_id: str | Iterable[str] | None = None,
        verdicts: int = DEFAULT_VERDICTS,
        source: str | None = None,
        published: Any = None,
    ) -> list[Match]:
        """Stored articles that share text with ``text``, verified, best first (at most ``top_k``).

        ``since``/``until`` keep matches dated ``since <= date < until`` (undated articles are
        left out when either is given); ``exclude_source`` drops matches from these sources,
        ``exclude_id`` these ids (for instance the query's own). The best ``verdicts`` matches get
        their verdict now, the others when ``Match.verdict`` is first read. ``source`` is the
        query's own source, whose learned boilerplate verdicts leave out (without it, the
        match's source's). ``source`` and ``published`` (the query's publication time, ISO 8601
        or a datetime) also feed the verdict, with the stored article's ``source`` and ``date``
        (or ``published``) metadata: see :func:`dedup.compare`. Every argument is
        checked before any lookup: a bad one raises :class:`InputError`.
        """
        text = _check_text(text, "query")
        top_k = _check_count(top_k, "top_k", 1)
        verdicts = _check_count(verdicts, "verdicts", 0)
        lo = None if since is None else _parse_when(since, "since")[1]
        hi = None if until is None else _parse_when(until, "until")[1]
        skip_sources = _as_set(exclude_source, "exclude_source")
        skip_ids = _as_set(exclude_id, "exclude_id")
        if source is not None and not isinstance(source, str):
            raise InputError(f"query: source must be a string, got {type(source).__name__} {_short(source)}")
        params = self.params
        sig = minhash.signatures([text], params)[0]
        if minhash.is_empty(sig):
            return []
        try:
            doc = Document(text, source=source, published=published)
        except (TypeError, ValueError) as e:
            raise InputError(f"query: {e}") from None
        keys = lsh.band_keys(sig[None, :], self.bands, self.rows)[0].view(np.int64).tolist()
        q_skip = self.boilerplate.lines(doc, source) if source is not None else frozenset()
        q_fps = F.sentence_fingerprints(BP.relabel(doc, q_skip))
        q_pass = F.passage_fingerprints_many([doc], [q_skip])[0]
        q_pass = np.setdiff1d(q_pass, q_fps)  # (a 64-bit coincidence, but keep the channels apart)
        by_lsh = self.storage.by_bands(keys)
        by_fp, _ = self.storage.by_fingerprints(q_fps.view(np.int64).tolist(), self.fingerprint_cap)
        by_pass, _ = self.storage.by_fingerprints(q_pass.view(np.int64).tolist(), self.passage_cap)
        # One shared sentence is often a common quote: ask for min_shared of them, unless the
        # query has fewer fingerprintable sentences than that; the same for passages.
        need = min(self.min_shared_sentences, q_fps.size)
        by_fp = {k: v for k, v in by_fp.items() if v >= need}
        need = min(self.min_shared_passages, q_pass.size)
        by_pass = {k: v for k, v in by_pass.items() if v >= need}
        cands = set(by_lsh) | set(by_fp) | set(by_pass)
        cands -= skip_ids
        if not cands:
            return []
        rows = self.storage.rows(list(cands))
        kept = []
        for row in rows.values():
            if lo is not None or hi is not None:
                if row.date is None or (lo is not None and row.date < lo) or (hi is not None and row.date >= hi):
                    continue
            if skip_sources and row.source in skip_sources:
                continue
            kept.append(row)
        if not kept:
            return []
        # Rank by estimates, verify the best verify_limit exactly.
        sigs = np.frombuffer(b"".join(self._stored_signature(r) for r in kept), dtype=_SIG).reshape(len(kept), -1)
        est = minhash.estimate_jaccard(sigs.astype(np.uint64), sig[None, :])
        # the estimate of the larger containment: shared sentences or passages over the query's
        # count, or over the candidate's expected passage count (an abridged copy inside the query)
        n_fp, n_pass = max(1, q_fps.size), max(1, q_pass.size)
        density = 2.0 / (F.PASSAGE_W + 1)
        share = np.array([
            max(by_fp.get(r.id, 0) / n_fp, by_pass.get(r.id, 0) / n_pass,
                min(1.0, by_pass.get(r.id, 0) / max(1.0, r.n_shingles * density)))
            for r in kept
        ])
        prio = np.maximum(est, share)
        order = np.argsort(-prio, kind="stable")[: max(self.verify_limit, top_k)]
        kept = [kept[i] for i in order]
        est = est[order]
        texts = self._texts([r.id for r in kept])
        q_sh = minhash.shingles(text, params)
        have = [r.id for r in kept if r.id in texts]
        sh = dict(zip(have, minhash.shingles_many([texts[i] for i in have], params))) if have else {}
        n_q_est = _approx_shingles(text, params.ngram)
        bp = self.boilerplate
        matches = []
        for r, e in zip(kept, est):
            e = float(e)
            if r.id in sh:
                s = sh[r.id]
                n_q, n_m = q_sh.size, s.size
                inter = round(minhash.containment(s, q_sh) * n_m)
                jac = inter / (n_q + n_m - inter) if n_q + n_m - inter else 0.0
                kind, pair = "exact", (s, q_sh)
            else:
                n_q, n_m = n_q_est, max(1, r.n_shingles)
                inter = min(n_q, n_m, round(e / (1.0 + e) * (n_q + n_m)))
                jac, kind, pair = e, "estimate", None
            if not _overlaps(inter, n_q, n_m):
                continue
            c_q, c_m = inter / n_q, inter / n_m
            channels = tuple(c for c, hit in (("lsh", r.id in by_lsh), ("sentences", r.id in by_fp),
                                              ("passages", r.id in by_pass)) if hit)
            matches.append(
                Match(
                    id=r.id, meta=self._stored_meta(r), score=max(c_q, c_m), similarity=jac,
                    jaccard_kind=kind, containment_query_in_match=c_q, containment_match_in_query=c_m,
                    channels=channels, _query=doc, _text=texts.get(r.id), _loader=self.loader, _params=params,
                    _shingles=pair, _boilerplate=bp, _sources=(r.source, source),
                )
            )
        matches.sort(key=lambda m: (-m.score, -m.similarity, m.id))
        matches = matches[:top_k]
        for m in matches[:verdicts]:
            if m._text is not None:
                m.compare()
        return matches

    def story(self, id: str, top_k: int = 50, base: str | None = None):
        """The :class:`dedup.collate.Collation` of the stored article ``id`` and its verified
        matches (the stored copies :meth:`query` finds with a duplicate, republication or update
        verdict, at most ``top_k``), each with its stored source and date. The base defaults to the
        original by ``dedup score``'s rule (the earliest, then the one the others are contained in).

        >>> a = open("examples/tribunpalu.txt").read()
        >>> b = open("examples/tribunnews.txt").read()
        >>> with Index() as index:
        ...     index.add("a", a, {"date": "2022-03-18"})
        ...     index.add("b", b, {"date": "2022-03-19"})
        ...     c = index.story("b")
        >>> [w.id for w in c.witnesses], c.witnesses[c.base].id, c.parent_of("b")
        (['b', 'a'], 'a', 'a')
        """
        from .collate import collate
        from .compare import SAME_SOURCE, UPDATE

        id = _check_id(id, "story")
        entry = self.get(id)
        if entry is None:
            raise InputError(f"story: no stored article has the id {id!r}")
        text = entry.text if entry.text is not None else (_loaded(self.loader, id) if self.loader else None)
        if text is None:
            raise InputError(f"story: {id}: the index keeps no text for it and has no loader")
        matches = [m for m in self.query(text, top_k=top_k, exclude_id=id, verdicts=top_k)
                   if m.verdict in (*SAME_SOURCE, UPDATE)]
        metas = [entry.meta, *(m.meta for m in matches)]
        return collate([text, *(m.text for m in matches)], ids=[id, *(m.id for m in matches)], base=base,
                       sources=[x.get("source") for x in metas], published=[x.get("date") for x in metas])

    @property
    def boilerplate(self) -> BP.BoilerplateModel:
        """The index's learned outlet boilerplate (per-source sentence counts of the stored
        articles, kept current by add, remove, expire and upsert): pass the index as
        ``compare(a, b, boilerplate=index, sources=(...))``."""
        return _StoredBoilerplate(self.storage)

    def _texts(self, ids: list[str]) -> dict[str, str]:
        """Texts for verification: stored ones, else the loader's."""
        out = {}
        if self.keep_text or self.loader is None:
            out = {k: self._stored_text(k, v) for k, v in self.storage.texts(ids).items()}
        if self.loader is not None:
            for i in ids:
                if i not in out:
                    out[i] = _loaded(self.loader, i)
        return out

    # --- reading stored data (damaged data is an IndexCorruptError naming the record) -------

    def _damaged(self, id: str, what: str) -> IndexCorruptError:
        return IndexCorruptError(
            f"{self.storage.describe()}: record {_short(id)}: {what}; run: dedup index check"
        )

    def _stored_text(self, id: str, blob: bytes) -> str:
        """The stored text of ``id``, decompressed to at most :data:`MAX_TEXT_BYTES` (a tampered
        blob cannot inflate to gigabytes)."""
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            raise self._damaged(id, f"stored text is a {type(blob).__name__}, not compressed bytes")
        try:
            z = zlib.decompressobj()
            data = z.decompress(blob, MAX_TEXT_BYTES + 1)
            if len(data) > MAX_TEXT_BYTES or z.unconsumed_tail:
                raise self._damaged(id, f"stored text inflates beyond the {MAX_TEXT_BYTES >> 20} MiB limit")
            if not z.eof:
                raise self._damaged(id, "stored text is truncated")
            return data.decode("utf-8")
        except zlib.error as e:
            raise self._damaged(id, f"stored text is not zlib data ({e})") from None
        except UnicodeDecodeError as e:
            raise self._damaged(id, f"stored text is not UTF-8 (byte {e.start})") from None

    def _stored_meta(self, row) -> dict:
        try:
            meta = json.loads(row.meta)
        except (ValueError, RecursionError, TypeError) as e:
            raise self._damaged(row.id, f"stored metadata is not JSON ({str(e)[:60]})") from None
        if not isinstance(meta, dict):
            raise self._damaged(row.id, f"stored metadata is a JSON {type(meta).__name__}, not an object")
        return meta

    def _stored_signature(self, row) -> bytes:
        sig = row.signature
        want = self.params.num_perm * _SIG.itemsize
        if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) != want:
            got = len(sig) if isinstance(sig, (bytes, bytearray, memoryview)) else type(sig).__name__
            raise self._damaged(row.id, f"stored signature has {got} bytes, not {want}")
        return bytes(sig)

    def check(self, batch_size: int = 1000) -> list[str]:
        """Every problem of the store, one line each (``[]`` for a sound index): the backend's
        own checks (SQLite's integrity check, lookup rows without their document and documents
        missing from the lookup tables), then every record read back (metadata, signature, text).
        Reads everything: minutes for a million articles. ``dedup index check`` prints it.
        """
        problems = list(self.storage.check())
        prefix = f"{self.storage.describe()}: "

        def short(e: IndexCorruptError) -> str:
            return str(e).removeprefix(prefix).removesuffix("; run: dedup index check").split("; run: dedup index")[0]

        def read(part: list[str]) -> tuple[dict, dict]:
            return self.storage.rows(part), (self.storage.texts(part) if self.keep_text else {})

        ids = self.storage.ids()
        for k in range(0, len(ids), batch_size):
            part = ids[k : k + batch_size]
            try:
                rows, texts = read(part)
            except IndexCorruptError:  # one damaged record must not hide the others: one by one
                rows, texts = {}, {}
                for id in part:
                    try:
                        r, t = read([id])
                    except IndexCorruptError as e:
                        problems.append(f"record {_short(id)}: unreadable ({short(e)})")
                        rows[id] = None
                        continue
                    rows.update(r)
                    texts.update(t)
            for id in part:
                if id in rows and rows[id] is None:
                    continue
                row = rows.get(id)
                if row is None:
                    problems.append(f"record {_short(id)}: listed but not stored")
                    continue
                for read in (lambda: self._stored_meta(row), lambda: self._stored_signature(row),
                             lambda: id in texts and self._stored_text(id, texts[id])):
                    try:
                        read()
                    except IndexCorruptError as e:
                        problems.append(short(e))
                if not isinstance(row.n_shingles, int) or row.n_shingles < 1:
                    problems.append(f"record {_short(id)}: stored shingle count {row.n_shingles!r} is not a positive integer")
        return problems

    # --- the rest ----------------------------------------------------------------------------

    def stats(self) -> dict:
        """Size, parameters and backend facts."""
        return {
            "documents": len(self),
            "format_version": FORMAT_VERSION,
            "params": self.params.to_dict(),
            "threshold": self.threshold,
            "bands": self.bands,
            "rows": self.rows,
            "fingerprint_cap": self.fingerprint_cap,
            "passage_cap": self.passage_cap,
            "keep_text": self.keep_text,
            **self.storage.info(),
        }

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({self._where!r}, backend={self.storage.kind!r})"


def _fingerprint_config() -> dict[str, str]:
    """What makes stored sentence fingerprints comparable: the minimum sentence length, and the
    fingerprint of a fixed sentence (it changes if the fingerprint hash or key ever changes)."""
    return {
        "sentences_version": str(T.SENTENCES_VERSION),
        "fingerprint_min_words": str(F.DEFAULT_MIN_WORDS),
        "fingerprint_check": str(F.fingerprint("dedup index fingerprint check")),
        "boilerplate_version": str(BP.VERSION),
        "passage_k": str(F.PASSAGE_K),
        "passage_w": str(F.PASSAGE_W),
        "passage_cap": str(F.PASSAGE_CAP),
        "boilerplate_check": str(int(BP.source_keys([F.fingerprint("dedup")], "check")[0])),
    }


def _sentence_keys(doc: Document, source: str | None) -> list[int]:
    """The per-source keys of a document's distinct content sentences (learned boilerplate)."""
    fps = sorted({fp for _, fp in BP.sentence_fingerprints(doc)})
    return BP.source_keys(fps, source).tolist()


class _StoredBoilerplate(BP.BoilerplateModel):
    """An index's per-source sentence counts, read from its storage on demand."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def counts(self, keys: np.ndarray) -> np.ndarray:
        return np.asarray(self.storage.sentence_counts(np.asarray(keys, np.int64).tolist(), BP.COUNT_CAP), np.int64)

    def sources(self) -> list[str | None]:
        return self.storage.sources()


def _approx_shingles(text: str, ngram: int) -> int:
    """About how many shingles ``text`` has (whitespace tokens - n + 1): used only to rank
    candidates and for containment estimates when no text is available to count them."""
    return max(1, len(text.split()) - ngram + 1)


def _overlaps(inter: int, n_q: int, n_m: int) -> bool:
    return F.shares_passage(inter, n_q, n_m)


def _as_set(value: str | Iterable[str] | None, name: str) -> set[str]:
    """``value`` (a string, strings or ``None``) as a set; InputError naming ``name`` otherwise."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    items = list(value) if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)) else [value]
    for x in items:
        if not isinstance(x, str):
            raise InputError(f"query: {name}: expected a string or strings, got {type(x).__name__} {_short(x)}")
    return set(items)


def _items(records: Iterable[Any], skipped: list[Skipped] | None) -> Iterator[tuple[tuple, str]]:
    """``((id, text, meta), where)`` for each input of add_many; a record of the wrong shape raises
    InputError, or is appended to ``skipped`` when it is a list."""
    for n, rec in enumerate(records, 1):
        w = f"record {n}"
        try:
            item = _item(rec, w)
        except InputError as e:
            if skipped is None:
                raise
            skipped.append(Skipped(w, None, str(e)))
            continue
        yield item, (rec.origin or w) if isinstance(rec, Record) else w


def _item(rec: Any, w: str) -> tuple:
    """One input of add_many as an ``(id, text, meta)`` tuple; InputError for another shape."""
    if isinstance(rec, Record):
        return (rec.id, rec.text, rec.index_meta())
    if isinstance(rec, Mapping):
        unknown = set(rec) - {"id", "text", "meta"}
        if unknown:
            raise InputError(f"{w}: unknown field(s) {', '.join(sorted(map(str, unknown)))} (expected id, text, meta)")
        for f in ("id", "text"):
            if f not in rec:
                raise InputError(f"{w}: missing field {f!r}")
        return (rec["id"], rec["text"], rec.get("meta"))
    if isinstance(rec, (tuple, list)) and len(rec) in (2, 3):
        return (rec[0], rec[1], rec[2] if len(rec) == 3 else None)
    raise InputError(f"{w}: expected a Record, a dict with id/text/meta or an (id, text[, meta]) tuple, "
                     f"got {type(rec).__name__}")
