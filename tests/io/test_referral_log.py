"""The record-level referral log: DuckDB's aggregates against pandas on the same records, Kaplan–Meier
against statsmodels and a seeded bootstrap, and every problem in a bad log named at once.

The logs here are SYNTHETIC, drawn in the tests from a seeded generator of their own (independent of
``inquiry_analysis.io.synthetic``), so that pandas can hold every record as the second route.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

import inquiry_analysis as ia
from inquiry_analysis import DataError, read_monthly_referrals
from inquiry_analysis.metrics import cohorts
from inquiry_analysis.metrics.cohorts import horizon_days, kaplan_meier_at
from tests.hand import Z95, garwood_per_1000, wilson

EXTRACT = dt.date(2017, 12, 31)


def _records(n: int = 20_000, seed: int = 7) -> pd.DataFrame:
    """Synthetic referrals, 2014 to 2017: dissemination for about half, arrest for about 1 in 10 of those."""
    rng = np.random.default_rng(seed)
    received = pd.Series(pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 1461, n), "D"))
    disseminated = received + pd.to_timedelta(rng.gamma(2.0, 10.0, n).astype(int), "D")
    disseminated = disseminated.where(rng.random(n) < 0.55)
    arrested = disseminated + pd.to_timedelta(rng.gamma(1.5, 80.0, n).astype(int), "D")
    arrested = arrested.where(rng.random(n) < 0.12)
    extract = pd.Timestamp(EXTRACT)
    return pd.DataFrame(
        {
            "referral_id": [f"SYN-{i:06d}" for i in range(n)],
            "received": received.dt.date,
            "source": rng.choice(["NCMEC", "Other industry", "UK public"], n, p=[0.8, 0.15, 0.05]),
            "disseminated": disseminated.where(disseminated <= extract).dt.date,
            "arrested": arrested.where(arrested <= extract).dt.date,
        }
    )


def _write(frame: pd.DataFrame, path) -> None:
    if str(path).endswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        con = duckdb.connect()
        con.register("frame", frame)
        con.execute(
            f"COPY (SELECT * REPLACE (received::DATE AS received, disseminated::DATE AS disseminated, "
            f"arrested::DATE AS arrested) FROM frame) TO '{path}' (FORMAT parquet)"
        )
        con.close()


@pytest.fixture(scope="module")
def records():
    return _records()


@pytest.fixture(scope="module")
def log_path(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("log") / "synthetic_log.parquet"
    _write(records, path)
    return path


def _ratios(log):
    s = log.summary
    return cohorts.arrest_ratios(
        log.year_counts(), log.follow_up(by="year"), first_received=s.first_received, extract_date=s.extract_date
    )


@pytest.fixture(scope="module")
def log(log_path):
    with ia.read_referral_log(log_path, extract_date=EXTRACT) as opened:
        yield opened


def test_monthly_equals_pandas_and_reads_like_a_monthly_file(log, log_path, records, tmp_path):
    expected = records.groupby(pd.PeriodIndex(pd.to_datetime(records["received"]), freq="M")).size()
    monthly = log.monthly()
    assert monthly["month"].tolist() == list(pd.period_range("2014-01", "2017-12", freq="M"))
    assert monthly["referrals"].tolist() == expected.reindex(monthly["month"]).tolist()
    assert monthly.attrs["input"].sha256 == ia.provenance.sha256_file(log_path)
    # The frame is what the monthly reader returns from the same series written out.
    path = tmp_path / "series.csv"
    monthly.assign(month=monthly["month"].astype(str)).to_csv(path, index=False)
    again = read_monthly_referrals(path)
    pd.testing.assert_frame_equal(monthly, again, check_like=False)


def test_a_month_without_referrals_is_zero_not_missing(tmp_path):
    frame = pd.DataFrame({"referral_id": ["a", "b"], "received": ["2016-01-05", "2016-03-09"]})
    path = tmp_path / "gap.csv"
    frame.to_csv(path, index=False)
    with ia.read_referral_log(path) as log:
        assert log.monthly()["referrals"].tolist() == [1, 0, 1]


def test_by_source_equals_pandas(log, records):
    table = log.by_source()
    expected = records.groupby([pd.PeriodIndex(pd.to_datetime(records["received"]), freq="M"), "source"]).size()
    got = table.set_index(["month", "source"])["referrals"]
    assert int(got.sum()) == len(records)
    for key, n in expected.items():
        assert got[key] == n


def test_csv_and_parquet_give_the_same_aggregates(records, log, tmp_path):
    path = tmp_path / "log.csv"
    _write(records, path)
    with ia.read_referral_log(path, extract_date=EXTRACT) as from_csv:
        pd.testing.assert_frame_equal(from_csv.monthly().drop(columns=[]), log.monthly(), check_exact=True)
        pd.testing.assert_frame_equal(
            cohorts.conversion(from_csv.follow_up(by="year")), cohorts.conversion(log.follow_up(by="year"))
        )


def _km_by_statsmodels(records: pd.DataFrame, year: int, days: int):
    """S(days) and its Greenwood standard error from statsmodels, on the records of one year's cohort."""
    cohort = records[pd.to_datetime(records["received"]).dt.year == year]
    received = pd.to_datetime(cohort["received"])
    arrested = pd.to_datetime(cohort["arrested"])
    end = arrested.fillna(pd.Timestamp(EXTRACT))
    time = (end - received).dt.days.to_numpy(float)
    status = cohort["arrested"].notna().to_numpy(int)
    fit = SurvfuncRight(time, status)
    at = np.searchsorted(fit.surv_times, days, side="right") - 1
    return float(fit.surv_prob[at]), float(fit.surv_prob_se[at])


