"""Time and peak memory of reading a 10-million-row referral log, against hand-written DuckDB SQL and pandas.

    .venv/bin/python benchmarks/referral_log.py
    .venv/bin/python benchmarks/referral_log.py --rows 1000000 --repeats 5 --folder /tmp/logs

The log is SYNTHETIC: written by :mod:`inquiry_analysis.io.synthetic` (seeded; ids ``SYN-``;
the Parquet metadata says ``synthetic: true``); it describes no real referral or force. It is
written once per run into a temporary folder (or ``--folder``, where it is kept and reused) and
every route reads the same file, warm (a first, untimed run loads the imports and the page cache).

Measured, each route in a process of its own (``multiprocessing``, spawn), best of ``--repeats``:

- ours: ``read_referral_log(path, extract_date=...)`` (which checks every row), then
  ``.monthly()`` and ``metrics.cohorts.conversion(log.follow_up())`` (Kaplan–Meier shares with intervals per
  monthly cohort).
- hand SQL, same checks (the baseline): what a DuckDB user would write for the same outputs from
  a log they must first check as the reader does: one scan counting every problem the reader
  refuses (empty, spaced or duplicated ids, by distinct hashes as the reader does; missing,
  future, early, out-of-order dates or dates after the extract date; the first and last dates), then one ``GROUP
  BY`` month and one ``GROUP BY``
  cohort and days to arrest or censoring (the table the Kaplan–Meier estimate is computed from).
  Target: ours at most 1.25 x its time.
- hand SQL, no checks: the two ``GROUP BY`` s alone. What checking costs (most of it: proving
  ten million ids distinct) is the gap between the two hand routes.
- pandas: ``pd.read_parquet(path)``, dates converted with ``pd.to_datetime``, a ``groupby`` month
  and the same cohort table.
- imports only: the floor of the others' memory (Python, pandas, DuckDB and the reader imported).

Peak memory is each process's own peak resident set size (``getrusage``), imports included.
Target: ours at most 2 GiB. The monthly series and the cohort table from ours are checked equal to
the hand SQL's. Then the log is written again with three bad rows (a duplicated id, an arrest
before receipt, a receipt a century late) and the reader's error report is printed, with the
time it took and whether it names exactly those three ids. Nothing here is a test: it prints, and
exits 0.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.25
TARGET_GIB = 2.0
GIB = 2**30
CAP_DAYS = 366  # follow-up past a year is cut there, as ReferralLog.conversion does for its 12-month horizon
SEED = 20180124
BAD = {"duplicate_id": 1, "arrested_before_received": 1, "future_received": 1}


def _month_sql(column: str) -> str:
    return f"year({column}) * 12 + month({column}) - 1"


def _follow_up_sql(path: str, extract: str) -> str:
    """Per monthly cohort and day: referrals arrested that day, last seen unarrested that day, disseminated."""
    event = f"arrested IS NOT NULL AND arrested - received <= {CAP_DAYS}"
    return (
        f"SELECT {_month_sql('received')} AS cohort, "
        f"least(coalesce(arrested, DATE '{extract}') - received, {CAP_DAYS}) AS days, "
        f"count(*) FILTER ({event}) AS events, count(*) FILTER (NOT ({event})) AS censored, "
        f"count(disseminated) AS disseminated FROM read_parquet('{path}') GROUP BY ALL ORDER BY cohort, days"
    )


def ours(path: str, extract: str):
    import inquiry_analysis
    from inquiry_analysis.metrics import cohorts

    with inquiry_analysis.read_referral_log(path, extract_date=extract) as log:
        return log.monthly(), cohorts.conversion(log.follow_up())


def hand_sql(path: str, extract: str):
    import duckdb

    with duckdb.connect() as con:
        monthly = con.execute(
            f"SELECT {_month_sql('received')} AS month, count(*) AS referrals "
            f"FROM read_parquet('{path}') GROUP BY ALL ORDER BY month"
        ).df()
        return monthly, con.execute(_follow_up_sql(path, extract)).df()


def hand_sql_checked(path: str, extract: str):
    import duckdb

    with duckdb.connect() as con:
        *problems, distinct, ids, _, _, _ = con.execute(
            f"SELECT count(*) FILTER (referral_id IS NULL OR referral_id = ''), "
            f"count(*) FILTER (referral_id LIKE ' %' OR referral_id LIKE '% '), count(*) FILTER (received IS NULL), "
            f"count(*) FILTER (received > current_date), count(*) FILTER (disseminated > current_date), "
            f"count(*) FILTER (arrested > current_date), count(*) FILTER (received > DATE '{extract}'), "
            f"count(*) FILTER (disseminated > DATE '{extract}'), count(*) FILTER (arrested > DATE '{extract}'), "
            f"count(*) FILTER (received < DATE '1990-01-01'), "
            f"count(*) FILTER (disseminated < received), count(*) FILTER (arrested < received), "
            f"count(DISTINCT hash(referral_id)) FILTER (referral_id IS NOT NULL), count(referral_id), "
            f"min(received), max(received), max(greatest(received, disseminated, arrested)) "
            f"FROM read_parquet('{path}')"
        ).fetchone()
        if any(problems) or distinct < ids:
            raise ValueError(f"bad log: {problems}")
        return hand_sql(path, extract)


def with_pandas(path: str, extract: str):
    import pandas as pd

    frame = pd.read_parquet(path)
    received, arrested = pd.to_datetime(frame["received"]), pd.to_datetime(frame["arrested"])
    cohort = received.dt.to_period("M")
    monthly = cohort.value_counts().sort_index()
    days = (arrested.fillna(pd.Timestamp(extract)) - received).dt.days
    event = arrested.notna() & (days <= CAP_DAYS)
    table = pd.DataFrame(
        {
            "cohort": cohort,
            "days": days.clip(upper=CAP_DAYS),
            "events": event,
            "censored": ~event,
            "disseminated": frame["disseminated"].notna(),
        }
    )
    return monthly, table.groupby(["cohort", "days"]).sum()


def imports_only(path: str, extract: str):
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    import inquiry_analysis.io.referral_log  # noqa: F401


def write_log(path: str, rows: int, *, bad: bool = False):
    from inquiry_analysis.io.synthetic import write_referral_log

    return write_referral_log(path, rows=rows, seed=SEED, bad_rows=BAD if bad else None)


ROUTES = {
    "ours": ours,
    "hand SQL, same checks": hand_sql_checked,
    "hand SQL, no checks": hand_sql,
    "pandas": with_pandas,
    "imports only": imports_only,
}


def _child(route: str, path: str, extract: str, repeats: int, warm: bool, rows: int, answer) -> None:
    function = ROUTES[route] if route in ROUTES else lambda path, extract: write_log(path, rows)
    if warm:
        function(path, extract)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(path, extract)
        times.append(time.perf_counter() - started)
    answer.put((min(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))  # Linux: KiB


def measure(
    route: str, path: Path, extract: str, repeats: int, *, warm: bool = True, rows: int = 0
) -> tuple[float, float]:
    """Best wall time (s) and peak RSS (bytes) of ``route`` (or ``'write'`` the log) run in a fresh process."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    process = context.Process(target=_child, args=(route, str(path), extract, repeats, warm, rows, answer))
    process.start()
    result = answer.get()
    process.join()
    return result


