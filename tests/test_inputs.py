"""read_article: one clear line for every kind of bad input."""

import pytest

from dedup.errors import InputError
from dedup.inputs import MAX_ARTICLE_BYTES, decode_utf8, read_article


def test_reads_text_and_normalises_newlines(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfJudul\r\nIsi berita.\rLagi.")
    assert read_article(str(p)) == "Judul\nIsi berita.\nLagi."


def test_utf16_with_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Judul\nIsi berita.".encode("utf-16"))
    assert read_article(str(p)) == "Judul\nIsi berita."


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty file"),
        (b"  \n\t \n", "only whitespace"),
        (b"... -- !!", "no words"),
        (b"abc\x00def", "binary"),
        (b"Satu dua \xff tiga", "not valid UTF-8 at byte 9"),
    ],
)
def test_bad_content(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_article(str(p))
    assert str(e.value).startswith(f"{p}: ")
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_article(str(tmp_path))


def test_size_limit_named(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"kata " * (MAX_ARTICLE_BYTES // 5 + 10))
    with pytest.raises(InputError, match="limit"):
        read_article(str(p))
    assert read_article(str(p), max_bytes=MAX_ARTICLE_BYTES * 2).startswith("kata")


def test_decode_utf8_offset_counts_from_start():
    with pytest.raises(InputError, match="byte 103"):
        decode_utf8(b"x\xff", "f.jsonl", start=102)
