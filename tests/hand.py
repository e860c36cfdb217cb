"""Textbook formulas written out by hand, as independent checks of the library's intervals; and synthetic inputs."""

import math

from scipy.stats import chi2

Z95 = 1.959963984540054


def wilson(k, n, z=Z95):
    """Wilson score interval (Wilson 1927)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def garwood(k, level=0.95):
    """Exact Poisson interval for a count (Garwood 1936); the lower limit of a zero count is 0."""
    low = 0.0 if k == 0 else chi2.ppf((1 - level) / 2, 2 * k) / 2
    return low, chi2.ppf(1 - (1 - level) / 2, 2 * k + 2) / 2


def garwood_per_1000(events, exposure, level=0.95):
    """Garwood's interval for ``events`` as a rate per 1,000 of ``exposure`` (taken as fixed)."""
    return tuple(1000 * limit / exposure for limit in garwood(events, level))


def monthly(column, counts, start="2016-01"):
    """A synthetic monthly series, as the readers return one: ``month`` periods and an Int64 count column."""
    import pandas as pd

    return pd.DataFrame(
        {"month": pd.period_range(start, periods=len(counts), freq="M"), column: pd.array(counts, dtype="Int64")}
    )


def case_file(cells, *, seed=7, sheet=None):
    """A synthetic case file, as ``read_case_file`` returns one, from ``{level: (without, with the outcome)}``.

    Levels in the dict's order (lowest first), rows shuffled so that nothing depends on them arriving
    grouped, and a made-up file record in ``attrs["input"]`` for source lines and sidecars.
    """
    import numpy as np
    import pandas as pd

    from inquiry_analysis.provenance import InputFile

    rows = [
        (level, outcome)
        for level, (without, with_) in cells.items()
        for outcome, n in ((False, without), (True, with_))
        for _ in range(n)
    ]
    frame = pd.DataFrame(
        [rows[i] for i in np.random.default_rng(seed).permutation(len(rows))], columns=["risk_level", "outcome"]
    )
    frame["risk_level"] = pd.Categorical(frame["risk_level"], categories=list(cells), ordered=True)
    frame.attrs["input"] = InputFile(name="synthetic_cases.csv", sha256="ab" * 32, bytes=1234, sheet=sheet)
    return frame
