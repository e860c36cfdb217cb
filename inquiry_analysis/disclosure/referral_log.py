"""What of a referral log's tables may be published: small counts, and what would give them away, as ``[c]``.

A referral log is record-level data, so every table made from it is published through
:func:`publishable`, which suppresses them together. What one run publishes is: referrals by month
and source with the month totals (the monthly series), the source totals and the grand total;
cohorts by month (referrals, disseminated, arrested within 3, 6 and 12 months, with shares and
intervals); and years (referrals, arrests made in the year, arrests from the year's referrals, and
the rate within 12 months, from which its count follows).

How
---
1. **Rules first.** Every count below ``min_cell`` (zeros too) is hidden, with the rates built on
   it. The month-by-source table is suppressed and audited as one two-way table
   (:func:`inquiry_analysis.disclosure.suppression.suppress`'s rules). Sources with fewer than
   ``min_cell`` referrals in all are hidden whole and, two or more, pooled for the audit (any one
   of them can hold anything from 0 to the pool's month total, and the audit sees exactly that),
   so 10,000 sources cost what 50 do. A month or year whose referrals are hidden hides everything
   of it (they are the rates' denominator); the cohort and year rules of the earlier release
   (differences between horizons, a year with a hidden month) still apply.
2. **An exact audit of the whole run** (:mod:`inquiry_analysis.disclosure.linked`). Every published
   count is written as a sum of unknown non-negative counts: referrals by month and source;
   by month, disseminated or not; by month of receipt, calendar year of arrest and band of days to
   arrest (0-91, 92-183, 184-365, later) or not arrested, the bands and years that the calendar and
   the extract date rule out being 0. Each ``[c]`` count is minimised and maximised by linear
   programming over every such partition matching what is shown (and every listed source and year
   having at least one referral); while one can take fewer than ``min_cell`` whole values, the
   shown cell its bound rests on (a non-zero dual) is hidden too, and it is audited again. So the
   two year columns, which count each arrest once by arrest year and once by referral year, the
   latest year's 12-month counts, which are all its arrests, and the grand total less the years
   shown no longer give back a hidden cell.

What is guaranteed
------------------
Against a reader who has every table of one run and knows the calendar and the extract date: each
``[c]`` count can take at least ``min_cell`` whole values, judged by the linear relaxation (which
is at least as wide as the whole-number range, and is what a reader solving an LP gets). A month
with no referrals is listed in every table, as ``[c]``, so its absence says nothing.

What is not
-----------
* **Narrower whole-number ranges.** For linked tables the relaxation can be wider than the set of
  whole numbers that fit; a reader enumerating whole-number solutions may exclude some values.
* **Other runs and releases.** Two runs on overlapping logs (an extract a month later, another
  ``min_cell``, a subset of sources) are not audited together; nor is anything a caller prints
  without passing it through here.
* **Knowledge from outside.** Someone who knows some referrals (their own, say) can subtract them;
  the sha256 of the log (cited by every exhibit) lets someone holding a candidate file confirm it.
* **Rates beyond counts.** A Kaplan-Meier share with censoring is not a count over referrals; it
  is hidden with its count, but its value beside a shown count is not audited as a constraint.
* **Zero differences** between two counts shown (no arrests between 6 and 12 months) are
  published, as recent cohorts have them merely for want of follow-up.

Publish a small force's tables only after your own disclosure review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from inquiry_analysis.disclosure.linked import LinkedTables, protect
from inquiry_analysis.disclosure.suppression import MARKER, _protect, check_min_cell
from inquiry_analysis.metrics import cohorts

__all__ = ["PublishableLog", "publishable"]

_DISSEMINATED = ["disseminated", "disseminated_share", "disseminated_lower", "disseminated_upper"]
_ARRESTED = ["arrested", "share", "lower", "upper"]


@dataclass(frozen=True, kw_only=True)
class PublishableLog:
    """A referral log's tables as they may be published; ``[c]`` where withheld.

    Attributes
    ----------
    monthly : DataFrame
        ``month`` (``Period``) and ``referrals`` (int or ``[c]``): the monthly series.
    by_source : DataFrame
        ``month``, ``source`` and ``referrals`` (int or ``[c]``), every month and source.
    source_totals : dict of str to int or str
        Referrals from each source over the whole log (int or ``[c]``).
    total : int or str
        Referrals in the log (int or ``[c]``).
    conversion : DataFrame
        :meth:`~inquiry_analysis.io.referral_log.ReferralLog.conversion` by month, without ``at_risk``.
    ratios : DataFrame
        :meth:`~inquiry_analysis.io.referral_log.ReferralLog.arrest_ratios`, without
        ``within_12m_arrests``.
    min_cell : int
        The smallest count shown.
    """

    monthly: pd.DataFrame
    by_source: pd.DataFrame
    source_totals: dict
    total: object
    conversion: pd.DataFrame
    ratios: pd.DataFrame
    min_cell: int


def _small(value, min_cell: int) -> bool:
    return value == MARKER or int(value) < min_cell


def _hide(frame: pd.DataFrame, row, columns) -> None:
    for column in columns:
        frame.at[row, column] = MARKER


def _conversion(conversion: pd.DataFrame, hidden_months: set, min_cell: int) -> pd.DataFrame:
    out = (
        conversion.drop(columns=["at_risk"])
        .astype({c: object for c in ["referrals", *_DISSEMINATED, *_ARRESTED]})
        .reset_index(drop=True)
    )
    for cohort, rows in out.groupby("cohort", sort=False).groups.items():
        rows = sorted(rows, key=lambda r: out.at[r, "months"])
        referrals = int(out.at[rows[0], "referrals"])
        if cohort in hidden_months:
            for r in rows:
                _hide(out, r, ["referrals", *_DISSEMINATED, *_ARRESTED])
            continue
        disseminated = int(out.at[rows[0], "disseminated"])
        if disseminated < min_cell or referrals - disseminated < min_cell:
            for r in rows:
                _hide(out, r, _DISSEMINATED)
        last_shown = 0
        for r in rows:
            arrested = int(out.at[r, "arrested"])
            if arrested < min_cell or referrals - arrested < min_cell or 0 < arrested - last_shown < min_cell:
                _hide(out, r, _ARRESTED)
            else:
                last_shown = arrested
    return out


def _ratios(ratios: pd.DataFrame, hidden_months: set, arrests_hidden_years: set, min_cell: int) -> pd.DataFrame:
    rates = {
        "arrests_in_year": ["in_year_per_1000", "in_year_lower", "in_year_upper"],
        "cohort_arrests": ["cohort_per_1000", "cohort_lower", "cohort_upper"],
        "within_12m_arrests": ["within_12m_per_1000", "within_12m_lower", "within_12m_upper"],
    }
    out = ratios.astype({c: object for c in ["referrals", *rates, *sum(rates.values(), [])]}).reset_index(drop=True)
    hidden_years = {month.year for month in hidden_months}
    for r in out.index:
        if out.at[r, "year"].year in hidden_years or _small(out.at[r, "referrals"], min_cell):
            _hide(out, r, ["referrals", *rates, *sum(rates.values(), [])])
            continue
        for count, derived in rates.items():
            if _small(out.at[r, count], min_cell):
                _hide(out, r, [count, *derived])
        if out.at[r, "year"].year in arrests_hidden_years:
            # The year's arrests less its months' arrests shown in the cohort table would give the hidden ones.
            _hide(
                out, r, ["cohort_arrests", "within_12m_arrests", *rates["cohort_arrests"], *rates["within_12m_arrests"]]
            )
        cohort, within = out.at[r, "cohort_arrests"], out.at[r, "within_12m_arrests"]
        if MARKER not in (cohort, within) and 0 < int(cohort) - int(within) < min_cell:
            _hide(out, r, ["within_12m_arrests", *rates["within_12m_arrests"]])
    return out


#: Sources shown at most, the largest; the rest are withheld whole (their cells and totals), so the audit stays small.
_MOST_SOURCES = 50

#: Bands of days from receipt to arrest that the published horizons (3, 6, 12 months) and the rest cut.
_BANDS = ((0, 91), (92, 183), (184, 365), (366, None))


def _source_table(wide: np.ndarray, min_cell: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Referrals by month and source with margins, suppressed, the sources below ``min_cell`` pooled.

    Sources with fewer than ``min_cell`` referrals in all are hidden whole (every cell and the total);
    with more than :data:`_MOST_SOURCES` sources left, so are those with no cell of ``min_cell`` and
    those beyond the largest :data:`_MOST_SOURCES` (the audit of a wide table costs its square);
    two or more such are exchangeable in every constraint, so they are audited as two columns, the
    first of them and the rest together: a cell of any of them ranges from 0 to the pool's month
    total, exactly as the first one's does. That keeps the audit small however many sources there are.

    Returns the suppressed table with margins (months by kept sources, the pool's two columns, then
    the totals), its hidden mask, for each original source its column there (-1 for the rest of the
    pool), and the pooled sources.
    """
    totals = wide.sum(axis=0)
    pool = np.flatnonzero(totals < min_cell)
    if wide.shape[1] - pool.size > _MOST_SOURCES:  # many sources: keep the largest that show a cell
        thin = np.flatnonzero(wide.max(axis=0, initial=0) < min_cell)
        order = np.lexsort((np.arange(wide.shape[1]), -totals))
        pool = np.unique(np.concatenate([pool, thin, order[_MOST_SOURCES:]]))
    kept = np.setdiff1d(np.arange(wide.shape[1]), pool) if pool.size >= 2 else np.arange(wide.shape[1])
    column = np.full(wide.shape[1], -1)
    column[kept] = np.arange(kept.size)
    inner = wide[:, kept]
    forced = np.zeros(kept.size, dtype=bool)
    if pool.size >= 2:
        column[pool[0]] = kept.size
        inner = np.column_stack([inner, wide[:, pool[0]], wide[:, pool[1:]].sum(axis=1)])
        forced = np.concatenate([forced, [True, True]])
    full = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    full[:-1, :-1] = inner
    full[:-1, -1], full[-1, :-1], full[-1, -1] = inner.sum(axis=1), inner.sum(axis=0), inner.sum()
    primary = full < min_cell
    primary[:, np.flatnonzero(forced)] = True
    hidden = _protect(full, primary, True)
    return full, hidden, column, pool


