"""Hostile values in a referral log: ids that look alike, NUL bytes, ids that are no text, dates that are no day.

Issue 22, deliverable 4: values checked as a careful analyst would. Each file is built here, in ``tmp_path``
(small Parquet files by pyarrow or DuckDB, CSV files as text). Each refusal is one problem line naming the
file, the column, how many referrals and their ids, escaped; each time-zone scenario asserts the monthly
counts and follow-up days worked out independently with :mod:`zoneinfo`.
"""

import collections
import datetime as dt
import time
import zoneinfo

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import inquiry_analysis as ia
from inquiry_analysis import cli
from inquiry_analysis.cli import analyse as _analyse

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC
MAY = dt.date(2016, 5, 1)
SPACED = (
    "1 referral has spaces or invisible characters (a tab, no-break or zero-width space, say) before or after "
    "the referral_id; remove them"
)


def _problems(path, **options) -> list[str]:
    """Each problem line reading the log gives, as ``column: reason`` (the file named in each checked too)."""
    with pytest.raises(ia.DataError) as caught:
        ia.read_referral_log(path, **options)
    assert all(problem.path == path.name for problem in caught.value.problems)
    return [f"{problem.column}: {problem.reason}" for problem in caught.value.problems]


def _parquet(path, **columns):
    pq.write_table(pa.table(columns), path)
    return path


@pytest.mark.parametrize(
    ("ident", "shown"),
    [
        ("A\t", "A\\t ('A\\t')"),  # a trailing tab
        ("A\u00a0", "A\\xa0 ('A\\xa0')"),  # a trailing no-break space
        ("\u3000A", "\\u3000A ('\\u3000A')"),  # a leading ideographic space
        ("A\u200b", "A\\u200b ('A\\u200b')"),  # a zero-width space, which no screen shows
        ("\ufeffA", "\\ufeffA ('\\ufeffA')"),  # a byte-order mark inside the file
        ("A\u2028", "A\\u2028 ('A\\u2028')"),  # a line separator
    ],
)
def test_an_id_with_white_space_or_an_invisible_character_at_its_edge_is_refused(tmp_path, ident, shown):
    # Beside the plain 'A' it would otherwise count as a second referral.
    path = tmp_path / "ids.csv"
    path.write_text(f"referral_id,received\n{ident},2016-05-01\nA,2016-05-02\n", encoding="utf-8")
    assert _problems(path) == [f"referral_id: {SPACED}: {shown}"]


def test_a_nul_byte_in_a_parquet_source_is_refused(tmp_path):
    path = _parquet(tmp_path / "nul.parquet", referral_id=["A", "B"], received=[MAY, MAY], source=["NC\x00MEC", "x"])
    assert _problems(path) == [
        "source: 1 referral has a NUL byte (\\x00) in the source; the file may be damaged: A ('NC\\x00MEC')"
    ]


def test_a_nul_byte_in_a_parquet_id_is_refused(tmp_path):
    path = _parquet(tmp_path / "nul.parquet", referral_id=["A\x00secret", "B"], received=[MAY, MAY])
    assert _problems(path) == [
        "referral_id: 1 referral has a NUL byte (\\x00) in the referral_id; the file may be damaged: "
        "A\\x00secret ('A\\x00secret')"
    ]


def test_a_nul_byte_in_a_text_date_is_refused_as_such(tmp_path):
    path = _parquet(tmp_path / "nul.parquet", referral_id=["A", "B"], received=["2016-05-01\x00", "2016-05-02"])
    assert _problems(path) == [
        "received: 1 referral has a NUL byte (\\x00) in the date of receipt; the file may be damaged: "
        "A ('2016-05-01\\x00')"
    ]


