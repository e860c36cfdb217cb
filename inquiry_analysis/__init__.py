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
    "DataError": "errors",
    "InquiryAnalysisWarning": "errors",
    "check_data_package": "provenance",
    "cited": "io",
    "load_arrests": "io",
    "load_base_rates": "io",
    "load_claims": "io",
    "load_iwf": "io",
    "load_kirat": "io",
    "load_ncmec": "io",
    "load_referrals": "io",
    "load_sources": "io",
    "load_statements": "io",
    "load_table": "io",
    "read_case_file": "io",
    "read_monthly_arrests": "io",
    "read_monthly_referrals": "io",
    "read_referral_log": "io",
    "source": "io",
    "source_line": "io",
}

__all__ = ["__version__", *sorted(_HOMES)]


# The rooms, by job; each imports only those listed before it (checked by import-linter, see pyproject.toml).
_MODULES = ("errors", "safe_text", "provenance", "metrics", "io", "disclosure", "claims", "exhibits", "charts")


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
