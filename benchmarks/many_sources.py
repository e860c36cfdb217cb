"""Time and peak memory of :func:`inquiry_analysis.disclosure.publishable` on a log of 10,000 distinct sources.

    .venv/bin/python benchmarks/many_sources.py
    .venv/bin/python benchmarks/many_sources.py --sources 2000 --months 24

The log is SYNTHETIC (seeded; ids ``SYN-``): a few large sources and many sources with one to three
referrals each, received over ``--months`` months from January 2013, some disseminated and
arrested. It describes no real referral or force. Before the linked audit, a log like this killed
the notebook's kernel at 23.6 GiB (a dense constraint row per line of a 66 by 10,000 table).

Measured in a child process: wall time of ``publishable`` (reading excluded) and the process's peak
resident memory (``ru_maxrss``), against targets of 20 s and 1 GiB. Nothing here is a test: it
prints, and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["main", "write_log"]


def write_log(path: Path, *, sources: int, months: int, seed: int = 20180124, larger: bool = False) -> int:
    """Write the synthetic log; return its rows.

    Parameters
    ----------
    path : Path
        A ``.parquet`` file to write.
    sources : int
        Distinct small sources (1 to 3 referrals each); five large ones are added.
    months : int
        Months from January 2013.
    seed : int
        Of the random generator.
    larger : bool
        Give each small source 5 to 10 referrals instead (each then above ``min_cell`` in all).

    Returns
    -------
    int
    """
    rng = np.random.default_rng(seed)
    small = rng.integers(1, 4, size=sources) if not larger else rng.integers(5, 11, size=sources)
    names = np.concatenate(
        [
            np.repeat([f"source {n:05d}" for n in range(sources)], small),
            np.repeat([f"large {n}" for n in range(5)], 4000),
        ]
    )
    rows = names.size
    start = dt.date(2013, 1, 1)
    span = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timestamp(start)).days
    received = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, span, size=rows), unit="D")
    disseminated = received + pd.to_timedelta(rng.integers(0, 30, size=rows), unit="D")
    arrested = disseminated + pd.to_timedelta(rng.integers(0, 400, size=rows), unit="D")
    extract = received.max()
    frame = pd.DataFrame(
        {
            "referral_id": [f"SYN-{n:07d}" for n in range(rows)],
            "received": received.date,
            "source": names,
            "disseminated": pd.Series(disseminated.date).where(disseminated <= extract),
            "arrested": pd.Series(arrested.date).where((arrested <= extract) & (rng.random(rows) < 0.3)),
        }
    )
    frame.to_parquet(path, index=False)
    return rows


def _child(path: str) -> None:
    import inquiry_analysis as ia
    from inquiry_analysis import disclosure

    with ia.read_referral_log(path) as log:
        log.by_source()  # reading and the DuckDB scan are not what is measured
        began = time.perf_counter()
        published = disclosure.publishable(log, min_cell=5)
        seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    hidden = int((published.by_source["referrals"] == "[c]").sum())
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "cells": len(published.by_source), "hidden": hidden}))


def main(argv: list[str] | None = None) -> int:
    """Write the log, measure ``publishable`` in a child process, and print the numbers against the targets.

    Parameters
    ----------
    argv : list of str, optional
        The command's arguments.

    Returns
    -------
    int
        0.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=66)
    parser.add_argument("--larger", action="store_true", help="5 to 10 referrals a source, not 1 to 3")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many_sources.parquet"
        rows = write_log(path, sources=args.sources, months=args.months, larger=args.larger)
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True
        )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    each = "5-10" if args.larger else "1-3"
    print(f"{rows:,} rows, {args.sources:,} small sources ({each} each) + 5 large, {args.months} months (SYNTHETIC)")
    print(f"publishable: {result['seconds']:.1f} s (target 20 s), peak RSS {result['peak_mib']:.0f} MiB (target 1024)")
    print(f"by-source cells {result['cells']:,}, of which [c] {result['hidden']:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
