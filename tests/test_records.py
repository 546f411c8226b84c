"""Readers and writers of dedup.records: every format round-trips, malformed records are counted
with their line numbers, and nothing valid is lost."""

from __future__ import annotations

import re

import csv
import datetime as dt
import gzip
import json

import pytest

from dedup.errors import InputError
from dedup.records import (
    ErrorReport,
    Fields,
    detect_format,
    parse_date,
    read_records,
    read_rows,
    write_rows,
)

ARTICLES = [
    {"id": "kompas-1", "content": "Isi berita pertama, dengan \"kutipan\" dan koma.\nBaris kedua.",
     "publisher": "kompas", "date": "2019-09-16 00:00:00", "title": "Judul Satu"},
    {"id": "tribun-2", "content": "Berita kedua: Jl. Merdeka No. 5, Palu — 13.500 orang.",
     "publisher": "tribunnews", "date": "16-Sep-19", "title": "Judul Dua"},
    {"id": "okezone-3", "content": "Ketiga <script>alert(1)</script> 😀 emoji.",
     "publisher": "okezone", "date": "Oktober 19, 2019", "title": ""},
]
FIELDS = Fields(text="content", source="publisher")


def _write_jsonl(path, rows, gz=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    if gz:
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _write_parquet(path, rows):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path)


@pytest.mark.parametrize("name,writer", [
    ("c.jsonl", _write_jsonl),
    ("c.jsonl.gz", lambda p, r: _write_jsonl(p, r, gz=True)),
    ("c.csv", _write_csv),
    ("c.parquet", _write_parquet),
])
def test_every_reader_reads_the_same_records(tmp_path, name, writer):
    path = tmp_path / name
    writer(path, ARTICLES)
    report = ErrorReport()
    recs = list(read_records(str(path), fields=FIELDS, errors=report))
    assert report.count == 0 and report.warnings == 0
    assert [r.id for r in recs] == ["kompas-1", "tribun-2", "okezone-3"]
    assert [r.source for r in recs] == ["kompas", "tribunnews", "okezone"]
    assert [r.date for r in recs] == [dt.date(2019, 9, 16), dt.date(2019, 9, 16), dt.date(2019, 10, 19)]
    # the title becomes the headline line; an empty title adds nothing
    assert recs[0].text == "Judul Satu\n\n" + ARTICLES[0]["content"]
    assert recs[2].text == ARTICLES[2]["content"]
    assert recs[1].title == "Judul Dua"


