"""Hostile text: whatever a user's file names a source, a level or itself, it is drawn and written as text.

Each test failed before text was made text: mathtext parsed ``$`` in labels, matplotlib left labels
starting ``_`` out of legends, gptables read ``$$name$$`` as a note reference and refused a cell
without an ASCII letter or digit, a control character made an SVG that no viewer opens, the bundle
took ``id="..."`` in a chart's text for an attribute, and a log of thousands of sources drew a line
and wrote a legend entry for each.
"""

import io
import xml.etree.ElementTree as ET
import zipfile
from types import SimpleNamespace

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from inquiry_analysis import exhibits
from inquiry_analysis.charts import referral_log as log_charts
from inquiry_analysis.charts.cases import plot_roc
from inquiry_analysis.disclosure import MARKER, PublishableLog
from inquiry_analysis.exhibits import referral_log as log_exhibits
from inquiry_analysis.exhibits.spreadsheet import write_spreadsheet
from inquiry_analysis.provenance import InputFile

MONTHS = list(pd.period_range("2016-01", periods=3, freq="M"))


def by_source(counts: dict) -> pd.DataFrame:
    """Referrals by month and source, every month of MONTHS for each source (counts month by month)."""
    rows = [
        {"month": month, "source": name, "referrals": n} for name, ns in counts.items() for month, n in zip(MONTHS, ns)
    ]
    return pd.DataFrame(rows).sort_values("month", kind="stable").reset_index(drop=True)


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def svg_of(fig) -> str:
    buffer = io.StringIO()
    with exhibits.house_style():
        fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def published_log(counts: dict, *, monthly=None, totals=None, total=None) -> PublishableLog:
    table = by_source(counts)
    sums = {name: sum(ns) for name, ns in counts.items()}
    month_sums = [sum(ns[i] for ns in counts.values()) for i in range(len(MONTHS))]
    return PublishableLog(
        monthly=pd.DataFrame({"month": MONTHS, "referrals": monthly or month_sums}),
        by_source=table,
        source_totals=totals or sums,
        total=sum(sums.values()) if total is None else total,
        conversion=pd.DataFrame(),
        ratios=pd.DataFrame(),
        min_cell=5,
    )


@pytest.mark.parametrize("name", ["Fee $5 and $10", r"$\x$", r"$\frac{1}{0}$", "50% $", "a^b_c {x}"])
def test_a_source_with_dollars_is_drawn_as_written(name):
    ax = log_charts.plot_referrals_by_source(by_source({name: [10, 12, 14], "Other": [5, 6, 7]}))
    assert legend_texts(ax)[0] == name
    svg = svg_of(ax.figure)  # mathtext would fail on "$\x$" here, or draw "Fee 5and10" glyph by glyph
    assert f">{name}<" in svg.replace("&gt;", ">").replace("&lt;", "<")


@pytest.mark.parametrize("name", ["_hidden", "_", "__init__", "_nolegend_"])
def test_a_source_starting_with_an_underscore_is_in_the_legend(name):
    ax = log_charts.plot_referrals_by_source(by_source({name: [10, 12, 14], "Other": [5, 6, 7]}))
    assert legend_texts(ax) == [name, "Other"]
    plt.close(ax.figure)


def test_a_level_starting_with_an_underscore_is_in_the_roc_legend():
    from inquiry_analysis.metrics.auc import AucEstimate

    table = pd.DataFrame(
        {
            "cut": ["none rated positive", "_high or above", "_low or above", "all rated positive"],
            "fpr": [0.0, 0.2, MARKER, 1.0],
            "tpr": [0.0, 0.6, MARKER, 1.0],
        }
    )
    auc = AucEstimate(
        estimate=0.7,
        lower=0.6,
        upper=0.8,
        standard_error=0.05,
        method="DeLong",
        confidence_level=0.95,
        positives=50,
        negatives=50,
    )
    ax = plot_roc(table, auc)
    assert "_low or above: [c]" in legend_texts(ax)
    plt.close(ax.figure)


def test_an_exhibit_whose_words_hold_dollars_exports(tmp_path):
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="Fee $5 and $10: a title with $\\x$",
        subtitle="Subtitle $\\frac{1}{0}$",
        source="Source: $\\x$ and $$note1$$.csv from the user",
        alt_text="Alt $5",
        data=pd.DataFrame({"month": ["2016-01"], "referrals": [4]}),
    )
    fig, ax = exhibits.new_figure(exhibit)
    ax.plot([0, 1], [0, 1])
    exhibits.export_exhibit(exhibit, fig, directory=tmp_path)
    svg = (tmp_path / "AN-99.svg").read_text(encoding="utf-8")
    assert "Fee $5 and $10: a title with $\\x$" in svg


