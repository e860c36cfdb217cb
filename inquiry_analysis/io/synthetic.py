"""Write SYNTHETIC record-level referral logs, seeded, for tests and benchmarks of the log reader.

SYNTHETIC: every row written here is made up by a seeded random generator; none describes a real
referral, child, suspect or police force. Referral ids start ``SYN-``, forces are named
``Force 01`` to ``Force 43``, and a Parquet file says so in its key-value metadata
(``synthetic: true``, the generator, the seed and a one-line summary of the model).

A referral log has one row per referral of online child sexual abuse received by a national
agency: ``referral_id`` (text, unique), ``received`` (date), ``source`` (text), ``disseminated``
(date, or empty: when the case was sent to a police force), ``arrested`` (date, or empty: when it
led to an arrest) and ``force`` (text, or empty). Rows are in order of ``received``, and ids rise
with it.

The model, so that a reader knows what analyses of a log should find (defaults in brackets):

- volume: ``rows`` referrals over ``months`` months from ``first_month`` (60 from 2013-01). The
  expected share of month i (0 for the first) is proportional to
  (1 + annual_growth)^(i/12) × (1 + 0.1 sin(2π(i − 3)/12)): growth of ``annual_growth`` a year
  (35%) and a season peaking at i = 6, 18, ... (July when the first month is a January). The
  counts per month are one multinomial draw with those shares, so they sum exactly to ``rows``;
  they are returned as :attr:`LogModel.month_counts`. Within a month, ``received`` is uniform
  over its days (a multinomial over the days).
- source: ``NCMEC`` 80%, ``Other industry`` 8%, ``International partner`` 7%, ``UK public`` 5%,
  independently of everything else.
- dissemination: with probability 0.55, to one of 43 forces (``Force 01`` the largest, shares
  proportional to 1/(k + 3) for ``Force k``), after a lag of whole days, the floor of a gamma
  draw (shape 2, scale 12.5 days: median 21 days, mean 25). A lag of 0 is the same day.
- arrest: of disseminated referrals, with a probability drifting linearly from 0.06 for the
  first month's referrals to 0.10 for the last month's (about 0.08 overall), after a further lag,
  the floor of a gamma draw (shape 1.5, scale 100 days: median 118 days, about 4 months; mean 150
  days; 6% after more than a year). As arrests lag referrals and volume grows, arrests in a year
  over referrals in that year (the same-year ratio) is below the share of that year's cohort
  ever arrested; the drift makes cohort conversion rise over time.
- right-censoring: the log is extracted on ``extract_date`` (by default the day after the last
  month). A dissemination or an arrest dated after it has not happened yet as far as the log
  knows: it is left empty, and so is the force of a referral not yet disseminated. One dated on
  ``extract_date`` itself is kept, so by default the month after the last holds one day of
  disseminations and arrests (and no referrals). Recent cohorts therefore show fewer arrests
  than they will have; a cohort analysis must treat them as censored, not as failures.

No date earlier than its row's ``received`` is ever generated, and none after ``extract_date``,
except by the faults asked for in ``bad_rows`` (see :func:`write_referral_log`).

The numbers depend only on the arguments, never on ``chunk_rows``: the month and day counts come
from one generator, and the rest from one generator per block of 8,192 rows
(:data:`BLOCK_ROWS`), both derived from ``numpy.random.SeedSequence(seed)``. Rows are generated a
chunk at a time with numpy and streamed through DuckDB into one file, so memory does not grow
with ``rows``. Run as ``python -m inquiry_analysis.io.synthetic OUT --rows N`` to write one.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["BAD_ROW_KINDS", "BLOCK_ROWS", "LogModel", "write_referral_log"]

#: Rows drawn from one random generator; chunks are whole blocks, so chunking never changes the numbers.
BLOCK_ROWS = 8_192

#: The faults ``bad_rows`` can inject, each into rows of its own.
BAD_ROW_KINDS = ("duplicate_id", "arrested_before_received", "future_received", "missing_received")

SOURCES = (("NCMEC", 0.80), ("Other industry", 0.08), ("International partner", 0.07), ("UK public", 0.05))
FORCES = 43
DISSEMINATION_PROBABILITY = 0.55
DISSEMINATION_LAG = (2.0, 12.5)  # gamma shape, scale in days
ARREST_PROBABILITY = (0.06, 0.10)  # for the first month's referrals, for the last month's
ARREST_LAG = (1.5, 100.0)  # gamma shape, scale in days
SEASONAL_AMPLITUDE = 0.1
ARREST_BEFORE_RECEIVED_DAYS = 30  # how far before its receipt a faulty arrest is dated
FUTURE_YEARS = 100  # a faulty receipt is dated this many years late: 2115 for 2015, a slip of the century
ID_DIGITS = 10  # SYN-0000000001

_EPOCH = dt.date(1970, 1, 1)
_MODEL = (
    "synthetic referral log: monthly counts multinomial, growth (1+g)^(i/12) x (1+0.1 sin(2pi(i-3)/12)); "
    "sources NCMEC .80/other industry .08/international .07/UK public .05; disseminated p=.55 after "
    "gamma(2, 12.5 d); arrested p=.06 rising to .10 after gamma(1.5, 100 d); right-censored at extract_date"
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class LogModel:
    """What :func:`write_referral_log` wrote: the realised parameters of a SYNTHETIC log.

    Attributes
    ----------
    path : str
        The file written.
    format : str
        ``'parquet'`` or ``'csv'``.
    rows : int
        Rows in the file (one per referral).
    seed : int
        The seed of ``numpy.random.SeedSequence`` every number was drawn from.
    first_month, last_month : str
        The first and last month of ``received``, as ``YYYY-MM``.
    extract_date : datetime.date
        The day the log was extracted: no dissemination or arrest after it is recorded.
    annual_growth : float
        Expected growth of monthly counts over twelve months (0.35 is 35% a year).
    seasonal_amplitude : float
        The season's relative amplitude, 0.1: a factor 1 + 0.1 sin(2π(i − 3)/12) on month i's share.
    month_counts : tuple of int
        Rows received in each month, first to last, as drawn (``sum(month_counts) == rows``). A row
        made faulty by ``future_received`` or ``missing_received`` is counted in the month it was
        drawn in, not in the file's month of ``received``.
    sources : tuple of (str, float)
        Each source and its probability.
    forces : int
        How many forces (``Force 01`` ... ``Force 43``) referrals are disseminated to.
    dissemination_probability : float
        Probability that a referral is disseminated (before censoring).
    dissemination_lag_shape, dissemination_lag_scale_days : float
        The gamma distribution of the days from receipt to dissemination (floored to whole days).
    arrest_probability_first, arrest_probability_last : float
        Probability that a disseminated referral leads to an arrest (before censoring), for the
        first month's referrals and for the last month's; linear in between.
    arrest_lag_shape, arrest_lag_scale_days : float
        The gamma distribution of the days from dissemination to arrest (floored to whole days).
    disseminated, arrested : int
        Rows of the file with a ``disseminated`` (or ``arrested``) date, after censoring and faults.
    censored_disseminations, censored_arrests : int
        Disseminations (arrests) the model drew after ``extract_date``, left empty in the file.
    bad_ids : dict of str to tuple of str
        The ids of the rows made faulty, by kind (see :data:`BAD_ROW_KINDS`); empty without
        ``bad_rows``. For ``duplicate_id``, the id that occurs twice.
    bad_rows : dict of str to tuple of int
        The same rows by their row number in the file, as a spreadsheet counts (header = 1); for
        ``duplicate_id``, the later of the two rows.
    """

    path: str
    format: str
    rows: int
    seed: int
    first_month: str
    last_month: str
    extract_date: dt.date
    annual_growth: float
    seasonal_amplitude: float
    month_counts: tuple[int, ...]
    sources: tuple[tuple[str, float], ...]
    forces: int
    dissemination_probability: float
    dissemination_lag_shape: float
    dissemination_lag_scale_days: float
    arrest_probability_first: float
    arrest_probability_last: float
    arrest_lag_shape: float
    arrest_lag_scale_days: float
    disseminated: int
    arrested: int
    censored_disseminations: int
    censored_arrests: int
    bad_ids: dict
    bad_rows: dict


def _month_starts(first_month: str, months: int) -> list[dt.date]:
    """The first day of each month, and of the month after the last (``months + 1`` dates)."""
    year, month = (int(part) for part in first_month.split("-"))
    return [dt.date(year + (month - 1 + i) // 12, (month - 1 + i) % 12 + 1, 1) for i in range(months + 1)]


def _check_arguments(
    rows, seed, first_month, months, extract_date, annual_growth, format, bad_rows, chunk_rows, path: Path
) -> tuple[dt.date | None, str, dict]:
    for name, value, least in (
        ("rows", rows, 1),
        ("seed", seed, 0),
        ("months", months, 1),
        ("chunk_rows", chunk_rows, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"`{name}` must be a whole number, at least {least}, but {value!r} was passed")
    if not isinstance(first_month, str) or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", first_month):
        raise ValueError(
            f"`first_month` must be a month as 'YYYY-MM', such as '2013-01', but {first_month!r} was passed"
        )
    if (
        isinstance(annual_growth, bool)
        or not isinstance(annual_growth, (int, float))
        or not math.isfinite(annual_growth)
        or annual_growth <= -1
    ):
        raise ValueError(
            f"`annual_growth` must be a number above -1 (0.35 is 35% a year), but {annual_growth!r} was passed"
        )
    if isinstance(extract_date, str):
        try:
            extract_date = dt.date.fromisoformat(extract_date)
        except ValueError:
            raise ValueError(
                f"`extract_date` must be a date as 'YYYY-MM-DD', but {extract_date!r} was passed"
            ) from None
    elif extract_date is not None and (isinstance(extract_date, dt.datetime) or not isinstance(extract_date, dt.date)):
        raise ValueError(f"`extract_date` must be a date or 'YYYY-MM-DD', but {extract_date!r} was passed")
    if format is None:
        format = {".parquet": "parquet", ".csv": "csv"}.get(path.suffix.lower())
        if format is None:
            raise ValueError(
                f"cannot tell the format from the name '{path.name}': end it in .parquet or .csv, "
                "or pass format='parquet' or 'csv'"
            )
    elif format not in ("parquet", "csv"):
        raise ValueError(f"`format` must be 'parquet' or 'csv', but {format!r} was passed")
    bad = dict(bad_rows or {})
    for kind, count in bad.items():
        if kind not in BAD_ROW_KINDS:
            raise ValueError(f"unknown kind of bad row {kind!r}; expected one of {', '.join(BAD_ROW_KINDS)}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(
                f"the count of {kind!r} bad rows must be a whole number, 0 or more, but {count!r} was passed"
            )
    if 2 * sum(bad.values()) > rows:
        raise ValueError(
            f"{sum(bad.values())} bad rows need a log of at least {2 * sum(bad.values())} rows, "
            f"but rows={rows} was passed"
        )
    return extract_date, format, bad


def _fault_positions(rows: int, bad: dict) -> tuple[dict, dict]:
    """Rows (0-based) of each fault, evenly spread over the file, and for each duplicate the row it copies."""
    kinds = [kind for kind in BAD_ROW_KINDS for _ in range(bad.get(kind, 0))]
    positions = [int((j + 0.5) * rows / len(kinds)) for j in range(len(kinds))]
    faults = {position: kind for position, kind in zip(positions, kinds)}
    copied, taken = {}, set(positions)
    for position, kind in faults.items():
        if kind == "duplicate_id":
            # An earlier row far back (half-way to the start), unless that row is faulty or copied already.
            source = position // 2
            while source in taken:
                source += 1
            taken.add(source)
            copied[position] = source
    return faults, copied


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("number", pa.int64()),
            ("received", pa.date32()),
            ("source", pa.int8()),
            ("disseminated", pa.date32()),
            ("arrested", pa.date32()),
            ("force", pa.int8()),
        ]
    )


def _extract_date(extract_date: dt.date | None, starts: list[dt.date]) -> dt.date:
    """The day of extraction: as given, no earlier than the last day of the last month; by default the day after it."""
    last_day = starts[-1] - dt.timedelta(days=1)
    if extract_date is None:
        return starts[-1]
    if extract_date < last_day:
        raise ValueError(
            f"`extract_date` must be no earlier than the last day of the last month, {last_day}, "
            f"but {extract_date} was passed"
        )
    return extract_date


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Plan:
    """What every chunk of rows is drawn from: the days of receipt (drawn for the whole log at once) and the model.

    Dates are days since 1970-01-01.
    """

    seed: int
    extract: int  #: the day of extraction
    month_counts: np.ndarray  #: rows received in each month
    day_ends: np.ndarray  #: rows received up to the end of each day of the span
    day_epoch: np.ndarray  #: each day of the span
    day_month: np.ndarray  #: each day's month, 0 for the first
    source_edges: np.ndarray  #: the sources' cumulative probabilities, the last left out
    force_edges: np.ndarray  #: the forces' cumulative shares, the last left out
    arrest_first: float  #: probability of arrest for the first month's referrals
    slope: float  #: its rise a month
    faults: dict  #: the kind of fault of each faulty row (0-based)
    copied: dict  #: for each ``duplicate_id`` row, the row whose id it takes
    fault_at: np.ndarray  #: the faulty rows, sorted


def _plan(rows: int, seed: int, starts: list[dt.date], extract_date: dt.date, annual_growth: float, bad: dict) -> _Plan:
    """Draw the months and days of receipt, from one generator, and lay out the model's constants and the faults."""
    months = len(starts) - 1
    epoch = np.array([(start - _EPOCH).days for start in starts], dtype=np.int64)
    # Months, then days within each month, from one generator: the file is sorted by `received`.
    index = np.arange(months)
    weights = (1 + annual_growth) ** (index / 12) * (1 + SEASONAL_AMPLITUDE * np.sin(2 * np.pi * (index - 3) / 12))
    head = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    month_counts = head.multinomial(rows, weights / weights.sum())
    lengths = np.diff(epoch)
    day_counts = np.concatenate([head.multinomial(n, np.full(d, 1 / d)) for n, d in zip(month_counts, lengths)])
    force_shares = 1 / (np.arange(1, FORCES + 1) + 3)
    arrest_first, arrest_last = ARREST_PROBABILITY
    faults, copied = _fault_positions(rows, bad)
    return _Plan(
        seed=seed,
        extract=(extract_date - _EPOCH).days,
        month_counts=month_counts,
        day_ends=np.cumsum(day_counts),
        day_epoch=np.arange(epoch[0], epoch[-1], dtype=np.int64),
        day_month=np.repeat(index, lengths),
        source_edges=np.cumsum([share for _, share in SOURCES])[:-1],
        force_edges=np.cumsum(force_shares / force_shares.sum())[:-1],
        arrest_first=arrest_first,
        slope=(arrest_last - arrest_first) / max(months - 1, 1),
        faults=faults,
        copied=copied,
        fault_at=np.array(sorted(faults), dtype=np.int64),
    )


