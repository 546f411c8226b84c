"""The Dask engine: the same task functions on a ``dask.distributed`` cluster.

``DaskEngine("tcp://scheduler:8786")`` connects to a running cluster; ``DaskEngine()`` starts a
``LocalCluster`` on this machine (one single-threaded worker process per core; ``processes=False``
runs the workers as threads of this process, which starts faster). Tasks are submitted with a
bounded number in flight and gathered in task order, so results match the local engine's exactly.

dask is an optional dependency (``pip install 'newsdedup[dask]'``), imported only here.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from ..errors import DedupError, InputError
from .base import default_workers, ordered_window


class DaskEngine:
    """Run tasks on a Dask cluster: the one at ``scheduler``, or a new local one."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, *, workers: int | None = None, processes: bool = True) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise InputError("the dask engine needs dask.distributed: pip install 'newsdedup[dask]'") from None
        self.scheduler = scheduler
        self._cluster = None
        # A cluster we start here runs on this machine; a remote one may not see our files.
        self.shares_disk = scheduler is None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                n = default_workers() if workers is None else max(1, int(workers))
                self._cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=processes,
                    dashboard_address=None, silence_logs=40,
                )
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as e:
            self.close()
            raise DedupError(f"cannot reach the Dask scheduler {scheduler!r}: {e}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or (workers or 1))

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple], *, window: int | None = None) -> Iterator[Any]:
        """``fn(*task)`` for each task, in order, at most ``window`` tasks (default: twice the
        workers) in flight."""
        submit = self.client.submit
        yield from ordered_window(lambda task: submit(fn, *task, pure=False), tasks, window or 2 * self.workers)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
