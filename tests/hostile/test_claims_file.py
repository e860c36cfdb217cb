"""Hostile claims files: a claims file may come from anyone, so its queries and paths are refused in bounded time.

Issue 23 lets a claims file carry a DuckDB query. Each query here tries to leave the sandbox (read or write a
file, attach a database, install an extension, change the settings, run forever, return a billion rows, run a
second statement) and must be refused with one line naming the file, row and column, without echoing the
planted secret, in bounded time, and without creating a file.
"""

import os
import time

import pytest

from inquiry_analysis import DataError, claims
from inquiry_analysis.claims import figures as claim_figures

SECRET = "sk-PLANTED-SECRET-7d1a"
HEADER = (
    "claim_id,reading,claim,speaker,said_on,source_id,locator,status,kind,measure,scope,period_kind,value,unit,"
    "reading_means,query,unverifiable_because"
)


def _claims_with(tmp_path, query):
    path = tmp_path / "hostile.csv"
    quoted = '"' + query.replace('"', '""') + '"'
    path.write_text(
        f"{HEADER}\nx,r,none of them,me,2020-01,seed-article,p. 1,quote,none,operations,s,unspecified,0,count,m,"
        f"{quoted},because\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"value\n{SECRET}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("SELECT * FROM read_csv('{secret}')", "failed (Permission Error"),
        ("SELECT 1 AS value FROM '{secret}'", "failed (Permission Error"),
        ("COPY (SELECT 1) TO '{out}'", "must be one SELECT statement"),
        ("ATTACH '{out}' AS other", "must be one SELECT statement"),
        ("INSTALL httpfs", "must be one SELECT statement"),
        ("SET enable_external_access = true", "must be one SELECT statement"),
        ("SELECT 1 AS value; COPY (SELECT 1) TO '{out}'", "must be one SELECT statement"),
        ("SELECT current_setting('enable_external_access') AS value", "not a number"),
        ("SELECT * FROM range(5000) t(value)", "more than 1000 rows"),
        ("SELECT value FROM nowhere", "failed (Catalog Error"),
    ],
)
def test_a_query_cannot_leave_its_sandbox(tmp_path, secret_file, query, says):
    out = tmp_path / "written.db"
    path = _claims_with(tmp_path, query.format(secret=secret_file, out=out))
    started = time.monotonic()
    with pytest.raises(DataError) as raised:
        claims.check(path)
    message = str(raised.value)
    assert time.monotonic() - started < 10
    assert message.startswith(f"{path}, row 2, column 'query': ") and says in message, message
    assert SECRET not in message and "\n" not in message
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["hostile.csv", "secret.csv"]


def test_a_query_that_runs_forever_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setitem(claim_figures.QUERY_LIMITS, "seconds", 0.1)
    path = _claims_with(tmp_path, "SELECT count(*) AS value FROM range(1000000000000) a")
    started = time.monotonic()
    with pytest.raises(DataError, match=r"column 'query': stopped after 0.1 s; narrow the query"):
        claims.check(path)
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_claims_file_that_is_a_pipe_is_refused_unopened(tmp_path):
    fifo = tmp_path / "claims.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="claims.csv: .*not a regular file"):
        claims.check(fifo)
