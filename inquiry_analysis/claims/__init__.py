"""Any claims file checked against any data package: a verdict for every reading of every claim, by one rule.

:func:`check` gives every claim of a claims file (the bundled ``data/claims.csv`` by default) its
verdicts, one per reading (:class:`CheckResult`, :class:`Verdict`); :func:`assess` one claim's.
The claims file is read by :mod:`.file`, its figures looked up or queried by :mod:`.figures`, turned
into what the data allow by the measure kinds of :mod:`.kinds`; :func:`check_table`,
:func:`check_records` and :func:`format_check` present the check as a table, records, or text,
markdown, CSV, JSON and ClaimReview JSON-LD (:func:`claim_reviews`). :func:`extract_claims` finds the
figures stated in a press report, transcript or report and drafts claim rows from them.
"""

from inquiry_analysis.claims.assess import assess, check
from inquiry_analysis.claims.claimreview import claim_reviews, format_claimreview
from inquiry_analysis.claims.extract import ExtractedClaim, extract_claims, extract_text, format_claims
from inquiry_analysis.claims.file import Claim, ClaimReading, claims_from_table
from inquiry_analysis.claims.kinds import KINDS
from inquiry_analysis.claims.report import check_records, check_table, format_check
from inquiry_analysis.claims.verdicts import MEANINGS, CheckResult, Verdict

__all__ = [
    "KINDS",
    "MEANINGS",
    "CheckResult",
    "ExtractedClaim",
    "Claim",
    "ClaimReading",
    "Verdict",
    "assess",
    "check",
    "check_records",
    "check_table",
    "claim_reviews",
    "claims_from_table",
    "extract_claims",
    "extract_text",
    "format_check",
    "format_claimreview",
    "format_claims",
]
