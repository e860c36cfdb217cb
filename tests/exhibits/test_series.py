"""AN-01 and AN-02 say what the series gives: numbers worked out here from the counts, not from our tables."""

import pandas as pd
import pytest

from inquiry_analysis import exhibits, provenance
from inquiry_analysis.metrics import series


def _monthly(counts, start="2016-01"):
    frame = pd.DataFrame(
        {"month": pd.period_range(start, periods=len(counts), freq="M"), "referrals": pd.array(counts, dtype="Int64")}
    )
    frame.attrs["input"] = provenance.InputFile(name="mine.csv", sha256="ab" * 32, bytes=100)
    return frame


def test_without_a_trend_the_title_states_the_latest_average():
    counts = [30, 45, 38, 50, 41, 47, 52, 49, 60, 58, 61, 66]
    mine = _monthly(counts)
    table = series.monthly_counts_table(mine, column="referrals", window=3)
    trend = series.monthly_trend(mine, column="referrals")
    assert not trend.supported  # 12 months: too short for a trend
    exhibit = exhibits.series.counts_exhibit(mine, table, trend)
    assert exhibit.title == f"Referrals averaged {sum(counts[-3:]) / 3:,.0f} a month in the 3 months to Dec 2016"
    assert exhibit.subtitle.endswith("with the 3-month average")
    assert "from Jan 2016 (30) to Dec 2016 (66)" in exhibit.alt_text
    assert exhibits.series.average_sentence(table).startswith(f"Average over the 3 months to Dec 2016: {61.7:,.1f}")


def test_a_supported_trend_is_the_title():
    counts = [round(1000 * 1.02**m) for m in range(36)]
    mine = _monthly(counts)
    table = series.monthly_counts_table(mine, column="referrals")
    trend = series.monthly_trend(mine, column="referrals")
    exhibit = exhibits.series.counts_exhibit(mine, table, trend)
    assert trend.supported and exhibit.title == trend.headline
    assert exhibit.subtitle.endswith("and the trend") and exhibit.notes[0] == trend.statement


def test_the_change_on_a_year_is_stated_or_withheld():
    short = _monthly([10] * 12)
    withheld = exhibits.series.change_exhibit(short, series.year_on_year(short, column="referrals"))
    assert not withheld and str(withheld) == "No change on a year before: the series has 12 months, and needs 13."
    mine = _monthly([100] * 12 + [150, 180])
    exhibit = exhibits.series.change_exhibit(mine, series.year_on_year(mine, column="referrals"))
    assert exhibit.title.startswith(f"In Feb 2017 referrals were {100 * (180 / 100 - 1):+.0f}% on the same month")
    assert f"from {100 * (150 / 100 - 1):+.0f}% to {100 * (180 / 100 - 1):+.0f}%" in exhibit.alt_text


def test_the_series_is_described_by_its_file_and_months():
    text = exhibits.series.describe_series(_monthly([5, 6, 7]), column="referrals")
    assert text == f"mine.csv: 100 bytes, sha256 {'ab' * 32}\n3 months, Jan 2016 to Mar 2016: 18 referrals"


@pytest.mark.parametrize("bad", [_monthly([])])
def test_an_empty_series_is_refused_by_the_metrics_first(bad):
    with pytest.raises(ValueError, match="at least one month"):
        series.monthly_counts_table(bad, column="referrals")
