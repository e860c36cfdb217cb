"""Reproduce the figures given to the IICSA internet hearing (January 2018) from cited public data.

The public names below are imported on first use (PEP 562), and nothing else is imported at all, so that
``import inquiry_analysis`` costs next to nothing and ``inquiry-analysis --help`` does not wait for pandas.
"""

#: The one place the version is written: pyproject.toml reads it from here when a wheel is built
#: (``dynamic = ["version"]``), and reading it costs nothing, where importlib.metadata takes longer to import
#: than the whole of ``inquiry-analysis --help`` may take.
__version__ = "0.1.0"

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
    from importlib import import_module

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