def spreadsheet_strings(exhibit, tmp_path) -> str:
    write_spreadsheet(exhibit, tmp_path / "x.xlsx", date=None, date_origin="for the test", version="0")
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        return book.read("xl/sharedStrings.xml").decode("utf-8")


def test_note_markup_in_a_file_name_or_title_stays_in_the_spreadsheet(tmp_path):
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="A title with $$x$$ in it",
        subtitle="A subtitle with $$note1$$",
        source="Source: referrals $$note1$$.csv from the user",
        alt_text="Alt",
        data=pd.DataFrame({"source": ["$$w$$"], "referrals": [4]}),
        notes=("Our own note.",),
    )
    strings = spreadsheet_strings(exhibit, tmp_path)
    assert "A title with $$x$$ in it [note 1]" in strings  # our note marked, theirs kept
    assert "A subtitle with $$note1$$<" in strings
    assert "Source: referrals $$note1$$.csv from the user<" in strings
    assert ">$$w$$<" in strings


def test_formula_like_source_names_stay_text_in_the_spreadsheet(tmp_path):
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="Title",
        subtitle="Subtitle",
        source="Source: [a link](https://example.org).csv from the user",
        alt_text="Alt",
        data=pd.DataFrame(
            {"source": ['=HYPERLINK("https://example.org")', "+1", "[x](https://e.org)"], "n": [1, 2, 3]}
        ),
    )
    strings = spreadsheet_strings(exhibit, tmp_path)
    assert "[a link](https://example.org).csv" in strings
    assert '=HYPERLINK("https://example.org")' in strings and "[x](https://e.org)" in strings
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        sheets = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets and 'TargetMode="External"' not in sheets  # no formula, no link out


def many_sources(n: int) -> PublishableLog:
    counts = {f"source {i:05d}": [1 + i % 3, 2, 3] for i in range(n)}
    counts["Largest"] = [900, 950, 990]
    return published_log(counts)


def test_ten_thousand_sources_show_as_the_largest_few_and_the_rest_together():
    published = many_sources(10_000)
    table, totals = log_exhibits.sources_shown(published)
    assert table["source"].nunique() == log_exhibits.SOURCES_SHOWN == len(totals)
    assert list(totals)[0] == "Largest" and list(totals)[-1] == "all 9,996 other sources"
    # every referral is counted once: the shown sources and the rest sum to each month's total
    assert table.groupby("month")["referrals"].sum().tolist() == published.monthly["referrals"].tolist()
    assert sum(totals.values()) == published.total


def test_ten_thousand_sources_draw_six_lines_and_the_csv_keeps_every_source(tmp_path):
    published = many_sources(10_000)
    log = SimpleNamespace(
        summary=SimpleNamespace(first_received=pd.Timestamp("2016-01-04"), last_received=pd.Timestamp("2016-03-30")),
        input=InputFile(name="log.parquet", sha256="0" * 64, bytes=1),
    )
    exhibit = log_exhibits.source_exhibit(log, published)
    assert len(exhibit.alt_text) < 400 and "all 9,996 other sources" in exhibit.alt_text
    assert "CSV lists every source" in exhibit.notes[-1]
    fig, ax = exhibits.new_figure(exhibit)
    log_charts.plot_referrals_by_source(exhibit.data, ax=ax)
    assert len(ax.lines) == 6 and len(legend_texts(ax)) == 6
    assert len(exhibit.exported_data(complete=True)) == 3 * 10_001
    with pytest.raises(ValueError, match="10,001 sources, more than the 6 a chart can tell apart"):
        log_charts.plot_referrals_by_source(published.by_source)
    plt.close("all")


def test_a_source_named_like_the_rest_is_not_merged_with_them():
    counts = {f"s{i}": [10 + i, 10, 10] for i in range(6)}
    counts["all 2 other sources"] = [100, 100, 100]  # ranked first, as any source is
    table, totals = log_exhibits.sources_shown(published_log(counts))
    assert list(totals) == ["all 2 other sources", "s5", "s4", "s3", "s2", "all 2 other sources (together)"]
    assert totals["all 2 other sources (together)"] == 30 + 31  # s0 and s1