def _draws(seed: int, start: int, stop: int) -> np.ndarray:
    """Per row ``start`` to ``stop``: source, disseminated?, lag, arrested?, lag, force; one generator per block."""
    n = stop - start
    draws = np.empty((6, n))
    for first in range(start, stop, BLOCK_ROWS):
        size = min(BLOCK_ROWS, stop - first)
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1, first // BLOCK_ROWS)))
        at = slice(first - start, first - start + size)
        draws[0, at] = rng.random(size)
        draws[1, at] = rng.random(size)
        draws[2, at] = rng.gamma(DISSEMINATION_LAG[0], DISSEMINATION_LAG[1], size)
        draws[3, at] = rng.random(size)
        draws[4, at] = rng.gamma(ARREST_LAG[0], ARREST_LAG[1], size)
        draws[5, at] = rng.random(size)
    return draws


def _inject_faults(plan: _Plan, start: int, stop: int, columns: dict) -> None:
    """Make the faulty rows among ``start`` to ``stop`` faulty, in the chunk's ``columns`` (changed in place)."""
    number, received = columns["number"], columns["received"]
    disseminated, has_disseminated = columns["disseminated"], columns["has_disseminated"]
    arrested, has_arrested = columns["arrested"], columns["has_arrested"]
    for position in plan.fault_at[(plan.fault_at >= start) & (plan.fault_at < stop)]:
        kind, i = plan.faults[int(position)], int(position) - start
        if kind == "duplicate_id":
            number[i] = plan.copied[int(position)] + 1
        elif kind == "arrested_before_received":
            if not has_disseminated[i]:
                disseminated[i], has_disseminated[i] = received[i], True
            arrested[i], has_arrested[i] = received[i] - ARREST_BEFORE_RECEIVED_DAYS, True
        elif kind == "future_received":
            late = _EPOCH + dt.timedelta(days=int(received[i]))
            received[i] = (late.replace(year=late.year + FUTURE_YEARS, day=min(late.day, 28)) - _EPOCH).days
            has_disseminated[i] = has_arrested[i] = False
        else:  # missing_received
            columns["has_received"][i] = False


