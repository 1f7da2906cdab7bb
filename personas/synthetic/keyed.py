"""Random numbers that are a function of (seed, stream, shopper, index), not of draw order.

A sequential generator gives a shopper different numbers depending on how many shoppers
were drawn before it in the same call, so generating in chunks would change the data with
the chunk size. Keying every number by the shopper and its position (a view's rank among
the shopper's views, a session's first view) makes each shopper's events the same however
the shoppers are split. SplitMix64's finaliser does the hashing: cheap, vectorised over
uint64 arrays, and good enough for simulated shoppers.
"""

from __future__ import annotations

import numpy as np

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def _mix_int(x: int) -> int:
    x &= _MASK
    x = ((x ^ (x >> 30)) * _M1) & _MASK
    x = ((x ^ (x >> 27)) * _M2) & _MASK
    return x ^ (x >> 31)


def _mix(x: np.ndarray) -> np.ndarray:
    # In place on a fresh uint64 array; numpy wraps uint64 products modulo 2**64.
    x ^= x >> np.uint64(30)
    x *= np.uint64(_M1)
    x ^= x >> np.uint64(27)
    x *= np.uint64(_M2)
    x ^= x >> np.uint64(31)
    return x


class KeyedRandom:
    """Uniform numbers in (0, 1) keyed by a row's (user, index) and a stream number."""

    def __init__(self, seed: int) -> None:
        self._seed = _mix_int(seed * _GOLDEN + 1)

    def base(self, user: np.ndarray, index: np.ndarray) -> np.ndarray:
        """One hash per row, shared by every stream drawn for those rows."""
        counter = (user.astype(np.uint64) << np.uint64(32)) | index.astype(np.uint64)
        counter *= np.uint64(_GOLDEN)
        counter += np.uint64(self._seed)
        return _mix(counter)

    def uniform(self, base: np.ndarray, stream: int) -> np.ndarray:
        """Stream ``stream`` of the rows hashed into ``base``: floats strictly between 0 and 1."""
        x = base + np.uint64(_mix_int(self._seed ^ (stream * _GOLDEN)))
        x = _mix(x) >> np.uint64(11)
        return (x.astype(np.float64) + 0.5) * (1.0 / (1 << 53))
