"""What the benchmarks share: the percentile they report."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The value at quantile `q` (0–1) of `values`, nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
