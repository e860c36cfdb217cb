"""Statistics on published figures: pure functions, numbers in, result objects out (no I/O, no plotting)."""

from . import accuracy, ratios, trend

__all__ = ["accuracy", "ratios", "trend"]