def test_csv_line_numbers_count_quoted_newlines(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('id,text\na,"one\nline two"\nb,"three,\nfour\nfive"\nc,broken,extra\nd,ok\n', encoding="utf-8")
    report = ErrorReport()
    recs = list(read_records(str(path), errors=report))
    assert [(r.id, r.line) for r in recs] == [("a", 2), ("b", 4), ("d", 8)]
    assert recs[1].text == "three,\nfour\nfive"
    assert report.count == 1
    assert report.messages == ["c.csv: line 7: 3 fields, the header has 2"]


def test_malformed_jsonl_lines_are_counted_with_line_numbers_and_valid_ones_kept(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        b'{"id": "a", "text": "baik satu"}',
        b'{"id": "b", "text": "tidak ditutup"',              # 2: bad JSON
        b'["not", "an", "object"]',                          # 3: not an object
        b'',                                                 # 4: blank, ignored
        b'{"id": "c", "body": "salah field"}',               # 5: no text
        b'{"id": "d", "text": 42}',                          # 6: text not a string
        b'{"id": "e", "text": "caf\xe9"}',                    # 7: invalid UTF-8
        b'{"id": null, "text": "tanpa id"}',                 # 8: no id
        b'{"id": 7, "text": "id angka jadi string"}',         # 9: valid, id "7"
        b'{"id": "f", "text": "tanggal aneh", "date": "kemarin"}',  # 10: valid, undated
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = ErrorReport()
    recs = list(read_records(str(path), errors=report))
    assert [r.id for r in recs] == ["a", "7", "f"]
    assert recs[2].date is None
    assert report.count == 6
    got = {re.search(r"line (\d+)", m).group(1) for m in report.messages}
    assert got == {"2", "3", "5", "6", "7", "8"}
    # the invalid byte is named once, by its offset in the whole file and its line
    bad_at = path.read_bytes().index(b"\xe9")
    assert f"bad.jsonl: not valid UTF-8 at byte {bad_at} (line 7, byte 0xe9)" in report.messages
    assert any("line 5" in m and "no text in field 'text'" in m and "body" in m for m in report.messages)
    assert report.warnings == 1 and "line 10" in report.warning_messages[0]
    assert report.summary().startswith("6 malformed records skipped; first: bad.jsonl: line 2")


def test_on_error_fail_stops_at_the_first_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{oops\n{"id": "b", "text": "y"}\n')
    with pytest.raises(InputError, match=r"bad.jsonl: line 2 \(byte 25\): not valid JSON"):
        list(read_records(str(path), on_error="fail"))


def test_invalid_utf8_in_a_csv_field_is_one_record_error(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"id,text\na,baik\nb,caf\xe9\nc,juga baik\n")
    report = ErrorReport()
    assert [r.id for r in read_records(str(path), errors=report)] == ["a", "c"]
    assert report.messages == ["c.csv: line 3: field 'text' is not valid UTF-8"]


def test_unreadable_inputs_raise_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_records(str(tmp_path / "missing.jsonl")))
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(InputError, match="cannot tell the format"):
        list(read_records(str(tmp_path / "x.txt")))
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="bad.jsonl.gz: cannot read"):
        list(read_records(str(tmp_path / "bad.jsonl.gz")))
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="bad.parquet: not a readable Parquet file"):
        list(read_records(str(tmp_path / "bad.parquet")))


def test_parquet_null_text_is_reported_by_row(tmp_path):
    path = tmp_path / "c.parquet"
    _write_parquet(path, [{"id": "a", "text": "ada"}, {"id": "b", "text": None}, {"id": "c", "text": "ada juga"}])
    report = ErrorReport()
    assert [r.id for r in read_records(str(path), errors=report)] == ["a", "c"]
    assert report.messages == ["c.parquet: row 2: no text in field 'text'"]


PAIR_COLUMNS = [("a", "str"), ("b", "str"), ("similarity", "float"), ("original", "bool"),
                ("count", "int"), ("ops", "json")]
ROWS = [
    {"a": "x<1>", "b": "y,\"2\"\n", "similarity": 0.4123, "original": True, "count": 3,
     "ops": [{"op": "modified", "a": "Rp 1.000, kata \"dia\"", "b": "Rp 2.000 😀"}]},
    {"a": "z", "b": "w", "similarity": 1.0, "original": False, "count": 0, "ops": None},
]


@pytest.mark.parametrize("name", ["p.jsonl", "p.jsonl.gz", "p.csv", "p.parquet"])
def test_every_writer_round_trips(tmp_path, name):
    path = str(tmp_path / name)
    assert write_rows(path, ROWS, PAIR_COLUMNS) == 2
    assert list(read_rows(path, PAIR_COLUMNS)) == ROWS


def test_detect_format_and_dates():
    assert detect_format("a.ndjson") == "jsonl" and detect_format("x.tsv") == "csv"
    with pytest.raises(InputError):
        detect_format("a.jsonl", "xml")
    assert parse_date(dt.datetime(2019, 9, 1, 23, 59)) == dt.date(2019, 9, 1)
    assert parse_date("2019-09-01T10:00:00Z") == dt.date(2019, 9, 1)
    assert parse_date("Selasa, 1 Okt 2019 | 10:00 WIB") == dt.date(2019, 10, 1)
    assert parse_date("5 Mei 2019") == dt.date(2019, 5, 5)
    for bad in ("kemarin", "31/02/2019", "2019-13-01", 3.5):
        with pytest.raises(ValueError):
            parse_date(bad)
