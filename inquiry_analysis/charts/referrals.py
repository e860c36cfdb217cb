"""Exhibits IA-01 and IA-02 drawn: referrals a month against the figures stated at the hearing, and counts a year.

Each function draws every series of its exhibit onto ``ax`` with the ``plot_*`` functions of
:mod:`inquiry_analysis.charts.published`, then labels the axis and places the legend, and returns
the Axes. What the exhibit says is built by :mod:`inquiry_analysis.exhibits.referrals`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from inquiry_analysis.charts._base import axes_for
from inquiry_analysis.charts.published import plot_claim, plot_rates, plot_trend, plot_yearly_counts
from inquiry_analysis.exhibits.style import PALETTE
from inquiry_analysis.metrics.periods import Count
from inquiry_analysis.metrics.trend import Trend

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_trend_exhibit", "plot_world_exhibit"]


def plot_trend_exhibit(
    ceop: Sequence[Count], nca: Sequence[Count], model: Trend, *, stated: Sequence[Count], ax: Axes | None = None
) -> Axes:
    """Exhibit IA-01: CEOP Centre reports and NCA referrals a month, the model, and the figures stated.

    Parameters
    ----------
    ceop, nca : sequence of Count
        CEOP Centre reports and NCA referrals, drawn as levels a month across each period.
    model : Trend
        A log-linear trend of NCA counts, drawn over the periods it was fitted to (those whose
        figures are its ``inputs``).
    stated : sequence of Count
        The figures stated at the hearing (``counts_from_figures`` of rows of ``load_claims()``), each
        drawn as a diamond at its average a month over its period.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes in the house style if not given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_for(ax)
    fitted = [c for c in nca if set(c.inputs) <= set(model.inputs)]
    plot_rates(ceop, ax=ax, label="CEOP Centre reports (all sources)", color=PALETTE[0])
    plot_rates(nca, ax=ax, label="NCA industry referrals", color=PALETTE[1])
    plot_trend(
        model,
        start=fitted[0].start,
        end=fitted[-1].end,
        ax=ax,
        label=f"Log-linear model, {fitted[0].label}-{fitted[-1].label} (narrow interval if that shape)",
    )
    for i, figure in enumerate(stated):
        plot_claim(figure.rate, figure.start, figure.end, ax=ax, label="Stated at the hearing" if i == 0 else None)
    # The axis label and legend take matplotlib's own sizes, as the exhibits always have: drawn in the
    # house style instead, every exported file would change.
    ax.set_ylabel("Referrals or reports a month")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    return ax


def plot_world_exhibit(
    world: Sequence[Count],
    nca: Sequence[Count],
    uk_indicator: Sequence[Count],
    iwf_reports: Sequence[Count],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Exhibit IA-02: four yearly series on a log scale, NCMEC's worldwide reports first.

    Parameters
    ----------
    world, nca, uk_indicator, iwf_reports : sequence of Count
        NCMEC's worldwide reports, NCA referrals, NCMEC's reports with a UK indicator and the IWF's
        reports processed; derived counts are drawn hollow.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes in the house style if not given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_for(ax)
    plot_yearly_counts(world, ax=ax, label="NCMEC reports, worldwide", color=PALETTE[0])
    plot_yearly_counts(nca, ax=ax, label="NCA industry referrals", color=PALETTE[1], marker="s")
    plot_yearly_counts(uk_indicator, ax=ax, label="NCMEC reports, UK indicator", color=PALETTE[2], marker="^")
    plot_yearly_counts(iwf_reports, ax=ax, label="IWF reports processed", color=PALETTE[3], marker="v", log_scale=True)
    ax.set_ylabel("Reports or referrals a year (log scale)")
    ax.legend(loc="upper left")
    return ax
