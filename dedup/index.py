"""`Index`: check every incoming article against everything already published, then add it.

>>> from dedup import Index
>>> a = open("examples/tribunpalu.txt").read()
>>> b = open("examples/tribunnews.txt").read()
>>> with Index() as index:                       # in memory; Index("news.db") is on disk
...     index.add("palu-1", a, {"source": "tribunpalu", "date": "2022-10-11"})
...     [m] = index.query(b)
>>> m.id, m.verdict, m.jaccard_kind, m.channels
('palu-1', 'republication', 'exact', ('lsh', 'sentences', 'passages', 'paraphrase'))
>>> round(m.similarity, 2), round(m.containment_match_in_query, 2)
(0.49, 0.62)

How a query works:

1. **Candidates** from four channels: documents sharing an LSH band with the query's MinHash
   signature (``lsh``: finds whole-article copies down to Jaccard about 0.3), documents sharing
   normalised-sentence fingerprints (``sentences``: finds abridged copies, rewrites and shared
   passages far below that), and documents sharing winnowed word-k-gram fingerprints
   (``passages``, :func:`dedup.fingerprints.passage_fingerprints_many`: one copied paragraph or long
   sentence, and copies whose sentences were all lightly edited), and documents sharing
   sampled content-word pairs (``paraphrase``, :mod:`dedup.paraphrase`: pairs of nearby content
   words, across sentence ends, which survive rewording and re-cut sentences, and shared runs
   of :data:`dedup.shapes.RUN` sentence lengths, :mod:`dedup.shapes`, which survive word-for-word
   rewording). A band key that more than :data:`COMMON_BAND_KEY` documents hold makes no
   candidate of a document sharing no other key. The fingerprint channels skip fingerprints that
   more than their cap of documents hold (boilerplate, common phrases), and passages and bags of
   an article's learned outlet boilerplate are never indexed.
2. **Ranking** of the candidates by an estimate (Jaccard from the stored signatures or, for an
   article stored with its text, from the band keys it shares; and the share of the query's
   sentences or passages they hold), and **verification** of the best ``verify_limit`` of them:
   the stored text (or ``loader(id)``) is shingled again and the exact Jaccard and the containment
   both ways are computed. Candidates that share fewer than ``MIN_SHARED_SHINGLES`` shingles (and
   less than half of the smaller side) are dropped: they collided but share no real passage;
   unless the paraphrase channel found them and a sentence of one has its content words in a
   sentence of the other, or a run of sentences does, or consecutive sentences of both each share
   a few (:func:`dedup.paraphrase.shares_paraphrase` on the re-read texts).
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

import json
import zlib
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from . import boilerplate as BP
from . import fingerprints as F
from . import lsh, minhash
from . import paraphrase as P
from . import readback
from . import shapes as S
from .channels import CHANNELS, Candidates, check_channels, query_fingerprints, sharing_many, stored_fingerprints
from .checks import as_set, check_count, check_id, check_meta, check_text, loaded
from .collate import collate
from .compare import SAME_SOURCE, UPDATE
from .dates import parse_when
from .document import Document, parse_many
from .errors import IndexCorruptError, InputError
from .filters import in_range, not_from
from .indexformat import FORMAT_VERSION, check_config, wanted_config
from .matches import Added, Entry, Match, Skipped
from .records import Record, chunked
from .storage import Storage, StoredRecord, open_storage
from .storage.base import MissingIndexError
from .wording import shown

__all__ = ["Index", "Match", "Entry", "Added", "Skipped", "MIN_SHARED_SHINGLES", "CHANNELS"]

#: A verified match shares at least this many shingles (about a dozen consecutive words) with the
#: query, or at least half of the shingles of the smaller of the two.
MIN_SHARED_SHINGLES = F.MIN_SHARED_SHINGLES
#: Fingerprints held by more documents than this are boilerplate and do not make candidates.
DEFAULT_FINGERPRINT_CAP = F.DEFAULT_MAX_DF
#: Matches that get their verdict during ``query`` (the rest get it on first access of
#: ``Match.verdict``): the alignment behind a verdict costs 2-4 ms per pair, as much as the rest of a
#: query, so only the best match pays it up front (see ``benchmarks/bench_index.py``).
DEFAULT_VERDICTS = 1
#: A band key held by more documents than this is boilerplate (as ``dedup score`` skips such LSH
#: buckets): a document sharing only that one key with the query is no candidate, while copies
#: share many keys however many copies hold each. Below it one shared key is enough: a story in 60
#: copies, past every fingerprint cap, is found through the one band a weak rewrite shares with it
#: (tests/test_index.py); at 50 it was not.
COMMON_BAND_KEY = lsh.DEFAULT_MAX_BUCKET
_SIG = np.dtype("<u4")


# --- what a query returns ------------------------------------------------------------------------


# --- input checks --------------------------------------------------------------------------------


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
    stored). ``channels``: the candidate channels queries use (a subset of :data:`CHANNELS`, all by
    default; every channel is always indexed, so this is a query-time setting). ``verify_limit``: how many candidates, best estimate first, are verified exactly.
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
        channels: Iterable[str] = CHANNELS,
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
        self.channels = channels
        self._where = "index" if path is None else str(path)
        self.storage: Storage = open_storage(path, namespace=namespace, create=create, **storage_options)
        try:
            self._configure(params, threshold, create)
        except BaseException:
            self.storage.close()
            raise

    @property
    def channels(self) -> tuple[str, ...]:
        """The candidate channels queries use (:data:`CHANNELS` order); assignable between queries."""
        return self._channels

    @channels.setter
    def channels(self, channels: Iterable[str]) -> None:
        self._channels = check_channels(channels)

    # --- format and parameters ---------------------------------------------------------------

    def _configure(self, params: minhash.MinHashParams | None, threshold: float | None, create: bool = True) -> None:
        wanted = wanted_config(params or minhash.DEFAULT, lsh.DEFAULT_THRESHOLD if threshold is None else threshold)
        if create:
            stored = self.storage.init_config(wanted)
        else:
            stored = self.storage.read_config()
            if stored is None:
                raise MissingIndexError(f"{self.storage.describe()}: no such index")
        self.params, self.bands, self.rows, self.threshold = check_config(
            stored, wanted, self._where, params_given=params is not None, threshold_given=threshold is not None)
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
                id = check_id(id, w)
                w = f"{w} (id {id!r})" if not w.startswith("id ") else w
                text = check_text(text, w)
                meta, date_key, source = check_meta(meta, w)
            except InputError as e:
                if skipped is None:
                    raise
                skipped.append(Skipped(position, id if isinstance(id, str) else None, str(e)))
                continue
            checked.append((id, text, meta, date_key, source, w, position))
        texts = [c[1] for c in checked]
        docs, contents = parse_many(texts)  # each text repaired and read into blocks once for both
        sigs = minhash.content_signatures(contents, self.params)
        del contents
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
            docs = [docs[k] for k in keep.tolist()]
            sigs = sigs[keep]
        keys = lsh.band_keys(sigs, self.bands, self.rows).view(np.int64)
        # sentences and passages of the learned boilerplate of each article's source (as the index
        # knows it now) are not indexed: they would make candidates of the outlet's other articles
        skip = self.boilerplate.lines_many(docs, [c[4] for c in checked])
        fps = stored_fingerprints(docs, skip)
        records = []
        for i, (id, text, meta, date_key, source, *_) in enumerate(checked):
            records.append(
                StoredRecord(
                    id=id,
                    meta=json.dumps(meta, ensure_ascii=False, separators=(",", ":")),
                    date=date_key,
                    source=source,
                    # kept only when the text is not: a stored text gives it back (see _estimates)
                    signature=b"" if self.keep_text else sigs[i].astype(_SIG).tobytes(),
                    bands=keys[i].tolist(),
                    fingerprints=fps[i].tolist(),
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
        self.storage.put(self._records([(id, text, meta)], [f"id {shown(id)}"]))

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
        check_id(id, "remove")
        return self.storage.delete([id]) > 0

    def expire(self, before: Any) -> int:
        """Remove every article dated strictly before ``before`` (date, datetime or ISO string);
        articles without a date are kept. Returns how many were removed."""
        _, when = parse_when(before, "expire(before)")
        return self.storage.expire(when)

    def compact(self) -> dict:
        """Rewrite the lookup tables for reading: in SQLite every level of each lookup family is
        merged into one run, so a query reads one block per key instead of one per level, and
        removed articles' leftover rows go. For an index built in bulk and then mostly queried
        (300,000 synthetic articles in two levels: 0.73x the query CPU). Queries answer the same
        before and after; adds go on as before. Returns what was merged (``{}`` for the memory and
        Redis backends, whose lookups are one table already).

        >>> idx = Index()
        >>> idx.add("a1", "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh.")
        >>> idx.compact()
        {}
        """
        return self.storage.compact()

    # --- looking up --------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.storage.count()

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self.storage.contains(id)

    def get(self, id: str) -> Entry | None:
        """The stored article ``id`` (``None`` when absent)."""
        check_id(id, "get")
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
        text = check_text(text, "query")
        top_k = check_count(top_k, "top_k", 1)
        verdicts = check_count(verdicts, "verdicts", 0)
        lo = None if since is None else parse_when(since, "since")[1]
        hi = None if until is None else parse_when(until, "until")[1]
        skip_sources = as_set(exclude_source, "exclude_source")
        skip_ids = as_set(exclude_id, "exclude_id")
        if source is not None and not isinstance(source, str):
            raise InputError(f"query: source must be a string, got {type(source).__name__} {shown(source)}")
        parsed, contents = parse_many([text])  # the text repaired and read into blocks once for both
        sig = minhash.content_signatures(contents, self.params)[0]
        if minhash.is_empty(sig):
            return []
        try:
            doc = Document(text, parsed[0].units, source=source, published=published)
        except (TypeError, ValueError) as e:
            raise InputError(f"query: {e}") from None
        found = self._candidates(sig, doc, source)
        rows = self._filtered(set().union(*found.channels.values()) - skip_ids, lo, hi, skip_sources)
        if not rows:
            return []
        rows, est = self._ranked(rows, sig, found, top_k)
        matches = self._verified(rows, est, text, contents[0], doc, source, found)
        matches.sort(key=lambda m: (-m.score, -m.similarity, m.id))
        matches = matches[:top_k]
        for m in matches[:verdicts]:
            if m._text is not None:
                m.compare()
        return matches

    def _candidates(self, sig: np.ndarray, doc: Document, source: str | None) -> Candidates:
        """Stored articles sharing a band key, uncommon sentences, passages or word bags with the
        query: ``{channel: {id: how many it shares}}``."""
        use = self._channels
        q_skip = self.boilerplate.lines(doc, source) if source is not None else frozenset()
        q = query_fingerprints(doc, q_skip, use)
        by_lsh = {}
        if "lsh" in use:
            keys = lsh.band_keys(sig[None, :], self.bands, self.rows)[0].view(np.int64).tolist()
            by_lsh = self.storage.by_bands(keys, COMMON_BAND_KEY)
        by_fp, by_pass, by_bag, rare, shaped = sharing_many(self.storage, [
            (q["sentences"], self.fingerprint_cap, self.min_shared_sentences),
            (q["passages"], self.passage_cap, self.min_shared_passages),
            (q["paraphrase"], P.MAX_DF, P.MIN_SHARED),
            # fewer pairs make a candidate when only a document or two hold them (a paraphrase keeps few)
            (q["paraphrase"], P.RARE_DF, P.RARE_SHARED),
            # ... and shared runs of sentence lengths: a passage reworded word for word
            (q["shapes"], P.MAX_DF, S.MIN_SHARED),
        ])
        for k, v in rare.items():
            by_bag.setdefault(k, v)
        for k, v in shaped.items():
            by_bag.setdefault(k, v)
        return Candidates({"lsh": by_lsh, "sentences": by_fp, "passages": by_pass, "paraphrase": by_bag},
                          q["sentences"].size, q["passages"].size, q["paraphrase"].size)

    def _filtered(self, ids: set[str], lo: float | None, hi: float | None, skip_sources: set[str]) -> list:
        """The stored rows of ``ids`` dated ``lo <= date < hi`` (when either is given) and not of
        ``skip_sources``."""
        if not ids:
            return []
        rows = self.storage.rows(list(ids))
        dates = [r.date for r in rows.values()]
        sources = [r.source for r in rows.values()]
        keep = in_range(dates, lo, hi) & not_from(sources, skip_sources)
        return [r for r, k in zip(rows.values(), keep) if k]

    def _estimates(self, rows: list, sig: np.ndarray, bands_shared: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(est, rank)`` for each row: the Jaccard estimated from its stored signature (NaN for a
        record stored with its text, which keeps no signature: verification reads the text), and
        what ranks the rows when not all of them are verified: that estimate, or for a row without
        a signature the one its ``bands_shared`` band keys give (a band of ``self.rows`` values is
        shared with probability J**rows). Ranking reads no stored text: re-signing the 144 candidates of a
        query at 1,000,000 synthetic articles (a band key 143 documents share) took 19 ms
        (docs/PERFORMANCE.md)."""
        stored = [self._stored_signature(r) for r in rows]
        est = np.full(len(rows), np.nan)
        have = [i for i, s in enumerate(stored) if s]
        if have:
            sigs = np.frombuffer(b"".join(stored[i] for i in have), dtype=_SIG).reshape(len(have), -1)
            est[have] = minhash.estimate_jaccard(sigs.astype(np.uint64), sig[None, :])
        return est, np.where(np.isnan(est), (bands_shared / self.bands) ** (1.0 / self.rows), est)

    def _ranked(self, rows: list, sig: np.ndarray, found: Candidates, top_k: int) -> tuple[list, np.ndarray]:
        """The best ``verify_limit`` (at least ``top_k``) candidates by estimate, ties by id, and
        their estimated Jaccard (see :meth:`_estimates`)."""
        limit = max(self.verify_limit, top_k)
        rows = sorted(rows, key=lambda r: r.id)
        shared = np.array([found.channels["lsh"].get(r.id, 0) for r in rows], np.float64)
        est, rank = self._estimates(rows, sig, shared)
        # the estimate of the larger containment: shared sentences or passages over the query's
        # count, or over the candidate's expected passage count (an abridged copy inside the query)
        by_fp, by_pass, by_bag = found.channels["sentences"], found.channels["passages"], found.channels["paraphrase"]
        n_fp, n_pass, n_bag = max(1, found.n_sentences), max(1, found.n_passages), max(1, found.n_bags)
        density = 2.0 / (F.PASSAGE_W + 1)
        share = np.array([
            max(by_fp.get(r.id, 0) / n_fp, by_pass.get(r.id, 0) / n_pass, by_bag.get(r.id, 0) / n_bag,
                min(1.0, by_pass.get(r.id, 0) / max(1.0, r.n_shingles * density)))
            for r in rows
        ])
        order = np.argsort(-np.fmax(rank, share), kind="stable")
        if order.size > limit:
            # candidates whose one piece of evidence is a single shared band tie (the holders of a
            # common key: copies of one story, or articles sharing a stock phrase's min-hashes):
            # verifying more than top_k of them changes nothing but the time
            lone = (shared == 1) & (share == 0)
            order = order[~lone[order] | (np.cumsum(lone[order]) <= top_k)]
        order = order[:limit]
        return [rows[i] for i in order], est[order]

    def _verified(self, rows: list, est: np.ndarray, text: str, content: str, doc: Document, source: str | None,
                  found: Candidates) -> list[Match]:
        """Matches of the candidates that verifiably share text with the query (``content`` is its
        content text): exact scores on the shingles of their texts (stored or loaded), else
        estimates from the signatures."""
        params = self.params
        texts = self._texts([r.id for r in rows])
        q_sh = minhash.content_shingles_many([content], params)[0]
        have = [r.id for r in rows if r.id in texts]
        sh = dict(zip(have, minhash.shingles_many([texts[i] for i in have], params))) if have else {}
        n_q_est = _approx_shingles(text, params.ngram)
        bp = self.boilerplate
        matches = []
        q_bags = None
        for r, e in zip(rows, est):
            e = float(e)
            if r.id in sh:
                s = sh[r.id]
                n_q, n_m = q_sh.size, s.size
                jac, c_q, c_m = minhash.overlap(q_sh, s)
                inter = round(c_m * n_m)
                kind, pair = "exact", (s, q_sh)
            else:
                if e != e:  # NaN: stored without a signature, and its text is missing too
                    raise self._damaged(r.id, "stored with neither its text nor its signature")
                n_q, n_m = n_q_est, max(1, r.n_shingles)
                inter = min(n_q, n_m, round(e / (1.0 + e) * (n_q + n_m)))
                _, c_q, c_m = minhash.overlap_counts(inter, n_q, n_m)
                jac, kind, pair = e, "estimate", None
            if not _overlaps(inter, n_q, n_m):
                # a paraphrase shares no run of words: kept when a sentence of one has its content
                # words in a sentence of the other (the texts re-read: exact, like the shingles)
                if r.id not in found.channels["paraphrase"] or r.id not in texts:
                    continue
                q_bags = q_bags if q_bags is not None else [w for _, w in P.sentence_bags(doc)]
                if not P.shares_paraphrase(q_bags, texts[r.id]):
                    continue
            channels = tuple(c for c, hit in found.channels.items() if r.id in hit)
            matches.append(
                Match(
                    id=r.id, meta=self._stored_meta(r), score=max(c_q, c_m), similarity=jac,
                    jaccard_kind=kind, containment_query_in_match=c_q, containment_match_in_query=c_m,
                    channels=channels, _query=doc, _text=texts.get(r.id), _loader=self.loader, _params=params,
                    _shingles=pair, _boilerplate=bp, _sources=(r.source, source),
                )
            )
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
        id = check_id(id, "story")
        entry = self.get(id)
        if entry is None:
            raise InputError(f"story: no stored article has the id {id!r}")
        text = entry.text if entry.text is not None else (loaded(self.loader, id) if self.loader else None)
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
                    out[i] = loaded(self.loader, i)
        return out

    # --- reading stored data (damaged data is an IndexCorruptError naming the record) -------

    def _stored_text(self, id: str, blob: bytes) -> str:
        return readback.text(self.storage.describe(), id, blob)

    def _stored_meta(self, row) -> dict:
        return readback.meta(self.storage.describe(), row)

    def _stored_signature(self, row) -> bytes:
        """The stored signature of ``row``: ``b""`` for a record stored with its text."""
        return readback.signature(self.storage.describe(), row, self.params.num_perm)

    def _damaged(self, id: str, what: str) -> IndexCorruptError:
        return readback.damaged(self.storage.describe(), id, what)

    def check(self, batch_size: int = 1000) -> list[str]:
        """Every problem of the store, one line each (``[]`` for a sound index): the backend's
        own checks (SQLite's integrity check, lookup rows without their document and documents
        missing from the lookup tables), then every record read back (metadata, signature, text).
        Reads everything: minutes for a million articles. ``dedup index check`` prints it.
        """
        return readback.check(self.storage, self.keep_text, self.params.num_perm, batch_size)

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
            "channels": list(self.channels),
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
