"""The accuracy charts draw their tables, and each KIRAT exhibit's finishing labels what it draws. Synthetic tables."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from inquiry_analysis import charts
from inquiry_analysis.exhibits.style import PALETTE
from inquiry_analysis.metrics import confusion, net_benefit, predictive
from inquiry_analysis.metrics.confusion import ConfusionMatrix

# 30 of 40 positives and 55 of 60 negatives rated correctly.
SMALL = ConfusionMatrix(tp=30, fn=10, fp=5, tn=55)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def bayes_ppv(sens, spec, prevalence):
    return sens * prevalence / (sens * prevalence + (1 - spec) * (1 - prevalence))


def test_confusion_matrix_cells_show_counts_and_row_shares(ax):
    charts.plot_confusion_matrix(
        ConfusionMatrix(tp=166, fn=4, fp=77, tn=127),
        ax=ax,
        truth_labels=("positive", "negative"),
        rating_labels=("rated positive", "rated negative"),
    )
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(["166\n97.6% of row", "4\n2.4% of row", "77\n37.7% of row", "127\n62.3% of row"])


def test_predictive_value_and_net_benefit_charts_draw_their_tables(ax):
    m = confusion.ConfusionMatrix(tp=166, fn=4, fp=77, tn=127)
    curve = predictive.predictive_value_curve(m, [0.1, 0.5])
    charts.plot_predictive_values(curve, ax=ax)
    drawn = [list(line.get_ydata()) for line in ax.lines]
    assert drawn == [pytest.approx(list(curve.ppv), rel=5e-6), pytest.approx(list(curve.npv), rel=5e-6)]
    fig2, ax2 = plt.subplots()
    table = net_benefit.net_benefit(m, [0.1, 0.2], prevalence=0.12)
    charts.plot_net_benefit(table, ax=ax2, label="rating")
    assert list(ax2.lines[0].get_ydata()) == pytest.approx(list(table.net_benefit), rel=5e-6)
    assert list(ax2.lines[1].get_ydata()) == pytest.approx(list(table.act_on_all), rel=5e-6)
    plt.close(fig2)


def test_the_kirat_table_labels_groups_in_rows_and_ratings_in_columns(ax):
    assert charts.plot_kirat_confusion_matrix(SMALL, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Rated High or Very High", "Rated Low or Medium"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Higher-risk group", "Lower-risk group"]
    # Each cell: its count and its share of the row, 30/40, 10/40, 5/60, 55/60.
    assert [t.get_text() for t in ax.texts] == [
        "30\n75.0% of row",
        "10\n25.0% of row",
        "5\n8.3% of row",
        "55\n91.7% of row",
    ]
    shading = ax.images[0].get_array()
    assert shading.ravel().tolist() == pytest.approx([0.75, 0.25, 5 / 60, 55 / 60])


def test_the_kirat_predictive_values_are_labelled_with_their_base_rates_marked(ax):
    curve = predictive.predictive_value_curve(SMALL, [0.05, 0.2, 0.6])
    marks = pd.DataFrame({"prevalence": [0.12, 0.3], "label": ["about 12%", "about 30%"]})
    assert charts.plot_predictive_values_exhibit(curve, marks=marks, ax=ax) is ax
    assert ax.get_xlabel() == "Share of assessed suspects with contact offending (prevalence)"
    assert ax.get_ylabel() == "Predictive value"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "PPV: share of those rated High or Very High who are positive",
        "NPV: share of those rated Low or Medium who are negative",
    ]
    ppv, npv, *dotted = ax.lines
    assert list(ppv.get_ydata()) == pytest.approx([bayes_ppv(0.75, 55 / 60, p) for p in (0.05, 0.2, 0.6)], rel=1e-5)
    assert to_rgba(ppv.get_color()) == to_rgba(PALETTE[2]) and to_rgba(npv.get_color()) == to_rgba(PALETTE[1])
    assert [line.get_xdata()[0] for line in dotted] == [0.12, 0.3]
    assert all(line.get_linestyle() == ":" for line in dotted)
    assert [t.get_text() for t in ax.texts] == [" about 12%", " about 30%"]
    assert ax.get_xlim() == (0.05, 0.6) and ax.get_ylim() == (0, 1)


def test_the_kirat_net_benefit_is_labelled_and_names_the_rating_acted_on(ax):
    table = net_benefit.net_benefit(SMALL, [0.05, 0.1, 0.2], prevalence=0.12)
    assert charts.plot_net_benefit_exhibit(table, ax=ax) is ax
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Threshold probability", "Net benefit")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Act on High or Very High", "Act on all suspects", "Act on none"]
    rating, everyone, no_one = ax.lines
    # Net benefit by hand: sensitivity·π − (1 − specificity)·(1 − π)·t/(1 − t), and π − (1 − π)·t/(1 − t).
    by_hand = [0.75 * 0.12 - (5 / 60) * 0.88 * t / (1 - t) for t in (0.05, 0.1, 0.2)]
    assert list(rating.get_ydata()) == pytest.approx(by_hand, rel=1e-5)
    assert list(everyone.get_ydata()) == pytest.approx([0.12 - 0.88 * t / (1 - t) for t in (0.05, 0.1, 0.2)], rel=1e-5)
    assert list(no_one.get_ydata()) == [0, 0, 0]
    fig, other = plt.subplots()
    charts.plot_net_benefit_exhibit(table, rating="High", ax=other)
    assert other.get_legend().get_texts()[0].get_text() == "Act on High"
    plt.close(fig)


def clashes(fig, ax):
    """What each label of the drawn axes runs into, measured in display coordinates (pixels) from the figure.

    A label's box against the curves' paths (widened by half their line width) and points, their shaded bands, the
    other marks' dotted lines, the legend, the other labels and the frame. The n-th label belongs to the n-th dotted
    line.
    """
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    labels = [(text.get_text(), text.get_window_extent(renderer)) for text in ax.texts]
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    found = []
    for (name, box), own in zip(labels, dotted, strict=True):
        if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1):
            found.append((name, "frame"))
        for line in [line for line in ax.lines if line is not own]:
            half = line.get_linewidth() * fig.dpi / 72 / 2
            widened = Bbox.from_extents(box.x0 - half, box.y0 - half, box.x1 + half, box.y1 + half)
            path = line.get_transform().transform_path(line.get_path())
            if path.intersects_bbox(widened, filled=False) or any(widened.contains(x, y) for x, y in path.vertices):
                found.append((name, line.get_label()))
        for band in ax.collections:
            if any(band.get_transform().transform_path(p).intersects_bbox(box) for p in band.get_paths()):
                found.append((name, "band"))
        if ax.get_legend() and box.overlaps(ax.get_legend().get_window_extent(renderer)):
            found.append((name, "legend"))
        found += [(name, other) for other, theirs in labels if other != name and box.overlaps(theirs)]
    return found


def test_ia_05_labels_its_base_rates_clear_of_the_curves_bands_legend_and_frame():
    import inquiry_analysis as ia
    from inquiry_analysis import exhibits
    from inquiry_analysis.exhibits import kirat as says
    from inquiry_analysis.exhibits.exhibit import fit_left_margin

    kirat, base_rates = ia.load_kirat(), ia.load_base_rates()
    matrix = says.development_matrix(kirat)
    prevalences = predictive.prevalences_from_figures(base_rates, shares=predictive.BASE_RATE_SHARES)
    # As notebook 03 draws IA-05, then laid out as export_exhibit lays it out.
    curve = predictive.predictive_value_curve(matrix, [p / 100 for p in range(2, 81)])
    exhibit = says.predictive_values_exhibit(curve, matrix, prevalences, kirat=kirat, base_rates=base_rates)
    fig, ax = exhibits.new_figure(exhibit)
    marks = says.base_rate_marks(prevalences)
    charts.plot_predictive_values_exhibit(curve, marks=marks, ax=ax)
    with exhibits.house_style():
        fit_left_margin(fig)
        fig.canvas.draw()
        assert [t.get_text().strip() for t in ax.texts] == list(marks["label"])
        assert clashes(fig, ax) == []
        # The measure sees a clash: a label moved onto the PPV curve where it crosses its base rate.
        ax.texts[0].set_y(float(curve.set_index("prevalence")["ppv"].get(0.08)) - 0.02)
        assert (ax.texts[0].get_text(), ax.lines[0].get_label()) in clashes(fig, ax)
    plt.close(fig)


def test_crowded_marks_and_wide_bands_leave_every_label_clear_of_the_curves_and_the_other_lines():
    from inquiry_analysis import exhibits

    # Synthetic: a 100-case table gives wide bands; two marks half a point apart, as AN-25 draws the published ones.
    curve = predictive.predictive_value_curve(SMALL, [p / 100 for p in range(2, 81)])
    marks = pd.DataFrame(
        {
            "prevalence": [0.079, 0.12, 0.125, 0.167, 0.55],
            "label": ["363 of 4,612", "about 12%", "about 1 in 8", "about 1 in 6", "about 55%"],
        }
    )
    synthetic = exhibits.Exhibit(
        exhibit_id="AN-99",
        title="Synthetic",
        subtitle="Synthetic",
        source="Source: synthetic",
        alt_text="Synthetic",
        data=pd.DataFrame({"a": [1]}),
    )
    fig, ax = exhibits.new_figure(synthetic)
    charts.plot_predictive_values_exhibit(curve, marks=marks, ax=ax)
    with exhibits.house_style():
        fig.canvas.draw()
        found = clashes(fig, ax)
    clear = {text.get_text(): text.get_bbox_patch().get_alpha() > 0 for text in ax.texts}
    # A label may lie over a band only where no gap clear of the bands fits it, and then with no white ground.
    assert [(name, what) for name, what in found if what != "band" or clear[name]] == []
    # The mark half a point from another is labelled on its right, the others on their left.
    assert [text.get_horizontalalignment() for text in ax.texts] == ["right", "right", "left", "right", "right"]
    plt.close(fig)
