"""Hostile values in a referral log: what a careful analyst would refuse, and one rule for time zones.

Issue 22, deliverable 4. Each log is built here, in ``tmp_path`` (CSV as text, Parquet by pyarrow), and
each scenario was silently wrong on main: an id that differs from another only by a trailing tab,
no-break space or zero-width space counted as a second referral; a NUL byte, or a list or struct as an
id, accepted; ``infinity`` and year 294247 accepted as dates (then breaking ``monthly()``); a text time
with an offset read as wall time while a Parquet TIMESTAMP WITH TIME ZONE was read in UTC. Each refusal
is one ``DataError`` line naming the file, the row (a CSV's header is row 1, a Parquet file's first row
is row 1) and the column, with the value escaped; each reading is checked against months computed here
by Python's ``zoneinfo``, an independent route.
"""

import datetime as dt
import zoneinfo

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import inquiry_analysis as ia

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
BLANK_ID = (
    "1 referral has a space, tab or other blank or invisible character before or after the referral_id, "
    "or a control character in it; remove them"
)


def problem(path, **options) -> str:
    """The one problem reading ``path`` raises, as its one line."""
    with pytest.raises(ia.DataError) as caught:
        ia.read_referral_log(path, **options).close()
    (only,) = caught.value.problems
    assert "\n" not in str(only)
    return str(only)


def csv_log(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parquet_log(tmp_path, columns: dict, name: str = "log.parquet"):
    path = tmp_path / name
    pq.write_table(pa.table(columns), path)
    return path


def monthly(path, **options) -> dict:
    with ia.read_referral_log(path, **options) as log:
        frame = log.monthly()
    return {str(month): int(n) for month, n in zip(frame["month"], frame["referrals"])}


# --- ids that look alike -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("A1\t", "A1\\t"),  # a trailing tab
        ("A1\u00a0", "A1\\xa0"),  # a trailing no-break space
        ("\u3000A1", "\\u3000A1"),  # a leading ideographic space
        ("A1\u200b", "A1\\u200b"),  # a trailing zero-width space (not isspace, but invisible)
        ("\ufeffA1", "\\ufeffA1"),  # a byte-order mark inside the file, before an id
        ("A\x1b[31m1", "A\\x1b[31m1"),  # a terminal escape inside an id
    ],
)
def test_an_id_with_a_blank_or_invisible_character_is_refused_not_counted_twice(tmp_path, written, shown):
    path = csv_log(tmp_path, f"referral_id,received\nA1,2016-01-04\n{written},2016-01-05\n")
    assert problem(path) == f"log.csv, row 3, column 'referral_id': {BLANK_ID}: {shown} ('{shown}')"


def test_a_nul_byte_inside_a_parquet_source_is_refused(tmp_path):
    path = parquet_log(
        tmp_path,
        {
            "referral_id": ["A1", "A2", "A3"],
            "received": [dt.date(2016, 1, 4)] * 3,
            "source": ["NCMEC", "NCMEC\x00hidden", "NCMEC"],
        },
    )
    assert problem(path) == (
        "log.parquet, row 2, column 'source': 1 referral has a NUL byte (\\x00) in the source, which no text "
        "holds; the file may be damaged: A2 ('NCMEC\\x00hidden')"
    )


def test_a_nul_byte_inside_a_parquet_id_is_refused(tmp_path):
    path = parquet_log(tmp_path, {"referral_id": ["A1", "A\x002"], "received": [dt.date(2016, 1, 4)] * 2})
    assert problem(path) == (
        "log.parquet, row 2, column 'referral_id': 1 referral has a NUL byte (\\x00) in the referral_id, which no "
        "text holds; the file may be damaged: A\\x002 ('A\\x002')"
    )


@pytest.mark.parametrize(
    ("ids", "kind"),
    [
        (pa.array([["A1"], ["A2", "A3"]]), "VARCHAR[]"),
        (pa.array([{"id": "A1"}, {"id": "A2"}]), "STRUCT(ID VARCHAR)"),
        (pa.array([b"A1", b"A2"]), "BLOB"),
        (pa.array([1.0, 2.5]), "DOUBLE"),
    ],
    ids=["list", "struct", "bytes", "fraction"],
)
def test_an_id_column_that_is_not_text_is_refused(tmp_path, ids, kind):
    path = parquet_log(tmp_path, {"referral_id": ids, "received": [dt.date(2016, 1, 4)] * 2})
    assert problem(path) == (
        f"log.parquet, column 'referral_id': the column is of type {kind}, but a log's referral_id must be text "
        "(or whole numbers), one id to a row; write it so"
    )


def test_a_source_with_a_tab_or_zero_width_space_at_an_end_is_the_same_source(tmp_path):
    path = csv_log(
        tmp_path,
        "referral_id,received,source\nA1,2016-01-04,NCMEC\nA2,2016-01-05,NCMEC\t\nA3,2016-01-06,\u200bNCMEC\n",
    )
    with ia.read_referral_log(path) as log:
        assert log.by_source()[["source", "referrals"]].values.tolist() == [["NCMEC", 3]]


