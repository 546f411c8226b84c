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

from ..errors import InputError
from .base import Engine, default_workers, ordered_window

__all__ = ["get_engine", "Engine", "ENGINES", "default_workers", "ordered_window"]

ENGINES = ("local", "dask")


def get_engine(name: str = "local", *, workers: int | None = None, scheduler: str | None = None,
               processes: bool = True) -> Engine:
    """An engine by name: ``local`` (processes on this machine; ``workers=0`` runs in the calling
    process) or ``dask`` (``scheduler`` address, or a new LocalCluster of ``workers`` workers)."""
    if name == "local":
        if scheduler:
            raise InputError("a scheduler address needs the dask engine")
        from .local import LocalEngine

        return LocalEngine(workers)
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler, workers=workers, processes=processes)
    raise InputError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
