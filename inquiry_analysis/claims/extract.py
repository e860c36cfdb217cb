"""Find the quantity statements in a press release, report or hearing transcript: draft claims to check.

:func:`extract_claims` reads a plain text, HTML or PDF file (a user's file: a regular file, within size,
page and character limits, refused in one :class:`~inquiry_analysis.DataError` line otherwise) and
returns one :class:`ExtractedClaim` per figure stated in it; :func:`extract_text` does the same for text
in hand. :func:`claim_records` and :func:`format_claims` give them as draft rows of a claims file (CSV
or JSON), which a person then checks, completes (speaker, date, what each is checked against) and keeps.

What is a claim. A figure that states a quantity a reader could check: a count (``170 arrests``,
``Seventeen were ...``, ``£30m``), a percentage (``83.7%``, ``700 per cent``), a multiple (``double``,
``more than double``, ``twelve-fold``, ``three times as many``), a share in words (``two thirds``, ``one in
five``, ``nearly half``), an absence (``there were no nationally co-ordinated operations in 2016 to 2017``:
the value 0, unit ``none``), and a duration that is itself measured (``jailed for 32 years``, ``taking up
to 18 months``, ``325 days of hearings``; unit ``years``, ``months``, ``days``, ...).

What is not. Dates (``24 January 2018``, ``April 2015``, ``18/04/2018``), years and financial years used as
dates (``in 2017``, ``2016-17``, ``since 2012``: a year belongs to a claim's ``period``, never a claim of its
own; any whole number from 1800 to 2100 written without a thousands comma is read as a year), times
(``10.30 am``), ages (``aged 10 or under``, ``eight-year-old``, ``boys under 13``: an age says who is
counted, not how many), durations that are periods (``the last five years``, ``the three months ending
August 2016``, ``four years earlier``: they go to ``period``), ordinals (``2nd``), list, heading and
paragraph numbers (``1.``, ``78.One``, ``(1)``), references (``paragraph 51``, ``page 3``, ``lines 17-21``,
``file 2``, ``Day 5``, ``exhibit KN/2``, ``INQ004``, ``NCA000123``), footnote markers (``online.115``,
``[3]``), phone numbers, postcodes and codes, street numbers, a p-value and an interval's confidence level
(``p < 0.05``, ``95% CI``), ``one`` on its own (``one part of the problem``), and vague amounts (``hundreds of
leads``, ``many millions``).

A range (``between 400 and 450``, ``400 to 450``) gives two claims: the low end read ``above`` and the
high end read ``below``, both with the qualifier ``between ... and`` (or ``... to ...``), so that each
bound is checked as the one-sided claim it is; the qualifier says that the bound itself is allowed.
``from 28% to 33%`` is a change, so two exact claims.

Each claim is located: a paragraph (``para. 3``, or the paragraph's own number where it starts with one:
``para. 79``), a PDF's page and its paragraph on that page (``p. 2 para. 5``), or, in a numbered transcript,
the page and lines of its sentence (``p. 1 lines 16-19``), the line numbers taken out of the text.

Measured on the labelled texts in ``tests/claims/extract_corpus`` (press releases, an inspectorate's
report, an inquiry's report, hearing transcripts, written answers): see
``benchmarks/extract_accuracy.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from inquiry_analysis.claims import _extract_documents as documents
from inquiry_analysis.claims._extract_numbers import Mention, mentions
from inquiry_analysis.claims._extract_words import measure, per, period, qualifier, sentences, time_phrases
from inquiry_analysis.errors import DataError

__all__ = [
    "COLUMNS",
    "MAX_CLAIMS",
    "READINGS",
    "ExtractedClaim",
    "claim_records",
    "extract_claims",
    "extract_text",
    "format_claims",
]

#: The most figures a document may state: a 1,000-page report has some 10,000; past this it is a table or data
#: file, or built to be slow (reading takes some 0.2 ms a figure).
MAX_CLAIMS = 50_000
#: The readings of a figure's wording: as said, about it, more than it, less than it.
READINGS = ("exact", "about", "above", "below")
#: The columns of a draft claims file, in order.
COLUMNS = (
    "claim_id", "claim", "sentence", "value", "reading", "qualifier", "unit", "per", "period", "measure", "locator",
    "source", "words",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ExtractedClaim:
    """One quantity statement found in a text: a draft claim.

    Attributes
    ----------
    value : float
        The figure (a percentage as its percent, 83.7; a multiple as its factor, 2.0; an absence 0.0).
    reading : str
        How the wording reads it (one of :data:`READINGS`): ``exact`` (as said), ``about`` (``about``,
        ``around``), ``above`` (``more than``, ``just over``, a range's low end) or ``below`` (``nearly``,
        ``up to``, a range's high end).
    qualifier : str
        The words that give the reading, as written (``About``, ``more than``, ``just over``, ``between ...
        and``, ``no``); empty for none.
    unit : str
        ``count``, ``percent``, ``percentage points``, ``multiple``, ``rate`` (per a base: ``4.2 per 1,000
        children``), ``none`` (an absence: ``no operations``), a currency
        (``GBP``, ``USD``, ``EUR``), or a duration's unit (``years``, ``months``, ``weeks``, ``days``).
    per : str
        The period a rate is per (``month`` for ``3,500 referrals a month``), or a rate's base (``1,000
        children``); empty if the figure is no rate.
    period : str
        The words giving the period the figure covers, nearest it in its sentence (``during 2017``, ``in
        2016-17``, ``by the three months ending August 2016``); empty if the sentence gives none.
    measure : str
        What the figure counts, best effort (``referrals``, ``child abuse arrests``, ``increase``).
    sentence : str
        The sentence that states it, whitespace normalised (line numbers taken out of a transcript's).
    locator : str
        Where the sentence is: ``para. 3``, ``p. 2 para. 5`` (a PDF's page), ``p. 1 lines 16-19`` (a
        numbered transcript's page and lines).
    words : str
        The figure as written (``80,000``, ``twelve-fold``, ``700 per cent``).
    """

    value: float
    reading: str
    qualifier: str
    unit: str
    per: str
    period: str
    measure: str
    sentence: str
    locator: str
    words: str


def _claims_of(block: documents.Block):
    """Each claim of a block, as found (a generator, so that a cap on claims stops the work early)."""
    for start, end in sentences(block.text, block.breaks):
        sentence = block.text[start:end]
        figures = mentions(sentence)
        phrases = time_phrases(sentence) if figures else []
        for index, mention in enumerate(figures):
            following = figures[index + 1].start if index + 1 < len(figures) else len(sentence)
            words, reading = qualifier(sentence, mention)
            # a range's low end counts what its high end counts, per the same period: "400 and 450 people per month"
            ranged = (
                mention.qualifier and index + 1 < len(figures) and figures[index + 1].qualifier == mention.qualifier
            )
            described = figures[index + 1] if ranged else mention
            after = (figures[index + 2].start if index + 2 < len(figures) else len(sentence)) if ranged else following
            rate = per(sentence, described, after)
            yield (
                ExtractedClaim(
                    value=float(mention.value),
                    reading=reading,
                    qualifier=words,
                    unit="rate" if rate[:1].isdigit() and mention.unit == "count" else mention.unit,
                    per=rate,
                    period=period(sentence, mention, figures, phrases, index),
                    measure=_measure(sentence, described),
                    sentence=sentence,
                    locator=documents.locate(block, start, end),
                    words=sentence[mention.start : mention.end],
                )
            )


def _measure(sentence: str, mention: Mention) -> str:
    if mention.unit == "none":  # "no nationally co-ordinated operations": the words after "no"
        return " ".join(re.findall(r"[\w-]+", sentence[mention.end : mention.end + 80])[:3]).lower()
    return measure(sentence, mention)


def extract_text(text: str) -> list[ExtractedClaim]:
    """The quantity statements in plain text (paragraphs at blank lines, or a numbered transcript).

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    list of ExtractedClaim
        In the order of the text.

    Examples
    --------
    >>> text = "A total of 170 child abuse arrests were made across the NCA in 2016-17."
    >>> [(c.value, c.reading, c.unit, c.period, c.measure, c.locator) for c in extract_text(text)]
    [(170.0, 'exact', 'count', 'in 2016-17', 'child abuse arrests', 'para. 1')]
    >>> [(c.value, c.reading, c.qualifier) for c in extract_text("It rose to nearly 10,000.")]
    [(10000.0, 'below', 'nearly')]
    """
    return [claim for block in documents.blocks_from(text.encode("utf-8"), "text") for claim in _claims_of(block)]


def extract_claims(
    path: str | Path,
    *,
    format: str | None = None,
    max_bytes: int | None = None,
    max_pages: int = documents.MAX_PDF_PAGES,
    max_chars: int = documents.MAX_TEXT_CHARS,
    max_claims: int = MAX_CLAIMS,
) -> list[ExtractedClaim]:
    """The quantity statements in a document: plain text, HTML or PDF.

    Parameters
    ----------
    path : str or Path
        The file.
    format : {'text', 'html', 'pdf'} or None
        What it holds; None (the default) takes it from its bytes, else its name's ending.
    max_bytes : int or None
        The largest file read (None: :data:`inquiry_analysis.io.documents.MAX_DOCUMENT_BYTES`).
    max_pages : int
        The most pages of a PDF read.
    max_chars : int
        The most characters of text the document may give (a PDF or HTML bomb is refused).
    max_claims : int
        The most figures the document may state (default :data:`MAX_CLAIMS`): past it, it is a table or a
        file built to be slow, and is refused.

    Returns
    -------
    list of ExtractedClaim
        In the order of the document.

    Raises
    ------
    DataError
        One line naming the file if it cannot be read (missing, not a regular file, too large, damaged,
        encrypted, past a limit); no more than a short excerpt of its content is shown.
    """
    from inquiry_analysis.io.documents import MAX_DOCUMENT_BYTES, read_document

    document = read_document(path, format=format, max_bytes=max_bytes or MAX_DOCUMENT_BYTES)
    blocks = documents.blocks_from(
        document.data, document.format, path=document.path, max_pages=max_pages, max_chars=max_chars
    )
    found = []
    for block in blocks:
        for claim in _claims_of(block):
            found.append(claim)
            if len(found) > max_claims:
                raise DataError(
                    f"states more than {max_claims:,} figures, the limit: it reads as a table or data file, not "
                    "prose; extract the part you need, or pass a larger max_claims if you trust the file",
                    path=document.path,
                )
    return found


def _slug(text: str, limit: int = 24) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def claim_records(claims: list[ExtractedClaim], *, source: str) -> list[dict]:
    """The claims as draft rows of a claims file: a draft id, the sentence as the claim, the fields, the source.

    Parameters
    ----------
    claims : list of ExtractedClaim
        What :func:`extract_claims` found.
    source : str
        The document's name (its file name), written in each row.

    Returns
    -------
    list of dict
        One per claim, with the keys of :data:`COLUMNS`; ``claim_id`` is a draft slug, the source's
        name and the claim's place (``seed-article-03``), for a person to replace; ``claim`` (the words
        as said) starts as the sentence, for a person to cut to the claim, and ``sentence`` keeps it whole.

    Examples
    --------
    >>> rows = claim_records(extract_text("About 80,000 cases were referred during 2017."), source="article.txt")
    >>> rows[0]["claim_id"], rows[0]["value"], rows[0]["reading"], rows[0]["period"]
    ('article-01', 80000, 'about', 'during 2017')
    """
    stem = _slug(Path(source).stem, 40) or "claim"
    rows = []
    for index, claim in enumerate(claims, start=1):
        fields = asdict(claim)
        rows.append(
            {
                "claim_id": f"{stem}-{index:02d}",
                "claim": claim.sentence,
                **{key: fields[key] for key in COLUMNS if key in fields},
                "value": _number(claim.value),
                "source": source,
            }
        )
    return [{key: row[key] for key in COLUMNS} for row in rows]


def format_claims(claims: list[ExtractedClaim], *, source: str, format: str = "csv") -> str:
    """The claims as a draft claims file: CSV (a header and one row each) or JSON (a list of objects).

    Text cells of the CSV are neutralised for spreadsheets (:func:`inquiry_analysis.safe_text.csv_text`):
    a sentence from a hostile file cannot become a formula.

    Parameters
    ----------
    claims : list of ExtractedClaim
        What :func:`extract_claims` found.
    source : str
        The document's name.
    format : {'csv', 'json'}
        The output.

    Returns
    -------
    str
        The file's text, ending in a line feed.

    Raises
    ------
    ValueError
        If ``format`` is neither.
    """
    from inquiry_analysis.safe_text import csv_text

    rows = claim_records(claims, source=source)
    if format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if format != "csv":
        raise ValueError(f"`format` must be 'csv' or 'json', but {format!r} was passed")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_text(value) for key, value in row.items()})
    return out.getvalue()
