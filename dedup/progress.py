"""Progress bars on stderr for long runs (``dedup score``, ``dedup index add``): one line per
stage, drawn by tqdm, that fits the terminal.

tqdm reads the terminal's width at every redraw (a bar longer than the terminal wraps, and each
redraw then lands on a new line) and estimates the rate, hence the ETA, as an exponential moving
average of recent updates, so one slow or fast batch does not swing the ETA. A bar is drawn only
when asked (the CLI asks when stderr is a terminal and ``--quiet`` is not given); disabled, it
only counts.

>>> p = Progress("verify", total=10, enabled=False); p.update(4); p.close(); p.done
4
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["Progress", "SMOOTHING"]

#: Weight of the latest update in the rate (and so the ETA) estimate, tqdm's default. Updates
#: come per chunk of work (up to 2,000 articles or 1,000 pairs), so 0.3 averages over the last
#: few chunks: steady without lagging far behind a real change of pace.
SMOOTHING = 0.3
#: Least seconds between redraws: a terminal redrawn more often only costs time.
MIN_INTERVAL = 0.2


class Progress:
    """A one-line bar with count, rate and ETA (or a counter with rate when there is no total).

    ``label`` names the stage, ``unit`` what is counted (``rate=False`` for a few coarse steps,
    where a rate means nothing). Use :meth:`update` as work is done,
    :meth:`step` to name the part a stage is in, and :meth:`close` (or ``with``) at the end.
    """

    def __init__(self, label: str, total: int | None = None, unit: str = "", enabled: bool = True,
                 stream: Any = None, rate: bool = True) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.enabled = enabled
        self.done = 0
        self._bar: Any = None
        if enabled:
            self._bar = _bar_class()(
                total=total, desc=label, unit=unit, file=stream or sys.stderr, dynamic_ncols=True,
                smoothing=SMOOTHING, mininterval=MIN_INTERVAL, leave=True,
                bar_format=(_WITH_TOTAL if rate else _STEPS) if total else _WITHOUT_TOTAL,
            )

    @staticmethod
    def wanted(quiet: bool = False, stream: Any = None) -> bool:
        """True when a bar should be drawn: not quiet, and stderr is a terminal."""
        s = stream or sys.stderr
        return not quiet and hasattr(s, "isatty") and s.isatty()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def step(self, what: str) -> None:
        """Name the part of the stage now running (shown after the counts)."""
        if self._bar is not None:
            self._bar.set_postfix_str(what, refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self.enabled = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Counts with thousands separators and whole-number rates ("1,234/5,000 pairs ... 310 pairs/s"):
# tqdm's own either shows decimals ("3.00/3.00") or "1170.53 articles/s".
_WITH_TOTAL = "{desc}: {percentage:3.0f}%|{bar}| {count}/{whole}{unit_} [{elapsed}<{remaining}, {speed}{postfix}]"
_STEPS = "{desc}: {percentage:3.0f}%|{bar}| {count}/{whole}{unit_} [{elapsed}{postfix}]"
_WITHOUT_TOTAL = "{desc}: {count}{unit_} [{elapsed}, {speed}{postfix}]"
_BAR: Any = None


def _bar_class() -> Any:
    """A tqdm bar class whose format has the fields above (tqdm imported on first use)."""
    global _BAR
    if _BAR is None:
        from tqdm import tqdm

        class _Bar(tqdm):  # type: ignore[misc, valid-type]
            @property
            def format_dict(self) -> dict:
                d = super().format_dict
                rate = d["rate"]
                if rate is None and d["elapsed"]:
                    rate = d["n"] / d["elapsed"]
                unit = d["unit"]
                d["count"] = f"{d['n']:,}"
                d["whole"] = f"{d['total']:,}" if d["total"] else "?"
                d["unit_"] = f" {unit}" if unit else ""
                d["speed"] = "?/s" if not rate else (f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}") + f" {unit}/s".replace("  ", " ")
                return d

        _BAR = _Bar
    return _BAR
