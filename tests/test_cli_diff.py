"""`dedup diff` as a user runs it: a real subprocess, real files, exit codes and stderr."""

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dedup
from dedup.render import render

DATA = Path(__file__).parent / "data"
PALU, NEWS = str(DATA / "tribunpalu.txt"), str(DATA / "tribunnews.txt")


def dedup_cmd(*args, stdin=None, env=None, prefix=()):
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update(env or {})
    return subprocess.run([*prefix, sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True,
                          timeout=60, env=full_env)


def _seed(a=PALU, b=NEWS, labels=None):
    return dedup.compare(Path(a).read_text(encoding="utf-8"), Path(b).read_text(encoding="utf-8"),
                         labels=labels or (a, b))


def test_seed_pair_json_is_the_comparison():
    r = dedup_cmd("diff", PALU, NEWS, "--format", "json")
    assert r.returncode == 0 and r.stderr == b""
    d = json.loads(r.stdout)
    assert d == _seed().to_dict()
    assert d["verdict"] == "republication"
    ops = {(o["op"], o["kind"], o["a"], o["b"]) for o in d["ops"]}
    assert ("added", "byline", None, "Editor: Muhammad Zulfikar") in ops
    assert ("equal", "content", "Tetapi China telah membantah hal ini.", "Tetapi China telah membantah hal ini.") in ops


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_output_is_exactly_the_renderer(fmt):
    r = dedup_cmd("diff", NEWS, PALU, "--format", fmt)
    assert r.returncode == 0 and r.stderr == b""
    assert r.stdout.decode("utf-8") == render(_seed(NEWS, PALU), fmt).rstrip("\n") + "\n"


def test_text_is_plain_when_piped_and_coloured_on_request():
    r = dedup_cmd("diff", PALU, NEWS)
    assert r.returncode == 0 and b"\x1b[" not in r.stdout
    assert b"~ Namun para [-pasukan-]{+pemain+} bertahan Ukraina" in r.stdout
    forced = dedup_cmd("diff", PALU, NEWS, "--color")
    assert b"\x1b[31mpasukan\x1b[0m\x1b[32mpemain\x1b[0m" in forced.stdout
    assert b"\x1b[" not in dedup_cmd("diff", PALU, NEWS, "--color", "--format", "json").stdout


def _on_a_terminal(*args, env=None) -> bytes:
    """Run with stdout on a real pseudo-terminal; return what the terminal received."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update(env or {}, TERM="xterm")
    p = subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=follower, stderr=subprocess.PIPE,
                         env=full_env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert p.wait(timeout=60) == 0, p.stderr.read()
    return out


def test_colour_follows_the_terminal_and_no_color():
    assert b"\x1b[31mpasukan" in _on_a_terminal("diff", PALU, NEWS)
    assert b"\x1b[" not in _on_a_terminal("diff", PALU, NEWS, env={"NO_COLOR": "1"})
    assert b"\x1b[" not in _on_a_terminal("diff", PALU, NEWS, "--no-color")


def test_stdin_for_either_side():
    r = dedup_cmd("diff", "-", NEWS, stdin=Path(PALU).read_bytes())
    assert r.returncode == 0
    assert r.stdout.decode().splitlines()[0] == "A            <stdin>  (17 sentences)"
    r = dedup_cmd("diff", PALU, "-", "--format", "json", stdin=Path(NEWS).read_bytes().replace(b"\n", b"\r\n"))
    d = json.loads(r.stdout)
    assert d["b"] == "<stdin>" and d["ops"] == _seed().to_dict()["ops"]


def test_output_file_and_format_from_extension(tmp_path):
    out = tmp_path / "diff.html"
    r = dedup_cmd("diff", "-", NEWS, "--output", str(out), stdin=Path(PALU).read_bytes())
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "A · &lt;stdin&gt;" in page
    md = tmp_path / "diff.md"
    assert dedup_cmd("diff", PALU, NEWS, "-o", str(md)).returncode == 0
    assert md.read_text(encoding="utf-8") == render(_seed(), "markdown")
    other = tmp_path / "diff.out"
    assert dedup_cmd("diff", PALU, NEWS, "-o", str(other), "--format", "json").returncode == 0
    assert json.loads(other.read_text(encoding="utf-8")) == _seed().to_dict()
    plain = tmp_path / "diff.log"  # a text extension: text, never coloured in a file
    assert dedup_cmd("diff", PALU, NEWS, "-o", str(plain)).returncode == 0
    assert plain.read_text(encoding="utf-8") == render(_seed(), "text") + "\n"
    r = dedup_cmd("diff", PALU, NEWS, "-o", "-", "--format", "json")
    assert json.loads(r.stdout)["verdict"] == "republication"


def test_any_locale_gets_utf8():
    r = dedup_cmd("diff", PALU, NEWS, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    assert r.returncode == 0 and r.stderr == b""
    assert "Jong-…".encode("utf-8") in r.stdout


def _fails_with(r, line: str) -> None:
    assert r.returncode == 2, r
    assert r.stdout == b""
    assert r.stderr.decode("utf-8") == f"dedup diff: error: {line}\n"


def test_input_errors_are_one_exact_line(tmp_path):
    _fails_with(dedup_cmd("diff", PALU, str(tmp_path / "nope.txt")), f"{tmp_path / 'nope.txt'}: no such file")
    _fails_with(dedup_cmd("diff", str(tmp_path), NEWS), f"{tmp_path}: is a directory, not a file")
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00binary")
    _fails_with(dedup_cmd("diff", str(binary), NEWS), f"{binary}: binary data, not text (NUL byte at byte 5, line 1)")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Kalimat pertama.\nCaf\u00e9 di Bandung.".encode("latin-1"))
    _fails_with(dedup_cmd("diff", PALU, str(latin)), f"{latin}: not valid UTF-8 at byte 20 (line 2, byte 0xe9)")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _fails_with(dedup_cmd("diff", str(empty), NEWS), f"{empty}: empty file, no article text")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \r\n\t\n")
    _fails_with(dedup_cmd("diff", PALU, str(blank)), f"{blank}: only whitespace, no article text")
    _fails_with(dedup_cmd("diff", "-", "-", stdin=b"x"), "only one of A and B can be '-' (standard input)")
    _fails_with(dedup_cmd("diff", "-", NEWS, stdin=b""), "<stdin>: empty file, no article text")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(3 * 1024 * 1024)
    _fails_with(dedup_cmd("diff", str(huge), NEWS), f"{huge}: 3 MiB is larger than the 2 MiB limit for one article")
    nowhere = tmp_path / "no" / "dir" / "x.html"
    _fails_with(dedup_cmd("diff", PALU, NEWS, "--output", str(nowhere)), f"{nowhere}: cannot write: No such file or directory")


def test_an_input_error_leaves_the_output_file_alone(tmp_path):
    out = tmp_path / "diff.html"
    out.write_text("previous report", encoding="utf-8")
    r = dedup_cmd("diff", PALU, str(tmp_path / "missing.txt"), "-o", str(out))
    assert r.returncode == 2
    assert out.read_text(encoding="utf-8") == "previous report"


def test_permission_denied(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Judul\nIsi berita.", encoding="utf-8")
    secret.chmod(0)
    prefix = []
    if os.geteuid() == 0:  # root reads anything unless the capability is dropped
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: no way to be refused a read")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    _fails_with(dedup_cmd("diff", str(secret), NEWS, prefix=prefix), f"{secret}: permission denied")


@pytest.mark.parametrize(
    "argv, says",
    [
        (("diff", PALU), "dedup diff: error: the following arguments are required: B"),
        (("diff", PALU, NEWS, "--format", "pdf"), "dedup diff: error: argument -f/--format: invalid choice: 'pdf'"),
        (("diff", PALU, NEWS, "--color", "--no-color"), "not allowed with argument --color"),
        ((), "dedup: error: the following arguments are required: COMMAND"),
        (("frob",), "dedup: error: argument COMMAND: invalid choice: 'frob'"),
        (("index",), "dedup index: error: the following arguments are required: ACTION"),
        (("score", "x.jsonl"), "dedup score: error: the following arguments are required: --pairs"),
    ],
)
def test_usage_errors_are_one_line(argv, says):
    r = dedup_cmd(*argv)
    err = r.stderr.decode()
    assert r.returncode == 2 and r.stdout == b""
    assert err.count("\n") == 1 and says in err and "--help')" in err, err


def test_closed_pipe_is_not_an_error(tmp_path):
    from dedup.synth import synthetic_articles

    big = "Judul\n" + "\n".join(synthetic_articles(150, seed=5))  # output far beyond a pipe buffer
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(big, encoding="utf-8")
    b.write_text(big.replace(" dan ", " serta "), encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "dedup", "diff", str(a), str(b), "--format", "html"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.read(100).startswith(b"<!DOCTYPE html>")
    p.stdout.close()
    assert p.wait(timeout=60) == 0
    assert p.stderr.read() == b""


def test_help_explains_options():
    r = dedup_cmd("diff", "--help")
    assert r.returncode == 0
    for word in (b"--format", b"--output", b"--color", b"--no-color", b"NO_COLOR", b"'-' reads stdin",
                 b"examples:", b"exit status"):
        assert word in r.stdout, word


def test_output_file_is_written_whole_under_a_temporary_name(tmp_path):
    # The file appears complete (renamed into place) and nothing else is left in its folder;
    # a target that cannot be replaced (a directory) is one error line and leaves no temporary file.
    out = tmp_path / "diff.html"
    out.write_text("old", encoding="utf-8")
    r = dedup_cmd("diff", PALU, NEWS, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diff.html"]
    target = tmp_path / "d.html"
    target.mkdir()
    r = dedup_cmd("diff", PALU, NEWS, "-o", str(target))
    assert r.returncode == 2 and r.stderr.count(b"\n") == 1 and b"cannot write" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.html", "diff.html"]
