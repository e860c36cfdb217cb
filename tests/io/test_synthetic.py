"""inquiry_analysis.io.synthetic: SYNTHETIC referral logs, seeded, as documented, whatever the chunking.

Every log here is made up by the generator under test; none describes a real referral. Each check
reads the file back independently (DuckDB SQL), never through the generator's own bookkeeping.
"""

import dataclasses
import datetime as dt

import duckdb
import numpy as np
import pytest

from inquiry_analysis.io import synthetic as synthetic_logs
from inquiry_analysis.io.synthetic import BLOCK_ROWS, write_referral_log

ROWS = 20_000
ALL_FAULTS = {"duplicate_id": 2, "arrested_before_received": 1, "future_received": 1, "missing_received": 1}


def query(sql, *parameters):
    with duckdb.connect() as connection:
        return connection.execute(sql, list(parameters)).fetchall()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A clean 20,000-row Parquet log and its model."""
    path = tmp_path_factory.mktemp("synthetic") / "log.parquet"
    return path, write_referral_log(path, rows=ROWS)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A clean 300,000-row log, for the rates the model promises (tight enough to test at a glance)."""
    path = tmp_path_factory.mktemp("synthetic") / "log.parquet"
    return path, write_referral_log(path, rows=300_000, seed=7)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_the_same_arguments_write_the_same_bytes_whatever_the_chunking(tmp_path, suffix):
    one = write_referral_log(tmp_path / f"a{suffix}", rows=ROWS)
    again = write_referral_log(tmp_path / f"b{suffix}", rows=ROWS)
    chunked = write_referral_log(tmp_path / f"c{suffix}", rows=ROWS, chunk_rows=BLOCK_ROWS)  # 3 chunks, not 1
    other_seed = write_referral_log(tmp_path / f"d{suffix}", rows=ROWS, seed=1)
    data = (tmp_path / f"a{suffix}").read_bytes()
    assert (tmp_path / f"b{suffix}").read_bytes() == data
    assert (tmp_path / f"c{suffix}").read_bytes() == data
    assert (tmp_path / f"d{suffix}").read_bytes() != data
    assert dataclasses.replace(again, path=one.path) == one
    assert chunked.month_counts == one.month_counts and chunked.arrested == one.arrested
    assert other_seed.month_counts != one.month_counts
    assert one.format == suffix[1:]


def test_csv_and_parquet_hold_the_same_rows(tmp_path, small):
    path, model = small
    csv = tmp_path / "log.csv"
    assert write_referral_log(csv, rows=ROWS).month_counts == model.month_counts
    header = csv.read_text(encoding="utf-8").splitlines()[:2]
    assert header[0] == "referral_id,received,source,disseminated,arrested,force"
    assert query(
        f"SELECT count(*) FROM (SELECT * FROM read_parquet('{path}') EXCEPT ALL "
        f"SELECT * FROM read_csv('{csv}', header=true, types={{'disseminated': 'DATE', "
        f"'arrested': 'DATE', 'received': 'DATE'}}))"
    ) == [(0,)]


def test_rows_per_month_are_the_models_and_sum_to_rows(small):
    path, model = small
    counts = query(f"SELECT strftime(received, '%Y-%m') AS m, count(*) FROM '{path}' GROUP BY m ORDER BY m")
    assert len(model.month_counts) == 60 and sum(model.month_counts) == ROWS == model.rows
    assert [m for m, _ in counts] == [f"{2013 + i // 12}-{i % 12 + 1:02d}" for i in range(60)]
    assert tuple(n for _, n in counts) == model.month_counts
    assert (model.first_month, model.last_month, model.extract_date) == ("2013-01", "2017-12", dt.date(2018, 1, 1))


def test_ids_are_unique_synthetic_and_rise_with_receipt(small):
    path, _ = small
    ((rows, distinct, synthetic, first, last, out_of_order),) = query(
        f"SELECT count(*), count(DISTINCT referral_id), count(*) FILTER (referral_id LIKE 'SYN-%'), "
        f"min(referral_id), max(referral_id), count(*) FILTER (received < previous) "
        f"FROM (SELECT *, lag(received) OVER (ORDER BY referral_id) AS previous FROM '{path}')"
    )
    assert (rows, distinct, synthetic) == (ROWS, ROWS, ROWS)
    assert (first, last) == ("SYN-0000000001", "SYN-0000020000")
    assert out_of_order == 0


