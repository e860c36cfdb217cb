"""AN-11 to AN-13 say what the two series give at the lag: ratios worked out here by hand."""

import pandas as pd

from inquiry_analysis import exhibits, provenance
from inquiry_analysis.metrics import lags


def _series(column, counts, start="2015-01"):
    frame = pd.DataFrame(
        {"month": pd.period_range(start, periods=len(counts), freq="M"), column: pd.array(counts, dtype="Int64")}
    )
    frame.attrs["input"] = provenance.InputFile(name=f"{column}.csv", sha256="cd" * 32, bytes=50)
    return frame


REFERRALS = [1000 + 10 * m for m in range(30)]
ARRESTS = [40 + (m % 5) for m in range(30)]


def test_lag_words():
    assert [exhibits.lags.lag_words(n) for n in (0, 1, 3)] == ["in the same month", "1 month later", "3 months later"]


def test_the_monthly_range_and_the_lag_are_stated():
    referrals, arrests = _series("referrals", REFERRALS), _series("arrests", ARRESTS)
    monthly = lags.arrests_per_1000(referrals, arrests, lag_months=2, by="month")
    by_hand = [1000 * ARRESTS[m + 2] / REFERRALS[m] for m in range(len(REFERRALS) - 2)]
    exhibit = exhibits.lags.monthly_exhibit(monthly, referrals, arrests, lag_months=2)
    assert exhibit.title == (
        f"Arrests ran at {min(by_hand):.1f} to {max(by_hand):.1f} per 1,000 referrals a month, counting arrests 2 "
        "months later"
    )
    assert exhibit.source.count("the analyst's own file") == 2


def test_a_year_is_shown_only_when_complete_and_the_lag_range_is_stated():
    referrals, arrests = _series("referrals", REFERRALS), _series("arrests", ARRESTS)
    yearly = lags.arrests_per_1000(referrals, arrests, lag_months=2, by="year")
    exhibit = exhibits.lags.yearly_exhibit(yearly, referrals, arrests, lag_months=2)
    ratio_2015 = 1000 * sum(ARRESTS[2:14]) / sum(REFERRALS[:12])
    assert exhibit.title.startswith(f"Arrests per 1,000 referrals by year: 2015 {ratio_2015:.1f}")
    empty = yearly.iloc[0:0]
    assert str(exhibits.lags.yearly_exhibit(empty, referrals, arrests, lag_months=2)).startswith(
        "No calendar year is complete"
    )
    by_lag = lags.ratio_by_lag(referrals, arrests, common_months=True)
    text = exhibits.lags.ratio_sentences(yearly, by_lag, lag_months=2)
    assert text.splitlines()[0].startswith(
        f"2015: {sum(ARRESTS[2:14]):,} arrests per {sum(REFERRALS[:12]):,} referrals"
    )
    low, high = by_lag.per_1000.min(), by_lag.per_1000.max()
    assert (
        f"between {low:.1f} and {high:.1f}"
        in exhibits.lags.by_lag_exhibit(by_lag, referrals, arrests, lag_months=2).title
    )
