"""Timing a function the same way in every benchmark."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Timing:
    """Milliseconds over the repeats."""

    median: float
    p95: float
    best: float


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Timing(statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))], samples[0])
