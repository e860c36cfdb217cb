"""Small-cell suppression (``[c]``, the GSS convention) with secondary suppression, for every table built
from record-level data: a case file's level-by-outcome table (:mod:`.suppression`) with the cuts, rates
and AUC that may be shown beside it (:mod:`.cases`), and the tables of a referral log
(:mod:`.referral_log`), audited together across what one run publishes.
"""

from inquiry_analysis.disclosure.cases import PublishableCases, publishable_cases
from inquiry_analysis.disclosure.referral_log import PublishableLog, publishable
from inquiry_analysis.disclosure.suppression import (
    DEFAULT_MIN_CELL,
    MARKER,
    TOTAL,
    SuppressedTable,
    check_min_cell,
    feasible_ranges,
    hide,
    hide_small,
    publishable_cuts,
    suppress,
)

__all__ = [
    "DEFAULT_MIN_CELL",
    "MARKER",
    "TOTAL",
    "PublishableCases",
    "PublishableLog",
    "SuppressedTable",
    "check_min_cell",
    "feasible_ranges",
    "hide",
    "hide_small",
    "publishable",
    "publishable_cases",
    "publishable_cuts",
    "suppress",
]
