"""extract: the quantity statements of a text, checked against labels a person wrote (tests/claims/extract_corpus).

The labelled texts are public (sources.yml gives each one's address and date); the expected values are
the figures as published, read by a person, never the extractor's own output.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from inquiry_analysis import cli
from inquiry_analysis.claims.extract import COLUMNS, extract_claims, extract_text, format_claims
from inquiry_analysis.errors import DataError
from tests.claims import extract_scoring
from tests.claims.pdf_maker import text_pdf, transcript_pdf

CORPUS = extract_scoring.CORPUS


def _one(sentence: str):
    found = extract_text(sentence)
    assert len(found) == 1, [(c.words, c.value) for c in found]
    return found[0]


# --- the labelled corpus -------------------------------------------------------------------------------


def test_the_labelled_corpus_is_found_with_recall_precision_and_reading_at_the_issues_bars():
    scores = extract_scoring.score_corpus()
    total = extract_scoring.overall(scores)
    assert len(scores) >= 8 and total.labels >= 60
    detail = [(s.text, s.misses, s.extras) for s in scores if s.misses or s.extras]
    assert total.recall >= 0.95, detail
    assert total.precision >= 0.9, detail
    assert total.reading >= 0.95, detail


@pytest.mark.parametrize("held_out", [1, 2])
def test_the_held_out_texts_meet_the_same_bars(held_out):
    total = extract_scoring.overall(extract_scoring.score_corpus(held_out=held_out))
    assert total.labels >= 19
    assert total.recall >= 0.95 and total.precision >= 0.9 and total.reading >= 0.95


@pytest.mark.skipif(not extract_scoring.SEED.is_file(), reason="the seed article is not beside the repository")
def test_the_seed_article_gives_its_five_claims_and_nothing_else():
    found = extract_claims(extract_scoring.SEED)
    got = [(c.value, c.reading, c.unit, c.per, c.period) for c in found]
    assert got == [
        (80000.0, "about", "count", "", "during 2017"),
        (3500.0, "exact", "count", "month", "by the three months ending August 2016"),
        (170.0, "exact", "count", "", "in 2016-17"),
        (0.0, "exact", "none", "", "in 2016 to 2017"),
        (83.7, "exact", "percent", "", ""),
    ]
    assert [c.locator for c in found] == ["para. 5", "para. 14", "para. 17", "para. 17", "para. 23"]
    assert found[0].qualifier == "About" and "referred to Ceop" in found[0].sentence
    assert found[3].measure == "nationally co-ordinated operations"


# --- what is a figure, what is not ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The hearing resumed on 24 January 2018 at 10.30 am.",
        "It has climbed since April 2015, and again in 2016-17 and 2009/10.",
        "Turn to paragraph 51 of file 2, page 3, lines 17-21 (exhibit KN/2, INQ004123, NCA000123).",
        "Call 020 3276 3803 or 07803 903686, or +44 (0) 1223 20 30 30.",
        "Victims aged 10 or under, an eight-year-old girl and boys under 13 were seen.",
        "In the last five years, over a three-month period, four years earlier.",
        "This was said online.115 and in the report.[3]",
        "Write to 2 Marsham Street, London SW1P 4DF, about Day 5 and the 2nd witness.",
        "This is only one part of the problem; hundreds of leads and many millions of images.",
        "The NCA has no plans and there was no evidence of it.",
        "The difference was significant (95% CI, p < 0.05) over the last five years of data.",
        "What steps is the Government taking? (908285) Q 45 and a 24/7 service.",
    ],
)
def test_dates_years_times_references_phones_ages_periods_and_markers_are_not_figures(sentence):
    assert extract_text(sentence) == []


def test_a_list_or_heading_number_is_not_a_figure_but_gives_the_paragraph_its_locator():
    found = extract_text("4 Child sexual abuse\n\n78.One of the themes was 3,500 referrals.\n\n2.1. It was 12%.")
    assert [(c.value, c.locator) for c in found] == [(3500.0, "para. 78"), (12.0, "para. 2.1")]


@pytest.mark.parametrize(
    ("sentence", "value", "reading", "qualifier"),
    [
        ("About 80,000 cases were referred.", 80000, "about", "About"),
        ("The NCA made just over 1,600 disseminations.", 1600, "above", "just over"),
        ("In 2017 the number rose to nearly 10,000.", 10000, "below", "nearly"),
        ("Police arrest more than 500 a month.", 500, "above", "more than"),
        ("It took up to 18 months to make an arrest.", 18, "below", "up to"),
        ("There were at least 300,000 individuals.", 300000, "above", "at least"),
        ("It received fewer than 20 reports.", 20, "below", "fewer than"),
        ("It found 400 or more images.", 400, "above", "or more"),
        ("It found 170 arrests.", 170, "exact", ""),
        ("There were an estimated 80,000 people.", 80000, "about", "an estimated"),
        ("The survey estimated 8.5 million adults.", 8_500_000, "exact", ""),
    ],
)
def test_the_qualifier_gives_the_reading(sentence, value, reading, qualifier):
    claim = _one(sentence)
    assert (claim.value, claim.reading, claim.qualifier) == (value, reading, qualifier)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Referrals rose by 700 per cent.", 700, "percent"),
        ("It was 83.7%.", 83.7, "percent"),
        ("a staggering twelve-fold increase", 12, "multiple"),
        ("The number doubled.", 2, "multiple"),
        ("It rose three times as fast.", 3, "multiple"),
        ("Two thirds of forces replied.", 200 / 3, "percent"),
        ("One in five children had been contacted.", 20, "percent"),
        ("Seventeen were in positions of trust.", 17, "count"),
        ("Ninety one per cent were male.", 91, "percent"),
        ("There were twenty-six charges.", 26, "count"),
        ("Some 47.2 million unique images were held.", 47_200_000, "count"),
        ("Funding of £30m was announced.", 30_000_000, "GBP"),
        ("He was jailed for 32 years.", 32, "years"),
        ("The Inquiry held 325 days of hearings.", 325, "days"),
        ("Calls rose by 12 percentage points.", 12, "percentage points"),
        ("There were no nationally co-ordinated operations in 2016 to 2017.", 0, "none"),
    ],
)
def test_digits_words_percentages_multiples_shares_money_durations_and_none_are_read(sentence, value, unit):
    claim = _one(sentence)
    assert claim.value == pytest.approx(value) and claim.unit == unit


def test_a_frequency_is_a_count_a_period_and_a_rate_has_its_base():
    claim = _one("The images were found on average five times a day.")
    assert (claim.value, claim.unit, claim.per) == (5, "count", "day")
    claim = _one("The rate was 4.2 per 1,000 children.")
    assert (claim.value, claim.unit, claim.per) == (4.2, "rate", "1,000 children")


def test_a_range_gives_its_low_end_read_above_and_its_high_end_read_below():
    low, high = extract_text("Police arrest between 400 and 450 people per month.")
    assert (low.value, low.reading, high.value, high.reading) == (400, "above", 450, "below")
    assert low.qualifier == high.qualifier == "between ... and"
    assert low.per == high.per == "month" and low.measure == "people"
    low, high = extract_text("between 44,000 and 1,800 people")
    assert (low.value, low.reading, high.value, high.reading) == (44000, "below", 1800, "above")
    start, end = extract_text("It rose from 28% of all content to 33%.")
    assert (start.reading, end.reading) == ("exact", "exact")


def test_the_period_is_the_time_phrase_nearest_the_figure_in_its_stretch():
    first, second = extract_text("The NCA received 82,109 referrals in 2017 - a 700% increase since 2012.")
    assert (first.period, second.period) == ("in 2017", "since 2012")
    claim = _one("In 2014 the NCA made just over 1,600 CSAE disseminations to forces.")
    assert claim.period == "In 2014" and claim.measure == "csae disseminations"


# --- formats and locators --------------------------------------------------------------------------------


def _transcript_pages():
    pages, current = [], []
    for line in (CORPUS / "iicsa-transcript-2018-01-24.txt").read_text(encoding="utf-8").splitlines():
        number = re.match(r"\s*(\d+)\s+(.*)", line)
        if number:
            current.append(number.group(2))
        else:
            pages.append((int(line), current))
            current = []
    return pages


def test_a_numbered_transcript_pdf_loses_its_line_numbers_and_keeps_page_and_lines(tmp_path):
    path = tmp_path / "transcript.pdf"
    pages = [(41, lines) for _, lines in _transcript_pages()[:1]] + [(42, ["Q. And 83.7 per cent?", "A. Yes."])]
    path.write_bytes(transcript_pdf(pages))
    found = extract_claims(path)
    assert [(c.value, c.locator) for c in found] == [(700.0, "p. 41 lines 16-19"), (83.7, "p. 42 line 1")]
    assert found[0].sentence.startswith("I think the position is this") and " 18 " not in found[0].sentence
    text_route = extract_claims(CORPUS / "iicsa-transcript-2018-01-24.txt")
    assert [c.sentence for c in text_route] == [found[0].sentence]


def test_a_pdf_of_prose_is_located_by_page_and_paragraph(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf([["Foreword"], ["In 2021, the NCA sent more than 20,000", "cases to forces."]]))
    claim = extract_claims(path)[0]
    assert (claim.value, claim.reading, claim.locator) == (20000.0, "above", "p. 2 para. 1")


def test_html_is_read_by_its_blocks_without_scripts_styles_navigation_or_footer(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><head><style>p{width:300px}</style><script>var n = 5000;</script></head><body>"
        "<nav>Top 10 stories</nav><h1>Police made 170 arrests</h1><div><p>Around 400 people a month.</p>"
        "<ul><li>Up 37%</li></ul></div><table><tr><td>2020</td><td>824</td></tr></table>"
        "<footer>Page 1 of 3, 2,000 visits</footer></body></html>",
        encoding="utf-8",
    )
    found = extract_claims(path)
    assert [(c.value, c.locator) for c in found] == [
        (170, "para. 1"),
        (400, "para. 2"),
        (37, "para. 3"),
        (824, "para. 4"),
    ]
    assert found[1].per == "month" and found[1].reading == "about"


# --- hostile files ------------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_regular_file_or_too_large_is_refused_in_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("170 arrests. " * 100, encoding="utf-8")
    for path, why in [
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path, "folder"),
        ("/dev/zero", "under /dev"),
    ]:
        with pytest.raises(DataError, match=why) as caught:
            extract_claims(path)
        assert "\n" not in str(caught.value)
    with pytest.raises(DataError, match=r"more than 100, the limit on a document's size"):
        extract_claims(big, max_bytes=100)


def test_binary_damaged_or_oversized_documents_are_refused_without_echoing_them(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"GIF89a\x00\x01" + b"x" * 500)
    with pytest.raises(DataError, match="holds NUL bytes"):
        extract_claims(binary)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"SECRET-CONTENT " * 1000)
    with pytest.raises(DataError, match="cannot be read as a PDF") as caught:
        extract_claims(damaged)
    assert len(str(caught.value)) < 300 and "\n" not in str(caught.value)
    pages = tmp_path / "pages.pdf"
    pages.write_bytes(text_pdf([["170 arrests."]] * 3))
    with pytest.raises(DataError, match="has 3 pages, more than 2"):
        extract_claims(pages, max_pages=2)
    with pytest.raises(DataError, match="more than 20 characters of text"):
        extract_claims(pages, max_chars=20)
    with pytest.raises(DataError, match="more than 20 characters of text"):
        extract_claims(CORPUS / "npcc-2018-09-06.html", max_chars=20)
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("12 " * 2_000, encoding="utf-8")
    with pytest.raises(DataError, match="states more than 100 figures, the limit: it reads as a table"):
        extract_claims(numbers, max_claims=100)


def test_a_run_on_sentence_is_read_in_pieces_and_loses_no_figure():
    found = extract_text("Counts were " + "1,234 and " * 600 + "5 in all")
    assert len(found) == 601 and {c.locator for c in found} == {"para. 1"}
    assert max(len(c.sentence) for c in found) <= 2_000


def test_control_characters_from_a_file_never_reach_the_output_and_no_cell_becomes_a_formula(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text("=1+2 There were 170 arrests\x1b\u202e made.", encoding="utf-8")
    text = format_claims(extract_claims(path), source=path.name)
    assert "\x1b" not in text and "\u202e" not in text
    assert "-01,'=1+2 There were 170 arrests" in text and ",'=1+2 There were 170 arrests" in text


# --- output and the command ----------------------------------------------------------------------------------


def test_claims_are_frozen_and_the_draft_rows_have_the_columns_of_a_claims_file():
    claim = _one("A total of 170 child abuse arrests were made in 2016-17.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.value = 1.0
    header = format_claims([claim], source="My Article.txt").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    record = json.loads(format_claims([claim], source="My Article.txt", format="json"))[0]
    assert record["claim_id"] == "my-article-01" and record["value"] == 170 and record["source"] == "My Article.txt"
    assert record["sentence"] == record["claim"] == claim.sentence and list(record) == list(COLUMNS)
    with pytest.raises(ValueError, match="'csv' or 'json'"):
        format_claims([claim], source="x", format="xml")


def test_the_extract_command_writes_csv_or_json_and_never_overwrites_without_replace(tmp_path, capsys):
    source = CORPUS / "hmicfrs-2023-foreword.txt"
    assert cli.main(["extract", str(source), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["value"], r["reading"], r["unit"]) for r in rows][:2] == [
        (20000, "above", "count"),
        (2, "above", "multiple"),
    ]
    out = tmp_path / "claims.csv"
    out.write_text("mine\n", encoding="utf-8")
    assert cli.main(["extract", str(source), "--out", str(out)]) == 1
    assert "exists; pass --replace" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "mine\n"
    assert cli.main(["extract", str(source), "--out", str(out), "--replace"]) == 0
    assert out.read_text(encoding="utf-8").startswith("claim_id,claim,sentence,value,reading")
    assert cli.main(["extract", str(tmp_path / "nothing.pdf")]) == 1
    assert "no such file" in capsys.readouterr().err
