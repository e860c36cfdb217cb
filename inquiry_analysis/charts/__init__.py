"""Drawing results onto axes in the house style, one module per analysis over a shared :mod:`._base`.

Each ``plot_*`` draws a result or a table that ``metrics``, ``disclosure`` or ``exhibits`` built onto
``ax`` (a new one if not given) and returns the Axes; none computes a statistic of its own.
"""

from inquiry_analysis.charts import accuracy, arrests, cases, chain, referral_log, referrals, series
from inquiry_analysis.charts.accuracy import (
    plot_confusion_matrix,
    plot_kirat_confusion_matrix,
    plot_net_benefit,
    plot_net_benefit_exhibit,
    plot_predictive_values,
    plot_predictive_values_exhibit,
)
from inquiry_analysis.charts.published import (
    VERDICT_COLOURS,
    claims_table_height,
    plot_claim,
    plot_claims_table,
    plot_rates,
    plot_rates_per_1000,
    plot_trend,
    plot_yearly_counts,
)

__all__ = [
    "VERDICT_COLOURS",
    "accuracy",
    "arrests",
    "cases",
    "chain",
    "claims_table_height",
    "plot_claim",
    "plot_claims_table",
    "plot_confusion_matrix",
    "plot_kirat_confusion_matrix",
    "plot_net_benefit_exhibit",
    "plot_predictive_values_exhibit",
    "plot_net_benefit",
    "plot_predictive_values",
    "plot_rates",
    "plot_rates_per_1000",
    "plot_trend",
    "plot_yearly_counts",
    "referral_log",
    "referrals",
    "series",
]
