"""Exhibits IA-03 and IA-08 drawn: arrests per 1,000 referrals, and the chain from referral to arrest.

Each function draws every series of its exhibit onto ``ax`` with the ``plot_*`` functions of
:mod:`inquiry_analysis.charts.published` and :mod:`inquiry_analysis.charts.chain`, then labels the
axis, sets its limits and places the legend, and returns the Axes. What the exhibit says is built
by :mod:`inquiry_analysis.exhibits.arrests`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from inquiry_analysis.charts._base import axes_for
from inquiry_analysis.charts.chain import plot_chain
from inquiry_analysis.charts.published import plot_rates_per_1000
from inquiry_analysis.exhibits.style import PALETTE
from inquiry_analysis.metrics.chain import StageRatio
from inquiry_analysis.metrics.ratios import Rate

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_chain_exhibit", "plot_ratio_exhibit"]


def plot_ratio_exhibit(ceop_rates: Sequence[Rate], nca_rate: Rate, uk_rate: Rate, *, ax: Axes | None = None) -> Axes:
    """Exhibit IA-03: arrests per 1,000 referrals on a log scale, between the powers of ten around every bar.

    Parameters
    ----------
    ceop_rates : sequence of Rate
        CEOP Centre arrests per 1,000 reports (circles).
    nca_rate : Rate
        The NCA's own arrests per 1,000 referrals (a square).
    uk_rate : Rate
        Arrests by the NCA and UK police per 1,000 referrals (a triangle).
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes in the house style if not given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_for(ax)
    plot_rates_per_1000(ceop_rates, ax=ax, label="CEOP Centre (reports from all sources)", color=PALETTE[0])
    plot_rates_per_1000([nca_rate], ax=ax, label="NCA alone", color=PALETTE[2], marker="s")
    plot_rates_per_1000([uk_rate], ax=ax, label="NCA and UK police", color=PALETTE[1], marker="^", log_scale=True)
    rates = (*ceop_rates, nca_rate, uk_rate)
    bottom = min(min(r.lower, r.low) for r in rates)
    top = max(max(r.upper, r.high) for r in rates)
    # The axis label, limits and legend take matplotlib's own sizes, as the exhibits always have: drawn in
    # the house style instead, every exported file would change.
    ax.set_ylabel("Arrests per 1,000 referrals (log scale)")
    ax.set_ylim(10 ** math.floor(math.log10(bottom)), 10 ** math.ceil(math.log10(top)))
    ax.legend(loc="lower left")
    return ax


def plot_chain_exhibit(
    table: pd.DataFrame, *, disseminated: StageRatio, arrests_per_dissemination: StageRatio, ax: Axes | None = None
) -> Axes:
    """Exhibit IA-08: each period's chain from referral to arrest, the latest period's ratios written on its joins.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`inquiry_analysis.exhibits.arrests.chain_table`'s table (an exhibit's ``data``); its last
        period is drawn in the house's first colour and carries the ratios.
    disseminated : StageRatio
        The second stage as a percentage of the first, written on their join.
    arrests_per_dissemination : StageRatio
        The third stage per one of the second, written on their join.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new Axes in the house style if not given).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_for(ax)
    periods = list(dict.fromkeys(table["period"]))
    latest, per = periods[-1], arrests_per_dissemination
    plot_chain(
        table,
        colors={period: PALETTE[i] for i, period in enumerate(reversed(periods))},
        steps=[
            (latest, 0, disseminated, f"{disseminated.later.name}, as a\n% of {disseminated.earlier.name}"),
            (latest, 1, per, f"{per.later.name} per {per.per or 'one of the ' + per.earlier.name}"),
        ],
        ax=ax,
    )
    ax.set_ylabel("Count a year (log scale)")
    ax.legend(loc="upper right", title="Year")
    return ax
