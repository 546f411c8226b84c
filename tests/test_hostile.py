"""Property-based fuzz of every reader (JSONL, CSV, Parquet, gzip) and of Index on damaged files.

Two properties, whatever the damage: nothing raises but the project's own errors
(:class:`dedup.errors.DedupError`), and every valid record that a reader of the undamaged part
would return is returned, in order. The default profile keeps the whole file to a few seconds;
``pytest --hypothesis-profile thorough`` searches 20 times deeper.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import shutil
import zlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dedup import Index
from dedup.errors import DedupError, InputError
from dedup.records import ErrorReport, read_records
from dedup.synth import synthetic_article

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow])

WORDS = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_categories=["Cs"]), min_size=1,
                max_size=30).filter(lambda s: s.strip() and s.strip() == s)
TEXTS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


def _ids(n: int) -> list[str]:
    return [f"r{i}" for i in range(n)]


# --- JSONL ----------------------------------------------------------------------------------------

# Lines that are never a valid record: broken JSON, the wrong JSON type, a record whose id or text
# is missing, of the wrong type, or holds a lone surrogate, nesting past the parser's limit, an
# integer past Python's digit limit, invalid UTF-8, binary data.
BAD_JSONL = st.one_of(
    st.binary(max_size=40).filter(lambda b: b"\n" not in b and not b.strip().startswith(b"{")),
    st.sampled_from([
        b'{"id": "x", "text": ', b"[1, 2]", b'"just a string"', b'{"text": "no id"}', b'{"id": "x"}',
        b'{"id": ["x"], "text": "t"}', b'{"id": "x", "text": 5}', b'{"id": "x\\ud800", "text": "t"}',
        b'{"id": "x", "text": "t\\udfff"}', b'{"id": "x", "text": "t", "title": "\\ud800"}',
        b"[" * 5000 + b"]" * 5000, b'{"id": "x", "text": "t", "n": 1' + b"0" * 5000 + b"}",
        b'{"id": "x", "text": "caf\xe9"}', b'{"id": "x", "text": "a\x00b"}', b"\xff\xfe{}",
    ]),
)


@st.composite
def jsonl_files(draw):
    """``(bytes of a JSONL file, the valid records as (id, text) in order)``."""
    texts = draw(st.lists(TEXTS, min_size=1, max_size=8))
    records = list(zip(_ids(len(texts)), texts))
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=draw(st.booleans())).encode() for i, t in records]
    for _ in range(draw(st.integers(0, 6))):
        lines.insert(draw(st.integers(0, len(lines))), draw(BAD_JSONL))
    end = draw(st.sampled_from([b"\n", b"\r\n"]))
    return end.join(lines) + end, records


@SETTINGS
@given(jsonl_files())
def test_jsonl_reader_keeps_every_valid_record(tmp_path, case):
    data, records = case
    p = tmp_path / "c.jsonl"
    p.write_bytes(data)
    got = [(r.id, r.text) for r in read_records(str(p), errors=ErrorReport())]
    assert got == records


# --- gzip -------------------------------------------------------------------------------------------


@st.composite
def damaged_gzip(draw):
    """``(damaged .gz bytes, the records a reader of the undamaged part returns, how it was damaged)``."""
    texts = draw(st.lists(TEXTS, min_size=1, max_size=30))
    records = list(zip(_ids(len(texts)), texts))
    data = b"".join(json.dumps({"id": i, "text": t}).encode() + b"\n" for i, t in records)
    gz = gzip.compress(data, compresslevel=draw(st.integers(1, 9)))
    how = draw(st.sampled_from(["truncate", "garbage", "flip"]))
    if how == "truncate":
        cut = draw(st.integers(10, len(gz)))  # the 10-byte header stays: it is a gzip file
        damaged = gz[:cut]
        # What the undamaged part holds: every line whose newline was decompressed.
        prefix = zlib.decompressobj(31).decompress(damaged)
        whole = prefix.count(b"\n")
        expected = records[:whole]
    elif how == "garbage":
        damaged = gz + draw(st.binary(min_size=1, max_size=30))
        expected = records  # unless the garbage happens to be another gzip member
        assume(not damaged[len(gz):].startswith(b"\x1f\x8b"))
    else:
        at = draw(st.integers(10, len(gz) - 1))
        damaged = gz[:at] + bytes([gz[at] ^ draw(st.integers(1, 255))]) + gz[at + 1:]
        expected = None  # a flipped deflate bit may decode to other text: only "no foreign error"
    return damaged, expected, how


@SETTINGS
@given(damaged_gzip())
def test_gzip_reader_keeps_what_was_read_before_the_damage(tmp_path, case):
    damaged, expected, how = case
    p = tmp_path / "c.jsonl.gz"
    p.write_bytes(damaged)
    report = ErrorReport()
    try:
        got = [(r.id, r.text) for r in read_records(str(p), errors=report)]
    except InputError:
        assert how == "flip"  # e.g. a flipped header flag: the file is not readable at all
        return
    if expected is not None:
        assert got == expected
        assert report.count == (1 if _broken(damaged) else 0)  # the break is reported, once


def _broken(gz: bytes) -> bool:
    try:
        gzip.decompress(gz)
        return False
    except (EOFError, OSError, zlib.error):
        return True


# --- CSV --------------------------------------------------------------------------------------------

CSV_TEXTS = st.lists(st.one_of(WORDS, st.sampled_from(['"kutipan"', "koma, di sini", "baris\nbaru", "a;b"])),
                     min_size=1, max_size=5).map(" ".join)
# Records that are never valid: the wrong number of fields, an unclosed quote in the text field,
# invalid UTF-8.
BAD_CSV = st.one_of(
    st.sampled_from(["only-one-field", "a,b,c", "a,b,c,d,e", ",", "x,\"unclosed quote", "x,\"unclosed, with comma",
                     "y,\"un\"closed\"", "z,caf\udce9"]),
)


@st.composite
def csv_files(draw):
    texts = draw(st.lists(CSV_TEXTS, min_size=1, max_size=8))
    records = list(zip(_ids(len(texts)), texts))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "text"])
    rows = [(True, r) for r in records]
    for _ in range(draw(st.integers(0, 4))):
        rows.insert(draw(st.integers(0, len(rows))), (False, draw(BAD_CSV)))
    for valid, row in rows:
        if valid:
            w.writerow(row)
        else:
            out.write(row + "\n")
    return out.getvalue().encode("utf-8", "surrogateescape"), records


@SETTINGS
@given(csv_files())
def test_csv_reader_keeps_every_valid_record(tmp_path, case):
    data, records = case
    p = tmp_path / "c.csv"
    p.write_bytes(data)
    got = [(r.id, r.text) for r in read_records(str(p), errors=ErrorReport())]
    assert got == records


# --- Parquet ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory):
    """``(bytes, records, [(first byte, end byte) of each row group's column chunks])``."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rnd = random.Random(3)
    words = ["berita", "kota", "palu", "rusia", "ukraina", "presiden", "jembatan", "warga", "harga", "cabai"]
    texts = [" ".join(rnd.choice(words) for _ in range(40)) for _ in range(120)]
    path = tmp_path_factory.mktemp("pq") / "c.parquet"
    pq.write_table(pa.table({"id": _ids(120), "text": texts}), path, row_group_size=30, compression="snappy")
    md = pq.ParquetFile(path).metadata
    groups = []
    for g in range(md.num_row_groups):
        cols = [md.row_group(g).column(c) for c in range(md.num_columns)]
        start = min(c.dictionary_page_offset or c.data_page_offset for c in cols)
        groups.append((start, max((c.dictionary_page_offset or c.data_page_offset) + c.total_compressed_size
                                  for c in cols)))
    return path.read_bytes(), list(zip(_ids(120), texts)), groups


@SETTINGS
@given(st.data())
def test_parquet_damage_in_one_row_group_costs_at_most_that_group(tmp_path, parquet_file, data):
    blob, records, groups = parquet_file
    g = data.draw(st.integers(0, len(groups) - 1))
    lo, hi = groups[g]
    at = data.draw(st.integers(lo, hi - 1))
    n = data.draw(st.integers(1, min(64, hi - at)))
    how = data.draw(st.sampled_from(["flip", "zero"]))
    patch = bytes(n) if how == "zero" else bytes(b ^ 0xA5 for b in blob[at:at + n])
    p = tmp_path / "c.parquet"
    p.write_bytes(blob[:at] + patch + blob[at + n:])
    report = ErrorReport()
    got = [(r.id, r.text) for r in read_records(str(p), errors=report)]
    others = [r for k, r in enumerate(records) if k // 30 != g]
    kept = [r for r in got if r in set(others)]
    assert kept == others  # every row of the undamaged groups, in order
    assert len(got) <= len(records)
    if len(got) < len(records):  # the rows lost are reported: the row group, or each row of it
        assert report.count >= 1
        assert all(f"row group {g + 1}" in m or (int(m.split(": row ")[1].split(":")[0]) - 1) // 30 == g
                   for m in report.messages), report.messages


@SETTINGS
@given(st.data())
def test_parquet_reader_raises_only_its_own_errors(tmp_path, parquet_file, data):
    blob, records, _ = parquet_file
    how = data.draw(st.sampled_from(["flip", "zero", "truncate"]))
    if how == "truncate":
        damaged = blob[: data.draw(st.integers(0, len(blob) - 1))]
    else:
        at = data.draw(st.integers(0, len(blob) - 1))
        n = data.draw(st.integers(1, 64))
        patch = bytes(n) if how == "zero" else bytes(b ^ 0xA5 for b in blob[at:at + n])
        damaged = (blob[:at] + patch + blob[at + n:])[: len(blob)]
    p = tmp_path / "c.parquet"
    p.write_bytes(damaged)
    report = ErrorReport()
    try:
        got = [(r.id, r.text) for r in read_records(str(p), errors=report)]
    except InputError:
        return
    assert len(got) <= len(records)
    if len(got) < len(records):
        assert report.count >= 1  # a row group left out is said to be


# --- Index on damaged files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("idx") / "i.db"
    with Index(str(path)) as idx:
        idx.add_many([(f"a{i}", synthetic_article(random.Random(i), "id", n_sentences=8),
                       {"date": "2022-01-02", "source": f"s{i % 3}"}) for i in range(40)])
    return path


@SETTINGS
@given(st.data())
def test_index_on_a_damaged_file_raises_only_its_own_errors(tmp_path, index_file, data):
    blob = index_file.read_bytes()
    how = data.draw(st.sampled_from(["flip", "zero", "truncate"]))
    if how == "truncate":
        damaged = blob[: data.draw(st.integers(0, len(blob) - 1))]
    else:
        damaged = bytearray(blob)
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.integers(0, len(blob) - 1))
            for k in range(at, min(len(blob), at + data.draw(st.integers(1, 256)))):
                damaged[k] = 0 if how == "zero" else damaged[k] ^ 0xA5
        damaged = bytes(damaged)
    path = tmp_path / f"d{random.getrandbits(32)}.db"
    path.write_bytes(damaged)
    query = synthetic_article(random.Random(data.draw(st.integers(0, 39))), "id", n_sentences=8)
    try:
        with Index(str(path), create=False) as idx:
            for op in (lambda: len(idx), lambda: idx.query(query), lambda: idx.get("a7"),
                       lambda: idx.add("new", query), lambda: idx.remove("a3"), lambda: idx.check()):
                try:
                    op()
                except DedupError as e:
                    assert "\n" not in str(e)
    except DedupError as e:
        assert "\n" not in str(e)
    finally:
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / (path.name + suffix)).unlink(missing_ok=True)


def test_index_file_fixture_is_sound(index_file, tmp_path):
    copy = tmp_path / "i.db"
    shutil.copy(index_file, copy)
    with Index(str(copy)) as idx:
        assert len(idx) == 40 and idx.check() == []