def _chunk(plan: _Plan, start: int, stop: int, tallies: dict):
    """Rows ``start`` to ``stop`` (0-based, stop excluded) as one Arrow record batch; adds to ``tallies``."""
    import pyarrow as pa

    draws = _draws(plan.seed, start, stop)
    day = np.searchsorted(plan.day_ends, np.arange(start, stop), side="right")
    received = plan.day_epoch[day]
    source = np.searchsorted(plan.source_edges, draws[0], side="right").astype(np.int8)
    will_disseminate = draws[1] < DISSEMINATION_PROBABILITY
    disseminated = received + np.floor(draws[2]).astype(np.int64)
    will_arrest = will_disseminate & (draws[3] < plan.arrest_first + plan.slope * plan.day_month[day])
    arrested = disseminated + np.floor(draws[4]).astype(np.int64)
    force = (np.searchsorted(plan.force_edges, draws[5], side="right") + 1).astype(np.int8)
    del draws
    columns = {
        "number": np.arange(start + 1, stop + 1, dtype=np.int64),
        "received": received,
        "has_received": np.ones(stop - start, dtype=bool),
        "disseminated": disseminated,
        "has_disseminated": will_disseminate & (disseminated <= plan.extract),
        "arrested": arrested,
        "has_arrested": will_arrest & (arrested <= plan.extract),
    }
    tallies["censored_disseminations"] += int(np.count_nonzero(will_disseminate & ~columns["has_disseminated"]))
    tallies["censored_arrests"] += int(np.count_nonzero(will_arrest & ~columns["has_arrested"]))
    _inject_faults(plan, start, stop, columns)
    tallies["disseminated"] += int(np.count_nonzero(columns["has_disseminated"]))
    tallies["arrested"] += int(np.count_nonzero(columns["has_arrested"]))

    def dates(values, present):
        return pa.array(values.astype(np.int32), mask=~present).cast(pa.date32())

    return pa.record_batch(
        [
            pa.array(columns["number"]),
            dates(received, columns["has_received"]),
            pa.array(source),
            dates(disseminated, columns["has_disseminated"]),
            dates(arrested, columns["has_arrested"]),
            pa.array(force, mask=~columns["has_disseminated"]),
        ],
        schema=_schema(),
    )


