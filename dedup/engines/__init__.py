"""How batch work is spread: the same pure functions, run in local processes or on Dask.

An engine is anything with ``map(fn, tasks)`` that returns the results of ``fn(*task)`` for each
task, **in task order**, while keeping only a bounded number of tasks in flight (so a streamed
corpus is never held whole), and ``close()``. Engines know nothing about articles: they run
module-level functions (importable by name in a fresh process, so they are spawn-safe) on
arguments that are plain data (numpy arrays, lists, strings). Because the functions are pure and
the results come back in order, every engine gives the same output.

>>> with get_engine("local", workers=0) as engine:
...     list(engine.map(pow, [(2, 3), (3, 2)]))
[8, 9]
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Protocol

from ..errors import InputError
from ..progress import Progress  # noqa: F401  (its old home; dedup.progress is the module)

ENGINES = ("local", "dask")


class Engine(Protocol):
    name: str
    #: True when every worker sees this machine's files (so a task may open a local file by path).
    shares_disk: bool

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple], *, window: int | None = None) -> Iterator[Any]:
        ...

    def close(self) -> None:
        ...


def get_engine(name: str = "local", *, workers: int | None = None, scheduler: str | None = None,
               processes: bool = True) -> Engine:
    """An engine by name: ``local`` (processes on this machine; ``workers=0`` runs in the calling
    process) or ``dask`` (``scheduler`` address, or a new LocalCluster of ``workers`` workers)."""
    if name == "local":
        if scheduler:
            raise InputError("--scheduler needs --engine dask")
        from .local import LocalEngine

        return LocalEngine(workers)
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler, workers=workers, processes=processes)
    raise InputError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


def ordered_window(submit: Callable[[tuple], Any], tasks: Iterable[tuple], window: int) -> Iterator[Any]:
    """Results of ``submit(task).result()`` in task order, with at most ``window`` futures in
    flight; pending futures are cancelled if the consumer stops early. Shared by the engines.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as pool:
    ...     list(ordered_window(lambda t: pool.submit(pow, *t), [(2, 3), (3, 2), (2, 2)], 2))
    [8, 9, 4]
    """
    from collections import deque

    pending: deque = deque()
    try:
        for task in tasks:
            pending.append(submit(task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
