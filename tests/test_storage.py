"""The storage protocol: every backend stores and looks up the same way."""

from __future__ import annotations

import os

import numpy as np
import pytest

from dedup.errors import IndexFormatError
from dedup.storage import StoredRecord as Record, open_storage
from dedup.storage.memory import MemoryStorage
from dedup.storage.sqlite import SQLiteStorage


def rec(id, bands, fps=(), date=None, source=None, text=b"t", sentence_keys=()):
    return Record(id, '{"k": 1}', date, source, b"\x01\x02\x03\x04", list(bands), list(fps), text, 10,
                  list(sentence_keys))


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "memory":
        s = open_storage(None)
    elif request.param == "sqlite":
        s = open_storage(str(tmp_path / "s.db"))
    else:
        url, ns = request.getfixturevalue("redis_url")
        s = open_storage(url, namespace=ns)
    yield s
    s.close()


def test_open_storage_picks_backend(tmp_path, redis_url):
    assert isinstance(open_storage(None), MemoryStorage)
    s = open_storage(tmp_path / "x.db")
    assert isinstance(s, SQLiteStorage)
    s.close()
    r = open_storage(redis_url[0], namespace=redis_url[1])
    assert r.kind == "redis"
    r.close()


def test_config_is_written_once(store):
    assert store.init_config({"format_version": "1", "a": "x"}) == {"format_version": "1", "a": "x"}
    # a second writer with other values gets the stored config back, unchanged
    assert store.init_config({"format_version": "2", "a": "y", "b": "z"})["a"] == "x"


def test_put_lookup_upsert_delete(store):
    store.init_config({"format_version": "1"})
    big = 2**63 - 1
    store.put([rec("a", [1, -2, big], [10, 11], date=100.0, source="s1"), rec("b", [1, 5], [11])])
    assert store.count() == 2 and store.contains("a") and not store.contains("zz")
    assert store.by_bands([1, big, 99]) == {"a": 2, "b": 1}
    assert store.by_fingerprints([10, 11, 12], cap=5) == ({"a": 2, "b": 1}, 0)
    rows = store.rows(["a", "b", "nope"])
    assert set(rows) == {"a", "b"}
    assert rows["a"].date == 100.0 and rows["a"].source == "s1" and rows["b"].date is None and rows["b"].source is None
    assert rows["a"].signature == b"\x01\x02\x03\x04" and rows["a"].n_shingles == 10 and rows["a"].meta == '{"k": 1}'
    assert store.texts(["a"]) == {"a": b"t"}

    # upsert: every old key of "a" is gone, the new ones are there, still one record
    store.put([rec("a", [7], [12], text=None)])
    assert store.count() == 2
    assert store.by_bands([1, -2, big]) == {"b": 1}
    assert store.by_bands([7]) == {"a": 1}
    assert store.by_fingerprints([10, 11, 12], cap=5) == ({"b": 1, "a": 1}, 0)
    assert store.texts(["a"]) == {} and store.rows(["a"])["a"].date is None

    assert store.delete(["a", "nope"]) == 1
    assert store.count() == 1 and store.by_bands([7]) == {} and sorted(store.ids()) == ["b"]


def test_fingerprint_cap_skips_boilerplate(store):
    store.init_config({"format_version": "1"})
    store.put([rec(f"d{i}", [i], [42] + ([7] if i < 2 else [])) for i in range(4)])
    hits, skipped = store.by_fingerprints([42, 7], cap=3)
    assert hits == {"d0": 1, "d1": 1} and skipped == 1
    assert store.by_fingerprints([42], cap=4) == ({f"d{i}": 1 for i in range(4)}, 0)


