"""Time and memory of evaluating a 100,000-row case file, against targets and a baseline measured in the same run.

    .venv/bin/python benchmarks/case_file.py
    .venv/bin/python benchmarks/case_file.py --rows 1000000 --repeats 3

The case file is SYNTHETIC: seeded random KIRAT levels and outcomes (about 43% with the outcome,
levels drawn from different mixes for people with and without it), in the types
``inquiry_analysis.read_case_file`` returns (an ordered categorical ``risk_level`` over
``KIRAT_LEVELS`` and a nullable boolean ``outcome``). It describes no real person or force.

Measured: ``evaluate_case_file`` (rates per level, the full summary at every cut, the ROC, and the
AUC with DeLong's variance and its interval). Targets: at most 5 s wall and 500 MiB peak traced
memory. Baseline: what a user would write with scikit-learn on the same frame, AUC by
``roc_auc_score`` plus ``confusion_matrix`` at each cut (no intervals). For the record, the former
pairwise DeLong (a positives × negatives table) is timed on a 5,000-row sample and scaled by the
number of pairs, as it cannot run at full size. Wall time is the best of ``--repeats`` runs;
peak memory comes from a separate run under ``tracemalloc``. Nothing here is a test: it prints,
and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

TARGET_SECONDS = 5.0
TARGET_MIB = 500.0
MIB = 2**20


def synthetic_case_file(rows: int, seed: int = 20180115) -> pd.DataFrame:
    """A SYNTHETIC case file in read_case_file's column types."""
    from inquiry_analysis.io.readers import KIRAT_LEVELS

    rng = np.random.default_rng(seed)
    outcome = rng.random(rows) < 0.43
    level = np.where(
        outcome, rng.choice(4, rows, p=[0.05, 0.15, 0.40, 0.40]), rng.choice(4, rows, p=[0.35, 0.35, 0.20, 0.10])
    )
    return pd.DataFrame(
        {
            "risk_level": pd.Categorical.from_codes(level, KIRAT_LEVELS, ordered=True),
            "outcome": pd.array(outcome, dtype="boolean"),
        }
    )


def ours(cases: pd.DataFrame):
    from inquiry_analysis.io.readers import KIRAT_LEVELS
    from inquiry_analysis.metrics.case_files import evaluate_case_file

    return evaluate_case_file(cases, levels=KIRAT_LEVELS)


def baseline(cases: pd.DataFrame):
    from sklearn.metrics import confusion_matrix, roc_auc_score

    score = cases["risk_level"].cat.codes.to_numpy()
    truth = cases["outcome"].to_numpy(dtype=bool)
    return roc_auc_score(truth, score), [confusion_matrix(truth, score >= k) for k in range(1, 4)]


def former_pairwise(cases: pd.DataFrame):
    """The former method: DeLong over an explicit positives × negatives table."""
    score = cases["risk_level"].cat.codes.to_numpy().astype(float)
    truth = cases["outcome"].to_numpy(dtype=bool)
    x, y = score[truth], score[~truth]
    psi = (x[:, None] > y[None, :]).astype(float) + 0.5 * (x[:, None] == y[None, :])
    auc = psi.mean()
    return auc, psi.mean(axis=1).var(ddof=1) / len(x) + psi.mean(axis=0).var(ddof=1) / len(y)


def best_wall(function, cases, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(cases)
        times.append(time.perf_counter() - started)
    return min(times)


def peak_mib(function, cases) -> float:
    tracemalloc.start()
    try:
        function(cases)
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def pairs(cases: pd.DataFrame) -> int:
    positives = int(cases["outcome"].sum())
    return positives * (len(cases) - positives)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the synthetic case file (default 100,000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each side; the best is kept (default 5)")
    args = parser.parse_args()

    cases = synthetic_case_file(args.rows)
    ours(cases), baseline(cases)  # warm up: imports and first calls are not what is measured
    wall, base_wall = best_wall(ours, cases, args.repeats), best_wall(baseline, cases, args.repeats)
    peak, base_peak = peak_mib(ours, cases), peak_mib(baseline, cases)
    result = ours(cases)
    positives = int(cases["outcome"].sum())

    print(
        f"SYNTHETIC case file: {len(cases):,} rows, {positives:,} with the outcome, seeded; best of {args.repeats} runs"
    )
    print(f"AUC {result.auc} [{result.auc.method}]; sklearn roc_auc_score {baseline(cases)[0]:.6f}")
    print(
        f"evaluate_case_file:                  {wall:8.3f} s  {peak:8.1f} MiB peak "
        f"(targets: at most {TARGET_SECONDS:g} s and {TARGET_MIB:g} MiB: "
        f"{'met' if wall <= TARGET_SECONDS and peak <= TARGET_MIB else 'NOT met'})"
    )
    print(f"baseline (sklearn AUC + 3 matrices): {base_wall:8.3f} s  {base_peak:8.1f} MiB peak")
    print(
        f"ratio to baseline: time {wall / base_wall:.2f} x, memory {peak / max(base_peak, 1e-9):.2f} x "
        "(ours also computes every interval)"
    )

    sample = cases.sample(n=min(5_000, len(cases)), random_state=1)
    sample_wall, sample_peak = best_wall(former_pairwise, sample, 1), peak_mib(former_pairwise, sample)
    scale = pairs(cases) / pairs(sample)
    print(
        f"former pairwise DeLong on a {len(sample):,}-row sample: {sample_wall:.3f} s, {sample_peak:.1f} MiB peak; "
        f"scaled by pairs ({scale:,.0f} x) to {len(cases):,} rows: about {sample_wall * scale:,.0f} s and "
        f"{sample_peak * scale / 1024:,.1f} GiB (not run; one float64 pairs table alone is "
        f"{pairs(cases) * 8 / 2**30:,.1f} GiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
