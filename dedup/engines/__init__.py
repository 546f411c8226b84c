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
import sys
import time
from typing import Any, Callable, Iterable, Iterator, Protocol

from ..errors import InputError

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


class Progress:
    """A one-line progress bar on stderr with count, rate and ETA; silent when ``enabled`` is
    false (the CLI enables it only for a terminal and without ``--quiet``).

    >>> p = Progress("verify", total=10, enabled=False); p.update(4); p.close(); p.done
    4
    """

    def __init__(self, label: str, total: int | None = None, unit: str = "", enabled: bool = True,
                 stream: Any = None) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0

    @staticmethod
    def wanted(quiet: bool = False, stream: Any = None) -> bool:
        """True when a bar should be drawn: not quiet, and stderr is a terminal."""
        s = stream or sys.stderr
        return not quiet and hasattr(s, "isatty") and s.isatty()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= 0.2:
                self._last = now
                self._draw(now)

    def _draw(self, now: float, final: bool = False) -> None:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        unit = f" {self.unit}" if self.unit else ""
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 24)
            eta = (self.total - self.done) / rate if rate > 0 and not final else 0.0
            line = (f"{self.label} [{bar:<24}] {self.done:,}/{self.total:,}{unit} {frac:4.0%} "
                    f"{_rate(rate)}/s ETA {_clock(eta)}")
        else:
            line = f"{self.label} {self.done:,}{unit} {_rate(rate)}/s {_clock(elapsed)}"
        self.stream.write("\r" + line[:120].ljust(80) + ("\n" if final else ""))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic(), final=True)
            self.enabled = False


def _rate(r: float) -> str:
    return f"{r:,.0f}" if r >= 10 else f"{r:.1f}"


def _clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss``).

    >>> _clock(75), _clock(3725)
    ('01:15', '1:02:05')
    """
    s = int(seconds + 0.5)
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"
