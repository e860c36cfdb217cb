"""Statistics on published figures: pure functions, numbers in, result objects out (no I/O, no plotting)."""

from inquiry_analysis.metrics import (
    alignment,
    auc,
    case_files,
    chain,
    cohorts,
    confusion,
    conversions,
    lags,
    net_benefit,
    periods,
    predictive,
    ratios,
    series,
    shapes,
    tolerance,
    trend,
)

__all__ = [
    "alignment",
    "auc",
    "case_files",
    "chain",
    "cohorts",
    "confusion",
    "conversions",
    "lags",
    "net_benefit",
    "periods",
    "predictive",
    "ratios",
    "series",
    "shapes",
    "tolerance",
    "trend",
]
