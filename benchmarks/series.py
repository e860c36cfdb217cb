"""Year-on-year change over a long monthly series, against the per-month statsmodels route it replaced.

    .venv/bin/python benchmarks/series.py

A 600-month synthetic series (seeded; labelled synthetic, not published data) through
``series.year_on_year``: target at most 1 s. Baseline, measured in the same run: the same intervals
from statsmodels' ``confint_poisson_2indep(method="score")``, one month at a time (what the
package did before its closed form). Both are timed warm (imports done), best of 3.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from inquiry_analysis.metrics import series

TARGET_S = 1.0


def _best(function, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    from statsmodels.stats.rates import confint_poisson_2indep

    counts = np.random.default_rng(20180124).integers(1_000, 50_000, 600)  # synthetic
    frame = pd.DataFrame({"month": pd.period_range("1970-01", periods=600, freq="M"), "referrals": counts})
    series.year_on_year(frame, column="referrals")  # warm

    def baseline():
        for now, before in zip(counts[12:], counts):
            confint_poisson_2indep(int(now), 1, int(before), 1, method="score", compare="ratio")

    ours = _best(lambda: series.year_on_year(frame, column="referrals"))
    base = _best(baseline)
    print(f"year_on_year, 600 synthetic months: {ours:.3f} s (target at most {TARGET_S:.0f} s)")
    print(f"statsmodels score interval month by month: {base:.3f} s")
    print(f"ratio: {ours / base:.3f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