def test_a_common_band_key_alone_makes_no_candidate(store):
    """``by_bands(keys, common)``: a document whose only shared band key more than ``common``
    documents hold is left out; one sharing two such keys (a copy of a story many copies hold) or
    another key is kept, with every key it shares counted."""
    store.init_config({"format_version": "1"})
    store.put([rec(f"d{i}", [1] + ([2] if i < 2 else []) + ([3] if i == 2 else []), [10 + i]) for i in range(5)])
    assert store.by_bands([1, 2, 3]) == {"d0": 2, "d1": 2, "d2": 2, "d3": 1, "d4": 1}
    assert store.by_bands([1, 2, 3], common=4) == {"d0": 2, "d1": 2, "d2": 2}
    assert store.by_bands([1], common=4) == {} and store.by_bands([1], common=5) == {f"d{i}": 1 for i in range(5)}
    store.put([rec(f"e{i}", [8, 9], [20 + i]) for i in range(6)])
    assert store.by_bands([8, 9, 1], common=4) == {f"e{i}": 2 for i in range(6)}
    store.delete(["d3", "d4"])  # key 1 now held by three: no longer common
    assert store.by_bands([1], common=4) == {"d0": 1, "d1": 1, "d2": 1}


def test_expire_keeps_undated_and_later(store):
    store.init_config({"format_version": "1"})
    store.put([rec("old", [1], [1], date=10.0), rec("new", [2], [2], date=20.0), rec("undated", [3], [3])])
    assert store.expire(before=20.0) == 1
    assert sorted(store.ids()) == ["new", "undated"]
    assert store.by_bands([1]) == {} and store.by_fingerprints([1], cap=5) == ({}, 0)


def test_sqlite_refuses_a_file_that_is_not_an_index(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(IndexFormatError, match="not a dedup index"):
        SQLiteStorage(str(junk))
    import sqlite3

    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    s = SQLiteStorage(str(other))
    with pytest.raises(IndexFormatError, match="without a meta table"):
        s.init_config({"format_version": "1"})
    s.close()


def test_sqlite_levels_merge_and_stay_consistent(tmp_path, monkeypatch):
    """Small level capacities force merges level 0 -> 1 -> 2; lookups, upserts and deletes must see
    rows wherever they live."""
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (5, 12))
    monkeypatch.setattr(S, "DEAD_MIN", 0)  # removed documents' rows purged as soon as they are 10%
    s = SQLiteStorage(str(tmp_path / "lv.db"))
    s.init_config({"format_version": "1"})
    for i in range(20):
        s.put([rec(f"d{i}", [1000 + i, 5], [2000 + i])])
    info = s.info()
    assert info["band_rows"] == 40 and info["fingerprint_rows"] == 20
    assert info["band_rows_per_level"][2] > 0 and info["fingerprint_rows_per_level"][1] + info["fingerprint_rows_per_level"][2] > 0
    assert s.by_bands([5]) == {f"d{i}": 1 for i in range(20)}
    assert s.by_bands([1000, 1019]) == {"d0": 1, "d19": 1}
    assert s.by_fingerprints([2000, 2007, 2019], cap=5) == ({"d0": 1, "d7": 1, "d19": 1}, 0)
    s.put([rec("d0", [77], [88])])  # upsert of a document whose rows sit in the last level
    assert s.by_bands([1000]) == {} and s.by_bands([77]) == {"d0": 1}
    assert s.delete([f"d{i}" for i in range(10)]) == 10
    assert s.by_bands([5]) == {f"d{i}": 1 for i in range(10, 20)}
    assert s.info()["band_rows"] == 20 and s.info()["dead_documents"] == 0 and s.integrity_check() == "ok"
    real = [s._checked_postings("bands", lvl, []).size for lvl in range(S.LEVELS)]
    assert real == s.info()["band_rows_per_level"]  # the level counters track the tables exactly
    assert s.check() == []
    s.close()


