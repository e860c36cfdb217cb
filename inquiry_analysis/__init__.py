"""Reproduce the figures given to the IICSA internet hearing (January 2018) from cited public data."""

from importlib.metadata import PackageNotFoundError, version

from .loaders import (
    DataError,
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
    read_case_file,
    read_monthly_arrests,
    read_monthly_referrals,
    source,
    source_line,
)
from .provenance import check_data_package

try:
    __version__ = version("inquiry-analysis")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "DataError",
    "__version__",
    "check_data_package",
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
    "read_case_file",
    "read_monthly_arrests",
    "read_monthly_referrals",
    "source",
    "source_line",
]