@pytest.mark.parametrize("year", [2016, 2017])  # 2016 followed a full year; 2017 censored
def test_conversion_is_kaplan_meier_as_statsmodels_computes_it(log, records, year):
    conversion = cohorts.conversion(log.follow_up(by="year"))
    for months in (3, 6):
        row = conversion[
            (conversion["cohort"] == pd.Period(year=year, freq="Y")) & (conversion["months"] == months)
        ].iloc[0]
        survival, se = _km_by_statsmodels(records, year, horizon_days(months))
        assert row["share"] == pytest.approx(1 - survival, rel=1e-12)
        # The log(-log) interval of Kalbfleisch and Prentice, from statsmodels' standard error.
        spread = Z95 * se / (survival * abs(np.log(survival)))
        assert row["lower"] == pytest.approx(1 - survival ** np.exp(-spread), rel=1e-9)
        assert row["upper"] == pytest.approx(1 - survival ** np.exp(spread), rel=1e-9)
    assert conversion.loc[conversion["cohort"] == pd.Period(year=2017, freq="Y"), "complete"].tolist() == [False] * 3


def test_a_complete_cohort_is_the_plain_proportion(log, records):
    row = cohorts.conversion(log.follow_up(by="year")).query("months == 12").iloc[0]
    cohort = records[pd.to_datetime(records["received"]).dt.year == 2014]
    within = (pd.to_datetime(cohort["arrested"]) - pd.to_datetime(cohort["received"])).dt.days <= 365
    assert row["complete"] and row["referrals"] == len(cohort)
    assert row["arrested"] == int(within.sum())
    assert row["share"] == pytest.approx(within.sum() / len(cohort), rel=1e-12)
    low, high = wilson(int(cohort["disseminated"].notna().sum()), len(cohort))
    assert (row["disseminated_lower"], row["disseminated_upper"]) == pytest.approx((low, high), rel=1e-9)


def test_km_interval_agrees_with_a_seeded_bootstrap():
    """The Greenwood log(-log) interval against the spread of a seeded bootstrap of the same censored cohort."""
    rng = np.random.default_rng(11)
    n = 3_000
    event_day = rng.exponential(900.0, n)
    follow = rng.uniform(30.0, 400.0, n)  # heavy censoring before the 6-month horizon
    days = np.minimum(event_day, follow).astype(int)
    status = (event_day <= follow).astype(int)
    table = pd.DataFrame({"cohort": "c", "days": days, "events": status, "censored": 1 - status})
    row = kaplan_meier_at(table, horizons_months=(6,)).iloc[0]

    def share(sample_days, sample_status):  # the product-limit estimator, written out
        order = np.lexsort((1 - sample_status, sample_days))
        d, s = sample_days[order], sample_status[order]
        at_risk = len(d) - np.arange(len(d))
        factors = np.where((s == 1) & (d <= 183), 1 - 1 / at_risk, 1.0)
        return 1 - np.prod(factors)

    draws = [share(days[i], status[i]) for i in rng.integers(0, n, (400, n))]
    low, high = np.percentile(draws, [2.5, 97.5])
    assert row["share"] == pytest.approx(share(days, status), rel=1e-12)
    assert row["lower"] == pytest.approx(low, rel=0.08)
    assert row["upper"] == pytest.approx(high, rel=0.08)


