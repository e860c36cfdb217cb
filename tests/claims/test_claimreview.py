"""ClaimReview JSON-LD for the bundled check: Google's required and recommended properties, typed and valid.

Independent routes: the claims and sources are read back from data/claims.csv, data/sources.csv and
data/datapackage.json with the standard library; the objects are validated against a JSON Schema
written here from Google's fact-check guidance (required: claimReviewed, reviewRating with
alternateName, url; recommended: author, datePublished, itemReviewed as a Claim with author,
datePublished, appearance, firstAppearance; Rating's bestRating, worstRating, ratingValue, name).
"""

import csv
import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest

from inquiry_analysis import claims
from inquiry_analysis.claims.claimreview import (
    RATING_SCALE,
    claim_reviews,
    format_claimreview,
    review_context,
    source_work,
    speaker_entity,
)
from inquiry_analysis.claims.verdicts import VERDICTS

DATA = Path(__file__).resolve().parents[2] / "data"
URL_BASE = "https://example.org/inquiry-analysis/claims"

ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
TEXT = {"type": "string", "minLength": 1}
ENTITY = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {"@type": {"enum": ["Person", "Organization"]}, "name": TEXT, "url": {"type": "string"}},
}
WORK = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"const": "CreativeWork"},
        "name": TEXT,
        "url": {"type": "string", "pattern": "^https?://"},
        "publisher": ENTITY,
        "datePublished": {"type": "string", "pattern": ISO_DATE},
        "description": TEXT,
    },
}
# Written from https://developers.google.com/search/docs/appearance/structured-data/factcheck
CLAIM_REVIEW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "@context",
        "@type",
        "claimReviewed",
        "reviewRating",
        "url",
        "author",
        "datePublished",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": TEXT,
        "url": {"type": "string", "pattern": r"^https://example\.org/inquiry-analysis/claims#[a-z0-9-]+$"},
        "author": ENTITY,
        "datePublished": {"type": "string", "pattern": ISO_DATE},
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "datePublished", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "author": ENTITY,
                "datePublished": {"type": "string", "pattern": ISO_DATE},
                "appearance": WORK,
                "firstAppearance": WORK,
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName", "ratingExplanation"],
            "properties": {
                "@type": {"const": "Rating"},
                "alternateName": {
                    "enum": ["Reproduced", "Consistent", "Consistent as a bound", "Inconsistent", "Unverifiable"]
                },
                "name": TEXT,
                "ratingExplanation": TEXT,
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
            },
            "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
        },
        "citation": {"type": "array", "items": WORK},
    },
}


@pytest.fixture(scope="module")
def results(bundled_check):
    return list(bundled_check)


@pytest.fixture(scope="module")
def reviews(results):
    return claim_reviews(results, url_base=URL_BASE, **review_context())


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _first_row_of_each_claim():
    first = {}
    for row in _rows("claims.csv"):
        first.setdefault(row["claim_id"], row)
    return first


def test_one_review_per_claim_of_the_file_with_its_words(reviews):
    first = _first_row_of_each_claim()
    assert [r["url"].rsplit("#", 1)[1] for r in reviews] == list(first)
    assert [r["claimReviewed"] for r in reviews] == [row["claim"] for row in first.values()]
    assert [r["itemReviewed"]["datePublished"] for r in reviews] == [row["said_on"] for row in first.values()]


def test_every_review_validates_against_the_schema_from_the_guidance(reviews):
    validator = jsonschema.Draft202012Validator(CLAIM_REVIEW_SCHEMA)
    problems = [f"{r['url']}: {e.message}" for r in reviews for e in validator.iter_errors(r)]
    assert problems == []


def test_dates_are_iso_8601_calendar_dates(reviews):
    dates = [r["datePublished"] for r in reviews] + [r["itemReviewed"]["datePublished"] for r in reviews]
    dates += [r["itemReviewed"]["appearance"].get("datePublished", "2000") for r in reviews]
    dates += [w.get("datePublished", "2000") for r in reviews for w in r.get("citation", [])]
    for date in dates:  # ISO 8601 at day, month or year precision; fromisoformat raises on 2018-13 or 2018-02-30
        dt.date.fromisoformat({10: date, 7: f"{date}-01", 4: f"{date}-01-01"}[len(date)])


def test_review_date_is_the_data_package_created_date_not_the_clock(reviews):
    created = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["created"][:10]
    assert {r["datePublished"] for r in reviews} == {created}


def test_json_round_trips_and_the_same_check_gives_the_same_bytes(results, reviews):
    text = format_claimreview(results, url_base=URL_BASE, **review_context())
    assert text.endswith("]\n")
    assert json.loads(text) == reviews
    assert format_claimreview(results, url_base=URL_BASE, **review_context()) == text