def test_sqlite_removed_documents_count_nowhere_before_their_rows_are_purged(tmp_path, monkeypatch):
    """A removal leaves the document's lookup rows behind (a tombstone) until enough documents are
    dead: fingerprint caps, sentence counts and band hits must already be as if they were gone,
    through level merges too, and a new document never takes a dead one's number."""
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (5, 12))
    s = SQLiteStorage(str(tmp_path / "t.db"))
    s.init_config({"format_version": "1"})
    s.put([rec(f"d{i}", [100 + i, 7], [9, 300 + i], sentence_keys=[5]) for i in range(4)])
    assert s.by_fingerprints([9], cap=3) == ({}, 1)  # 4 holders > cap 3: boilerplate
    assert s.sentence_counts([5], cap=10) == [4]
    assert s.delete(["d0", "d3"]) == 2
    assert s.info()["dead_documents"] == 2 and s.info()["band_rows"] == 8  # rows still there
    assert s.by_fingerprints([9], cap=3) == ({"d1": 1, "d2": 1}, 0)
    assert s.sentence_counts([5], cap=10) == [2]
    assert s.by_bands([7, 100, 103]) == {"d1": 1, "d2": 1}
    s.put([rec("d0", [100], [300])])  # same id again: a new number, the dead rows stay dead
    assert s.by_bands([100, 7]) == {"d0": 1, "d1": 1, "d2": 1} and s.by_fingerprints([300], 5) == ({"d0": 1}, 0)
    for i in range(10, 16):  # level merges drop dead documents' rows
        s.put([rec(f"d{i}", [i], [i])])
    assert s.by_fingerprints([9], cap=3) == ({"d1": 1, "d2": 1}, 0) and s.sentence_counts([5], 10) == [2]
    assert s.check() == []
    s.close()


def test_redis_saturated_lists_stop_producing_candidates(redis_url, monkeypatch):
    import dedup.storage.redis as R

    monkeypatch.setattr(R, "MAX_IDS", 3)
    s = open_storage(redis_url[0], namespace=redis_url[1])
    s.init_config({"format_version": "1"})
    s.put([rec(f"d{i}", [9, 100 + i], [9]) for i in range(5)])
    assert s.by_bands([9]) == {} and s.by_bands([100, 104]) == {"d0": 1, "d4": 1}
    assert s.by_fingerprints([9], cap=50) == ({}, 1)
    assert s.delete(["d0", "d1", "d2", "d3", "d4"]) == 5 and s.by_bands([100]) == {}
    s.close()


def test_read_config_writes_nothing(store):
    assert store.read_config() is None
    if store.kind == "redis":
        import redis

        assert redis.Redis.from_url(store.url).keys(f"{store.ns}:*") == []
    store.init_config({"format_version": "1", "a": "x"})
    assert store.read_config() == {"format_version": "1", "a": "x"}
    assert store.describe()


def test_sqlite_create_false_refuses_a_missing_file(tmp_path):
    from dedup.storage.base import MissingIndexError

    with pytest.raises(MissingIndexError, match="none.db: no such index"):
        open_storage(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("purge", [False, True])
def test_sqlite_long_key_lists_answer_as_memory_does(tmp_path, monkeypatch, purge):
    """Lookups of hundreds of keys run as several padded statements: counts, caps and sentence
    counts must equal the memory backend's, with removed documents tombstoned or purged."""
    import random

    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "DEAD_MIN", 0 if purge else 10**6)

    rnd = random.Random(4)
    pool = [rnd.getrandbits(63) - 2**62 for _ in range(1500)]
    recs = [rec(f"d{i}", [i], rnd.sample(pool, 500), sentence_keys=rnd.sample(pool, 300)) for i in range(6)]
    stores = [open_storage(None), SQLiteStorage(str(tmp_path / "k.db"))]
    asked = rnd.sample(pool, 1000) + [12345]  # and one key nobody holds
    for s in stores:
        s.init_config({"format_version": "1"})
        s.put(recs)
    for step in range(2):
        answers = [(s.by_fingerprints(asked, cap=3), s.sentence_counts(asked, cap=4)) for s in stores]
        assert answers[0] == answers[1]
        assert answers[0][0][1] > 0 and answers[0][0][0]  # some keys capped, some counted
        for s in stores:
            s.delete(["d1", "d4"])
    assert stores[1].info()["dead_documents"] == (0 if purge else 2)
    for s in stores:
        s.close()