def test_no_arrest_yet_gives_the_exact_upper_bound():
    table = pd.DataFrame({"cohort": ["c"], "days": [200], "events": [0], "censored": [40]})
    row = kaplan_meier_at(table, horizons_months=(3,)).iloc[0]
    assert (row["share"], row["lower"]) == (0.0, 0.0)
    assert row["upper"] == pytest.approx(1 - 0.025 ** (1 / 40), rel=1e-12)  # Clopper-Pearson for 0 of 40


def test_a_horizon_past_the_follow_up_is_not_estimated():
    table = pd.DataFrame({"cohort": ["c", "c"], "days": [10, 60], "events": [3, 0], "censored": [0, 20]})
    rows = kaplan_meier_at(table, horizons_months=(1, 3))
    assert rows["share"].iloc[0] == pytest.approx(3 / 23)
    assert np.isnan(rows["share"].iloc[1])


def test_arrest_ratios_set_the_cohort_beside_the_same_year(log, records):
    ratios = _ratios(log).set_index("year")
    received = pd.to_datetime(records["received"]).dt.year
    arrested = pd.to_datetime(records["arrested"]).dt.year
    for year in (2015, 2016):
        row = ratios.loc[pd.Period(year=year, freq="Y")]
        referrals = int((received == year).sum())
        in_year, cohort = int((arrested == year).sum()), int(((received == year) & arrested.notna()).sum())
        assert (row["referrals"], row["arrests_in_year"], row["cohort_arrests"]) == (referrals, in_year, cohort)
        assert row["in_year_per_1000"] == pytest.approx(1000 * in_year / referrals)
        assert (row["in_year_lower"], row["in_year_upper"]) == pytest.approx(
            garwood_per_1000(in_year, referrals), rel=1e-9
        )
        assert (row["cohort_lower"], row["cohort_upper"]) == pytest.approx(
            garwood_per_1000(cohort, referrals), rel=1e-9
        )
    # The log's first year lacks the arrests from referrals before the log began: no same-year ratio.
    first = ratios.iloc[0]
    assert np.isnan(first["in_year_per_1000"]) and np.isnan(first["in_year_lower"]) and first["arrests_in_year"] > 0
    assert ratios["full_year"].tolist() == [True, True, True, True]
    within = (pd.to_datetime(records["arrested"]) - pd.to_datetime(records["received"])).dt.days <= 365
    assert ratios.loc[pd.Period(year=2015, freq="Y"), "within_12m_arrests"] == int((within & (received == 2015)).sum())


# --- bad logs --------------------------------------------------------------------------------------


def test_every_problem_is_named_with_its_referral_ids(records, tmp_path):
    bad = records.head(2_000).copy()
    bad.loc[17, "arrested"] = dt.date(2014, 1, 1)
    bad.loc[17, "received"] = dt.date(2015, 6, 1)
    bad.loc[901, "referral_id"] = bad.loc[900, "referral_id"]
    bad.loc[1500, "received"] = None
    bad["colour"] = "red"
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    bad.loc[1200, "disseminated"] = "next week"
    bad.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        ia.read_referral_log(path)
    reasons = {p.column: p.reason for p in caught.value.problems}
    assert len(caught.value.problems) == 5
    assert "unknown column" in reasons["colour"]
    assert reasons["arrested"].startswith("1 referral was arrested before it was received: SYN-000017 (")
    assert reasons["disseminated"] == (
        "1 referral has a date of dissemination that cannot be read; write dates as YYYY-MM-DD (a time may "
        "follow, with an offset if it is an instant: 2016-05-31T23:30:00+01:00): SYN-001200 ('next week')"
    )
    assert reasons["received"] == "1 referral has no received date (required): SYN-001500"
    assert reasons["referral_id"] == (
        "1 referral_id appears more than once: SYN-000900 (2 times, rows 902 and 903); each referral must have one row"
    )
    assert str(caught.value).startswith("bad.csv: 5 problems")


