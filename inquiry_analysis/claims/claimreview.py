"""The claims check published as schema.org ClaimReview JSON-LD, one review per claim, where fact-checkers look.

:func:`claim_reviews` turns :func:`inquiry_analysis.claims.check` results into one ClaimReview object
per claim; :func:`format_claimreview` writes them as JSON; :func:`review_context` reads what the
reviews need from a data package (its ``sources`` table and its ``created`` date).

What was read, and what it asks for
-----------------------------------
- Google Search Central, "Fact check (ClaimReview) structured data",
  https://developers.google.com/search/docs/appearance/structured-data/factcheck : ClaimReview
  requires ``claimReviewed`` (kept short where possible; no rating in it), ``reviewRating`` and
  ``url`` (the page hosting the review, optionally with an anchor: "page jump"); recommends
  ``author`` (Organization or Person, with ``name``), ``datePublished`` and ``itemReviewed`` (a
  Claim). Claim: recommended ``appearance``, ``author`` (Organization or Person),
  ``datePublished`` and ``firstAppearance`` (URL or CreativeWork). Rating: requires
  ``alternateName`` (the textual verdict, the only one shown in results); recommends ``name``,
  ``ratingValue``, ``bestRating``, ``worstRating``, and asks that any numeric scale be documented
  as a number-to-text table. (Read through Full Fact's summary of the same table,
  https://fullfact.github.io/markup-investigation/docs/notes/01-basic-usage/ , and
  https://www.schemastats.com/en/terms/ClaimReview/ .)
- Google Fact Check Tools API, ClaimReviewMarkup,
  https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/pages : the
  mapping of ``claimDate`` to ``itemReviewed.datePublished``, ``claimAppearances`` to
  ``itemReviewed.appearance.url``, ``claimFirstAppearance`` to ``itemReviewed.firstAppearance.url``,
  and ``url``: "the page URL plus an optional anchor link".
- schema.org: https://schema.org/ClaimReview (``claimReviewed``; ``itemReviewed``, ``reviewRating``
  and ``author`` from Review), https://schema.org/Claim (``appearance``, ``firstAppearance``, a
  CreativeWork), https://schema.org/Rating (``ratingExplanation``: "a short explanation ...
  particularly applicable to ratings associated with 'fact check' markup using ClaimReview";
  ``bestRating``/``worstRating``, which default to 5 and 1 when omitted, so both are always given).

How a claim maps to a review
----------------------------
==========================================  ==========================================================
ClaimReview property                        from
==========================================  ==========================================================
``claimReviewed``                           the words as said (``Claim.words``), never shortened: a
                                            shortened quote would misquote (Google's 75 characters
                                            is advice, not a requirement)
``itemReviewed`` (``Claim``)                ``author``: the speaker (:func:`speaker_entity`);
                                            ``datePublished``: ``said_on`` (``YYYY-MM-DD`` or
                                            ``YYYY-MM``, both ISO 8601); ``appearance``: the source
                                            document (:func:`source_work`) with the locator as its
                                            ``description``; ``firstAppearance``: the same document
                                            when the words are known from it first-hand (status
                                            ``quote`` or ``table``), omitted for press reports of
                                            what was said elsewhere
``reviewRating`` (``Rating``)               ``alternateName`` and ``name``: the verdict, capitalised
                                            ("Consistent as a bound"); ``ratingExplanation``: the
                                            verdict's reason and which reading decides
                                            (``Verdict.reason`` + ``CheckResult.why``);
                                            ``ratingValue``/``bestRating``/``worstRating``: see
                                            :data:`RATING_SCALE` (none for ``unverifiable``)
``author``                                  the reviewer (default ``inquiry-analysis``, an Organization)
``datePublished``                           ``date_reviewed``: passed, or the data package's
                                            ``created`` date (:func:`review_context`); never the clock
``url``                                     ``url_base + "#" + claim_id``; by default ``url_base`` is
                                            "", so ``url`` is the bare anchor ``#claim_id``, a
                                            same-document reference that resolves to the page that
                                            embeds the JSON-LD plus the anchor, as Google asks. Pass
                                            the page's absolute URL when publishing.
``citation``                                the documents behind the figures used, by every reading
                                            (``Verdict.sources``, the principal reading's first)
==========================================  ==========================================================

The output is deterministic: the same results, sources and arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry_analysis.claims.verdicts import VERDICTS

if TYPE_CHECKING:
    from inquiry_analysis.claims.verdicts import CheckResult

__all__ = [
    "DEFAULT_AUTHOR",
    "RATING_SCALE",
    "claim_reviews",
    "format_claimreview",
    "review_context",
    "source_work",
    "speaker_entity",
]

#: The reviewer when none is passed: this package, as an Organization.
DEFAULT_AUTHOR = {"@type": "Organization", "name": "inquiry-analysis"}

#: The numeric rating of each verdict: how closely the data bear out the words as said, 4 best, 1 worst.
#: ``reproduced`` (the data give the figure itself) > ``consistent`` (within what the wording allows) >
#: ``consistent as a bound`` (true, but the data exceed the bound: the words understate) >
#: ``inconsistent`` (the data rule the wording out). ``unverifiable`` says nothing of the words, so it
#: has no number: its Rating carries ``alternateName`` alone. The order is the order in which the
#: rule tries the verdicts (:data:`~inquiry_analysis.claims.verdicts.VERDICTS`).
RATING_SCALE = {verdict: 4 - i for i, verdict in enumerate(v for v in VERDICTS if v != "unverifiable")}

#: Statuses whose source gives the words first-hand (see the ``status`` column of the claims table).
FIRST_HAND = ("quote", "table")

_ORGANISATION_WORDS = re.compile(
    r"\b(agency|association|authority|board|bureau|centre|center|commission|committee|council|court|"
    r"department|foundation|government|group|hmicfrs|inquiry|inspectorate|institute|ltd|ministry|office|"
    r"parliament|police|service|society|trust|university|limited|plc|inc)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]+$")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _text(value) -> str:
    """A cell as text; "" for None, NaN or pandas' NA."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except TypeError:  # pandas.NA refuses comparison
        return ""
    return str(value).strip()


