"""`dedup diff` as a user runs it: a real subprocess, real files, exit codes and stderr."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PALU, NEWS = str(DATA / "tribunpalu.txt"), str(DATA / "tribunnews.txt")


def dedup(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True, timeout=60)


def test_seed_pair_json():
    r = dedup("diff", PALU, NEWS, "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["verdict"] == "republication" and d["a"] == PALU
    ops = {(o["op"], o["kind"], o["a"], o["b"]) for o in d["ops"]}
    assert ("added", "byline", None, "Editor: Muhammad Zulfikar") in ops


def test_text_is_plain_when_piped():
    r = dedup("diff", PALU, NEWS)
    assert r.returncode == 0 and b"\x1b[" not in r.stdout
    assert b"[-pasukan-]{+pemain+}" in r.stdout
    forced = dedup("diff", PALU, NEWS, "--color")
    assert b"\x1b[" in forced.stdout


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "diff.html"
    r = dedup("diff", "-", NEWS, "--format", "html", "--output", str(out), stdin=Path(PALU).read_bytes())
    assert r.returncode == 0 and r.stdout == b""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "&lt;stdin&gt;" in page


def _one_line_error(r, *parts):
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for p in parts:
        assert p in err, err


def test_input_errors(tmp_path):
    _one_line_error(dedup("diff", PALU, str(tmp_path / "nope.txt")), "nope.txt: no such file")
    _one_line_error(dedup("diff", str(tmp_path), NEWS), "is a directory")
    (tmp_path / "bin.dat").write_bytes(b"PK\x03\x04\x00\x00binary")
    _one_line_error(dedup("diff", str(tmp_path / "bin.dat"), NEWS), "bin.dat", "binary")
    (tmp_path / "latin1.txt").write_bytes("Kalimat pertama. Caf\u00e9 di Bandung.".encode("latin-1"))
    _one_line_error(dedup("diff", str(tmp_path / "latin1.txt"), NEWS), "not valid UTF-8 at byte 20")
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    _one_line_error(dedup("diff", str(tmp_path / "empty.txt"), NEWS), "only whitespace")
    _one_line_error(dedup("diff", "-", "-", stdin=b"x"), "only one of A and B")
    _one_line_error(dedup("diff", PALU, NEWS, "--output", str(tmp_path / "no" / "dir" / "x.html")), "cannot write")


def test_usage_errors():
    r = dedup("diff", PALU)
    assert r.returncode == 2 and b"usage:" in r.stderr
    r = dedup("diff", PALU, NEWS, "--format", "pdf")
    assert r.returncode == 2 and b"invalid choice" in r.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_every_format_runs(fmt):
    r = dedup("diff", NEWS, PALU, "--format", fmt)
    assert r.returncode == 0 and len(r.stdout) > 500


def test_help_explains_options():
    r = dedup("diff", "--help")
    assert r.returncode == 0
    for word in (b"--format", b"--output", b"--no-color", b"stdin", b"exit status"):
        assert word in r.stdout
