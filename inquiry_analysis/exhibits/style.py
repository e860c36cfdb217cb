"""The house style: the Analysis Function's (afcharts) with one pinned font, sizes and palette.

DejaVu Sans ships with matplotlib, so exports do not depend on the fonts installed. The style is
applied in a context, never by changing global settings.

Text is drawn as written: the style turns mathtext and TeX off for every text made within it, and
:func:`drawn_text` shows the characters a chart cannot draw honestly (controls, which no font has
and XML cannot hold; bidirectional overrides, which would reorder what a reader sees) as escapes.
"""

from __future__ import annotations

import contextlib
import re

__all__ = ["FONT", "LABEL_PT", "LANGUAGE", "PALETTE", "PNG_DPI", "drawn_text", "house_style"]

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
#: The smallest text a chart draws: an 8 in exhibit placed at the bundle's text width (6.77 in) prints it at 7.2 pt.
LABEL_PT = 8.5
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


# Control characters but the line feed (a label may break lines); bidirectional embeddings, overrides and
# isolates; and the two non-characters XML 1.0 cannot carry.
_NOT_DRAWN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_NAMED = {"\t": "\\t", "\r": "\\r"}


def drawn_text(text) -> str:
    r"""Text as a chart draws it: as written, but for characters no reader could see, shown as escapes.

    A name from a user's file may hold a control character (no font draws one, and an SVG, being
    XML, cannot hold most of them, so one would make the exported file unreadable) or a
    bidirectional override (which would make the chart show letters in another order than the
    file, the CSV and the alt text hold). Each is written as Python writes it in a string
    (``\x1b``, ``\u202e``, ``\t``), as error messages show them
    (:func:`inquiry_analysis.errors.excerpt`); a line feed is kept, as a line break.

    Parameters
    ----------
    text : object
        A label or line, as given (its ``str``).

    Returns
    -------
    str

    Examples
    --------
    >>> print(drawn_text("Fee $5 and $10"), drawn_text("red\x1b[31m"), drawn_text("\u202eevil"))
    Fee $5 and $10 red\x1b[31m \u202eevil
    """
    return _NOT_DRAWN.sub(_escape, str(text))


def _escape(match) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


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
