"""Another checkout's ``dedup`` imported beside this one, so a benchmark can time both in one
process, in turns (``--baseline-src DIR``): the load of a shared machine then hits both alike.

    >>> base = load_checkout("/tmp/before")            # doctest: +SKIP
    >>> base.compare("Satu dua tiga.", "Satu dua tiga.").verdict   # doctest: +SKIP
    'duplicate'
"""

from __future__ import annotations

import importlib.util
import os
import sys


def load_checkout(root: str, name: str = "dedup_base"):
    """The ``dedup`` package of the checkout in ``root``, imported as ``name`` beside this one
    (its submodules as ``name.align`` etc.; loaded once per process)."""
    if name in sys.modules:
        return sys.modules[name]
    pkg = os.path.join(os.path.abspath(root), "dedup")
    spec = importlib.util.spec_from_file_location(name, os.path.join(pkg, "__init__.py"), submodule_search_locations=[pkg])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
