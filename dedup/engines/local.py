"""The local engine: all cores of this machine through a pool of worker processes.

Workers are forked where the platform can and the calling process has no other thread (a plain
script then works without an ``if __name__ == "__main__":`` guard, and workers start without
importing anything again); otherwise they are spawned, which is safe with threads. Task functions
are importable module-level functions, so both work. ``workers=0`` runs every task in the
calling process, which is what small inputs and debugging want.

>>> with LocalEngine(0) as e:
...     list(e.map(divmod, [(7, 2), (9, 4)]))
[(3, 1), (2, 1)]
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Callable, Iterable, Iterator

from .base import default_workers, ordered_window


class LocalEngine:
    """Run tasks in ``workers`` processes (default: one per core), results in task order."""

    name = "local"
    shares_disk = True

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else max(0, int(workers))
        self._pool = None

    def _executor(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context(_start_method()),
                initializer=_watch_parent, initargs=(os.getpid(),),
            )
        return self._pool

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple], *, window: int | None = None) -> Iterator[Any]:
        """``fn(*task)`` for each task, in order; at most ``window`` tasks (default: twice the
        workers) are submitted ahead of the one being waited for."""
        if self.workers == 0:
            for task in tasks:
                yield fn(*task)
            return
        pool = self._executor()
        yield from ordered_window(lambda task: pool.submit(fn, *task), tasks, window or 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_method() -> str:
    """``fork`` when it is available and safe (no other thread could hold a lock), else ``spawn``.

    Spawned workers re-import the caller's ``__main__``, which fails in a script without a main
    guard; forked ones do not."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _watch_parent(parent: int) -> None:
    """Worker initialiser: exit when the driver process is gone (killed with SIGKILL or SIGTERM it
    cannot shut its pool down, and a worker blocked on its queue would otherwise linger)."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="dedup-parent-watch", daemon=True).start()
