"""What every engine is (:class:`Engine`) and the helpers the engines share: results in task
order with a bounded window of tasks in flight, and the cores this process may use."""

from __future__ import annotations

import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Protocol

__all__ = ["Engine", "ordered_window", "default_workers"]


class Engine(Protocol):
    name: str
    #: True when every worker sees this machine's files (so a task may open a local file by path).
    shares_disk: bool

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple], *, window: int | None = None) -> Iterator[Any]:
        ...

    def close(self) -> None:
        ...


def ordered_window(submit: Callable[[tuple], Any], tasks: Iterable[tuple], window: int) -> Iterator[Any]:
    """Results of ``submit(task).result()`` in task order, with at most ``window`` futures in
    flight; pending futures are cancelled if the consumer stops early. Shared by the engines.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as pool:
    ...     list(ordered_window(lambda t: pool.submit(pow, *t), [(2, 3), (3, 2), (2, 2)], 2))
    [8, 9, 4]
    """
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
