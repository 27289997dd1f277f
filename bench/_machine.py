"""A fixed CPU reference, printed with every benchmark: this machine's speed drifts between
runs (a shared VM), and a number is only comparable with the reference beside it."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable


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


def fastest_run(command: Callable[[int], list[str]], repeat: int) -> dict:
    """The fastest of ``repeat`` runs of a child process: ``command(k)`` readies run k and
    gives its command line; the child's last line of output is JSON with ``seconds``."""
    best: dict | None = None
    for k in range(repeat):
        out = subprocess.run(command(k), capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best