def _copy_options(format: str, seed: int) -> str:
    """DuckDB's COPY options for the format; a Parquet file's key-value metadata say it is synthetic."""
    if format != "parquet":
        return "FORMAT csv, HEADER true, DELIMITER ','"
    metadata = {
        "synthetic": "true",
        "generator": "inquiry_analysis.io.synthetic",
        "seed": str(seed),
        "model": _MODEL,
    }
    return (
        "FORMAT parquet, KV_METADATA {"
        + ", ".join(f"{key}: {_sql_text(value)}" for key, value in metadata.items())
        + "}"
    )


def _write(stream, path: Path, format: str, seed: int) -> None:
    """Stream the record batches through DuckDB into ``path``, written under a temporary name and moved into place."""
    import duckdb

    names = ", ".join(f"'{name}'" for name, _ in SOURCES)
    select = (
        f"SELECT 'SYN-' || lpad(number::VARCHAR, {ID_DIGITS}, '0') AS referral_id, received, "
        f"[{names}][source + 1] AS source, disseminated, arrested, "
        f"CASE WHEN force IS NOT NULL THEN 'Force ' || lpad(force::VARCHAR, 2, '0') END AS force "
        f"FROM stream"
    )
    partial = path.with_name(f".{path.name}.partial")
    connection = duckdb.connect()
    try:
        # One thread: the rows come from Python one chunk at a time anyway, and a second thread only lets
        # DuckDB buffer chunks out of order (memory growing with `rows`: 640 MiB for 10M rows, 230 with one).
        connection.execute("SET threads = 1")
        connection.register("stream", stream)
        connection.execute(f"COPY ({select}) TO {_sql_text(str(partial))} ({_copy_options(format, seed)})")
    finally:
        connection.close()
    os.replace(partial, path)


