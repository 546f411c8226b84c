"""64-bit hash building blocks shared by shingling (:mod:`dedup.minhash`) and LSH band keys
(:mod:`dedup.lsh`): SplitMix64 for seeded constants, MurmurHash3's finaliser to mix arrays.

>>> len(constants(1, 3)), constants(1, 3) == constants(1, 3)
(3, True)
>>> fmix64(np.array([1, 2], np.uint64)).tolist() != [1, 2]
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["MASK64", "splitmix64", "constants", "fmix64"]

_U64 = np.uint64
MASK64 = (1 << 64) - 1


# --- pure-Python 64-bit helpers (constants only; never used per token) -------------------------

def splitmix64(state: int) -> tuple[int, int]:
    """One step of SplitMix64: the next state and its output."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def constants(seed: int, n: int) -> list[int]:
    """``n`` 64-bit constants drawn from ``seed`` with SplitMix64 (the same for the same seed)."""
    out, state = [], seed
    for _ in range(n):
        state, z = splitmix64(state)
        out.append(z)
    return out


def fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place on a uint64 array (a bijection)."""
    x ^= x >> _U64(33)
    x *= _U64(0xFF51AFD7ED558CCD)
    x ^= x >> _U64(33)
    x *= _U64(0xC4CEB9FE1A85EC53)
    x ^= x >> _U64(33)
    return x