def test_sqlite_gives_pages_freed_by_merges_back_to_the_file_system(tmp_path, monkeypatch):
    """A merge empties a whole level: those pages are returned (incremental vacuum) instead of
    staying in the file as free pages, and the file answers the same afterwards."""
    import sqlite3

    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (20000, 100000))
    sizes, answers = {}, {}
    for reclaim in (False, True):
        monkeypatch.setattr(S, "RECLAIM_BYTES", 0 if reclaim else 2**40)
        path = str(tmp_path / f"r{reclaim}.db")
        s = SQLiteStorage(path)
        s.init_config({"format_version": "1"})
        for b in range(12):
            s.put([rec(f"d{b}-{i}", [b * 1000 + i, 7 + b], [b * 100_000 + i * 100 + k for k in range(80)])
                   for i in range(50)])
        answers[reclaim] = (s.by_bands([7, 3005]), s.by_fingerprints([510, 1_100_020, 1_100_079], cap=5), s.count())
        assert s.check() == []
        s.close()
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert con.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental, from creation
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        con.close()
        sizes[reclaim] = (os.path.getsize(path), free)
    assert answers[True] == answers[False] and answers[True][2] == 600
    assert sizes[False][1] >= 20 and sizes[True][1] < sizes[False][1] / 4
    assert sizes[True][0] < sizes[False][0]


def test_redis_check_finds_sentence_counts_that_disagree_with_the_documents(redis_url):
    """The learned-boilerplate counts live in their own hashes: check() recounts them from the
    stored documents, so a lost or doubled update is reported, and a sound index reports nothing."""
    import redis

    s = open_storage(redis_url[0], namespace=redis_url[1])
    s.init_config({"format_version": "1"})
    s.put([rec(f"d{i}", [i], [i], source="s1" if i < 2 else None, sentence_keys=[5, 6 + i]) for i in range(3)])
    s.delete(["d2"])
    s.put([rec("d0", [0], [0], source="s1", sentence_keys=[5, 40])])  # upsert: old keys counted down
    assert s.check() == []
    r = redis.Redis.from_url(redis_url[0])
    bucket_key = next(iter(r.scan_iter(match=f"{redis_url[1]}:s:*")))
    field = next(iter(r.hkeys(bucket_key)))
    r.hincrby(bucket_key, field, 1)
    r.hincrby(f"{redis_url[1]}:srcs", "s1", -1)
    problems = s.check()
    assert len(problems) == 2
    assert problems[0].startswith("sentence counts: 1 of ") and f"field {field.decode()}" in problems[0]
    assert problems[1] == "sentence counts: source 's1' has 1 documents stored, 2 from the documents"
    s.close()


@pytest.mark.parametrize("levels", [(5, 40), (60, 200), (10**6, 10**7), (5, 20, 60, 200)])
def test_sqlite_packed_runs_answer_as_memory_does_through_merges_removals_and_purges(tmp_path, monkeypatch, levels):
    """Layout 4: random batches, upserts, removals and expiries with level sizes that send batches
    to level 0, straight into level 1 (a batch bigger than level 0) and through the last level
    (layout 7: a batch that overflows level 1 goes with the levels below to the first level that
    holds them all), with
    64-bit keys that collide once shortened to 32 bits: every lookup answers as the memory backend
    does, and the file checks clean."""
    import random

    import dedup.storage.runs as R
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", levels)
    monkeypatch.setattr(S, "SLICE_POSTINGS", 50)  # merges in many slices of the key space
    monkeypatch.setattr(S, "DEAD_MIN", 3)
    monkeypatch.setattr(R, "BLOCK_BYTES", 16)  # blocks of a few postings
    rnd = random.Random(levels[0])
    pool = [rnd.getrandbits(64) - 2**63 for _ in range(300)]
    pool += [k + (7 << 32) for k in pool[:40]]  # same low 32 bits: one key once stored
    stores = [MemoryStorage(), SQLiteStorage(str(tmp_path / "p.db"))]
    for s in stores:
        s.init_config({"format_version": "1"})
    asked = pool[::3] + [1, 2**40]
    for step in range(25):
        batch = [rec(f"d{rnd.randrange(60)}", rnd.sample(pool, rnd.randrange(1, 12)), rnd.sample(pool, rnd.randrange(0, 30)),
                     date=float(step), sentence_keys=rnd.sample(pool, rnd.randrange(0, 8)))
                 for _ in range(rnd.randrange(1, 8))]
        batch = list({r.id: r for r in batch}.values())
        gone = [f"d{rnd.randrange(60)}" for _ in range(rnd.randrange(0, 4))]
        for s in stores:
            s.put(batch)
            s.delete(gone)
            if step % 9 == 8:
                s.expire(before=step - 5.0)
        mem, lite = ([s.by_bands(asked), s.by_bands(asked, common=2), s.by_fingerprints(asked, cap=4),
                      s.sentence_counts(asked, cap=3), sorted(s.ids())] for s in stores)
        assert lite == mem, step
    assert stores[1].check() == []
    if levels[0] < 100:  # the last level (the one after the last capacity) was written
        assert stores[1].info()["fingerprint_rows_per_level"][len(levels)] > 0
    for s in stores:
        s.close()


