"""The hearing's claims, each adjudicated against what the published data allow.

:func:`assess` gives one claim's :class:`Verdict`; :func:`check` all of them with the verdict
``data/claims.csv`` expects; :func:`check_table`, :func:`check_records` and :func:`format_check`
present the check as a table, records, or text, markdown, CSV and JSON.
"""

from inquiry_analysis.claims.assess import assess, check
from inquiry_analysis.claims.report import check_records, check_table, format_check
from inquiry_analysis.claims.verdicts import CheckResult, Verdict

__all__ = ["CheckResult", "Verdict", "assess", "check", "check_records", "check_table", "format_check"]