def test_many_bad_rows_are_counted_and_five_named(records, tmp_path):
    bad = records.head(500).copy()
    bad.loc[100:199, "received"] = dt.date(2031, 1, 1)
    bad.loc[100:199, ["disseminated", "arrested"]] = None
    path = tmp_path / "future.parquet"
    _write(bad, path)
    with pytest.raises(DataError) as caught:
        ia.read_referral_log(path)
    (problem,) = caught.value.problems
    assert problem.column == "received"
    assert problem.reason.startswith("100 referrals have a date of receipt after today")
    assert problem.reason.endswith(
        ": SYN-000100 ('2031-01-01'), SYN-000101 ('2031-01-01'), SYN-000102 "
        "('2031-01-01'), SYN-000103 ('2031-01-01'), SYN-000104 ('2031-01-01')"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,received\nA,2016-01-01\n", "missing column 'referral_id' (required); the columns found are id, received"),
        ("referral_id,received\n", "the log has no rows"),
    ],
)
def test_a_log_that_does_not_fit_gets_one_line(tmp_path, content, expected):
    path = tmp_path / "log.csv"
    path.write_text(content)
    with pytest.raises(DataError) as caught:
        ia.read_referral_log(path)
    assert expected in str(caught.value)


def test_an_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "log.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match=r"^log.parquet: cannot be read as Parquet \(") as caught:
        ia.read_referral_log(path)
    assert "\n" not in str(caught.value)


def test_timestamps_and_column_case_are_accepted(tmp_path):
    path = tmp_path / "ts.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'A' || i AS \" Referral_ID \", TIMESTAMP '2016-05-01 13:45:00' + i * INTERVAL 1 DAY "
        f"AS Received FROM range(40) t(i)) TO '{path}' (FORMAT parquet)"
    )
    con.close()
    with ia.read_referral_log(path) as log:
        assert log.monthly()["referrals"].tolist() == [31, 9]
        assert log.summary.columns == ("referral_id", "received")


# --- the monthly series written beside the exhibits, and the command -------------------------------


def test_the_monthly_series_file_reads_back_and_cites_the_log(log, log_path, tmp_path):
    import json

    from inquiry_analysis.exhibits.monthly_series import write_monthly_series

    written = write_monthly_series(log, tmp_path, min_cell=5)
    again = read_monthly_referrals(written)
    pd.testing.assert_series_equal(again["referrals"], log.monthly()["referrals"])
    note = json.loads(written.with_suffix(".json").read_text(encoding="utf-8"))
    assert note["derived_from"]["sha256"] == ia.provenance.sha256_file(log_path)
    assert note["derived_from"]["name"] == "synthetic_log.parquet" and str(tmp_path) not in json.dumps(note)
    assert (note["extract_date"], note["months_withheld"]) == ("2017-12-31", 0)  # given, so published
    assert "SYN-" not in written.read_text(encoding="utf-8")  # counts only, never a record


def test_a_small_month_is_withheld_in_the_series_file(tmp_path):
    from inquiry_analysis.exhibits.monthly_series import write_monthly_series

    frame = pd.DataFrame(
        {"referral_id": [f"r{i}" for i in range(12)], "received": ["2016-01-04"] * 9 + ["2016-02-10"] * 3}
    )
    frame.to_csv(tmp_path / "small.csv", index=False)
    with ia.read_referral_log(tmp_path / "small.csv") as small:
        written = write_monthly_series(small, tmp_path / "out", min_cell=5)
    # February's 3 is hidden; January's 9 too, as the log's total (12, published with the by-source table) less
    # January would give February away.
    assert written.read_text(encoding="utf-8") == "month,referrals\n2016-01,[c]\n2016-02,[c]\n"


def test_the_series_file_is_never_written_into_committed_figures(log):
    from inquiry_analysis.exhibits.monthly_series import write_monthly_series

    with pytest.raises(ValueError, match="figures"):
        write_monthly_series(log, ia.provenance.bundled_data_dir().parent / "figures")


