"""Temporary names for outputs being written, and the leftovers of runs that were killed.

Every output is written under a hidden name beside its destination and renamed when complete, and
``dedup score`` keeps its texts in a temporary folder. A run killed with SIGKILL (or by the
out-of-memory killer) cannot clean up after itself, so the names carry the writing process's id
and a tag of its host, and the next run that writes beside them removes those whose process is
gone. Only on POSIX, where ``os.kill(pid, 0)`` asks without touching the process, and only names
of this host: another machine sharing the folder may be writing them.

>>> import os, tempfile
>>> d = tempfile.mkdtemp()
>>> os.path.basename(temporary_name(os.path.join(d, "pairs.csv"))).startswith(".pairs.csv.tmp-")
True
"""

from __future__ import annotations

import os
import shutil
import socket
import zlib

#: Tag of this host in temporary names: a short checksum of its name.
HOST = format(zlib.crc32(socket.gethostname().encode()) & 0xFFFF, "04x")


def _tag() -> str:
    return f"{os.getpid()}-{HOST}"


def temporary_name(path: str) -> str:
    """A hidden name beside ``path`` to write it under (``.name.tmp-PID-HOST-RANDOM``), unique to
    this process and call; leftovers of killed runs for the same ``path`` are removed first."""
    head, tail = os.path.split(path)
    stem = f".{tail}.tmp-"
    sweep(head or ".", stem)
    return os.path.join(head, f"{stem}{_tag()}-{os.urandom(3).hex()}")


def temporary_folder(parent: str | None, prefix: str) -> str:
    """A new folder in ``parent`` (default: the system's temporary folder) named ``prefix`` plus
    this process's tag; leftover folders of killed runs with the same prefix are removed first."""
    import tempfile

    sweep(parent or tempfile.gettempdir(), prefix)
    return tempfile.mkdtemp(prefix=f"{prefix}{_tag()}-", dir=parent)


def sweep(folder: str, stem: str) -> int:
    """Remove the entries of ``folder`` named ``stem`` + ``PID-HOST-…`` whose process, on this
    host, no longer runs; returns how many. Anything else, and any error, is left alone."""
    if os.name != "posix":
        return 0
    removed = 0
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(stem)]
    except OSError:
        return 0
    for e in entries:
        parts = e.name[len(stem):].split("-")
        if len(parts) < 3 or parts[1] != HOST or not parts[0].isdigit() or _running(int(parts[0])):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path)
            else:
                os.remove(e.path)
            removed += 1
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or not a pid at all): not ours to judge
    return True
