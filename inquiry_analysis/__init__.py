"""Reproduce the figures given to the IICSA internet hearing (January 2018) from cited public data.

The public names below are imported on first use, so that ``inquiry-analysis --help`` does not
wait for pandas.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("inquiry-analysis")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_HOMES = {
    "DataError": "loaders",
    "check_data_package": "provenance",
    "cited": "loaders",
    "load_arrests": "loaders",
    "load_base_rates": "loaders",
    "load_claims": "loaders",
    "load_iwf": "loaders",
    "load_kirat": "loaders",
    "load_ncmec": "loaders",
    "load_referrals": "loaders",
    "load_sources": "loaders",
    "load_statements": "loaders",
    "load_table": "loaders",
    "read_case_file": "readers",
    "read_monthly_arrests": "readers",
    "read_monthly_referrals": "readers",
    "read_referral_log": "referral_log",
    "source": "loaders",
    "source_line": "loaders",
}

__all__ = ["__version__", *sorted(_HOMES)]


_MODULES = ("bundle", "case_charts", "chain_charts", "charts", "claims", "cli", "disclosure", "exhibits", "loaders",
            "log_charts", "log_disclosure", "metrics", "provenance", "readers", "referral_log", "series_charts")


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    elif name in _MODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'inquiry_analysis' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOMES) | set(_MODULES))