def test_no_date_before_receipt_nor_after_extraction_and_force_only_when_disseminated(small):
    path, model = small
    ((before, after, orphan_arrest, force_mismatch, disseminated, arrested, forces, sources),) = query(
        f"SELECT count(*) FILTER (disseminated < received OR arrested < received OR arrested < disseminated), "
        f"count(*) FILTER (greatest(received, disseminated, arrested) > ?), "
        f"count(*) FILTER (arrested IS NOT NULL AND disseminated IS NULL), "
        f"count(*) FILTER ((force IS NULL) <> (disseminated IS NULL)), "
        f"count(disseminated), count(arrested), count(DISTINCT force), count(DISTINCT source) FROM '{path}'",
        model.extract_date,
    )
    assert (before, after, orphan_arrest, force_mismatch) == (0, 0, 0, 0)
    assert (disseminated, arrested) == (model.disseminated, model.arrested)
    assert (forces, sources) == (43, 4)
    # Censoring happened: the model drew events after the extract date and the file does not have them.
    assert model.censored_disseminations > 0 and model.censored_arrests > 0


def test_censoring_follows_a_given_extract_date(tmp_path):
    path = tmp_path / "log.parquet"
    late = write_referral_log(path, rows=ROWS, extract_date="2019-06-30")
    ((latest,),) = [row for row in query(f"SELECT max(greatest(disseminated, arrested)) FROM '{path}'")]
    default = write_referral_log(tmp_path / "default.parquet", rows=ROWS)
    assert late.extract_date == dt.date(2019, 6, 30) and dt.date(2018, 1, 1) < latest <= late.extract_date
    assert late.arrested > default.arrested and late.censored_arrests < default.censored_arrests
    assert late.month_counts == default.month_counts  # censoring changes outcomes, not receipts


def test_parquet_metadata_says_synthetic(small):
    path, model = small
    metadata = {
        key.decode(): value.decode() for key, value in query(f"SELECT key, value FROM parquet_kv_metadata('{path}')")
    }
    assert metadata["synthetic"] == "true"
    assert metadata["generator"] == "inquiry_analysis.io.synthetic"
    assert metadata["seed"] == str(model.seed) == "20180124"
    assert metadata["model"].startswith("synthetic referral log")


def test_bad_rows_are_exactly_the_declared_ones(tmp_path):
    path = tmp_path / "bad.parquet"
    model = write_referral_log(path, rows=ROWS, bad_rows=ALL_FAULTS)
    source = f"read_parquet('{path}', file_row_number=true)"

    def ids(condition):
        return tuple(
            r for (r,) in query(f"SELECT referral_id FROM {source} WHERE {condition} ORDER BY file_row_number")
        )

    duplicated = tuple(
        r for (r,) in query(f"SELECT referral_id FROM {source} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1")
    )
    assert model.bad_ids == {
        "duplicate_id": duplicated,
        "arrested_before_received": ids("arrested < received"),
        "future_received": ids(f"received > DATE '{model.extract_date}'"),
        "missing_received": ids("received IS NULL"),
    }
    assert [len(v) for v in model.bad_ids.values()] == [2, 1, 1, 1]
    # Row numbers as a spreadsheet counts them (header = 1) point at the same rows; a duplicate's is the later copy.
    for kind, lines in model.bad_rows.items():
        at = query(
            f"SELECT referral_id FROM {source} WHERE file_row_number + 2 IN ({', '.join(map(str, lines))}) "
            "ORDER BY file_row_number"
        )
        assert tuple(r for (r,) in at) == model.bad_ids[kind]
    later = query(f"SELECT max(file_row_number) + 2 FROM {source} GROUP BY referral_id HAVING count(*) > 1 ORDER BY 1")
    assert tuple(r for (r,) in later) == model.bad_rows["duplicate_id"]
    # Spread out, and nothing else is wrong: no other date out of order, no other future date.
    lines = sorted(line for kind in model.bad_rows.values() for line in kind)
    assert min(np.diff(lines)) > ROWS // 10
    assert ids("disseminated < received OR arrested < disseminated") == model.bad_ids["arrested_before_received"]
    assert query(f"SELECT min(received) > DATE '2100-01-01' FROM '{path}' WHERE received > '2018-01-01'") == [(True,)]


def test_without_bad_rows_nothing_is_declared(small):
    _, model = small
    assert model.bad_ids == {} and model.bad_rows == {}