@pytest.mark.parametrize("bits, n, docs", [(32, 20000, 3000), (32, 300, 2**20), (64, 2000, 50), (64, 5, 2**40)])
def test_runs_blocks_give_back_every_posting(bits, n, docs):
    """Layout 5: postings packed in each block's own bit width (or apart, for sparse 64-bit keys)
    decode to exactly what was encoded, one block or many at once; each block is stored under its
    first key and stays within BLOCK_BYTES of postings."""
    import dedup.storage.runs as R

    rng = np.random.default_rng(n)
    keys = rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, n, dtype=np.int64)
    keys = np.concatenate([keys, keys[: n // 10]])  # keys held by two documents
    keys, d = R.merged([(keys, rng.integers(1, docs, keys.size, dtype=np.int64))], np.empty(0, np.int64))
    blocks = R.encode(keys, d, bits)
    found, got, counts = R.decode_many(blocks)
    assert found.tolist() == keys.tolist() and got.tolist() == d.tolist() and counts.sum() == keys.size
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    assert [f for f, _ in blocks] == keys[starts].tolist()
    assert all(len(b) <= R.BLOCK_BYTES + 10 for _, b in blocks)
    k, v = R.decode(*blocks[-1])
    assert k.tolist() == keys[starts[-1]:].tolist() and v.tolist() == d[starts[-1]:].tolist()


def test_runs_blocks_stored_apart_decode_together_as_one_by_one_and_locate_64_bit_keys():
    """Blocks stored apart (sparse 64-bit keys: per-source sentence keys) are decoded in one pass,
    alone or mixed with packed blocks, exactly as block by block; a damaged one among them is a
    DamagedBlock; locate finds each asked 64-bit key's postings in its block."""
    import dedup.storage.runs as R

    rng = np.random.default_rng(64)
    keys = rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64)
    keys = np.concatenate([keys, keys[:300], keys[:40]])  # keys held by two and three documents
    keys, d = R.merged([(keys, rng.integers(1, 2**33, keys.size, dtype=np.int64))], np.empty(0, np.int64))
    apart = R.encode(keys, d, 64)
    assert all(R._HEADER.unpack_from(b)[1] == 0 for _, b in apart) and len(apart) > 20
    one = [R.decode(f, b) for f, b in apart]
    found, docs, counts = R.decode_many(apart[3:17])
    assert found.tolist() == np.concatenate([k for k, _ in one[3:17]]).tolist()
    assert docs.tolist() == np.concatenate([v for _, v in one[3:17]]).tolist()
    assert counts.tolist() == [k.size for k, _ in one[3:17]]
    packed = R.encode(np.array([5, 5, 9]), np.array([1, 2, 3]), 32)
    k, v, n = R.decode_many([apart[0], *packed, apart[1]])
    assert k.tolist() == [*one[0][0].tolist(), 5, 5, 9, *one[1][0].tolist()] and n.tolist() == [one[0][0].size, 3, one[1][0].size]
    first, blob = apart[2]
    with pytest.raises(R.DamagedBlock):
        R.decode_many([apart[0], (first, blob[:-1])])
    # locate: the postings of each asked key (present or not) in the block that would hold it
    asked = np.concatenate([keys[rng.integers(0, keys.size, 50)], rng.integers(-(2**63), 2**63 - 1, 20, dtype=np.int64)])
    firsts = np.array([f for f, _ in apart], np.int64)
    at = R.blocks_of(firsts, asked)
    ok = at >= 0
    all_k, all_d, all_n = R.decode_many(apart)
    lo, hi = R.locate(all_k, all_n, at[ok], asked[ok], 64)
    for key, a, b in zip(asked[ok].tolist(), lo.tolist(), hi.tolist()):
        assert sorted(all_d[a:b].tolist()) == sorted(d[keys == key].tolist()) and set(all_k[a:b].tolist()) <= {key}


def test_runs_pack_a_dense_run_below_whole_bytes():
    """At the density of 20,000 articles' fingerprints (3.2M postings of 32-bit keys, documents
    below 20,000), a posting takes under 3.6 bytes with its block's header (measured 3.52; layout 4,
    whole bytes: 4.07)."""
    import dedup.storage.runs as R

    rng = np.random.default_rng(5)
    n = 400_000  # one eighth of the key space at the same density
    keys = np.sort(rng.integers(0, 2**29, n, dtype=np.int64))
    keys, d = R.merged([(keys, rng.integers(1, 20000, n, dtype=np.int64))], np.empty(0, np.int64))
    size = sum(len(b) for _, b in R.encode(keys, d, 32))
    assert size / keys.size < 3.6


@pytest.mark.parametrize("bits, docs", [(32, 3000), (64, 2**40)])
def test_runs_give_a_key_held_by_many_documents_a_block_of_its_own(bits, docs):
    """Layout 6: a key with more than ALONE postings is alone in its block(s), so every block longer
    than SHARED_MAX_BYTES holds a single key, and over_bytes(cap) is a length only such a block with
    at least cap postings reaches."""
    import dedup.storage.runs as R

    rng = np.random.default_rng(bits)
    small = rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, 5000, dtype=np.int64)
    heavy = np.repeat(small[:6], [R.ALONE + 1, 300, 5000, R.ALONE, 2, 900])
    keys, d = R.merged([(np.concatenate([small, heavy]), rng.integers(1, docs, small.size + heavy.size))],
                       np.empty(0, np.int64))
    blocks = R.encode(keys, d, bits)
    found, got, counts = R.decode_many(blocks)
    assert found.tolist() == keys.tolist() and got.tolist() == d.tolist()
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    alone = np.array([np.unique(found[a : a + c]).size == 1 for a, c in zip(starts, counts)])
    held = dict(zip(*np.unique(keys, return_counts=True)))
    for (first, blob), one in zip(blocks, alone):
        if held[first] > R.ALONE:
            assert one and blob is not None
        if len(blob) > R.SHARED_MAX_BYTES:
            assert one
        if not one:
            assert len(blob) <= R.SHARED_MAX_BYTES
    for cap in (1, 20, 51, 500):
        limit = R.over_bytes(cap)
        assert all(held[f] >= cap for f, b in blocks if len(b) > limit)
    assert any(len(b) > R.over_bytes(20) for _, b in blocks)  # the 5,000-posting key is skipped


def test_sqlite_capped_lookup_skips_a_key_held_by_many_unread_and_counts_only_live_holders(tmp_path, monkeypatch):
    """A fingerprint held by 1,500 documents in level 1 is over any cap of 20 without its block being
    read (runs.find names it over); by_fingerprints and sentence_counts answer as the memory backend
    does, and still do once most of its documents are removed (dead, not purged: then every block is
    read, so the count is of live documents)."""
    import dedup.storage.runs as R
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (10, 10**7))  # each batch goes to level 1
    monkeypatch.setattr(S, "DEAD_MIN", 10**6)  # removals stay dead (no purge)
    common, rare = 777, 4242
    stores = [MemoryStorage(), SQLiteStorage(str(tmp_path / "many.db"))]
    batch = [rec(f"d{i}", [i], fps=[common] + ([rare] if i < 3 else []), sentence_keys=[common])
             for i in range(1500)]
    for s in stores:
        s.init_config({"format_version": "1"})
        s.put(batch)
    lite = stores[1]
    table = [t for t in ("fps1", "fps2") if lite._counts().get(t)]
    _, _, over = R.find(lite._db, table, [common, rare], 32, R.over_bytes(21))
    assert over.tolist() == [0]
    answers = lambda s: (s.by_fingerprints([common, rare, 5], cap=20), s.sentence_counts([common, rare], cap=20))
    assert answers(lite) == answers(stores[0])
    assert answers(lite)[0] == ({"d0": 1, "d1": 1, "d2": 1}, 1)
    for s in stores:
        s.delete([f"d{i}" for i in range(10, 1500)])
    assert answers(lite) == answers(stores[0])
    assert answers(lite)[0][1] == 0  # ten live holders: under the cap again
    for s in stores:
        s.close()