def test_the_rest_is_the_total_less_those_shown_when_one_of_them_is_withheld():
    counts = {f"s{i}": [10 + i, 10, 10] for i in range(8)}
    published = published_log(counts)
    table = published.by_source.astype({"referrals": object})
    table.loc[(table["source"] == "s0") & (table["month"] == MONTHS[0]), "referrals"] = MARKER
    published = PublishableLog(**{**published.__dict__, "by_source": table})
    shown, _ = log_exhibits.sources_shown(published)
    rest = shown[shown["source"] == "all 3 other sources"]["referrals"].tolist()
    assert rest == [10 + 11 + 12, 30, 30]
    # with the month's total withheld too, the rest cannot be given
    monthly = published.monthly.assign(referrals=[MARKER, 80, 80])
    shown, _ = log_exhibits.sources_shown(PublishableLog(**{**published.__dict__, "monthly": monthly}))
    assert shown[shown["source"] == "all 3 other sources"]["referrals"].tolist() == [MARKER, 30, 30]


# ---------------------------------------------------------------- what no reader could see, and markup-like text


def svg_texts(svg: str) -> list[str]:
    """The texts an SVG carries, as a viewer reads them; parsing it proves it is well-formed XML."""
    root = ET.fromstring(svg.encode("utf-8"))
    return [
        "".join(node.itertext()) for node in root.iter() if node.tag.rsplit("}", 1)[-1] in ("text", "desc", "title")
    ]


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("Red\x1b[31m alert\x07", "Red\\x1b[31m alert\\x07"),  # a terminal's colour code and bell
        ("Form\x0cfeed\x00", "Form\\x0cfeed\\x00"),  # characters XML cannot hold at all
        ("Tab\there", "Tab\\there"),
        ("\u202eecruos", "\\u202eecruos"),  # a right-to-left override would draw "source" reversed
    ],
)
def test_a_source_no_reader_could_see_is_drawn_escaped_in_a_valid_svg(name, drawn):
    ax = log_charts.plot_referrals_by_source(by_source({name: [10, 12, 14], "Other": [5, 6, 7]}))
    assert legend_texts(ax)[0] == drawn
    assert drawn in svg_texts(svg_of(ax.figure))


def test_a_file_name_and_alt_text_holding_control_characters_give_a_valid_svg():
    from inquiry_analysis.exhibits.accessibility import accessible_svg

    log = SimpleNamespace(
        summary=SimpleNamespace(first_received=pd.Timestamp("2016-01-04"), last_received=pd.Timestamp("2016-03-30")),
        input=InputFile(name="log\x1b[2J\x0b.csv", sha256="0" * 64, bytes=1),
    )
    published = published_log({"A\x08": [10, 12, 14], "B": [5, 6, 7]})
    exhibit = log_exhibits.source_exhibit(log, published)
    fig, ax = exhibits.new_figure(exhibit)
    log_charts.plot_referrals_by_source(exhibit.data, ax=ax)
    texts = svg_texts(accessible_svg(svg_of(fig).encode("utf-8"), exhibit).decode("utf-8"))
    assert any(t.startswith("Source: log\\x1b[2J\\x0b.csv (the analyst's own file") for t in texts)
    assert "Referrals received each month by source, in all: A\\x08, 36; B, 18." in texts  # the <desc>


def test_text_added_to_an_exhibit_outside_the_house_style_is_exported_as_written(tmp_path):
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="Title",
        subtitle="Subtitle",
        source="Source: the test suite",
        alt_text="Alt",
        data=pd.DataFrame({"month": ["2016-01"], "referrals": [4]}),
    )
    fig, ax = exhibits.new_figure(exhibit)
    ax.plot([0, 1], [0, 1])
    ax.annotate("Fee $5 and $10 for $x$", (0.5, 0.5))  # the user's own note, made outside the house style
    exhibits.export_exhibit(exhibit, fig, directory=tmp_path)
    assert "Fee $5 and $10 for $x$" in svg_texts((tmp_path / "AN-99.svg").read_text(encoding="utf-8"))


def test_an_outcome_label_starting_with_an_underscore_is_in_the_bars_legend():
    from inquiry_analysis.charts.cases import plot_level_outcomes

    shown = pd.DataFrame({"_without": [40, 12], "with $5": [9, 30]}, index=["Low", "High"])
    ax = plot_level_outcomes(shown)
    assert legend_texts(ax) == ["_without", "with $5"]
    plt.close(ax.figure)


