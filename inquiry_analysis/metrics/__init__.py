"""Statistics on published figures: pure functions, numbers in, result objects out (no I/O, no plotting)."""

from . import accuracy, alignment, chain, conversions, periods, ratios, series, shapes, trend

__all__ = ["accuracy", "alignment", "chain", "conversions", "periods", "ratios", "series", "shapes", "trend"]