def _bad(plan: _Plan, bad: dict) -> tuple[dict, dict]:
    """The faulty rows of each kind asked for: their ids, and their row numbers as a spreadsheet counts."""
    faults = plan.faults
    numbers = {position: (plan.copied.get(position, position) + 1) for position in faults}
    bad_ids = {
        kind: tuple(f"SYN-{numbers[p]:0{ID_DIGITS}d}" for p in sorted(faults) if faults[p] == kind)
        for kind in BAD_ROW_KINDS
        if bad.get(kind)
    }
    bad_lines = {
        kind: tuple(p + 2 for p in sorted(faults) if faults[p] == kind) for kind in BAD_ROW_KINDS if bad.get(kind)
    }
    return bad_ids, bad_lines


def write_referral_log(
    path,
    *,
    rows: int = 100_000,
    seed: int = 20180124,
    first_month: str = "2013-01",
    months: int = 60,
    extract_date: str | None = None,
    annual_growth: float = 0.35,
    format: str | None = None,
    bad_rows: dict | None = None,
    chunk_rows: int = 1_000_000,
) -> LogModel:
    """Write a SYNTHETIC record-level referral log, seeded, to a Parquet or CSV file.

    The model is described in the module's docstring. The same arguments write the same bytes,
    whatever ``chunk_rows``. The file is written under a temporary name beside ``path`` and moved
    into place when complete, replacing any file of that name.

    Parameters
    ----------
    path : path
        The file to write: ``.parquet`` or ``.csv`` (unless ``format`` says which).
    rows : int
        Referrals in the log (default 100,000).
    seed : int
        Seed of every random draw (default 20180124).
    first_month : str
        The first month of ``received``, as ``YYYY-MM`` (default ``'2013-01'``).
    months : int
        How many months the log spans (default 60).
    extract_date : str or datetime.date, optional
        The day the log was extracted, ``YYYY-MM-DD``, no earlier than the last day of the last
        month; disseminations and arrests after it are left empty. By default the day after the
        last month.
    annual_growth : float
        Expected growth of the monthly counts over a year (default 0.35, 35% a year).
    format : {None, 'parquet', 'csv'}
        The file's format; by default from the suffix of ``path``. Parquet columns are typed
        (``DATE`` for dates) and the file's key-value metadata says it is synthetic; CSV has a
        header, ISO dates (``2016-06-01``) and nothing between the commas for an empty value.
    bad_rows : dict, optional
        Faults to inject, kind to count, each into its own row, spread evenly over the file:
        ``duplicate_id`` (the row takes the id of an earlier row), ``arrested_before_received``
        (arrested 30 days before received; disseminated on the day received if it was not
        disseminated), ``future_received`` (received 100 years late, nothing after it) and
        ``missing_received`` (received empty). The ids are returned in :attr:`LogModel.bad_ids`.
    chunk_rows : int
        Rows generated at a time (default 1,000,000), rounded down to whole blocks of
        :data:`BLOCK_ROWS` (at least one): a bound on memory, no influence on the numbers.

    Returns
    -------
    LogModel
        The realised parameters, including the rows per month and the ids of faulty rows.

    Raises
    ------
    ValueError
        If an argument is not one of the values described above.
    """
    import pyarrow as pa

    path = Path(path)
    extract_date, format, bad = _check_arguments(
        rows, seed, first_month, months, extract_date, annual_growth, format, bad_rows, chunk_rows, path
    )
    starts = _month_starts(first_month, months)
    extract_date = _extract_date(extract_date, starts)
    plan = _plan(rows, seed, starts, extract_date, annual_growth, bad)
    tallies = {"disseminated": 0, "arrested": 0, "censored_disseminations": 0, "censored_arrests": 0}
    block_rows = max(1, chunk_rows // BLOCK_ROWS) * BLOCK_ROWS
    batches = (_chunk(plan, start, min(start + block_rows, rows), tallies) for start in range(0, rows, block_rows))
    _write(pa.RecordBatchReader.from_batches(_schema(), batches), path, format, seed)
    bad_ids, bad_lines = _bad(plan, bad)
    return LogModel(
        path=str(path),
        format=format,
        rows=rows,
        seed=seed,
        first_month=first_month,
        last_month=f"{starts[-2].year:04d}-{starts[-2].month:02d}",
        extract_date=extract_date,
        annual_growth=float(annual_growth),
        seasonal_amplitude=SEASONAL_AMPLITUDE,
        month_counts=tuple(int(c) for c in plan.month_counts),
        sources=SOURCES,
        forces=FORCES,
        dissemination_probability=DISSEMINATION_PROBABILITY,
        dissemination_lag_shape=DISSEMINATION_LAG[0],
        dissemination_lag_scale_days=DISSEMINATION_LAG[1],
        arrest_probability_first=ARREST_PROBABILITY[0],
        arrest_probability_last=ARREST_PROBABILITY[1],
        arrest_lag_shape=ARREST_LAG[0],
        arrest_lag_scale_days=ARREST_LAG[1],
        **tallies,
        bad_ids=bad_ids,
        bad_rows=bad_lines,
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def main(argv: list[str] | None = None) -> int:
    """Write a SYNTHETIC referral log from the command line: ``python -m inquiry_analysis.io.synthetic OUT``.

    Prints what was written: rows, months, extract date, seed, size and time, the dissemination and
    arrest counts, and the ids of any faulty rows asked for with ``--bad KIND=N``.

    Parameters
    ----------
    argv : list of str, optional
        The command's arguments (default: the command line's).

    Returns
    -------
    int
        0, the exit status; a bad argument exits through :mod:`argparse` with status 2.
    """
    parser = argparse.ArgumentParser(
        prog="python -m inquiry_analysis.io.synthetic",
        description="Write a SYNTHETIC record-level referral log (seeded; made up).",
    )
    parser.add_argument("out", help="the file to write, .parquet or .csv")
    parser.add_argument("--rows", type=int, default=100_000, help="referrals (default 100,000)")
    parser.add_argument("--seed", type=int, default=20180124, help="seed (default 20180124)")
    parser.add_argument("--first-month", default="2013-01", help="first month, YYYY-MM (default 2013-01)")
    parser.add_argument("--months", type=int, default=60, help="months spanned (default 60)")
    parser.add_argument("--extract-date", help="day of extraction, YYYY-MM-DD (default the day after the last month)")
    parser.add_argument(
        "--chunk-rows", type=int, default=1_000_000, help="rows generated at a time (default 1,000,000)"
    )
    parser.add_argument(
        "--bad",
        action="append",
        default=[],
        metavar="KIND=N",
        help=f"inject N faulty rows of KIND ({', '.join(BAD_ROW_KINDS)}); may be repeated",
    )
    args = parser.parse_args(argv)
    bad = {}
    for item in args.bad:
        kind, _, count = item.partition("=")
        if not count.isdigit():
            parser.error(f"--bad expects KIND=N, such as duplicate_id=1, but got {item!r}")
        bad[kind] = bad.get(kind, 0) + int(count)
    started = time.perf_counter()
    try:
        model = write_referral_log(
            args.out,
            rows=args.rows,
            seed=args.seed,
            first_month=args.first_month,
            months=args.months,
            extract_date=args.extract_date,
            bad_rows=bad or None,
            chunk_rows=args.chunk_rows,
        )
    except ValueError as err:
        parser.error(str(err))
    seconds = time.perf_counter() - started
    size = os.path.getsize(model.path)
    print(
        f"wrote a SYNTHETIC referral log: {model.path} ({model.format}), {model.rows:,} rows, "
        f"{model.first_month} to {model.last_month}, extracted {model.extract_date}, seed {model.seed}; "
        f"{size / 2**20:,.1f} MiB in {seconds:.1f} s"
    )
    print(
        f"disseminated {model.disseminated:,}, arrested {model.arrested:,} "
        f"(not yet: {model.censored_disseminations:,} disseminations, {model.censored_arrests:,} arrests)"
    )
    if model.bad_ids:
        print("bad rows: " + json.dumps({kind: list(ids) for kind, ids in model.bad_ids.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