@pytest.mark.parametrize(
    ("ids", "kind", "shown"),
    [
        (pa.array([["A"], ["B"]]), "VARCHAR[]", "[A], [B]"),
        (pa.array([{"a": 1}, {"a": 2}]), "STRUCT(A BIGINT)", "{'a': 1}, {'a': 2}"),
        (pa.array([[("k", "A")], [("k", "B")]], type=pa.map_(pa.string(), pa.string())), "MAP(VARCHAR, VARCHAR)", None),
        (pa.array([b"A", b"B"]), "BLOB", "A, B"),
        (pa.array([1.5, 2.5]), "DOUBLE", "1.5, 2.5"),
    ],
)
def test_an_id_column_that_is_not_text_is_refused(tmp_path, ids, kind, shown):
    path = _parquet(tmp_path / "ids.parquet", referral_id=ids, received=[MAY, MAY])
    (problem,) = _problems(path)
    reason = f"referral_id: 2 referrals have a referral_id of type {kind}, which is not text; store referral ids as "
    assert problem.startswith(reason + "text (or whole numbers): ")
    if shown:
        assert problem.endswith(f": {shown}")


def test_infinite_dates_in_csv_are_refused(tmp_path):
    path = tmp_path / "inf.csv"
    path.write_text(
        "referral_id,received,arrested\nA,infinity,\nB,2016-05-02,-infinity\nC,2016-05-03,2016-06-01\n",
        encoding="utf-8",
    )
    # Even with future dates allowed, infinity is no day.
    assert _problems(path, allow_future_dates=True) == [
        "received: 1 referral has an infinite date of receipt, which is no day; write dates as YYYY-MM-DD: "
        "A ('infinity')",
        "arrested: 1 referral has an infinite date of arrest, which is no day; write dates as YYYY-MM-DD: "
        "B ('-infinity')",
    ]


def test_infinite_dates_in_parquet_are_refused(tmp_path):
    path = tmp_path / "inf.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT 'A' AS referral_id, TIMESTAMPTZ 'infinity' AS received, DATE '-infinity' AS arrested "
        "UNION ALL SELECT 'B', TIMESTAMPTZ '2016-05-02 00:00:00+00', NULL) "
        f"TO '{path}' (FORMAT parquet)"
    )
    con.close()
    assert _problems(path, allow_future_dates=True) == [
        "received: 1 referral has an infinite date of receipt, which is no day; write dates as YYYY-MM-DD: "
        "A ('infinity')",
        "arrested: 1 referral has an infinite date of arrest, which is no day; write dates as YYYY-MM-DD: "
        "A ('-infinity')",
    ]


def test_a_date_in_year_294247_is_refused_even_with_future_dates_allowed(tmp_path):
    # Before, monthly() failed on it with pandas' "month must be in 1..12".
    path = tmp_path / "far.csv"
    path.write_text(
        "referral_id,received,arrested\nA,294247-01-01,\nB,2016-05-02,294247-01-01\nC,2199-12-31,\n", encoding="utf-8"
    )
    late = "the latest a log may hold even with future dates allowed; check the year"
    assert _problems(path, allow_future_dates=True) == [
        f"received: 1 referral has a date of receipt after 2199-12-31, {late}: A ('294247-01-01')",
        f"arrested: 1 referral has a date of arrest after 2199-12-31, {late}: B ('294247-01-01')",
    ]


def test_a_date_in_1800_is_refused_as_before_the_earliest_month(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "referral_id,received,disseminated,arrested\nA,2016-05-01,1800-05-02,\nB,2016-05-02,,1800-01-01\n"
        "C,1800-05-03,,\n",
        encoding="utf-8",
    )
    assert _problems(path) == [  # listed by the first row with each
        "disseminated: 1 referral has a date of dissemination before 1990-01; check the year: A ('1800-05-02')",
        "arrested: 1 referral has a date of arrest before 1990-01; check the year: B ('1800-01-01')",
        "received: 1 referral was received before 1990-01; check the year, or pass earliest_month='YYYY-MM' "
        "(--earliest-month on the command line) to accept earlier ones: C ('1800-05-03')",
    ]