def test_sqlite_a_key_over_the_cap_in_the_largest_run_is_not_asked_of_the_smaller_ones(tmp_path, monkeypatch):
    """runs.find reads the runs in the order given (largest first): a key whose block there is
    left unread (over the cap) is left out of the next runs' statements, and the lookups answer
    as the memory backend does."""
    import dedup.storage.runs as R
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (10, 200, 10**7))
    common, rare = 777, 4242
    stores = [MemoryStorage(), SQLiteStorage(str(tmp_path / "two.db"))]
    for s in stores:
        s.init_config({"format_version": "1"})
        s.put([rec(f"d{i}", [i], fps=[common]) for i in range(1500)])  # level 2
        s.put([rec(f"e{i}", [5000 + i], fps=[common] + ([rare] if i < 3 else [])) for i in range(40)])  # level 1
    lite = stores[1]
    assert lite._counts().get("fps2") == 1500 and lite._counts().get("fps1") == 43
    asked = []
    lite._db.set_trace_callback(asked.append)
    owner, docs, over = R.find(lite._db, ["fps2", "fps1"], [common, rare], 32, R.over_bytes(21))
    lite._db.set_trace_callback(None)
    assert over.tolist() == [0] and sorted(docs[owner == 1].tolist()) == [1501, 1502, 1503]
    assert not np.any(owner == 0)  # its 40 postings in level 1 were not read
    statements = [q for q in asked if "FROM fps1" in q]
    assert len(statements) == 1 and str(common) not in statements[0] and str(rare) in statements[0]
    answers = lambda s: (s.by_fingerprints([common, rare], cap=20), s.sentence_counts([common], cap=20))
    assert answers(lite) == answers(stores[0]) and answers(lite)[0] == ({"e0": 1, "e1": 1, "e2": 1}, 1)
    for s in stores:
        s.close()


