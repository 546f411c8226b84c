"""Shared fixtures. Add yours with a minimal edit; keep each fixture self-contained."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

# `pytest --hypothesis-profile thorough` searches 20x deeper than the default run CI does.
settings.register_profile("thorough", max_examples=2000, deadline=None)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Child processes (CLI runs, killed writers, drivers) import dedup from this checkout,
# whatever is installed in site-packages and whatever their working directory.
os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """URL of a real redis-server on a free loopback port, in a temp dir, for the whole session.

    Skips (with the reason) only when the ``redis-server`` binary is not installed; any other
    failure to start is an error.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does it)")
    pytest.importorskip("redis", reason="the redis package is not installed (pip install 'newsdedup[redis]')")
    import redis

    workdir = tmp_path_factory.mktemp("redis")
    last_error = None
    for _ in range(5):  # the free port may be taken between choosing it and binding it
        port = _free_port()
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes", "--logfile", str(workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                client.ping()
                break
            except redis.ConnectionError as e:
                last_error = e
                time.sleep(0.02)
        else:
            proc.kill()
            proc.wait()
            continue
        client.close()
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return
    raise RuntimeError(f"could not start redis-server: {last_error}; see {workdir / 'redis.log'}")


@pytest.fixture
def redis_url(redis_server):
    """``(url, namespace)``: the session's Redis server and a namespace no other test uses."""
    return redis_server, f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def seed_pair() -> tuple[str, str]:
    """The seed pair: tribunpalu (original) and tribunnews (its republication)."""
    return (DATA / "tribunpalu.txt").read_text(encoding="utf-8"), (DATA / "tribunnews.txt").read_text(encoding="utf-8")


