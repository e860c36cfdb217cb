"""Statistics on published figures: pure functions, numbers in, result objects out (no I/O, no plotting)."""

from inquiry_analysis.metrics import (
    accuracy,
    alignment,
    chain,
    cohorts,
    conversions,
    lags,
    periods,
    ratios,
    series,
    shapes,
    tolerance,
    trend,
)

__all__ = [
    "accuracy",
    "alignment",
    "chain",
    "cohorts",
    "conversions",
    "lags",
    "periods",
    "ratios",
    "series",
    "shapes",
    "tolerance",
    "trend",
]