def _arrest_unknowns(months: pd.PeriodIndex, extract_date: dt.date) -> list[tuple[int, int, int]]:
    """Each (month of receipt, year of arrest, band of days) that some arrest could fall in, by the calendar.

    A reader who knows the months and the extract date knows the rest are 0: in the latest year no
    referral has 12 months of follow-up, so its arrests are all within 12 months.
    """
    out = []
    for i, month in enumerate(months):
        start, end = month.start_time.date(), month.end_time.date()
        for b, (low, high) in enumerate(_BANDS):
            earliest = start + dt.timedelta(days=low)
            latest = extract_date if high is None else min(end + dt.timedelta(days=high), extract_date)
            out += [(i, year, b) for year in range(earliest.year, latest.year + 1)] if earliest <= latest else []
    return out


def _model(full, pooled: int, months, conversion, ratios, extract_date) -> tuple:
    """Every count one run publishes as a sum of unknowns, and which are hidden (see :mod:`.linked`).

    Unknowns: referrals by month and source (the pool as two sources); by month, those disseminated
    and not; by month of receipt, year of arrest and band of days to arrest (:data:`_BANDS`), and
    those not arrested. Returns the :class:`LinkedTables` (the groups yet to be set) and each cell's key.
    """
    m, c = full.shape[0] - 1, full.shape[1] - 1
    arrests = _arrest_unknowns(months, extract_date)
    base = m * c + 3 * m  # then D, not D, not arrested by month, then the arrests
    rows, keys, values, floors = [], [], [], []

    def add(key, columns, value, floor=0):
        keys.append(key), rows.append(columns), values.append(int(value)), floors.append(floor)

    for i in range(m):
        for j in range(c):
            add(("cell", i, j), [i * c + j], full[i, j])
    for i in range(m):
        add(("cell", i, c), [i * c + j for j in range(c)], full[i, c])
    for j in range(c):
        floor = pooled - 1 if pooled and j == c - 1 else 1
        add(("cell", m, j), [i * c + j for i in range(m)], full[m, j], floor)
    add(("cell", m, c), list(range(m * c)), full[m, c], 1)
    index = {pd.Period(p, "M").ordinal: i for i, p in enumerate(months)}
    band_of = {3: 0, 6: 1, 12: 2}
    for row in conversion.itertuples(index=False):
        i = index[row.cohort.ordinal]
        if row.months == min(band_of):
            add(("dissem", i), [m * c + i], row.disseminated)
        within = [base + n for n, (k, _, b) in enumerate(arrests) if k == i and b <= band_of[row.months]]
        add(("arrested", i, row.months), within, row.arrested)
    for row in [] if ratios is None else ratios.itertuples(index=False):
        year = row.year.year
        in_year = [i for i, p in enumerate(months) if p.year == year]
        add(("year", year, "referrals"), [i * c + j for i in in_year for j in range(c)], row.referrals, 1)
        made = [base + n for n, (_, y, _) in enumerate(arrests) if y == year]
        add(("year", year, "arrests_in_year"), made, row.arrests_in_year)
        from_year = [base + n for n, (i, _, _) in enumerate(arrests) if months[i].year == year]
        add(("year", year, "cohort_arrests"), from_year, row.cohort_arrests)
        within = [base + n for n, (i, _, b) in enumerate(arrests) if months[i].year == year and b <= 2]
        add(("year", year, "within_12m_arrests"), within, row.within_12m_arrests)
    width = base + len(arrests)
    cells = _matrix(rows, width)
    identity = []  # a month's referrals = disseminated + not = arrested (any band) + not arrested
    for i in range(m):
        month = {i * c + j: 1 for j in range(c)}
        identity.append({**month, m * c + i: -1, m * c + m + i: -1})
        arrested = {base + n: -1 for n, (k, _, _) in enumerate(arrests) if k == i}
        identity.append({**month, **arrested, m * c + 2 * m + i: -1})
    equal = sp.csr_matrix(
        (
            [v for e in identity for v in e.values()],
            ([n for n, e in enumerate(identity) for _ in e], [k for e in identity for k in e]),
        ),
        shape=(len(identity), width),
    )
    tables = LinkedTables(
        cells=cells, values=np.array(values, dtype=np.int64), equal=equal, floors=np.array(floors, dtype=float)
    )
    return tables, keys