def test_analyse_plans_the_log_notebook_and_refuses_a_bad_log_before_anything_runs(log_path, records, tmp_path, capsys):
    from inquiry_analysis import cli
    from inquiry_analysis.cli import analyse as _analyse

    analysis = _analyse.plan(referral_log=log_path, extract_date="2017-12-31", min_cell=10)
    ((notebook, parameters),) = analysis.notebooks.items()
    assert notebook.name == "referral_log.ipynb"
    assert set(parameters) == {"log_file", "min_cell"} and parameters["min_cell"] == 10
    checked = parameters["log_file"]
    assert checked.kind == "referral_log" and checked.input == analysis.inputs["referral_log"]
    assert checked.input.options["extract_date"] == "2017-12-31"
    assert analysis.inputs["referral_log"].sha256 == ia.provenance.sha256_file(log_path)
    # Only the log's aggregate tables are kept: as many rows as months (and days of follow-up), not referrals.
    assert int(checked.tables["monthly"]["referrals"].sum()) == len(records)
    assert checked.summary["extract_date"] == "2017-12-31"

    bad = records.head(50).assign(arrested=dt.date(2013, 1, 1))
    bad.to_csv(tmp_path / "bad.csv", index=False)
    out = tmp_path / "out"
    assert cli.main(["analyse", "--referral-log", str(tmp_path / "bad.csv"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv, row 2, column 'arrested': 50 referrals were arrested before they were received: SYN-000000" in err
    assert f"Nothing was run, and {out} was not touched." in err and not out.exists()


@pytest.mark.parametrize(
    ("days", "events", "censored", "horizon", "share"),
    [
        ([30, 100], [2, 3], [0, 0], 6, 1.0),  # everyone arrested within 100 days: S is 0 from then on
        ([5], [1], [0], 3, 1.0),  # a cohort of one, arrested on day 5
        ([30, 200], [0, 1], [1, 0], 12, 1.0),  # censored on day 30, the other arrested on day 200
        ([10, 10, 40], [1, 0, 0], [0, 2, 1], 1, 0.25),  # an arrest and two censorings on the same day
    ],
)
def test_edge_cases_agree_with_statsmodels(days, events, censored, horizon, share):
    table = pd.DataFrame({"cohort": "c", "days": days, "events": events, "censored": censored})
    row = kaplan_meier_at(table, horizons_months=(horizon,)).iloc[0]
    time = np.repeat(days, np.add(events, censored)).astype(float)
    status = np.concatenate([[1] * e + [0] * c for e, c in zip(events, censored)])
    fit = SurvfuncRight(time, status)
    at = np.searchsorted(fit.surv_times, horizon_days(horizon), side="right") - 1
    assert row["share"] == pytest.approx(1 - fit.surv_prob[at]) == pytest.approx(share)
    assert 0 <= row["lower"] <= row["share"] <= row["upper"] <= 1
    if share == 1.0:  # S = 0: the exact (Clopper-Pearson) bound for all of those at risk at the last arrest
        from statsmodels.stats.proportion import proportion_confint

        last = fit.n_risk[np.flatnonzero(fit.n_events)[-1]]
        assert row["lower"] == pytest.approx(proportion_confint(last, last, method="beta")[0], rel=1e-9)


def test_a_blank_id_does_not_hide_a_duplicate_and_spaced_ids_are_refused(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("referral_id,received\n,2016-01-01\nA,2016-01-02\nA,2016-01-03\n A,2016-01-04\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        ia.read_referral_log(path)
    reasons = sorted(p.reason for p in caught.value.problems)
    assert reasons == [
        "1 referral has no referral_id: row 2",
        "1 referral has spaces or invisible characters (a tab, no-break or zero-width space, say) before or after "
        "the referral_id; remove them:  A (' A')",
        "1 referral_id appears more than once: A (2 times, rows 3 and 4); each referral must have one row",
    ]


def test_a_damaged_parquet_file_is_one_line(log_path, tmp_path):
    data = bytearray(log_path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = bytes(2000)  # pages damaged, footer intact
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"^damaged.parquet: cannot be read") as caught:
        with ia.read_referral_log(damaged) as log:
            log.follow_up()
    assert "\n" not in str(caught.value)


def test_an_instant_falls_in_the_month_of_the_zone_given_on_any_machine(tmp_path):
    import subprocess
    import sys

    # 23:30 UTC on 31 May 2016 is 00:30 on 1 June in London (BST), whatever the machine's zone.
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'A' || i AS referral_id, TIMESTAMPTZ '2016-05-31 23:30:00+00' AS received "
        f"FROM range(2) t(i)) TO '{tmp_path / 'tz.parquet'}' (FORMAT parquet)"
    )
    con.close()
    (tmp_path / "offset.csv").write_text(
        "referral_id,received\nA0,2016-05-31T23:30:00Z\nA1,2016-06-01T00:30:00+01:00\n"
    )
    (tmp_path / "naive.csv").write_text("referral_id,received\nA0,2016-06-01 00:30:00\nA1,2016-06-01\n")
    script = (
        "import inquiry_analysis as ia\n"
        f"for name in ('tz.parquet', 'offset.csv', 'naive.csv'):\n"
        f"    with ia.read_referral_log({str(tmp_path)!r} + '/' + name) as log:\n"
        "        print(name, log.monthly()['month'].astype(str).tolist(), log.input.options['timezone'])\n"
        f"with ia.read_referral_log({str(tmp_path / 'tz.parquet')!r}, timezone='UTC') as log:\n"
        "    print('utc', log.monthly()['month'].astype(str).tolist())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**__import__("os").environ, "TZ": "America/New_York"},  # west of UTC: still 31 May on the clock
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == [
        "tz.parquet ['2016-06'] Europe/London",
        "offset.csv ['2016-06'] Europe/London",
        "naive.csv ['2016-06'] Europe/London",
        "utc ['2016-05']",
    ]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../etc/passwd", "", None, 1, "Europe/London'; --"])
def test_an_unknown_time_zone_is_refused(log_path, zone):
    with pytest.raises(ValueError, match="`timezone` must be a time zone such as 'Europe/London'"):
        ia.read_referral_log(log_path, timezone=zone)


def test_an_extract_date_in_the_future_is_refused(log_path):
    with pytest.raises(ValueError, match="`extract_date` 2099-01-01 is after today"):
        ia.read_referral_log(log_path, extract_date="2099-01-01")


def test_publishable_tables_withhold_what_would_give_a_small_count_away(tmp_path):
    from inquiry_analysis.disclosure.referral_log import publishable
    from inquiry_analysis.disclosure.suppression import MARKER

    # A small synthetic log: 2016-01 has 40 referrals (3 disseminated, 2 arrested within 3 months, 9 within 6);
    # 2016-02 has 30, all from one source but 2; 2017 has 60 referrals in January only.
    rows = []
    for i in range(40):
        rows.append(
            (
                f"a{i:02d}",
                "2016-01-10",
                "NCMEC",
                "2016-01-20" if i < 3 else None,
                "2016-02-15" if i < 2 else "2016-06-01" if i < 9 else None,
            )
        )
    for i in range(30):
        rows.append((f"b{i:02d}", "2016-02-10", "UK public" if i < 2 else "NCMEC", None, None))
    for i in range(60):
        rows.append((f"c{i:02d}", "2017-01-05", "NCMEC", "2017-01-09", "2017-02-01" if i < 20 else None))
    frame = pd.DataFrame(rows, columns=["referral_id", "received", "source", "disseminated", "arrested"])
    frame.to_csv(tmp_path / "small.csv", index=False)
    with ia.read_referral_log(tmp_path / "small.csv", extract_date="2018-12-31") as log:
        published = publishable(log, min_cell=5)
    by = published.by_source.set_index(["month", "source"])["referrals"]
    assert by[(pd.Period("2016-02", "M"), "UK public")] == MARKER and by[(pd.Period("2016-02", "M"), "NCMEC")] == MARKER
    # 130 in all less 2017's 60 would give 2016's 70 (its February hidden), so the grand total is withheld.
    assert published.total == MARKER
    conversion = published.conversion.set_index(["cohort", "months"])
    january = conversion.loc[pd.Period("2016-01", "M")]
    assert january.loc[3, "arrested"] == MARKER and january.loc[3, "share"] == MARKER  # 2 arrested
    assert january.loc[6, "arrested"] == 9 and january.loc[12, "arrested"] == 9  # 9; then nothing more (not hidden)
    assert january.loc[3, "disseminated"] == MARKER  # 3 of 40
    assert "at_risk" not in published.conversion.columns
    later = conversion.loc[pd.Period("2017-01", "M")]
    assert later.loc[3, "disseminated"] == MARKER  # all 60 disseminated: the 0 not disseminated would show
    ratios = published.ratios.set_index("year")
    # February is hidden with its sources (and the empty months, zeros, too), so 2016's total is withheld.
    assert published.monthly["referrals"].tolist()[:3] == [40, MARKER, MARKER]
    assert (
        ratios.loc[pd.Period("2016", "Y"), "referrals"]
        == MARKER
        == ratios.loc[pd.Period("2016", "Y"), "cohort_arrests"]
    )
    assert ratios.loc[pd.Period("2017", "Y"), "cohort_arrests"] == 20
    assert "within_12m_arrests" not in published.ratios.columns


def test_a_year_with_a_withheld_month_of_arrests_withholds_its_arrests(tmp_path):
    from inquiry_analysis.disclosure.referral_log import publishable
    from inquiry_analysis.disclosure.suppression import MARKER

    # 2017-01: 60 referrals, 20 arrested; 2017-02: 60 referrals, 2 arrested (withheld). The year's 22 less
    # January's 20 would give February's 2 away.
    rows = [(f"j{i:02d}", "2017-01-05", "2017-02-01" if i < 20 else None) for i in range(60)]
    rows += [(f"f{i:02d}", "2017-02-05", "2017-03-01" if i < 2 else None) for i in range(60)]
    pd.DataFrame(rows, columns=["referral_id", "received", "arrested"]).to_csv(tmp_path / "log.csv", index=False)
    with ia.read_referral_log(tmp_path / "log.csv", extract_date="2018-12-31") as log:
        published = publishable(log, min_cell=5)
    conversion = published.conversion.set_index(["cohort", "months"])
    assert conversion.loc[(pd.Period("2017-01", "M"), 12), "arrested"] == 20
    assert conversion.loc[(pd.Period("2017-02", "M"), 12), "arrested"] == MARKER
    year = published.ratios.set_index("year").loc[pd.Period("2017", "Y")]
    assert year["referrals"] == 120
    assert year["cohort_arrests"] == MARKER == year["cohort_per_1000"] == year["within_12m_per_1000"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "log.csv: is empty: it has no header row"),
        (
            b"referral_id,received\nA,2016-01-01\nB\xe9,2016-01-02\n",
            "log.csv: cannot be read as CSV: line 3: is not UTF-8 text; save the file as CSV UTF-8",
        ),
        (
            b"referral_id,received\nA,2016-01-01\nB,2016-01-02,x,y\n",
            "log.csv: cannot be read as CSV: line 3: has 3 or more fields where the header has 2",
        ),
        (
            b"referral_id,received,Received\nA,2016-01-01,2016-01-01\n",
            "log.csv, column 'Received': the column appears twice (as 'received' and 'Received'); keep one",
        ),
    ],
)
def test_a_csv_that_cannot_be_read_is_one_line(tmp_path, content, expected):
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        ia.read_referral_log(path)
    assert str(caught.value) == expected or str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_a_byte_order_mark_and_quoted_commas_are_read(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b'\xef\xbb\xbfreferral_id,received,source\nA,2016-01-01,"NCMEC, via portal"\nB,2016-02-02,\n')
    with ia.read_referral_log(path) as log:
        table = log.by_source()
    assert table.set_index(["month", "source"])["referrals"].to_dict() == {
        (pd.Period("2016-01", "M"), "(not recorded)"): 0,
        (pd.Period("2016-01", "M"), "NCMEC, via portal"): 1,
        (pd.Period("2016-02", "M"), "(not recorded)"): 1,
        (pd.Period("2016-02", "M"), "NCMEC, via portal"): 0,
    }


def test_a_memory_limit_duckdb_cannot_read_is_a_value_error(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("referral_id,received\nA,2016-01-01\n")
    with pytest.raises(
        ValueError, match=r"`memory_limit` must be an amount of memory such as '1GB', but 'lots'"
    ) as err:
        ia.read_referral_log(path, memory_limit="lots")
    assert not isinstance(err.value, DataError)


def test_white_space_inside_an_id_is_kept(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("referral_id,received\nA\u00a01,2016-05-01\nA 1,2016-05-02\n", encoding="utf-8")
    with ia.read_referral_log(path) as log:
        assert log.summary.rows == 2


def test_whole_number_ids_are_still_read(tmp_path):
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"referral_id": [7, 8], "received": [dt.date(2016, 5, 1)] * 2}), path)
    with ia.read_referral_log(path) as log:
        assert log.monthly()["referrals"].tolist() == [2]


def test_a_log_dropped_without_close_removes_its_scratch_folder(tmp_path, monkeypatch):
    import gc
    import tempfile

    path = tmp_path / "log.csv"
    path.write_text("referral_id,received\nA,2016-01-04\nB,2016-02-01\n", encoding="utf-8")
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    log = ia.read_referral_log(path)
    assert [p.name[:23] for p in scratch.iterdir()] == ["inquiry-analysis-duckdb"]
    del log
    gc.collect()
    assert list(scratch.iterdir()) == []
