"""A fixed CPU reference, printed with every benchmark: this machine's speed drifts between
runs (a shared VM), and a number is only comparable with the reference beside it."""

from __future__ import annotations

import time


def reference_ms() -> float:
    """Best of five timings of a fixed pure-Python loop (about 50 ms on a quiet core)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(400_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return best * 1000


def describe() -> str:
    return f"machine reference: {reference_ms():.1f} ms (fixed loop, best of 5; lower is faster)"