def test_fitted_growth_and_season_are_the_models(large):
    _, model = large
    counts = np.array(model.month_counts, dtype=float)
    i = np.arange(len(counts))
    season = 2 * np.pi * (i - 3) / 12
    design = np.column_stack([np.ones_like(i, dtype=float), i, np.sin(season), np.cos(season)])
    (_, slope, sine, cosine), *_ = np.linalg.lstsq(design, np.log(counts), rcond=None)
    assert np.exp(12 * slope) - 1 == pytest.approx(model.annual_growth, abs=0.02)
    assert sine == pytest.approx(0.1, abs=0.015) and cosine == pytest.approx(0, abs=0.015)


def test_rates_and_lags_are_the_models(large):
    path, model = large
    # Referrals of 2013-2015: followed two years or more, so censoring barely touches them.
    ((share, lag, arrest_2013, arrest_2015, same_year_2015, arrest_lag),) = query(
        f"SELECT avg((disseminated IS NOT NULL)::INT), median(disseminated - received), "
        f"count(arrested) FILTER (year(received) = 2013) / count(disseminated) FILTER (year(received) = 2013), "
        f"count(arrested) FILTER (year(received) = 2015) / count(disseminated) FILTER (year(received) = 2015), "
        f"(SELECT count(*) FROM '{path}' WHERE year(arrested) = 2015) / count(*) FILTER (year(received) = 2015), "
        f"median(arrested - disseminated) FROM '{path}' WHERE received < DATE '2016-01-01'"
    )
    assert share == pytest.approx(model.dissemination_probability, abs=0.01)
    assert 19 <= lag <= 22  # gamma(2, 12.5 days), floored: median 20.98
    assert 100 <= arrest_lag <= 130  # gamma(1.5, 100 days), floored: median 118, a little shortened by censoring
    assert arrest_2013 == pytest.approx(0.064, abs=0.006)  # 0.06 rising 0.04 over 59 months: 2013 averages 0.064
    assert arrest_2015 == pytest.approx(0.080, abs=0.006)  # and 2015 averages 0.080
    # Volume grows and arrests lag: arrests made in 2015 per referral of 2015 fall short of the cohort's share.
    assert same_year_2015 < 0.9 * arrest_2015 * share


def test_command_line_writes_and_reports(tmp_path, capsys):
    out = tmp_path / "cli.csv"
    assert (
        synthetic_logs.main(
            [str(out), "--rows", "1000", "--seed", "3", "--bad", "duplicate_id=1", "--bad", "missing_received=1"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "SYNTHETIC" in printed and "1,000 rows" in printed
    assert '"duplicate_id": ["SYN-0000000126"]' in printed and '"missing_received": ["SYN-0000000751"]' in printed
    assert query(f"SELECT count(*) FROM read_csv('{out}', header=true)") == [(1000,)]


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"rows": 0}, "`rows` must be a whole number, at least 1"),
        ({"first_month": "2013-13"}, "`first_month` must be a month"),
        ({"extract_date": "2017-12-30"}, "no earlier than the last day of the last month, 2017-12-31"),
        ({"annual_growth": -1.0}, "`annual_growth` must be a number above -1"),
        ({"bad_rows": {"odd_colour": 1}}, "unknown kind of bad row 'odd_colour'"),
        ({"rows": 5, "bad_rows": {"duplicate_id": 3}}, "3 bad rows need a log of at least 6 rows"),
        ({"format": "xlsx"}, "`format` must be 'parquet' or 'csv'"),
    ],
)
def test_bad_arguments_are_refused_by_name(tmp_path, arguments, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        write_referral_log(tmp_path / "log.parquet", **arguments)
    assert not list(tmp_path.iterdir())


def test_a_name_without_a_known_suffix_needs_a_format(tmp_path):
    with pytest.raises(ValueError, match="cannot tell the format from the name 'log.txt'"):
        write_referral_log(tmp_path / "log.txt", rows=10)
    model = write_referral_log(tmp_path / "log.txt", rows=10, format="csv")
    assert model.format == "csv" and (tmp_path / "log.txt").read_text().startswith("referral_id,")


def test_the_model_is_frozen_and_built_by_keyword(small):
    _, model = small
    assert dataclasses.replace(model, rows=1).rows == 1
    with pytest.raises(TypeError):
        synthetic_logs.LogModel(*dataclasses.astuple(model))
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.rows = 1