def _matrix(rows: list, width: int) -> sp.csr_matrix:
    data = [(n, k) for n, columns in enumerate(rows) for k in columns]
    r = np.array([n for n, _ in data], dtype=np.int64)
    k = np.array([col for _, col in data], dtype=np.int64)
    return sp.csr_matrix((np.ones(len(data)), (r, k)), shape=(len(rows), width))


def _groups(keys: list, c: int) -> dict:
    """A month's or year's referrals are the denominator of its rates: hidden, they hide all its counts."""
    position = {key: n for n, key in enumerate(keys)}
    groups = {}
    for key, n in position.items():
        if key[0] in ("dissem", "arrested"):
            groups.setdefault(position[("cell", key[1], c)], []).append(n)
        elif key[0] == "year" and key[2] != "referrals":
            groups.setdefault(position[("year", key[1], "referrals")], []).append(n)
    return groups


def _audited(
    full, source_hidden, pooled, months, raw_conversion, conversion, raw_ratios, ratios, extract_date, min_cell
):
    """The linked audit of everything published: the hidden mask of each table after :func:`protect`."""
    tables, keys = _model(full, pooled, months, raw_conversion, raw_ratios, extract_date)
    tables = LinkedTables(
        cells=tables.cells,
        values=tables.values,
        equal=tables.equal,
        floors=tables.floors,
        groups=_groups(keys, full.shape[1] - 1),
    )
    index = {pd.Period(p, "M").ordinal: i for i, p in enumerate(months)}
    hidden_conversion = {}
    for row in conversion.itertuples(index=False):
        i = index[row.cohort.ordinal]
        hidden_conversion[("arrested", i, row.months)] = row.arrested == MARKER
        hidden_conversion.setdefault(("dissem", i), row.disseminated == MARKER)
    hidden_years = {}
    for row in [] if ratios is None else ratios.itertuples(index=False):
        for column in ("referrals", "arrests_in_year", "cohort_arrests", "within_12m_arrests"):
            hidden_years[("year", row.year.year, column)] = getattr(row, column) == MARKER
    hidden = np.array(
        [
            bool(source_hidden[key[1], key[2]]) if key[0] == "cell" else (hidden_conversion | hidden_years)[key]
            for key in keys
        ]
    )
    hidden = protect(tables, hidden, min_cell=min_cell)
    return dict(zip(keys, hidden.tolist()))


