"""Benchmarks and measurement scripts (not part of the installed package).

Run one from the root of a checkout as a module, which measures that checkout's ``dedup``::

    python -m benchmarks.bench_quality --synthetic-only

or as a script, which measures the installed ``dedup``::

    python benchmarks/bench_quality.py --synthetic-only

Real evaluation data is read through :mod:`benchmarks._corpora` (``../shared/data``, or
``$DEDUP_DATA``); no benchmark edits ``sys.path`` to find the package (``bench_recall --src DIR``
measures another checkout on purpose).
"""
