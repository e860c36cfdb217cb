"""Charts fit to put in evidence: house style, the exhibit frame, what each exhibit says, export and the bundle.

:class:`Exhibit` says what a chart shows (a headline title that states the finding, a subtitle with
measure, place and period, a source line, notes and alt text) and carries the plotted data;
:func:`new_figure` draws that frame in the house style; :func:`export_exhibit` writes every format,
the data and a sidecar; :func:`write_manifest` hashes the finished folder, once, at the end of a run.
"""

# What each analysis's exhibits say, one module per analysis (after the frame they build on).
from inquiry_analysis.exhibits import kirat, lags, monthly_series, referral_log, series  # noqa: E402
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
    "write_manifest",
]
