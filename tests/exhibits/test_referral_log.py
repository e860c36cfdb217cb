"""AN-30 to AN-33 say only what the published tables show: [c] stays [c], and a missing column withholds."""

import pandas as pd
import pytest

import inquiry_analysis as ia
from inquiry_analysis import disclosure, exhibits

EXAMPLE = ia.provenance.bundled_data_dir().parent / "examples" / "synthetic_referral_log.parquet"


@pytest.fixture(scope="module")
def example():
    with ia.read_referral_log(EXAMPLE) as log:
        yield log, disclosure.publishable(log, min_cell=5), log.by_source()


def test_ratio_text():
    row = {"cohort_per_1000": 41.04, "cohort_lower": 36.0, "cohort_upper": 46.52, "in_year_per_1000": "[c]"}
    assert exhibits.referral_log.ratio_text(row, "cohort") == "41.0 (36.0 to 46.5)"
    assert exhibits.referral_log.ratio_text(row, "in_year") == "[c]"
    assert exhibits.referral_log.ratio_text({"within_12m_per_1000": float("nan")}, "within_12m") == "not available"
    with pytest.raises(ValueError, match="`key` must be one of in_year, cohort, within_12m"):
        exhibits.referral_log.ratio_text(row, "all")


def test_the_source_totals_are_the_logs(example):
    log, published, by_source = example
    exhibit = exhibits.referral_log.source_exhibit(log, published)
    totals = by_source.groupby("source")["referrals"].sum()
    for name, n in totals.items():
        assert f"{name}, {int(n):,}" in exhibit.alt_text
    assert exhibit.title == "Referrals by source, Jan 2013 to Dec 2017"
    assert (
        exhibits.referral_log.describe_log(log, published)
        .splitlines()[1]
        .startswith(f"{int(totals.sum()):,} referrals")
    )


def test_the_dissemination_range_is_the_published_shares_of_months_followed_in_full(example):
    log, published, _ = example
    exhibit = exhibits.referral_log.dissemination_exhibit(log, published)
    cohorts = published.conversion.drop_duplicates("cohort").set_index("cohort")["disseminated_share"].astype(float)
    # The example's extract date is its latest referral's, in January 2018, so the count starts on 1 January:
    # October to December 2017 have under 91 days of follow-up and are not ranked with the rest (issue 24).
    filling = ["2017-10", "2017-11", "2017-12"]
    complete = cohorts.drop(filling)
    assert exhibit.title == (
        f"{100 * complete.min():.0f}% to {100 * complete.max():.0f}% of each month's referrals were disseminated to "
        "a force, in months followed for three months or more; the 3 latest months, followed for less, stand at "
        f"{100 * cohorts[filling].min():.0f}% to {100 * cohorts[filling].max():.0f}% so far"
    )
    assert (round(100 * complete.min(), 1), round(100 * complete.max(), 1)) == (52.7, 58.3)


def test_a_log_of_recent_months_only_says_they_are_still_filling_not_withheld(example):
    log, published, _ = example
    conversion = published.conversion[published.conversion["cohort"].astype(str) >= "2017-10"]
    recent = disclosure.PublishableLog(**{**vars(published), "conversion": conversion})
    exhibit = exhibits.referral_log.dissemination_exhibit(log, recent)
    shares = conversion.drop_duplicates("cohort")["disseminated_share"].astype(float)
    span = f"{100 * shares.min():.0f}% to {100 * shares.max():.0f}%"
    assert exhibit.title == (
        f"{span} of each month's referrals disseminated to a force so far; every month shown is still filling, "
        "followed for less than 91 days"
    )
    assert "withheld" not in exhibit.title + exhibit.alt_text
    assert exhibit.alt_text.endswith(
        f"every month shown is still filling, followed for less than 91 days: {span} so far."
    )


def test_a_log_without_the_columns_withholds_its_exhibits(example):
    log, published, _ = example

    class Without:
        input, summary = (
            log.input,
            log.summary.__class__(**{**vars(log.summary), "columns": ("referral_id", "received")}),
        )

    bare = disclosure.PublishableLog(**{**vars(published), "ratios": None})
    for make, reason in (
        (exhibits.referral_log.dissemination_exhibit, "no 'disseminated' column"),
        (exhibits.referral_log.conversion_exhibit, "no 'arrested' column"),
        (exhibits.referral_log.arrest_ratio_exhibit, "no 'arrested' column"),
    ):
        withheld = make(Without, bare)
        assert not withheld and reason in str(withheld)
    assert exhibits.referral_log.ratio_lines(bare).startswith("The log has no 'arrested' column")


def test_a_withheld_year_states_no_number(example):
    log, published, _ = example
    ratios = published.ratios.copy()
    ratios["cohort_per_1000"] = "[c]"
    hidden = disclosure.PublishableLog(**{**vars(published), "ratios": ratios})
    exhibit = exhibits.referral_log.arrest_ratio_exhibit(log, hidden)
    assert exhibit.title == "Arrests per 1,000 referrals, counted by cohort and by year"
    assert isinstance(ratios, pd.DataFrame)
