"""Checked inputs: what a notebook opens from a record is what the reader gave, and the file is not read again."""

import pandas as pd
import pytest

import inquiry_analysis as ia
from inquiry_analysis.disclosure import publishable
from inquiry_analysis.io.checked import open_input, public_record, save_checked

EXAMPLES = ia.provenance.bundled_data_dir().parent / "examples"


@pytest.mark.parametrize(
    ("name", "kind", "options"),
    [
        ("synthetic_referrals_by_month.csv", "monthly_referrals", {}),
        ("synthetic_arrests_by_month.csv", "monthly_arrests", {}),
        ("synthetic_cases.csv", "case_file", {"levels": ("Low", "Medium", "High", "Very High")}),
    ],
)
def test_a_table_comes_back_as_the_reader_gave_it(tmp_path, name, kind, options):
    read = open_input(EXAMPLES / name, kind=kind, **options)
    record = save_checked(read, tmp_path, kind=kind)
    again = open_input(record, kind=kind)
    pd.testing.assert_frame_equal(again, read)  # values and dtypes: Period months, Int64 counts, ordered levels
    assert again.attrs["input"] == read.attrs["input"]
    assert public_record(record) == {"kind": kind, "input": read.attrs["input"].record()}
    assert str(tmp_path) not in repr(public_record(record))


def test_a_logs_aggregates_come_back_and_publish_the_same_tables(tmp_path):
    with ia.read_referral_log(EXAMPLES / "synthetic_referral_log.parquet") as log:
        record = save_checked(log, tmp_path, kind="referral_log")
        expected = {
            "monthly": log.monthly(),
            "by_source": log.by_source(),
            "month": log.follow_up(by="month"),
            "year": log.follow_up(by="year"),
            "year_counts": log.year_counts(),
        }
        published = publishable(log, min_cell=10)
        summary = log.summary
    checked = open_input(record, kind="referral_log")
    assert checked.summary == summary and checked.input == log.input
    pd.testing.assert_frame_equal(checked.monthly(), expected["monthly"])
    pd.testing.assert_frame_equal(checked.by_source(), expected["by_source"])
    pd.testing.assert_frame_equal(checked.follow_up(by="month"), expected["month"])
    pd.testing.assert_frame_equal(checked.follow_up(by="year"), expected["year"])
    pd.testing.assert_frame_equal(checked.year_counts(), expected["year_counts"])
    again = publishable(checked, min_cell=10)
    for table in ("monthly", "by_source", "conversion", "ratios"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(published, table))
    assert (again.total, again.source_totals) == (published.total, published.source_totals)
    with pytest.raises(ValueError, match=r"only the follow-up cut at 366 days was kept"):
        checked.follow_up(cap_days=400)


def test_a_record_of_another_kind_or_a_wrong_value_is_refused(tmp_path):
    read = open_input(EXAMPLES / "synthetic_referrals_by_month.csv", kind="monthly_referrals")
    record = save_checked(read, tmp_path, kind="monthly_referrals")
    with pytest.raises(ValueError, match=r"`kind` must be one of monthly_referrals, monthly_arrests, case_file"):
        open_input(record, kind="monthly")
    with pytest.raises(ValueError, match=r"the input must be a path or a record from save_checked, but int"):
        open_input(3, kind="monthly_referrals")
    (tmp_path / "monthly-referrals.frame.parquet").unlink()
    with pytest.raises(ValueError, match=r"is missing or has changed since it was checked \(sha256 none"):
        open_input(record, kind="monthly_referrals")
