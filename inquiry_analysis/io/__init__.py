"""Every reader: the bundled data package (``load_*``), a user's monthly series and case files (``read_*``),
the record-level referral log (checked row by row in DuckDB; only aggregate tables come out), and the
synthetic log generator. Each checks what it reads and raises one :class:`~inquiry_analysis.DataError`
naming every problem's place.
"""

from inquiry_analysis.io.checked import open_input
from inquiry_analysis.io.loaders import (
    cited,
    for_reading,
    load_arrests,
    load_base_rates,
    load_claims,
    load_iwf,
    load_kirat,
    load_ncmec,
    load_referrals,
    load_sources,
    load_statements,
    load_table,
    references,
    source,
    source_line,
)
from inquiry_analysis.io.readers import (
    KIRAT_LEVELS,
    read_case_file,
    read_claims,
    read_monthly_arrests,
    read_monthly_referrals,
)
from inquiry_analysis.io.referral_log import ReferralLog, read_referral_log

__all__ = [
    "KIRAT_LEVELS",
    "ReferralLog",
    "cited",
    "for_reading",
    "load_arrests",
    "load_base_rates",
    "load_claims",
    "load_iwf",
    "load_kirat",
    "load_ncmec",
    "load_referrals",
    "load_sources",
    "load_statements",
    "load_table",
    "open_input",
    "read_case_file",
    "read_claims",
    "read_monthly_arrests",
    "read_monthly_referrals",
    "read_referral_log",
    "references",
    "source",
    "source_line",
]