# --- dates that are no dates -------------------------------------------------------------------------


def test_infinity_as_a_csv_date_is_refused_even_with_future_dates_allowed(tmp_path):
    path = csv_log(tmp_path, "referral_id,received,arrested\nA1,2016-01-04,infinity\nA2,2016-01-05,\n")
    assert problem(path, allow_future_dates=True) == (
        "log.csv, row 2, column 'arrested': 1 referral has a date of arrest that cannot be read; write dates as "
        "YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS, with an offset such as Z or +01:00 for an instant): A1 ('infinity')"
    )


@pytest.mark.parametrize("column", ["received", "disseminated"])
def test_infinity_as_a_parquet_date_is_refused(tmp_path, column):
    import duckdb

    path = tmp_path / "log.parquet"
    dates = "DATE '2016-01-04' AS received, 'infinity'::DATE AS disseminated"
    if column == "received":
        dates = "'-infinity'::DATE AS received, NULL::DATE AS disseminated"
    duckdb.execute(f"COPY (SELECT 'A1' AS referral_id, {dates}) TO '{path}' (FORMAT parquet)")
    event = {"received": "receipt", "disseminated": "dissemination"}[column]
    shown = {"received": "-infinity", "disseminated": "infinity"}[column]
    assert problem(path, allow_future_dates=True) == (
        f"log.parquet, row 1, column '{column}': 1 referral has a date of {event} of infinity, which is no date: "
        f"A1 ('{shown}')"
    )


def test_the_year_294247_is_refused_where_monthly_broke(tmp_path):
    import duckdb

    path = tmp_path / "log.parquet"
    duckdb.execute(
        "COPY (SELECT * FROM (VALUES ('A1', DATE '2016-01-04', DATE '294247-01-10'), ('A2', DATE '2016-01-05', NULL)) "
        f"t(referral_id, received, arrested)) TO '{path}' (FORMAT parquet)"
    )
    assert problem(path, allow_future_dates=True) == (
        "log.parquet, row 1, column 'arrested': 1 referral has a date of arrest outside the years 1900 to 2199; "
        "check the year: A1 ('294247-01-10')"
    )


def test_a_year_294247_written_as_text_is_refused(tmp_path):
    path = csv_log(tmp_path, "referral_id,received\nA1,294247-01-10\nA2,2016-01-05\n")
    assert problem(path, allow_future_dates=True).startswith(
        "log.csv, row 2, column 'received': 1 referral has a date of receipt that cannot be read"
    )


def test_the_year_1800_is_refused_whatever_the_earliest_month(tmp_path):
    path = csv_log(tmp_path, "referral_id,received,arrested\nA1,1800-01-10,\nA2,2016-01-05,1800-02-01\n")
    with pytest.raises(ValueError, match=r"`earliest_month` must be a month as 'YYYY-MM', from 1900-01 to 2199-12"):
        ia.read_referral_log(path, earliest_month="1800-01")
    with pytest.raises(ia.DataError) as caught:
        ia.read_referral_log(path, earliest_month="1900-01")
    assert [str(p) for p in caught.value.problems] == [
        "log.csv, row 2, column 'received': 1 referral has a date of receipt outside the years 1900 to 2199; "
        "check the year: A1 ('1800-01-10')",
        "log.csv, row 3, column 'arrested': 1 referral has a date of arrest outside the years 1900 to 2199; "
        "check the year: A2 ('1800-02-01')",
    ]


@pytest.mark.parametrize(
    "written",
    ["2016-05-31 23:30:00 Europe/Paris", "2016-05-31 24:00:00", "2016-05-31 (BC)", "2016-5-31"],
    ids=["zone-name", "hour-24", "bc", "short-month"],
)
def test_a_text_date_read_loosely_before_is_refused(tmp_path, written):
    path = csv_log(tmp_path, f"referral_id,received\nA1,{written}\nA2,2016-01-05\n")
    assert problem(path).startswith(
        f"log.csv, row 2, column 'received': 1 referral has a date of receipt that cannot be read; write dates as "
        f"YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS, with an offset such as Z or +01:00 for an instant): A1 ('{written}')"
    )


# --- one rule for time zones --------------------------------------------------------------------------

#: Instants (UTC), each with the text a CSV with offsets gives it, chosen to fall near a month's end:
#: 23:30 UTC on 31 May is 00:30 on 1 June in London (BST); on 31 March, after the clocks went forward
#: on the 27th, also the next month; on 31 October, after they went back on the 30th, the same month;
#: 00:30 and 01:30 UTC on 27 March straddle the change itself.
INSTANTS = [
    (dt.datetime(2016, 1, 15, 12, 0, tzinfo=UTC), "2016-01-15T12:00:00Z"),
    (dt.datetime(2016, 3, 27, 0, 30, tzinfo=UTC), "2016-03-27T00:30:00+00:00"),
    (dt.datetime(2016, 3, 27, 1, 30, tzinfo=UTC), "2016-03-27 02:30:00+01:00"),
    (dt.datetime(2016, 3, 31, 23, 30, tzinfo=UTC), "2016-03-31T19:30:00-04:00"),
    (dt.datetime(2016, 5, 31, 23, 30, tzinfo=UTC), "2016-05-31T23:30:00Z"),
    (dt.datetime(2016, 10, 31, 23, 30, tzinfo=UTC), "2016-11-01T08:30:00+0900"),
]
#: Arrests: the first referral's a day later; the 31 May one's at 22:00 UTC on 1 June (23:00 in London):
#: 0 days after receipt in London, 1 day in UTC dates.
ARRESTS = {0: dt.datetime(2016, 1, 16, 9, 0, tzinfo=UTC), 4: dt.datetime(2016, 6, 1, 22, 0, tzinfo=UTC)}