@pytest.mark.parametrize("name", ["警察", "—", "???", "$$", "-1", "[x]"])
def test_a_source_without_an_ascii_letter_or_digit_is_written_to_the_spreadsheet(name, tmp_path):
    # gptables refuses a table with a cell of "only special characters" (the whole export failed)
    exhibit = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="Title",
        subtitle="Subtitle",
        source="Source: the test suite",
        alt_text="Alt",
        data=pd.DataFrame({"source": [name, "B"], "referrals": [4, 5]}),
    )
    write_spreadsheet(exhibit, tmp_path / "x.xlsx", date=None, date_origin="for the test", version="0")
    table = openpyxl.load_workbook(tmp_path / "x.xlsx")["AN-99"]
    rows = [row for row in table.iter_rows(values_only=True) if row[1] in (4, 5)]
    assert rows == [(name, 4), ("B", 5)]


def test_markup_in_a_source_and_a_file_name_is_text_in_the_bundle(tmp_path):
    from html.parser import HTMLParser

    from inquiry_analysis.exhibits.bundle import folder as bundle_folder
    from inquiry_analysis.exhibits.bundle import html as bundle_html

    markup = '<script>alert(1)</script> & "quotes" \'n\' id="axes_1" href="#x"'
    log = SimpleNamespace(
        summary=SimpleNamespace(first_received=pd.Timestamp("2016-01-04"), last_received=pd.Timestamp("2016-03-30")),
        input=InputFile(name=f"{markup}.csv", sha256="0" * 64, bytes=1),
    )
    exhibit = log_exhibits.source_exhibit(log, published_log({markup: [10, 12, 14], "B": [5, 6, 7]}))
    fig, ax = exhibits.new_figure(exhibit)
    log_charts.plot_referrals_by_source(exhibit.data, ax=ax)
    (tmp_path / "AN-30.svg").write_text(svg_of(fig), encoding="utf-8")
    sidecar = {key: getattr(exhibit, key) for key in ("title", "subtitle", "source", "alt_text")}
    shown = bundle_folder.BundledExhibit(
        exhibit_id="AN-30", sidecar=sidecar, files=[{"path": f"{markup}.svg", "sha256": "0" * 64, "bytes": 1}]
    )
    folder = bundle_folder.BundleFolder(path=tmp_path, manifest={}, exhibits=[shown], name=markup)
    page = bundle_html.html_text(folder, [], [], f"Bundle {markup}", "0", {})

    class Parsed(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    parsed = Parsed()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert markup in parsed.text  # the legend, inline: id="axes_1" not taken for the SVG's own id
    assert f"{markup}.svg" in parsed.text  # the index
    assert any(t.startswith(f"Source: {markup}.csv") for t in parsed.text)
    assert f"in all: {markup}, 36; B, 18." in "".join(parsed.text)  # the text alternative


@pytest.mark.parametrize(
    ("name", "set_as"),
    [
        ("警察 (a script the pinned font lacks)", "警察 (a script the pinned font lacks)"),  # the layout crashed
        ("log\x1b[2J.csv", "log\\x1b[2J.csv"),
        ("<b>$\\x$</b> [a](b)", "<b>$\\x$</b> [a](b)"),
    ],
)
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # matplotlib's own, true: drawn as a box
def test_the_bundles_pdf_sets_any_name_as_written(name, set_as):
    from matplotlib.figure import Figure

    from inquiry_analysis.exhibits.bundle import pdf_flow, pdf_write

    flow = pdf_flow._Flow("Exhibit AN-30")
    flow.text(f"Source: {name}")
    fig = Figure(figsize=(pdf_flow.PAGE_W, pdf_flow.PAGE_H))
    pdf_write._draw(fig, flow.pages[0], 1, 1, "footer", {})
    assert f"Source: {set_as}" in svg_texts(svg_of(fig))


def test_a_file_name_holding_a_terminal_sequence_is_printed_escaped_in_the_notebook():
    # Jupyter renders ANSI sequences in a cell's output: "\x1b[2J" would act, not show.
    log = SimpleNamespace(
        summary=SimpleNamespace(
            first_received=pd.Timestamp("2016-01-04"),
            last_received=pd.Timestamp("2016-03-30"),
            columns=("referral_id", "received", "source"),
            extract_date=pd.Timestamp("2016-03-30"),
            extract_date_given=False,
        ),
        input=InputFile(name="log\x1b[2J\u202e.csv", sha256="0" * 64, bytes=1),
    )
    first = log_exhibits.describe_log(log, published_log({"A": [10, 12, 14]})).splitlines()[0]
    assert first == "log\\x1b[2J\\u202e.csv: 1 bytes, sha256 " + "0" * 64
