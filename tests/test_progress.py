"""Progress bars as a terminal shows them: a real pseudo-terminal of a given width."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import random
import re
import struct
import subprocess
import sys
import termios

import pytest

from dedup import synth
from dedup.progress import Progress

_CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def _run_on_terminal(args: list[str], columns: int) -> bytes:
    """Run the CLI with stderr on a pseudo-terminal ``columns`` wide; what the terminal received."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm"}
    env.pop("COLUMNS", None)
    p = subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=subprocess.DEVNULL, stderr=follower,
                         env=env)
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
    assert p.wait(timeout=300) == 0, out.decode(errors="replace")
    return out


def _terminal_rows(raw: bytes, columns: int) -> list[str]:
    """The rows a terminal ``columns`` wide ends up with: text wraps at the right margin, ``\\r``
    returns to the start of the row, ``\\n`` moves down (a pty turns it into CR LF)."""
    text = _CSI.sub(b"", raw).decode("utf-8")
    rows, col, row = [""], 0, 0
    for ch in text:
        if ch == "\r":
            col = 0
        elif ch == "\n":
            row, col = row + 1, 0
            if row == len(rows):
                rows.append("")
        else:
            if col == columns:  # autowrap: the update spills onto a new row
                row, col = row + 1, 0
                if row == len(rows):
                    rows.append("")
            line = rows[row].ljust(col)
            rows[row] = line[:col] + ch + line[col + 1:]
            col += 1
    return [r.rstrip() for r in rows if r.strip()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 synthetic articles, every fifth with an edited copy: every stage has work to show."""
    rng = random.Random(11)
    recs = []
    for i, text in enumerate(synth.synthetic_articles(300, seed=11)):
        recs.append({"id": f"s{i:03d}", "text": text})
        if i % 5 == 0:
            recs.append({"id": f"s{i:03d}-copy", "text": synth.make_variant(text, "republication", rng).text})
    path = tmp_path_factory.mktemp("progress") / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


@pytest.mark.parametrize("columns", [60, 40])
def test_each_stage_keeps_to_one_row_of_a_narrow_terminal(corpus, tmp_path, columns):
    raw = _run_on_terminal(["score", str(corpus), "--pairs", str(tmp_path / "p.csv"), "--report",
                            str(tmp_path / "r.html"), "--workers", "0"], columns)
    rows = _terminal_rows(raw, columns)
    rows = rows[: next(i for i, r in enumerate(rows) if r.startswith("dedup score: "))]  # the summary wraps
    stages = [r.split(":")[0] for r in rows]
    # One row per stage: the read counter, the candidate steps, the verified pairs, the diff pages.
    assert stages == ["read", "candidates", "verify", "report"], rows
    assert all(len(r) <= columns for r in rows)
    done = {r.split(":")[0]: r for r in rows}
    assert "3/3" in done["candidates"] and "100%" in done["verify"] and "100%" in done["report"]


def test_eta_follows_the_recent_pace_smoothed():
    out = io.StringIO()
    p = Progress("verify", total=10_000, unit="pairs", stream=out)
    clock = [0.0]
    p._bar._time = lambda: clock[0]
    p._bar.start_t = p._bar.last_print_t = 0.0

    def work(items: int, seconds: float) -> float:
        clock[0] += seconds
        p.update(items)
        return p._bar.format_dict["rate"]

    for _ in range(20):  # a fast start: 100 pairs a second
        work(100, 1.0)
    for _ in range(20):  # then 10 a second
        rate = work(10, 1.0)
    assert rate == pytest.approx(10, rel=0.05)  # the ETA reads the pace now, not the average since start (~55/s)
    outlier = work(10, 0.05)  # one quick batch (200 a second) moves the estimate, not to 200
    assert 10 < outlier < 100
    p.close()
    assert out.getvalue().endswith("\n")


def test_disabled_bar_counts_silently():
    quiet = io.StringIO()
    q = Progress("verify", total=10, enabled=False, stream=quiet)
    q.update(10)
    q.step("x")
    q.close()
    assert quiet.getvalue() == "" and q.done == 10
    assert Progress.wanted(quiet=False, stream=quiet) is False  # not a terminal