def _same_as_hand_sql(path: Path, extract: str) -> tuple[bool, bool]:
    """Whether ours gives the hand SQL's monthly series, and its cohort table (conversion's input)."""
    import pandas as pd

    from inquiry_analysis import read_referral_log

    hand_monthly, hand_table = hand_sql(str(path), extract)
    with read_referral_log(path, extract_date=extract) as log:
        monthly, table = log.monthly(), log.follow_up(by="month", cap_days=CAP_DAYS)
    hand_months = [pd.Period(year=k // 12, month=k % 12 + 1, freq="M") for k in hand_monthly["month"]]
    same_months = (
        list(monthly["month"]) == hand_months
        and monthly["referrals"].astype("int64").tolist() == hand_monthly["referrals"].astype("int64").tolist()
    )
    hand_table["cohort"] = [pd.Period(year=k // 12, month=k % 12 + 1, freq="M") for k in hand_table["cohort"]]
    columns = ["cohort", "days", "events", "censored", "disseminated"]
    same_table = all(table[c].astype(object).tolist() == hand_table[c].astype(object).tolist() for c in columns)
    return same_months, same_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of the synthetic log (default 10,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each route; the best is kept (default 3)")
    parser.add_argument("--folder", type=Path, help="keep the logs here and reuse them (default: a temporary folder)")
    parser.add_argument("--no-bad", action="store_true", help="skip the log with three bad rows")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="referral-log-bench-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"synthetic_referral_log_{args.rows}_rows_seed_{SEED}.parquet"
        extract = "2018-01-01"  # the generator's default: the day after its last month, Dec 2017
        if path.exists():
            print(f"SYNTHETIC log reused: {path} ({path.stat().st_size / 2**20:,.1f} MiB)")
        else:
            wall, peak = measure("write", path, extract, 1, warm=False, rows=args.rows)
            print(
                f"SYNTHETIC log written: {args.rows:,} rows, {path.stat().st_size / 2**20:,.1f} MiB Parquet, "
                f"in {wall:.1f} s ({args.rows / wall:,.0f} rows/s), peak RSS {peak / 2**20:,.0f} MiB"
            )
        print(f"best of {args.repeats} warm runs, each route in a fresh process; extract date {extract}")

        results = {route: measure(route, path, extract, args.repeats) for route in ROUTES}
        for route, (wall, peak) in results.items():
            speed = f"{args.rows / wall:>12,.0f} rows/s" if route != "imports only" else " " * 19
            print(f"  {route:<22} {wall:8.3f} s {speed}   peak RSS {peak / 2**20:7,.0f} MiB")
        ours_wall, ours_peak = results["ours"]
        ratio = ours_wall / results["hand SQL, same checks"][0]
        print(
            f"ratio ours / hand SQL with the same checks: {ratio:.2f} x (target at most {TARGET_RATIO:g}: "
            f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}); "
            f"ours / hand SQL with no checks: {ours_wall / results['hand SQL, no checks'][0]:.2f} x"
        )
        print(
            f"ratio pandas / ours: time {results['pandas'][0] / ours_wall:.2f} x, "
            f"peak RSS {results['pandas'][1] / ours_peak:.2f} x"
        )
        print(
            f"peak RSS of ours: {ours_peak / GIB:.2f} GiB (target at most {TARGET_GIB:g} GiB: "
            f"{'met' if ours_peak <= TARGET_GIB * GIB else 'NOT met'}); imports alone "
            f"{results['imports only'][1] / GIB:.2f} GiB"
        )
        same_months, same_table = _same_as_hand_sql(path, extract)
        assert same_months, "read_referral_log(path).monthly() differs from the hand SQL GROUP BY month"
        print(f"monthly series equals hand SQL: {'yes' if same_months else 'NO'}")
        print(f"cohort follow-up table (conversion's input) equals hand SQL: {'yes' if same_table else 'NO'}")

        if not args.no_bad:
            _bad_log(folder, args.rows, extract)
    return 0


def _bad_log(folder: Path, rows: int, extract: str) -> None:
    from inquiry_analysis import DataError, read_referral_log

    path = folder / f"synthetic_referral_log_{rows}_rows_seed_{SEED}_bad.parquet"
    started = time.perf_counter()
    model = write_log(str(path), rows, bad=True)
    written = time.perf_counter() - started
    expected = {ident for ids in model.bad_ids.values() for ident in ids}
    timings, report = [], None
    for _ in range(2):  # the first run warms the imports and the page cache
        started = time.perf_counter()
        try:
            read_referral_log(path, extract_date=extract).close()
        except DataError as err:
            report = err
        timings.append(time.perf_counter() - started)
    print(
        f"\nSYNTHETIC log with 3 bad rows, written in {written:.1f} s "
        f"({', '.join(f'{k} {v[0]}' for k, v in model.bad_ids.items())}); the reader's report:"
    )
    if report is None:
        print("  the reader raised NO error")
        return
    print("  " + str(report).replace("\n", "\n  "))
    named = set(re.findall(r"SYN-\d+", str(report)))
    print(
        f"error report in {timings[-1]:.2f} s (warm); names exactly the 3 bad ids: "
        f"{'yes' if named == expected else f'NO (named {sorted(named)}, expected {sorted(expected)})'}"
    )


if __name__ == "__main__":
    sys.exit(main())