def test_by_fingerprints_many_answers_each_group_as_its_own_lookup(store, monkeypatch):
    """One lookup for several (fingerprints, cap) groups (a query's channels, a key in two of them)
    answers each exactly as by_fingerprints would, in the same order: keys held by 1 to 60
    documents, caps on both sides of each count, two fingerprints that shorten to one lookup key,
    postings in level 0 and in packed runs (SQLite), and removed documents not yet purged."""
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (40, 400))  # SQLite: most postings end up in the runs
    monkeypatch.setattr(S, "DEAD_MIN", 10**6)  # removals stay tombstones
    mem = MemoryStorage()  # the reference: plain dicts, one lookup per group
    store.init_config({"format_version": "1"})
    holders = {10: 1, 11: 2, 12: 3, 13: 5, 14: 21, 15: 25, 16: 60}
    twin = 12 + 2**40  # shortens to 12
    for i in range(60):
        fps = [k for k, n in holders.items() if i < n] + [1000 + i]
        for s in (store, mem):
            s.put([rec(f"d{i:02}", [i], fps)])
    if store.kind == "sqlite":
        assert sum(store.info()["fingerprint_rows_per_level"][1:]) > 100
    groups = [([10, 11, 12, twin, 13, 1005, 99], 50, 1), ([12, 13, 14, 15, 16], 20, 1), ([11, 12, 13, 1007], 2, 1),
              ([13, 14, 16], 1, 1), ([], 5, 1), ([16, 15, 14], 60, 1), ([10, 11, 12, 13, 14, 1003], 50, 3)]

    def each():
        return [([(k, v) for k, v in h.items() if v >= need], n)
                for (h, n), need in ((store.by_fingerprints(f, c), m) for f, c, m in groups)]

    def many():
        return [(list(h.items()), n) for h, n in store.by_fingerprints_many(groups)]

    def reference():
        return [(dict(h), n) for h, n in mem.by_fingerprints_many(groups)]

    assert many() == each() and [(dict(h), n) for h, n in many()] == reference()
    got = store.by_fingerprints_many(groups)
    assert got[1] == ({"d00": 2, "d01": 2, "d02": 2, "d03": 1, "d04": 1}, 3)  # 14, 15, 16 over 20
    assert got[2][1] == 2 and got[3] == ({}, 3) and got[4] == ({}, 0) and got[5][1] == 0
    assert got[6] == ({"d00": 5, "d01": 4, "d02": 3, "d03": 3}, 0)  # at least 3 of 6 shared (d04-d20: 2 or 1)
    assert got[0][0]["d00"] == 4 and got[0][0]["d05"] == 1  # 12 and its twin: one key, counted once
    for s in (store, mem):
        s.delete([f"d{i:02}" for i in range(1, 50)])
    assert store.kind != "sqlite" or store.info()["dead_documents"] == 49
    assert many() == each() and [(dict(h), n) for h, n in many()] == reference()
    # live: d00 and d50-d59; key 16 has 11 holders left, under the cap of 20 again
    assert store.by_fingerprints_many(groups)[1] == ({"d00": 5, **{f"d{i}": 1 for i in range(50, 60)}}, 0)
    assert store.by_fingerprints_many([]) == []


