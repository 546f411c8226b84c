"""Engines: the same pure functions on local processes and on a real Dask LocalCluster give
identical pairs and clusters; map keeps task order and propagates errors."""

from __future__ import annotations

import random

import pytest

from dedup import synth
from dedup.corpus import score
from dedup.engines import get_engine
from dedup.errors import InputError


def corpus(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    recs = []
    for i, text in enumerate(synth.synthetic_articles(n, seed=seed, language="mixed")):
        recs.append({"id": f"n{i}", "text": text, "date": f"2019-09-{1 + i % 20:02d}", "source": f"s{i % 4}"})
        if rng.random() < 0.3:
            for c in range(rng.randint(1, 3)):
                kind = rng.choice(["republication", "noise", "update", "partial", "template"])
                try:
                    v = synth.make_variant(text, kind, rng)
                except InputError:
                    continue
                recs.append({"id": f"n{i}v{c}", "text": v.text, "date": f"2019-09-{1 + (i + c) % 20:02d}",
                             "source": f"s{(i + c + 1) % 4}"})
    return recs


def _key(result):
    return ([p.to_row() for p in result.pairs], [m.to_row() for m in result.clusters])


@pytest.fixture(scope="module")
def small():
    return corpus(60, seed=21)


@pytest.fixture(scope="module")
def reference(small):
    return score(small, engine="local", workers=0, diffs=True)


def test_reference_run_is_not_trivial(reference):
    verdicts = reference.verdict_counts()
    assert len(reference.pairs) >= 15 and len(verdicts) >= 3
    assert len(reference.clusters) >= 10


def test_local_processes_match_in_process(small, reference):
    # small partitions so that many tasks spread over both worker processes
    result = score(small, engine="local", workers=2, diffs=True, chunk_size=7)
    assert _key(result) == _key(reference)


def test_dask_threads_match_local(small, reference):
    with get_engine("dask", workers=2, processes=False) as engine:
        result = score(small, engine=engine, diffs=True, chunk_size=7)
        assert result.stats["engine"] == "dask"
    assert _key(result) == _key(reference)


def test_dask_processes_match_local():
    recs = corpus(20, seed=5)
    local = score(recs, engine="local", workers=0)
    assert local.pairs
    with get_engine("dask", workers=2, processes=True) as engine:
        remote_like = score(recs, engine=engine, chunk_size=5)
    assert _key(remote_like) == _key(local)


def test_dask_ships_texts_when_workers_do_not_share_the_disk(small, reference):
    with get_engine("dask", workers=1, processes=False) as engine:
        engine.shares_disk = False  # as for a remote --scheduler: texts travel with each task
        result = score(small, engine=engine, diffs=True)
    assert _key(result) == _key(reference)


def _boom(x: int) -> int:
    if x == 3:
        raise InputError("task 3 failed")
    return x * 10


@pytest.mark.parametrize("name,kw", [("local", {"workers": 0}), ("local", {"workers": 2}),
                                     ("dask", {"workers": 2, "processes": False})])
def test_map_keeps_order_bounds_the_window_and_propagates_errors(name, kw):
    with get_engine(name, **kw) as engine:
        assert list(engine.map(_boom, [(i,) for i in range(3)], window=2)) == [0, 10, 20]
        consumed = []

        def tasks():
            for i in range(100):
                consumed.append(i)
                yield (i % 3,)

        it = engine.map(_boom, tasks(), window=4)
        next(it)
        assert len(consumed) <= 5  # tasks are pulled lazily, a bounded number ahead
        it.close()
        with pytest.raises(InputError, match="task 3 failed"):
            list(engine.map(_boom, [(i,) for i in range(5)]))


def test_unknown_engine_and_scheduler_without_dask():
    with pytest.raises(InputError, match="unknown engine"):
        get_engine("spark")
    with pytest.raises(InputError, match="a scheduler address needs the dask engine"):
        get_engine("local", scheduler="tcp://127.0.0.1:1")


def test_cli_names_the_flags_the_library_does_not(tmp_path):
    import subprocess
    import sys

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "Satu dua tiga empat lima."}\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "dedup", "score", str(corpus), "--pairs", str(tmp_path / "p.jsonl"),
                        "--scheduler", "tcp://127.0.0.1:1"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "--scheduler needs --engine dask" in r.stderr and "Traceback" not in r.stderr


_ORPHAN_DRIVER = """
import sys, time
from dedup.engines.local import LocalEngine
if __name__ == "__main__":
    e = LocalEngine(1)
    list(e.map(pow, [(2, 2)]))
    print(list(e._executor()._processes)[0], flush=True)
    time.sleep(120)
"""


def test_local_workers_exit_when_the_driver_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "driver.py"
    script.write_text(_ORPHAN_DRIVER)
    driver = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(driver.stdout.readline())
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait()
    for _ in range(100):  # the worker checks its parent every second
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("worker process outlived its killed driver")


_UNGUARDED_SCRIPT = """
import json, sys
import dedup
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
result = dedup.score(records, workers=2, chunk_size=7)
print(json.dumps([p.to_row() for p in result.pairs], default=str))
"""


def test_score_runs_from_a_plain_script_without_a_main_guard(tmp_path, small, reference):
    # A script with no `if __name__ == "__main__":` (the README's example): worker processes must
    # not re-run it, and the result equals the in-process run.
    import json
    import subprocess
    import sys

    data = tmp_path / "corpus.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in small), encoding="utf-8")
    script = tmp_path / "plain.py"
    script.write_text(_UNGUARDED_SCRIPT)
    out = subprocess.run([sys.executable, str(script), str(data)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    want = json.loads(json.dumps([p.to_row() for p in score(small, workers=0, chunk_size=7).pairs], default=str))
    assert json.loads(out.stdout) == want and len(want) >= 15