def _expected_months() -> dict:
    months = pd.Series([instant.astimezone(LONDON).strftime("%Y-%m") for instant, _ in INSTANTS]).value_counts()
    every = pd.period_range("2016-01", "2016-10", freq="M").astype(str)
    return {month: int(months.get(month, 0)) for month in every}


def _logs(tmp_path) -> list:
    """The same instants as CSV text with offsets, CSV London clock time, Parquet TIMESTAMPTZ, TIMESTAMP, DATE."""
    ids = [f"R{i}" for i in range(len(INSTANTS))]
    received = [instant for instant, _ in INSTANTS]
    arrested = [ARRESTS.get(i) for i in range(len(INSTANTS))]
    local = [
        [None if t is None else t.astimezone(LONDON).replace(tzinfo=None) for t in ts] for ts in (received, arrested)
    ]
    texts = [text for _, text in INSTANTS], [None if t is None else t.isoformat() for t in arrested]
    clock = [[None if t is None else t.strftime("%Y-%m-%d %H:%M:%S") for t in ts] for ts in local]
    logs = []
    for name, (r, a) in {"offsets.csv": texts, "clock.csv": clock}.items():
        rows = "".join(f"{i},{x},{y or ''}\n" for i, x, y in zip(ids, r, a))
        logs.append(csv_log(tmp_path, "referral_id,received,arrested\n" + rows, name))
    for name, kind, (r, a) in [
        ("instants.parquet", pa.timestamp("us", tz="UTC"), (received, arrested)),
        ("clock.parquet", pa.timestamp("us"), local),
        ("days.parquet", pa.date32(), [[None if t is None else t.date() for t in ts] for ts in local]),
    ]:
        logs.append(
            parquet_log(
                tmp_path, {"referral_id": ids, "received": pa.array(r, kind), "arrested": pa.array(a, kind)}, name
            )
        )
    return logs


def test_one_instant_falls_in_one_month_whatever_the_format(tmp_path):
    expected = _expected_months()
    assert expected["2016-06"] == 1 and expected["2016-04"] == 1 and expected["2016-10"] == 1  # the point
    tables = []
    for path in _logs(tmp_path):
        with ia.read_referral_log(path, extract_date="2016-12-31") as log:
            months = log.monthly()
            assert dict(zip(months["month"].astype(str), months["referrals"].astype(int))) == expected, path.name
            tables.append(log.follow_up())
            assert log.input.options["timezone"] == "Europe/London"
    for table in tables[1:]:
        pd.testing.assert_frame_equal(table, tables[0], check_like=False)
    arrested_at = tables[0].loc[tables[0]["events"] > 0, ["cohort", "days"]].astype(str).values.tolist()
    assert arrested_at == [["2016-01", "1"], ["2016-06", "0"]]


def test_the_zone_is_an_option_and_utc_gives_utc_months(tmp_path):
    path = _logs(tmp_path)[0]
    assert monthly(path, timezone="UTC", extract_date="2016-12-31") == {
        "2016-01": 1,
        "2016-02": 0,
        "2016-03": 3,
        "2016-04": 0,
        "2016-05": 1,
        "2016-06": 0,
        "2016-07": 0,
        "2016-08": 0,
        "2016-09": 0,
        "2016-10": 1,
    }
    with pytest.raises(ValueError, match=r"`timezone` must be the name of a time zone, such as 'Europe/London'"):
        ia.read_referral_log(path, timezone="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match=r"`timezone` must be the name of a time zone"):
        ia.read_referral_log(path, timezone="Europe/London'; DROP TABLE raw; --")


def test_analyse_takes_the_zone_and_refuses_an_unknown_one(tmp_path, capsys):
    from inquiry_analysis import cli
    from inquiry_analysis.cli import analyse as _analyse

    path = _logs(tmp_path)[0]
    analysis = _analyse.plan(referral_log=path, extract_date="2016-12-31", timezone="UTC")
    assert analysis.inputs["referral_log"].options["timezone"] == "UTC"
    out = tmp_path / "out"
    assert cli.main(["analyse", "--referral-log", str(path), "--timezone", "Nowhere/Town", "--out", str(out)]) == 1
    assert "`timezone` must be the name of a time zone" in capsys.readouterr().err and not out.exists()