# The same instants, each a referral received and (a day or so later) arrested: 23:30 UTC on 31 May is 1 June in
# London; 26 March 2016 23:30 UTC is still 26 March (GMT), 27 March 23:30 UTC is 28 March (BST began that day);
# 31 October 23:30 UTC is 31 October (GMT again); 31 January 23:30 UTC is 31 January.
INSTANTS = [
    (dt.datetime(2016, 5, 31, 23, 30, tzinfo=UTC), dt.datetime(2016, 6, 1, 22, 0, tzinfo=UTC)),
    (dt.datetime(2016, 3, 26, 23, 30, tzinfo=UTC), dt.datetime(2016, 3, 27, 23, 30, tzinfo=UTC)),
    (dt.datetime(2016, 3, 31, 23, 30, tzinfo=UTC), dt.datetime(2016, 4, 30, 23, 30, tzinfo=UTC)),
    (dt.datetime(2016, 10, 31, 23, 30, tzinfo=UTC), dt.datetime(2016, 11, 1, 0, 30, tzinfo=UTC)),
    (dt.datetime(2016, 1, 31, 23, 30, tzinfo=UTC), dt.datetime(2016, 2, 29, 23, 0, tzinfo=UTC)),
]


def _write_forms(folder) -> dict:
    """The instants as Parquet TIMESTAMPTZ, as CSV text with offsets (in various zones) and as London wall times."""
    ids = [f"R{i}" for i in range(len(INSTANTS))]
    received, arrested = zip(*INSTANTS)
    paths = {"parquet": folder / "tz.parquet", "offsets": folder / "offsets.csv", "naive": folder / "naive.csv"}
    # And as Parquet London wall times without a zone, and London days.
    local = [[t.astimezone(LONDON).replace(tzinfo=None) for t in times] for times in (received, arrested)]
    for form, kind, (r, a) in [
        ("clock", pa.timestamp("us"), local),
        ("days", pa.date32(), [[t.date() for t in times] for times in local]),
    ]:
        paths[form] = folder / f"{form}.parquet"
        pq.write_table(
            pa.table({"referral_id": ids, "received": pa.array(r, type=kind), "arrested": pa.array(a, type=kind)}),
            paths[form],
        )
    pq.write_table(
        pa.table(
            {
                "referral_id": ids,
                "received": pa.array(received, type=pa.timestamp("us", tz="UTC")),
                "arrested": pa.array(arrested, type=pa.timestamp("us", tz="UTC")),
            }
        ),
        paths["parquet"],
    )
    zones = [UTC, dt.timezone(dt.timedelta(hours=-4)), dt.timezone(dt.timedelta(hours=5, minutes=30))]
    offsets = [
        f"{i},{r.astimezone(zones[n % 3]).isoformat()},{a.astimezone(zones[(n + 1) % 3]).isoformat()}"
        for n, (i, (r, a)) in enumerate(zip(ids, INSTANTS))
    ]
    paths["offsets"].write_text("referral_id,received,arrested\n" + "\n".join(offsets) + "\n", encoding="utf-8")
    wall = [
        f"{i},{r.astimezone(LONDON):%Y-%m-%d %H:%M:%S},{a.astimezone(LONDON):%Y-%m-%d}"
        for i, (r, a) in zip(ids, INSTANTS)
    ]
    paths["naive"].write_text("referral_id,received,arrested\n" + "\n".join(wall) + "\n", encoding="utf-8")
    return paths


