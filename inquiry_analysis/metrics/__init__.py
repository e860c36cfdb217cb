"""Statistics on published figures: pure functions, numbers in, result objects out (no I/O, no plotting)."""

from . import ratios, trend

__all__ = ["ratios", "trend"]