def test_rating_is_the_verdict_in_words_and_a_number_only_on_the_documented_scale(results, reviews):
    for result, review in zip(results, reviews, strict=True):
        rating = review["reviewRating"]
        assert rating["alternateName"].lower() == result.verdict.verdict
        assert result.why in rating["ratingExplanation"] and result.verdict.reason in rating["ratingExplanation"]
        if result.verdict.verdict == "unverifiable":
            assert "ratingValue" not in rating
        else:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    # best fit best: the data give the figure > within the wording > a true bound that understates > ruled out
    assert RATING_SCALE == {"reproduced": 4, "consistent": 3, "consistent as a bound": 2, "inconsistent": 1}
    assert set(RATING_SCALE) | {"unverifiable"} == set(VERDICTS)


def test_appearance_is_the_source_document_with_the_locator(reviews):
    sources = {row["source_id"]: row for row in _rows("sources.csv")}
    for review, row in zip(reviews, _first_row_of_each_claim().values(), strict=True):
        work = review["itemReviewed"]["appearance"]
        assert work["identifier"] == row["source_id"]
        assert work["name"] == sources[row["source_id"]]["title"]
        assert work["publisher"]["name"] == sources[row["source_id"]]["producer"]
        assert work["description"] == row["locator"]
        assert ("firstAppearance" in review["itemReviewed"]) == (row["status"] in ("quote", "table"))


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Jacqueline Carey, counsel to the inquiry", ("Person", "Jacqueline Carey")),
        ("Keith Niven (NCA CEOP), as reported", ("Person", "Keith Niven")),
        ("National Police Chiefs' Council (press release)", ("Organization", "National Police Chiefs' Council")),
        ("HMICFRS (inspection report)", ("Organization", "HMICFRS")),
        ("National Crime Agency (press release)", ("Organization", "National Crime Agency")),
        ("reported (no speaker named)", None),
        ("hearing, as reported", None),
    ],
)
def test_speaker_is_a_person_an_organization_or_no_named_author(speaker, expected):
    entity = speaker_entity(speaker)
    assert (entity if entity is None else (entity["@type"], entity["name"])) == expected


def test_without_a_sources_table_a_document_is_named_by_its_id(results):
    review = claim_reviews(results[:1])[0]
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "name": "seed-article",
        "identifier": "seed-article",
        "description": "para. 3",
    }
    assert review["url"] == "#referrals-2017" and "datePublished" not in review
    assert source_work("x", {"x": {"title": "T", "doi": "10.1/abc"}})["url"] == "https://doi.org/10.1/abc"


def test_a_review_date_that_is_not_iso_8601_is_refused(results):
    with pytest.raises(ValueError, match="ISO 8601"):
        claim_reviews(results[:1], date_reviewed="5 December 2026")
    assert claim_reviews(results[:1], date_reviewed=dt.date(2026, 12, 5))[0]["datePublished"] == "2026-12-05"


def test_the_json_ld_expands_to_schema_org_terms(reviews):
    pyld = pytest.importorskip("pyld")  # optional: not a dependency
    context = {"@vocab": "https://schema.org/"}  # offline stand-in for the schema.org context

    def loader(url, options=None):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": context}}

    for review in reviews:
        (expanded,) = pyld.jsonld.expand(review, {"documentLoader": loader})
        assert expanded["@type"] == ["https://schema.org/ClaimReview"]
        # nothing dropped: every property but @context becomes a schema.org IRI
        assert sorted(expanded) == sorted(
            f"https://schema.org/{k}" if k[0] != "@" else k for k in review if k != "@context"
        )


def test_the_speaker_words_are_kept_when_no_author_is_named(reviews):
    unnamed = [r for r in reviews if "author" not in r["itemReviewed"]]
    assert unnamed and all(re.match(r"^Speaker: \S", r["itemReviewed"]["description"]) for r in unnamed)


def test_format_check_writes_the_same_reviews_for_the_data_package_checked(results, reviews):
    text = claims.format_check(results, "claimreview", data_dir=DATA, url_base=URL_BASE)
    assert json.loads(text) == reviews
    dated = json.loads(claims.format_check(results[:1], "claimreview", date_reviewed="2026-12-05"))
    assert dated[0]["datePublished"] == "2026-12-05" and dated[0]["url"] == "#referrals-2017"


def test_a_data_package_without_sources_or_created_date_gives_neither(tmp_path):
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "other", "resources": []}), encoding="utf-8")
    assert review_context(tmp_path) == {"sources": None, "date_reviewed": None}


def test_citations_are_the_documents_of_every_reading_principal_first(results, reviews):
    for result, review in zip(results, reviews, strict=True):
        cited = [w["identifier"] for w in review.get("citation", [])]
        assert cited[: len(set(result.verdict.sources))] == list(dict.fromkeys(result.verdict.sources))
        assert set(cited) == {s for v in result.readings for s in v.sources}
