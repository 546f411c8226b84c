"""read_article / decode_utf8 / decode_text: one clear line for every kind of bad input."""

import io
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dedup import inputs
from dedup.errors import InputError
from dedup.inputs import MAX_ARTICLE_BYTES, decode_text, decode_utf8, read_article


def _error(path, **kw) -> str:
    with pytest.raises(InputError) as e:
        read_article(str(path), **kw)
    message = str(e.value)
    assert "\n" not in message
    return message


def test_reads_text_and_normalises_newlines(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfJudul\r\nIsi berita.\rLagi.\n")
    assert read_article(str(p)) == "Judul\nIsi berita.\nLagi.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_only_with_bom(tmp_path, codec):
    p = tmp_path / "a.txt"
    text = "Judul\r\nIsi berita tentang Caf\u00e9 \u201cX\u201d."
    data = text.encode(codec)
    if codec != "utf-16":
        p.write_bytes(data)  # no byte-order mark: NUL bytes, and a hint about what it probably is
        message = _error(p)
        assert message.startswith(f"{p}: binary data, not text (NUL byte at byte ")
        assert "UTF-16 without a byte-order mark?" in message
        data = ("\ufeff" + text).encode(codec)
    p.write_bytes(data)
    assert read_article(str(p)) == text.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty file, no article text"),
        (b"  \n\t \r\n", "only whitespace, no article text"),
        (b"\xef\xbb\xbf \n", "only whitespace, no article text"),
        (b"... -- !!", "no words, no article text"),
        (b"abc\ndef\x00ghi", "binary data, not text (NUL byte at byte 7, line 2)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text (NUL byte at byte 8, line 3)"),
        (b"Satu dua \xff tiga", "not valid UTF-8 at byte 9 (line 1, byte 0xff)"),
        ("Baris satu.\nCaf\u00e9 di Bandung.".encode("latin-1"), "not valid UTF-8 at byte 15 (line 2, byte 0xe9)"),
        (b"\xef\xbb\xbfab\xc3", "not valid UTF-8 at byte 5 (line 1, byte 0xc3)"),  # truncated; BOM counted
        (b"\xed\xa0\x80 surrogate", "not valid UTF-8 at byte 0 (line 1, byte 0xed)"),
    ],
)
def test_bad_content_exact_message(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    assert _error(p) == f"{p}: {message}"


def test_missing_and_directory(tmp_path):
    assert _error(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"
    assert _error(tmp_path) == f"{tmp_path}: is a directory, not a file"


def _cannot_read_as_root() -> list[str] | None:
    """A command prefix that runs a process without the capability that lets root read anything."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def test_permission_denied(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("Judul\nIsi berita.", encoding="utf-8")
    p.chmod(0)
    prefix = _cannot_read_as_root()
    if prefix is None:
        pytest.skip("running as root without setpriv: no way to be refused a read")
    code = "import sys; from dedup.inputs import read_article; read_article(sys.argv[1])"
    r = subprocess.run([*prefix, sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == f"dedup.errors.InputError: {p}: permission denied"


def test_size_limit_refused_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"kata " * 1000)  # 5,000 bytes
    assert _error(p, max_bytes=4096) == f"{p}: 4.9 KiB is larger than the 4 KiB limit for one article"
    assert read_article(str(p), max_bytes=5000).startswith("kata")
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:  # sparse: the limit is checked without reading it
        f.truncate(MAX_ARTICLE_BYTES + 1)
    assert _error(big) == f"{big}: 2 MiB is larger than the 2 MiB limit for one article"


def test_module_limit_is_read_at_call_time(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_bytes(b"Judul\nIsi berita yang cukup panjang.")
    monkeypatch.setattr(inputs, "MAX_ARTICLE_BYTES", 10)
    assert _error(p).endswith("is larger than the 10 bytes limit for one article")


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"Judul\r\nIsi berita."))
    assert read_article("-") == "Judul\nIsi berita."
    monkeypatch.setattr(sys, "stdin", _Stdin(b"x" * 101))
    with pytest.raises(InputError, match=r"^<stdin>: larger than the 100 bytes limit for one article$"):
        read_article("-", max_bytes=100)
    monkeypatch.setattr(sys, "stdin", _Stdin(b"ok \xc0"))
    with pytest.raises(InputError, match=r"^<stdin>: not valid UTF-8 at byte 3 \(line 1, byte 0xc0\)$"):
        read_article("-")


def test_decode_utf8_offsets_count_from_start():
    with pytest.raises(InputError, match=r"^f\.jsonl: not valid UTF-8 at byte 103 \(line 1, byte 0xff\)$"):
        decode_utf8(b"x\xff", "f.jsonl", start=102)
    with pytest.raises(InputError, match=r"^f\.jsonl line 7: binary data, not text \(NUL byte at byte 12, line 1\)$"):
        decode_utf8(b"ab\x00", "f.jsonl line 7", start=10)
    assert decode_utf8(b"\xef\xbb\xbf", "x") == ""


@given(st.text())
@example("\ufeff")
@example("\ufeffJl. Merdeka")
def test_any_utf8_text_round_trips(s):
    data = s.encode("utf-8")
    # A leading U+FEFF encodes to the UTF-8 byte-order mark, which decoding drops by design.
    want = s[1:] if s.startswith("\ufeff") else s
    if "\0" in s:
        with pytest.raises(InputError, match="NUL byte at byte"):
            decode_utf8(data, "x")
    else:
        assert decode_utf8(data, "x") == want
        assert decode_text(data, "x") == want.replace("\r\n", "\n").replace("\r", "\n")


@given(st.binary(max_size=64))
def test_any_bytes_decode_or_fail_with_one_line(data):
    try:
        text = decode_text(data, "x.bin")
    except InputError as e:
        assert str(e).startswith("x.bin: ") and "\n" not in str(e)
    else:
        assert "\0" not in text and "\r" not in text
