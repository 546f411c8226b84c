"""dedup.Index on its three backends: adds, queries, verification, filters, bad input, format checks."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import dedup
from dedup import Index, Match
from dedup.errors import IndexFormatError, InputError
from dedup.storage import FORMAT_VERSION
from dedup.minhash import MinHashParams
from dedup.synth import synthetic_article


def article(seed: int, n: int = 14) -> str:
    return synthetic_article(random.Random(seed), "id", n_sentences=n)


def abridged(text: str, keep: float = 0.5) -> str:
    """Headline plus the first ``keep`` share of the body lines: a truncated copy."""
    lines = text.split("\n")
    body = lines[1:]
    return "\n".join(["Judul baru yang lain sama sekali"] + body[: max(1, int(len(body) * keep))])


@pytest.fixture(params=["memory", "sqlite", "redis"])
def make_index(request, tmp_path):
    """``make_index(**kw)`` opens an index on the parametrised backend (same location each call)."""
    opened = []

    def make(**kw):
        if request.param == "memory":
            if opened:
                return opened[0]
            idx = Index(**kw)
        elif request.param == "sqlite":
            idx = Index(str(tmp_path / "i.db"), **kw)
        else:
            url, ns = request.getfixturevalue("redis_url")
            idx = Index(url, namespace=ns, **kw)
        opened.append(idx)
        return idx

    make.kind = request.param
    yield make
    for idx in opened:
        idx.close()


def test_query_finds_the_seed_republication(make_index, seed_pair):
    a, b = seed_pair
    idx = make_index()
    idx.add("palu", a, {"source": "tribunpalu", "date": "2022-10-11", "url": "https://x/1", "tags": ["a", 1]})
    for i in range(5):
        idx.add(f"other-{i}", article(i))
    [m] = idx.query(b)
    assert isinstance(m, Match) and m.id == "palu"
    assert m.jaccard_kind == "exact" and 0.4 < m.similarity < 0.6
    assert m.containment_match_in_query > 0.5 and m.containment_query_in_match > 0.5
    assert set(m.channels) == {"lsh", "sentences", "passages", "paraphrase"}
    assert m.verdict == "republication"
    assert m.meta == {"source": "tribunpalu", "date": "2022-10-11", "url": "https://x/1", "tags": ["a", 1]}
    c = m.compare()
    assert c.labels == ("palu", "query") and c.a.text == a and c.b.text == b
    assert any(op.op == "equal" for op in c.ops)
    d = m.to_dict()
    assert json.loads(json.dumps(d))["verdict"] == "republication"


def test_matches_sorted_and_top_k(make_index):
    base = article(100, 20)
    idx = make_index()
    idx.add("full", base)
    idx.add("half", abridged(base, 0.5))
    idx.add("quarter", abridged(base, 0.25))
    idx.add("unrelated", article(101, 20))
    ms = idx.query(base)
    assert [m.id for m in ms] == ["full", "half", "quarter"]
    assert ms[0].verdict == "duplicate" and ms[0].similarity == 1.0
    assert ms[0].score >= ms[1].score >= ms[2].score
    # the abridged copies are wholly contained in the query
    assert ms[1].containment_match_in_query > 0.95 and ms[2].containment_match_in_query > 0.95
    assert [m.id for m in idx.query(base, top_k=1)] == ["full"]
    assert idx.query(article(102, 20)) == []


def test_low_jaccard_copy_found_by_sentences_and_passages_only(make_index):
    """A short extract of a long article: Jaccard far below the LSH threshold, found through
    shared sentences and passages and verified."""
    base = article(200, 40)
    idx = make_index()
    idx.add("long", base)
    extract = abridged(base, 0.12)
    [m] = idx.query(extract)
    assert m.id == "long" and m.channels[:2] == ("sentences", "passages") and "lsh" not in m.channels
    assert m.similarity < 0.2 and m.containment_query_in_match > 0.95


def test_upsert_replaces(make_index):
    idx = make_index()
    old, new = article(1), article(2)
    idx.add("x", old, {"source": "a"})
    idx.add("x", new, {"source": "b"})
    assert len(idx) == 1 and "x" in idx
    assert idx.query(old) == []  # no stale band keys or fingerprints left behind
    [m] = idx.query(new)
    assert m.id == "x" and m.meta == {"source": "b"}
    assert idx.get("x").text == new
    assert idx.add_many([("y", old), ("y", new), {"id": "x", "text": old}]) == 2
    assert len(idx) == 2 and idx.get("y").text == new and idx.get("x").text == old


def test_remove_and_expire(make_index):
    idx = make_index()
    texts = {f"d{i}": article(10 + i) for i in range(4)}
    dates = ["2024-01-01", dt.date(2024, 2, 1), dt.datetime(2024, 3, 1, 12, 0), None]
    for (id, text), date in zip(texts.items(), dates):
        idx.add(id, text, {"date": date})
    assert idx.get("d1").meta == {"date": "2024-02-01"} and idx.get("d2").meta == {"date": "2024-03-01T12:00:00Z"}
    assert idx.remove("d0") is True and idx.remove("d0") is False
    assert "d0" not in idx and idx.query(texts["d0"]) == []
    assert idx.expire(before="2024-03-01") == 1  # d1; d2 is later, d3 has no date
    assert sorted(i for i in ("d1", "d2", "d3") if i in idx) == ["d2", "d3"]
    assert idx.query(texts["d1"]) == []
    assert idx.expire(before=dt.date(2030, 1, 1)) == 1 and len(idx) == 1


def test_filters(make_index):
    base = article(300, 20)
    idx = make_index()
    idx.add("jan", base, {"date": "2024-01-10", "source": "kompas"})
    idx.add("feb", base, {"date": "2024-02-10T08:00:00+07:00", "source": "tribun"})
    idx.add("nodate", base, {"source": "tribun"})
    ids = lambda **kw: sorted(m.id for m in idx.query(base, **kw))  # noqa: E731
    assert ids() == ["feb", "jan", "nodate"]
    assert ids(since="2024-02-01") == ["feb"]
    assert ids(until=dt.date(2024, 2, 1)) == ["jan"]
    assert ids(since="2024-01-10", until="2024-01-11") == ["jan"]
    assert ids(exclude_source="tribun") == ["jan"]
    assert ids(exclude_source=["tribun", "kompas"]) == []
    assert ids(exclude_id="jan") == ["feb", "nodate"]


@pytest.mark.parametrize(
    "args, message",
    [
        ((123, "teks"), "id must be a string, got int"),
        (("", "teks"), "id is empty"),
        (("a", ""), "text is empty"),
        (("a", "  \n\t "), "text is empty"),
        (("a", b"bytes"), "text must be a string"),
        (("a", "...!!! ---"), "no content words"),
        (("a", "Isi berita yang cukup panjang di sini.", {"tags": {1, 2}}), r"meta\['tags'\]: set"),
        (("a", "Isi berita yang cukup panjang di sini.", {"date": "31 Juli 2019"}), r"meta\['date'\].*not an ISO date"),
        (("a", "Isi berita yang cukup panjang di sini.", {"date": 20190731}), r"meta\['date'\]: expected a date"),
        (("a", "Isi berita yang cukup panjang di sini.", {"source": 5}), r"meta\['source'\] must be a string"),
        (("a", "Isi berita yang cukup panjang di sini.", ["not", "a dict"]), "meta must be a dict"),
        (("a", "Isi berita yang cukup panjang di sini.", {"x": float("nan")}), r"meta\['x'\].*finite"),
        (("a", "Isi berita yang cukup panjang di sini.", {1: "x"}), "JSON keys must be strings"),
    ],
)
def test_bad_input_refused_and_nothing_written(make_index, args, message):
    idx = make_index()
    idx.add("keep", article(5))
    with pytest.raises(InputError, match=message):
        idx.add(*args)
    assert len(idx) == 1 and "a" not in idx


def test_add_many_bad_record_writes_nothing_of_its_batch(make_index):
    idx = make_index()
    recs = [{"id": f"r{i}", "text": article(50 + i)} for i in range(5)]
    recs[3] = {"id": "r3", "text": "   "}
    with pytest.raises(InputError, match=r"record 4 \(id 'r3'\): text is empty"):
        idx.add_many(recs, batch_size=10)
    assert len(idx) == 0
    # with smaller batches the batches before the bad one stay stored
    with pytest.raises(InputError, match="record 4"):
        idx.add_many(recs, batch_size=2)
    assert sorted(i for i in ("r0", "r1", "r2") if i in idx) == ["r0", "r1"]
    with pytest.raises(InputError, match="unknown field"):
        idx.add_many([{"id": "z", "txt": "x"}])
    with pytest.raises(InputError, match="missing field 'text'"):
        idx.add_many([{"id": "z"}])


def test_keep_text_false_with_and_without_loader(make_index, seed_pair):
    a, b = seed_pair
    idx = make_index(keep_text=False)
    idx.add("palu", a)
    assert idx.get("palu").text is None
    [m] = idx.query(b)
    assert m.jaccard_kind == "estimate" and 0.2 < m.similarity < 0.8
    with pytest.raises(InputError, match="no text"):
        m.compare()
    if make_index.kind == "memory":
        idx.loader = {"palu": a}.__getitem__
    else:
        idx.close()
        idx = make_index(keep_text=False, loader={"palu": a}.__getitem__)
    [m] = idx.query(b)
    assert m.jaccard_kind == "exact" and m.verdict == "republication"


def test_stats(make_index):
    idx = make_index()
    idx.add_many((f"s{i}", article(i)) for i in range(3))
    st = idx.stats()
    assert st["documents"] == 3 and st["backend"] == make_index.kind
    assert st["bands"] * st["rows"] <= st["params"]["num_perm"]
    json.dumps(st)


# --- format and parameters --------------------------------------------------------------------------


def test_reopen_adopts_stored_parameters_and_refuses_different_ones(tmp_path, seed_pair):
    path = str(tmp_path / "p.db")
    with Index(path, params=MinHashParams(num_perm=64), threshold=0.4) as idx:
        idx.add("palu", seed_pair[0])
        bands = idx.bands
    with Index(path) as idx:  # no parameters given: the stored ones
        assert idx.params.num_perm == 64 and idx.bands == bands
        assert [m.id for m in idx.query(seed_pair[1])] == ["palu"]
    with pytest.raises(IndexFormatError, match="num_perm=64, not num_perm=128"):
        Index(path, params=MinHashParams())
    with pytest.raises(IndexFormatError, match="bands="):
        Index(path, threshold=0.8)


def test_refuses_newer_format_and_other_normalisation(tmp_path):
    path = str(tmp_path / "f.db")
    Index(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    con.commit()
    with pytest.raises(IndexFormatError, match="format version 99 was written by a newer dedup"):
        Index(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (str(FORMAT_VERSION),))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'normalization'")
    con.commit()
    con.close()
    from dedup import text as T

    with pytest.raises(IndexFormatError, match=f"normalization=0, this dedup uses normalization={T.NORMALIZATION_VERSION}.*rebuild"):
        Index(path)


def test_refuses_an_index_whose_sentences_were_split_by_other_rules(tmp_path):
    # stored sentence fingerprints depend on sentence splitting, so a change there needs a rebuild
    from dedup import text as T

    path = str(tmp_path / "s.db")
    Index(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'sentences_version'")
    con.commit()
    con.close()
    with pytest.raises(IndexFormatError, match=f"sentences_version=1, this dedup uses sentences_version={T.SENTENCES_VERSION}.*rebuild"):
        Index(path)


def test_redis_round_trip_between_clients_and_namespaces(redis_url, seed_pair):
    url, ns = redis_url
    a, b = seed_pair
    with Index(url, namespace=ns) as writer:
        writer.add("palu", a, {"source": "tribunpalu", "date": "2022-10-11"})
    with Index(url, namespace=ns) as reader:
        assert len(reader) == 1 and "palu" in reader
        [m] = reader.query(b)
        assert m.id == "palu" and m.verdict == "republication" and m.meta["source"] == "tribunpalu"
        assert reader.get("palu").text == a
    with Index(url, namespace=ns + "-other") as other:
        assert len(other) == 0 and other.query(b) == []
    import redis

    redis.Redis.from_url(url).hset(f"{ns}:config", "format_version", "7")
    with pytest.raises(IndexFormatError, match="newer dedup"):
        Index(url, namespace=ns)
    with pytest.raises(IndexFormatError, match="num_perm"):
        Index(url, namespace=ns + "-other", params=MinHashParams(num_perm=32))


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"since": "notadate"}, "since: 'notadate' is not an ISO date"),
        ({"until": "2024-13-45"}, "until: '2024-13-45' is not an ISO date"),
        ({"since": 20240101}, "since: expected a date"),
        ({"top_k": 0}, "top_k must be at least 1, got 0"),
        ({"top_k": -3}, "top_k must be at least 1, got -3"),
        ({"top_k": 2.5}, "top_k must be an integer, got float"),
        ({"verdicts": -1}, "verdicts must be at least 0, got -1"),
        ({"exclude_id": 5}, "exclude_id: expected a string or strings, got int"),
        ({"exclude_source": ["a", None]}, "exclude_source: expected a string or strings, got NoneType"),
    ],
)
def test_query_arguments_checked_before_any_lookup(make_index, kw, message):
    """Bad query arguments are refused even when the query has no candidates (or no content)."""
    idx = make_index()
    idx.add("a", article(1))
    for text in (article(2), "...!!! ---", article(1)):  # no candidates, no content words, a match
        with pytest.raises(InputError, match=message):
            idx.query(text, **kw)


def test_open_without_create_refuses_a_missing_index(tmp_path, redis_url, seed_pair):
    import redis

    a, b = seed_pair
    path = tmp_path / "none.db"
    with pytest.raises(InputError, match="none.db: no such index"):
        Index(str(path), create=False)
    assert not path.exists()  # refused without creating the file
    url, ns = redis_url
    with pytest.raises(InputError, match=f"namespace '{ns}': no such index"):
        Index(url, namespace=ns, create=False)
    assert redis.Redis.from_url(url).keys(f"{ns}*") == []  # refused without writing anything
    for where, kw in ((str(path), {}), (url, {"namespace": ns})):
        with Index(where, **kw) as idx:  # create=True (the default) makes a new index
            idx.add("palu", a)
        with Index(where, create=False, **kw) as idx:
            assert [m.id for m in idx.query(b)] == ["palu"]


def test_match_diff_equals_compare_of_the_texts():
    # the query's verdict reuses the shingles verification computed; it must be compare's own
    palu = (Path(__file__).parent / "data" / "tribunpalu.txt").read_text(encoding="utf-8")
    news = (Path(__file__).parent / "data" / "tribunnews.txt").read_text(encoding="utf-8")
    index = Index()
    index.add("palu", palu)
    (m,) = index.query(news)
    assert m.jaccard_kind == "exact"
    assert m.compare().to_dict() == dedup.compare(palu, news, labels=("palu", "query")).to_dict()


def test_a_story_many_copies_hold_is_found_through_one_shared_band(make_index, monkeypatch):
    """A syndicated story in more copies than the fingerprint caps is found by the LSH channel
    alone, and one shared band key is enough while fewer than ``COMMON_BAND_KEY`` documents hold
    it; above that, a document sharing only that key is no candidate. With more candidates than
    ``verify_limit``, the ones verified are chosen by the bands they share, ties by id, and of
    those sharing one band and nothing else only ``top_k``."""
    from dedup import index as I
    from dedup import lsh
    from dedup.synth import make_variant

    story = article(301, 24)
    query = make_variant(story, "partial", random.Random(0), gold_ops=False).text  # Jaccard 0.06
    idx = make_index()
    keys = [set(lsh.band_keys(dedup.signatures([t], idx.params), idx.bands, idx.rows)[0].tolist()) for t in (story, query)]
    assert len(keys[0] & keys[1]) == 1
    idx.add_many({"id": f"c{k:02d}", "text": story} for k in range(60))  # over every fingerprint cap
    read = []
    idx.storage.texts = lambda ids, texts=idx.storage.texts: read.append(len(ids)) or texts(ids)
    found = idx.query(query, top_k=10, verdicts=0)
    assert [m.id for m in found] == [f"c{k:02d}" for k in range(10)]
    assert read == [10]  # they tie on their one shared band: top_k of them verified, not verify_limit
    assert all(m.channels == ("lsh",) and m.jaccard_kind == "exact" for m in found)
    monkeypatch.setattr(I, "COMMON_BAND_KEY", 59)  # the key held by 60: common text
    assert idx.query(query, top_k=10, verdicts=0) == []


def test_an_index_keeping_texts_stores_no_signature_and_ranks_by_shared_bands(make_index, request, tmp_path):
    """A record stored with its text keeps no signature (format 4): when a query has more
    candidates than ``verify_limit``, they are ranked by the band keys they share (no stored text
    is read to rank them), and the candidate verified is the one an index storing signatures (no
    texts, a loader) verifies by its signatures."""
    from dedup.document import Document
    from dedup.synth import make_variant

    base = article(300, 24)
    texts = {"base": base}
    for k, kind in enumerate(("republication", "update", "partial", "noise", "republication", "update", "partial")):
        texts[f"v{k}"] = make_variant(base, kind, random.Random(k), gold_ops=False).text
    idx = make_index(verify_limit=1)
    where = {"memory": {}, "sqlite": {"path": str(tmp_path / "ref.db")}}.get(make_index.kind)
    if where is None:
        url, ns = request.getfixturevalue("redis_url")
        where = {"path": url, "namespace": ns + "ref"}
    ref = Index(**where, keep_text=False, loader=texts.__getitem__, verify_limit=1)
    idx.add_many(texts.items())
    ref.add_many(texts.items())
    assert {r.signature for r in idx.storage.rows(list(texts)).values()} == {b""}
    assert {len(r.signature) for r in ref.storage.rows(list(texts)).values()} == {512}
    queries = [make_variant(base, kind, random.Random(10 + k), gold_ops=False).text
               for k, kind in enumerate(("republication", "noise", "partial", "update"))]
    rows, ref_rows = idx.storage.rows(list(texts)), ref.storage.rows(list(texts))
    read = []
    idx.storage.texts = lambda ids, texts=idx.storage.texts: read.append(list(ids)) or texts(ids)
    for q in [base, *queries]:
        read.clear()
        got = [(m.id, m.score, m.channels) for m in idx.query(q, top_k=1, verdicts=0)]
        want = [(m.id, m.score, m.channels) for m in ref.query(q, top_k=1, verdicts=0)]
        assert got == want and got
        assert [len(ids) for ids in read] == [1]  # only the one verified candidate's text is read
        sig = dedup.signatures([q], idx.params)[0]
        by_lsh = idx._candidates(sig, Document(q), None).channels["lsh"]
        shared = np.array([by_lsh.get(i, 0) for i in texts], np.float64)
        est, rank = idx._estimates([rows[i] for i in texts], sig, shared)
        ref_est, ref_rank = ref._estimates([ref_rows[i] for i in texts], sig, shared)
        assert np.isnan(est).all() and np.isfinite(ref_est).all() and ref_rank.tolist() == ref_est.tolist()
        # the bands' estimate orders the variants as their signatures do, near enough (a query that
        # shares no band with any, the noise variant, is ranked by its shared sentences and passages)
        if rank.max() > 0:
            assert np.corrcoef(rank, ref_est)[0, 1] > 0.9 and list(texts)[int(np.argmax(rank))] == got[0][0]
    ref.close()
