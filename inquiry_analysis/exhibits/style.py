"""The house style: the Analysis Function's (afcharts) with one pinned font, sizes and palette.

DejaVu Sans ships with matplotlib, so exports do not depend on the fonts installed. The style is
applied in a context, never by changing global settings.
"""

from __future__ import annotations

import contextlib

__all__ = ["FONT", "LANGUAGE", "PALETTE", "PNG_DPI", "house_style"]

#: Analysis Function categorical palette (dark blue, turquoise, dark pink, orange, dark grey, light purple).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")

FORMATS = ("svg", "pdf", "png")
PNG_DPI = 300
FONT = "DejaVu Sans"
WIDTH_IN = 8.0
AXES_HEIGHT_IN = 3.6
MARGIN_IN = 0.25
LEFT_IN, RIGHT_IN, XAXIS_IN = 1.0, 0.3, 0.75
TITLE_PT, SUBTITLE_PT, FOOT_PT = 15, 11.5, 9
LINE_SPACING = 1.35
#: The language of every exhibit's text, declared in the SVG and PDF for screen readers.
LANGUAGE = "en-GB"

_STYLE_OVERRIDES = {
    "font.family": "sans-serif",
    # DejaVu Sans ships with matplotlib, so drawing always uses it; the rest only name what an SVG viewer
    # without it should use: Bitstream Vera Sans has its metrics, the others are narrower, so that text
    # laid out for DejaVu Sans never overruns the frame.
    "font.sans-serif": [FONT, "Bitstream Vera Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.labelsize": 10.5,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "svg.hashsalt": "inquiry-analysis",
    # Text stays text in the SVG (<text> elements), so that screen readers, search and copying see it.
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    # Text from a user's file is text: "Fee $5 and $10" is drawn as written, not as mathtext, and a
    # name such as "$\x$" cannot fail a run. No exhibit uses mathtext on purpose.
    "text.parse_math": False,
    "text.usetex": False,
    "savefig.dpi": PNG_DPI,
    "savefig.facecolor": "white",
    "figure.facecolor": "white",
}


@contextlib.contextmanager
def house_style():
    """Apply the house style (afcharts, pinned font) within a ``with`` block only.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with house_style():
    ...     plt.rcParams["font.sans-serif"][0]
    'DejaVu Sans'
    """
    import matplotlib.pyplot as plt

    # Start from matplotlib's defaults, so that no matplotlibrc or earlier style leaks into an exhibit.
    with plt.style.context(["default", "afcharts.afcharts", _STYLE_OVERRIDES]):
        yield