def _every_month(conversion: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """The conversion table with a row for each horizon of each month, those without referrals as 0.

    A month left out would tell the reader it had no referrals, whatever its ``[c]`` says.
    """
    present = set(conversion["cohort"])
    missing = [p for p in months if p not in present]
    if not missing or conversion.empty:
        return conversion
    horizons = sorted(set(conversion["months"]))
    extra = pd.DataFrame(
        {
            "cohort": pd.PeriodIndex([p for p in missing for _ in horizons], freq="M"),
            "months": [h for _ in missing for h in horizons],
            "days": [cohorts.horizon_days(h) for _ in missing for h in horizons],
        }
    )
    for column in ("referrals", "disseminated", "arrested", "at_risk"):
        extra[column] = 0
    out = pd.concat([conversion, extra], ignore_index=True).sort_values(["cohort", "months"], ignore_index=True)
    out.attrs = dict(conversion.attrs)
    return out


def _apply(flags: dict, conversion: pd.DataFrame, ratios, months, c: int) -> None:
    """Withhold in the cohort and year tables what the linked audit added (in place)."""
    index = {pd.Period(p, "M").ordinal: i for i, p in enumerate(months)}
    for r, row in zip(conversion.index, conversion.itertuples(index=False)):
        i = index[row.cohort.ordinal]
        if flags[("cell", i, c)]:
            _hide(conversion, r, ["referrals", *_DISSEMINATED, *_ARRESTED])
        if flags[("dissem", i)]:
            _hide(conversion, r, _DISSEMINATED)
        if flags[("arrested", i, row.months)]:
            _hide(conversion, r, _ARRESTED)
    if ratios is None:
        return
    derived = {
        "arrests_in_year": ["in_year_per_1000", "in_year_lower", "in_year_upper"],
        "cohort_arrests": ["cohort_per_1000", "cohort_lower", "cohort_upper"],
        "within_12m_arrests": ["within_12m_per_1000", "within_12m_lower", "within_12m_upper"],
    }
    for r, year in zip(ratios.index, ratios["year"]):
        if flags[("year", year.year, "referrals")]:
            _hide(ratios, r, ["referrals", *derived, *sum(derived.values(), [])])
        for count, columns in derived.items():
            if flags[("year", year.year, count)]:
                _hide(ratios, r, [count, *columns])


def publishable(log, *, min_cell: int = 5, confidence_level: float = 0.95) -> PublishableLog:
    """The log's tables with small counts, and what would give them away, withheld (see the module's rules).

    Parameters
    ----------
    log : inquiry_analysis.io.ReferralLog
        The log, open (any object with its ``by_source``, ``follow_up``, ``year_counts`` and ``summary``).
    min_cell : int
        The smallest count shown (default 5), and the least number of values each ``[c]`` cell can
        take given everything published.
    confidence_level : float
        Of the intervals in the conversion and ratio tables (default 0.95).

    Returns
    -------
    PublishableLog
    """
    min_cell = check_min_cell(min_cell)
    by_source = log.by_source()
    months = pd.PeriodIndex(pd.unique(by_source["month"]), freq="M")
    sources = pd.unique(by_source["source"])
    # by_source is every month by every source, sorted by month then source: a reshape, not a pivot
    wide = by_source["referrals"].to_numpy(dtype=np.int64).reshape(len(months), len(sources))
    full, hidden, column, pool = _source_table(wide, min_cell)
    m, c = len(months), full.shape[1] - 1
    raw_conversion = _every_month(
        cohorts.conversion(log.follow_up(by="month"), confidence_level=confidence_level), months
    )
    hidden_months = {months[i] for i in range(m) if hidden[i, c]}
    conversion = _conversion(raw_conversion, hidden_months, min_cell)
    raw_ratios = ratios = None
    if "arrested" in log.summary.columns:
        withheld = conversion.loc[conversion["arrested"] == MARKER, "cohort"]
        raw_ratios = cohorts.arrest_ratios(
            log.year_counts(),
            log.follow_up(by="year"),
            first_received=log.summary.first_received,
            extract_date=log.summary.extract_date,
            confidence_level=confidence_level,
        )
        ratios = _ratios(raw_ratios, hidden_months, {month.year for month in withheld}, min_cell)
    flags = _audited(
        full,
        hidden,
        pool.size if pool.size >= 2 else 0,
        months,
        raw_conversion,
        conversion,
        raw_ratios,
        ratios,
        log.summary.extract_date,
        min_cell,
    )
    hidden = np.array([[flags[("cell", i, j)] for j in range(c + 1)] for i in range(m + 1)])
    _apply(flags, conversion, ratios, months, c)
    at = np.where(column >= 0, column, 0)
    shown = full.astype(object)
    shown[hidden] = MARKER
    cells = shown[:, at]
    cells[:, column < 0] = MARKER  # the pool beyond its first source
    long = pd.DataFrame(
        {
            "month": pd.PeriodIndex(np.repeat(months, len(sources)), freq="M"),
            "source": pd.array(np.tile(np.asarray(sources, dtype=object), m), dtype="string"),
            "referrals": cells[:m].ravel(),
        }
    )
    monthly = pd.DataFrame({"month": months, "referrals": shown[:m, c]})
    if ratios is not None:
        ratios = ratios.drop(columns=["within_12m_arrests"])
    for frame in (monthly, long, conversion, ratios):
        if frame is not None:
            frame.attrs = dict(by_source.attrs)  # each cites the log
    return PublishableLog(
        monthly=monthly,
        by_source=long,
        source_totals=dict(zip(sources.tolist(), cells[m].tolist())),
        total=shown[m, c],
        conversion=conversion,
        ratios=ratios,
        min_cell=min_cell,
    )