def test_the_same_instant_falls_in_the_same_month_whatever_the_format_or_the_machine_zone(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # the machine's zone must not count
    time.tzset()
    try:
        paths = _write_forms(tmp_path)
        days = [(r.astimezone(LONDON).date(), a.astimezone(LONDON).date()) for r, a in INSTANTS]
        months = collections.Counter(r.strftime("%Y-%m") for r, _ in days)
        expected_days = sorted((r.strftime("%Y-%m"), (a - r).days) for r, a in days)
        assert expected_days == [("2016-01", 29), ("2016-03", 2), ("2016-04", 30), ("2016-06", 0), ("2016-10", 1)]
        tables = {}
        for form, path in paths.items():
            with ia.read_referral_log(path, extract_date="2016-12-31") as log:
                monthly = log.monthly()
                follow = log.follow_up()
                assert log.input.options["timezone"] == "Europe/London"
            shown = {str(m): int(n) for m, n in zip(monthly["month"], monthly["referrals"]) if n}
            assert shown == dict(months), form
            got = sorted((str(c), int(d)) for c, d, e in zip(follow["cohort"], follow["days"], follow["events"]) if e)
            assert got == expected_days, form
            tables[form] = (monthly.to_dict("list"), follow.to_dict("list"))
        assert tables["parquet"] == tables["offsets"] == tables["naive"] == tables["clock"] == tables["days"]
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_zone_given_decides_the_month(tmp_path):
    paths = _write_forms(tmp_path)
    for path in (paths["parquet"], paths["offsets"]):
        with ia.read_referral_log(path, timezone="UTC") as log:
            counts = log.monthly().set_index("month")["referrals"]
            assert log.input.options["timezone"] == "UTC"
        # In UTC every instant is on its own (UTC) day: May, not June; March twice, not March and April.
        assert {str(m): int(n) for m, n in counts.items() if n} == {
            "2016-01": 1,
            "2016-03": 2,
            "2016-05": 1,
            "2016-10": 1,
        }


def test_the_timezone_option_reaches_the_log_reader(tmp_path, capsys):
    paths = _write_forms(tmp_path)
    analysis = _analyse.plan(referral_log=paths["offsets"], extract_date="2016-12-31", timezone="Asia/Kolkata")
    assert analysis.inputs["referral_log"].options["timezone"] == "Asia/Kolkata"
    assert (
        cli.main(
            [
                "analyse",
                "--referral-log",
                str(paths["naive"]),
                "--timezone",
                "Mars/Olympus",
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 1
    )
    assert "`timezone` must be a time zone such as 'Europe/London', but 'Mars/Olympus' was passed" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "out").exists()


# --- what an id, a source or a date may not be, beyond the above ---------------------------------------


def _line(path, **options) -> str:
    """The one problem reading the log gives, as its one line: file, first row, column, reason."""
    with pytest.raises(ia.DataError) as caught:
        ia.read_referral_log(path, **options)
    (problem,) = caught.value.problems
    assert "\n" not in str(problem)
    return str(problem)


@pytest.mark.parametrize(
    ("ident", "shown", "where"),
    [
        ("A\x1b[31m1", "A\\x1b[31m1", "inside"),  # a terminal's escape sequence
        ("A\u200b1", "A\\u200b1", "inside"),  # a zero-width space, inside
        ("A1\u200e", "A1\\u200e", "edge"),  # a left-to-right mark, invisible
        ("A1\x1f", "A1\\x1f", "edge"),  # a unit separator, which Python's str.isspace counts as space
    ],
)
def test_an_id_with_a_control_or_invisible_character_anywhere_is_refused(tmp_path, ident, shown, where):
    path = tmp_path / "ids.csv"
    path.write_text(f"referral_id,received\nA1,2016-05-01\n{ident},2016-05-02\n", encoding="utf-8")
    reason = (
        SPACED
        if where == "edge"
        else "1 referral has a control or invisible character (a terminal escape, a zero-width space, say) inside "
        "the referral_id; remove it"
    )
    assert _line(path) == f"ids.csv, row 3, column 'referral_id': {reason}: {shown} ('{shown}')"


def test_a_source_with_a_tab_or_zero_width_space_at_an_end_is_the_same_source(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "referral_id,received,source\nA1,2016-05-01,NCMEC\nA2,2016-05-02,NCMEC\t\nA3,2016-05-03,\u200bNCMEC\n",
        encoding="utf-8",
    )
    with ia.read_referral_log(path) as log:
        assert log.by_source()[["source", "referrals"]].values.tolist() == [["NCMEC", 3]]


def test_a_source_that_is_a_list_is_refused(tmp_path):
    path = _parquet(tmp_path / "s.parquet", referral_id=["A", "B"], received=[MAY, MAY], source=pa.array([["x"], None]))
    assert _line(path) == (
        "s.parquet, row 1, column 'source': 1 referral has a source of type VARCHAR[], which is not text; store it "
        "as text: A ('[x]')"
    )


def test_a_date_column_of_another_type_is_refused(tmp_path):
    path = _parquet(tmp_path / "t.parquet", referral_id=["A", "B"], received=pa.array([dt.time(9, 30)] * 2))
    assert _line(path).startswith(
        "t.parquet, row 1, column 'received': 2 referrals have a date of receipt of type TIME, which is no date"
    )


@pytest.mark.parametrize(
    "written",
    ["2016-05-31 23:30:00 Europe/Paris", "2016-05-31 24:00:00", "2016-05-31 (BC)", "2016-5-31"],
    ids=["zone-name", "hour-24", "bc", "short-month"],
)
def test_a_text_date_read_loosely_before_is_refused(tmp_path, written):
    # Each was read before, as a day it may not be: 24:00 on 31 May is 1 June, '(BC)' a year before Christ.
    path = tmp_path / "d.csv"
    path.write_text(f"referral_id,received\nA1,{written}\nA2,2016-05-01\n", encoding="utf-8")
    assert _line(path).startswith(
        "d.csv, row 2, column 'received': 1 referral has a date of receipt that cannot be read; write dates as "
        "YYYY-MM-DD"
    )
    assert _line(path).endswith(f": A1 ('{written}')")


def test_an_earliest_month_before_1900_is_refused(tmp_path):
    # Before, earliest_month='1800-01' read a referral of 1800 and gave a series of 2,600 months.
    path = tmp_path / "old.csv"
    path.write_text("referral_id,received\nA1,1800-01-10\nA2,2016-05-01\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"`earliest_month` must be a month as 'YYYY-MM', from 1900-01 to 2199-12"):
        ia.read_referral_log(path, earliest_month="1800-01")


def test_a_date_in_year_294247_in_parquet_is_refused_even_with_future_dates_allowed(tmp_path):
    path = tmp_path / "far.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * FROM (VALUES ('A', DATE '2016-05-01', DATE '294247-01-10'), ('B', DATE '2016-05-02', NULL)) "
        f"t(referral_id, received, arrested)) TO '{path}' (FORMAT parquet)"
    )
    con.close()
    assert _line(path, allow_future_dates=True) == (
        "far.parquet, row 1, column 'arrested': 1 referral has a date of arrest after 2199-12-31, the latest a log "
        "may hold even with future dates allowed; check the year: A ('294247-01-10')"
    )


def test_each_problem_names_the_first_row_with_it(tmp_path):
    # A CSV's header is row 1; a Parquet file's first row is row 1.
    rows = "".join(f"R{i},2016-05-{1 + i % 28:02d}\n" for i in range(30))
    (tmp_path / "log.csv").write_text("referral_id,received\n" + rows + "R30,2016-05-32\nR31,2016-05-33\n")
    assert _line(tmp_path / "log.csv").startswith("log.csv, row 32, column 'received': 2 referrals have a date")
    received = [MAY] * 30 + [dt.date(1850, 1, 1)]
    path = _parquet(tmp_path / "log.parquet", referral_id=[f"R{i}" for i in range(31)], received=received)
    assert _line(path).startswith("log.parquet, row 31, column 'received': 1 referral was received before 1990-01")
