"""Charts fit to put in evidence: house style, the exhibit frame, what each exhibit says, export and the bundle.

:class:`Exhibit` says what a chart shows (a headline title that states the finding, a subtitle with
measure, place and period, a source line, notes and alt text) and carries the plotted data;
:func:`new_figure` draws that frame in the house style; :func:`export_exhibit` writes every format,
the data and a sidecar; :func:`write_manifest` hashes the finished folder, once, at the end of a run.
What the hearing's exhibits say is built, from the results, beside each analysis:
:mod:`~inquiry_analysis.exhibits.claims_table` (IA-07), :mod:`~inquiry_analysis.exhibits.referrals`
(IA-01, IA-02) and :mod:`~inquiry_analysis.exhibits.arrests` (IA-03, IA-08).
"""

# What each analysis's exhibits say, one module per analysis (after the frame they build on).
from inquiry_analysis.exhibits import (  # noqa: E402
    arrests,
    case_tables,
    cases,
    claims_table,
    kirat,
    lags,
    monthly_series,
    referral_log,
    referrals,
    series,
)
from inquiry_analysis.exhibits.exhibit import Exhibit, Withheld, new_figure
from inquiry_analysis.exhibits.export import ExportedExhibit, default_figures_dir, export_exhibit, package_versions
from inquiry_analysis.exhibits.manifest import write_manifest
from inquiry_analysis.exhibits.style import FONT, PALETTE, house_style

__all__ = [
    "FONT",
    "PALETTE",
    "Exhibit",
    "ExportedExhibit",
    "Withheld",
    "arrests",
    "case_tables",
    "cases",
    "claims_table",
    "default_figures_dir",
    "export_exhibit",
    "house_style",
    "kirat",
    "lags",
    "monthly_series",
    "new_figure",
    "package_versions",
    "referral_log",
    "series",
    "referrals",
    "write_manifest",
]