def test_sqlite_compact_merges_levels_and_answers_the_same(tmp_path, monkeypatch):
    """compact() leaves one run per family, drops removed documents' rows and tombstones, and every
    lookup answers as before; adds after it merge as usual."""
    import dedup.storage.sqlite as S

    monkeypatch.setattr(S, "LEVEL_ROWS", (5, 12))
    s = SQLiteStorage(str(tmp_path / "c.db"))
    s.init_config({"format_version": "1"})
    for i in range(20):
        s.put([rec(f"d{i}", [1000 + i, 5], [2000 + i, 9], sentence_keys=[7, 3000 + i])])
    assert s.delete(["d3", "d4"]) == 2
    before = s.info()
    assert sum(1 for n in before["band_rows_per_level"] if n) >= 2 and before["dead_documents"] == 2

    def answers():
        return (s.by_bands([5, 1000, 1019, 1003]), s.by_fingerprints([9, 2000, 2004], cap=50),
                s.by_fingerprints([9], cap=5), s.sentence_counts([7, 3003, 3019], cap=50))

    want = answers()
    merged = s.compact()
    assert merged["bands"] == sum(1 for n in before["band_rows_per_level"] if n)  # each level it held
    assert merged["fps"] == sum(1 for n in before["fingerprint_rows_per_level"] if n) and "sents" in merged
    after = s.info()
    for fam in ("band_rows_per_level", "fingerprint_rows_per_level"):
        assert sum(1 for n in after[fam] if n) == 1  # one run left
    assert after["dead_documents"] == 0 and after["band_rows"] == 36  # the 2 removed docs' rows are gone
    assert answers() == want
    assert s.check() == [] and s.integrity_check() == "ok"
    assert s.compact() == {}  # already one run each, nothing dead: nothing to do
    s.put([rec("n1", [5, 4242], [9, 4343], sentence_keys=[7])])
    assert s.by_bands([4242]) == {"n1": 1} and s.by_bands([5])["n1"] == 1
    assert s.sentence_counts([7], cap=50) == [19]
    s.close()


def test_compact_on_every_backend(store):
    """Memory and Redis have nothing to compact; SQLite turns level 0 into a run, then has nothing
    left to do; lookups answer the same either way."""
    store.init_config({"format_version": "1"})
    store.put([rec("a", [1, 2], [3])])
    if store.kind != "sqlite":
        assert store.compact() == {}
    else:
        assert store.compact() == {"bands": 1, "fps": 1}  # level 0 into a run (no sentence keys)
        assert store.compact() == {}
    assert store.by_bands([1]) == {"a": 1} and store.by_fingerprints([3], cap=5) == ({"a": 1}, 0)