def _iso(value) -> str:
    """An ISO 8601 date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) from a date, timestamp or text; "" if none."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return ""
    day = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    return day if _ISO_DATE.match(day) else ""


def speaker_entity(speaker: str, *, producer: str = "") -> dict | None:
    """The claim's author as a schema.org Person or Organization, from the claims file's ``speaker`` text.

    The name is the text before the first ``(`` or ``,``; the whole text is kept as ``description``.
    It is an Organization when the name is the source's producer, an acronym (``HMICFRS``), or holds
    a word that names a body (council, agency, police, inquiry, ...); otherwise a Person. A speaker
    whose name does not begin with a capital ("reported (no speaker named)", "counsel to the
    inquiry, reading ...", "hearing, as reported") is a role or a place, not a name: no author.

    Parameters
    ----------
    speaker : str
        The ``speaker`` cell.
    producer : str, optional
        The source document's producer, named an Organization when the speaker is it.

    Returns
    -------
    dict or None
        ``{"@type": "Person" or "Organization", "name": ..., "description": speaker}``, or None.

    Examples
    --------
    >>> speaker_entity("Jacqueline Carey, counsel to the inquiry")["@type"]
    'Person'
    >>> speaker_entity("National Police Chiefs' Council (press release)")["name"]
    "National Police Chiefs' Council"
    >>> speaker_entity("reported (no speaker named)") is None
    True
    """
    speaker = _text(speaker)
    name = re.split(r"[(,]", speaker, maxsplit=1)[0].strip()
    if not name or not name[0].isupper():
        return None
    words = name.split()
    organisation = (
        name.casefold() == producer.strip().casefold()
        or bool(_ORGANISATION_WORDS.search(name))
        or any(_ACRONYM.match(w) for w in words)
        or len(words) == 1
    )
    entity = {"@type": "Organization" if organisation else "Person", "name": name}
    if speaker != name:
        entity["description"] = speaker
    return entity


def _source_rows(sources) -> dict[str, dict]:
    """Sources as a dict of source_id to a dict of fields, from a DataFrame indexed by source_id or a mapping."""
    if sources is None:
        return {}
    if hasattr(sources, "iterrows"):
        return {str(sid): {k: _text(v) for k, v in row.items()} for sid, row in sources.iterrows()}
    return {str(sid): {k: _text(v) for k, v in dict(row).items()} for sid, row in sources.items()}


def source_work(source_id: str, sources: Mapping[str, Mapping] | None = None, *, locator: str = "") -> dict:
    """A source document as a schema.org CreativeWork: title, url, publisher, date; the id alone if unknown.

    Parameters
    ----------
    source_id : str
        The document's id in the sources table.
    sources : mapping of str to mapping, optional
        Each source id's fields (``title``, ``producer``, ``date_published``, ``url``, ``doi``), as
        the ``sources`` table gives them; a source not in it is named by its id alone.
    locator : str, optional
        Where in the document, kept as ``description`` ("para. 3", "p. 1, lines 17-21").

    Returns
    -------
    dict
        ``{"@type": "CreativeWork", "name": ..., "identifier": source_id, ...}``: ``url`` (the
        document's, or ``https://doi.org/`` and its DOI), ``publisher`` (an Organization),
        ``datePublished`` (ISO 8601) and ``description`` where known.

    Examples
    --------
    >>> source_work("npcc-2018-09-06", {}, locator="para. 2")
    {'@type': 'CreativeWork', 'name': 'npcc-2018-09-06', 'identifier': 'npcc-2018-09-06', 'description': 'para. 2'}
    """
    row = (sources or {}).get(source_id, {})
    work = {"@type": "CreativeWork", "name": row.get("title") or source_id, "identifier": source_id}
    url = row.get("url") or (f"https://doi.org/{row['doi']}" if row.get("doi") else "")
    if url:
        work["url"] = url
    if row.get("producer"):
        work["publisher"] = {"@type": "Organization", "name": row["producer"]}
    if _iso(row.get("date_published")):
        work["datePublished"] = _iso(row.get("date_published"))
    if locator:
        work["description"] = locator
    return work


def _rating(result: CheckResult) -> dict:
    verdict = result.verdict.verdict
    words = verdict[0].upper() + verdict[1:]
    rating = {"@type": "Rating", "alternateName": words, "name": words}
    if verdict in RATING_SCALE:
        rating.update(
            ratingValue=RATING_SCALE[verdict],
            bestRating=max(RATING_SCALE.values()),
            worstRating=min(RATING_SCALE.values()),
        )
    rating["ratingExplanation"] = f"{result.verdict.reason} {result.why}".strip()
    return rating


def _claim(result: CheckResult, rows: dict[str, dict]) -> dict:
    claim = result.claim
    producer = rows.get(claim.source_id, {}).get("producer", "")
    item = {"@type": "Claim"}
    author = speaker_entity(claim.speaker, producer=producer)
    if author is not None:
        item["author"] = author
    elif _text(claim.speaker):
        item["description"] = f"Speaker: {_text(claim.speaker)}"
    if _iso(claim.said_on):
        item["datePublished"] = _iso(claim.said_on)
    work = source_work(claim.source_id, rows, locator=_text(claim.locator))
    item["appearance"] = work
    if claim.status in FIRST_HAND:
        item["firstAppearance"] = work
    return item


def claim_reviews(
    results: list[CheckResult],
    *,
    sources=None,
    date_reviewed: str | dt.date | None = None,
    author: Mapping | str | None = None,
    url_base: str = "",
) -> list[dict]:
    """One schema.org ClaimReview per claim, in the order of ``results``.

    See the module docstring for each property and where it comes from.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.check`.
    sources : pandas.DataFrame or mapping, optional
        The data package's sources table indexed by ``source_id`` (:func:`inquiry_analysis.io.load_sources`),
        or a mapping of source id to its fields. Default: none, and each document is named by its
        source id alone (a user's data package need not have a sources table).
    date_reviewed : str or datetime.date, optional
        The review's ``datePublished`` (ISO 8601). Default: none given, no ``datePublished``; the
        clock is never read, so that the same check gives the same bytes. :func:`review_context`
        gives the data package's ``created`` date.
    author : mapping or str, optional
        The reviewer: a schema.org Person or Organization, or a name (an Organization). Default
        :data:`DEFAULT_AUTHOR`.
    url_base : str, default ""
        The URL of the page that hosts the reviews; each review's ``url`` is ``url_base#claim_id``.

    Returns
    -------
    list of dict
        JSON-ready ClaimReview objects.

    Raises
    ------
    ValueError
        If ``date_reviewed`` is not an ISO 8601 date.

    Examples
    --------
    >>> from inquiry_analysis.claims import check
    >>> result = check()[0]
    >>> review = claim_reviews([result], url_base="https://example.org/claims", date_reviewed="2026-12-05")[0]
    >>> review["url"] == "https://example.org/claims#" + result.claim.claim_id
    True
    >>> review["reviewRating"]["alternateName"], review["datePublished"]
    ('Consistent', '2026-12-05')
    """
    reviewed = _iso(date_reviewed)
    if date_reviewed is not None and not reviewed:
        raise ValueError(f"`date_reviewed` must be an ISO 8601 date (YYYY-MM-DD), but {date_reviewed!r} was passed")
    if author is None:
        author = DEFAULT_AUTHOR
    elif isinstance(author, str):
        author = {"@type": "Organization", "name": author}
    rows = _source_rows(sources)
    reviews = []
    for result in results:
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{url_base}#{result.claim.claim_id}",
            "claimReviewed": result.claim.words,
            "itemReviewed": _claim(result, rows),
            "reviewRating": _rating(result),
            "author": dict(author),
        }
        if reviewed:
            review["datePublished"] = reviewed
        cited = [source_work(sid, rows) for sid in dict.fromkeys(s for v in result.readings for s in v.sources)]
        if cited:
            review["citation"] = cited
        reviews.append(review)
    return reviews


def format_claimreview(results: list[CheckResult], **options) -> str:
    """The ClaimReviews of :func:`claim_reviews` as a JSON array: indented by two, keys in a fixed order, final newline.

    Parameters
    ----------
    results : list of CheckResult
        From :func:`inquiry_analysis.claims.check`.
    **options
        ``sources``, ``date_reviewed``, ``author``, ``url_base``, as for :func:`claim_reviews`.

    Returns
    -------
    str
        JSON text; non-ASCII characters written as they are.
    """
    return json.dumps(claim_reviews(results, **options), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def review_context(data_dir: str | Path | None = None) -> dict:
    """What the reviews need from a data package: its sources table and its ``created`` date.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data package checked against (default: the bundled one, as for ``check``).

    Returns
    -------
    dict
        ``{"sources": ..., "date_reviewed": ...}``, to pass to :func:`claim_reviews` or
        :func:`format_claimreview` as keywords: ``sources`` is None when the package has no
        ``sources`` table; ``date_reviewed`` is the date part of the package's ``created``, None when
        it records none. The reviews then date from the data they were made from, never the clock.
    """
    from inquiry_analysis.io import load_sources
    from inquiry_analysis.provenance import read_datapackage

    descriptor = read_datapackage(data_dir)
    names = {r.get("name") for r in descriptor.get("resources", [])}
    sources = load_sources(data_dir=data_dir) if "sources" in names else None
    return {"sources": sources, "date_reviewed": _iso(descriptor.get("created")) or None}
