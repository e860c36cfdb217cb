"""Fuzzing the readers: random and damaged bytes give a frame or a DataError, never another exception or a hang.

Seeds are small valid files written here (a monthly CSV, a case-file CSV, a workbook packed and
one stored unpacked, so that mutations reach its XML); each example truncates, flips bits in,
splices or overwrites them, or is random bytes, and is read as .csv or .xlsx. Under the "ci"
profile (derandomised) the examples are the same every run and few; locally there are more.
"""

import io
import re
import signal
import tempfile
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import inquiry_analysis as ia

MONTHLY = b"month,referrals,note\n2016-06,3400,\nJul 2016,3520,revised\n2016-08-01,3610,\n"
CASES = b"risk_level,outcome\nHigh,yes\nlow,no\nVery High,1\nMedium,false\n"


def _workbook(compression):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [
        ["Referrals by month"],
        [],
        ["month", "referrals", "risk_level", "outcome"],
        ["2016-06", 3400, "High", "yes"],
        ["2016-07", 3520.0, "Low", "no"],
        ["2016-08", "3610", "Medium", 1],
    ]:
        sheet.append(row)
    book.create_sheet("Notes").append(["a note"])
    buffer = io.BytesIO()
    book.save(buffer)
    if compression == zipfile.ZIP_DEFLATED:
        return buffer.getvalue()
    stored = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(stored, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return stored.getvalue()


SEEDS = {
    "monthly.csv": MONTHLY,
    "cases.csv": CASES,
    "packed.xlsx": _workbook(zipfile.ZIP_DEFLATED),
    "stored.xlsx": _workbook(zipfile.ZIP_STORED),
}
READERS = [
    ia.read_monthly_referrals,
    ia.read_case_file,
    lambda path: ia.read_monthly_referrals(path, header_row=3),
    lambda path: ia.read_case_file(path, header_row=3),
]


class _Hang(BaseException):
    """Not an Exception, so no reader's ``except Exception`` can swallow it."""


def _read(data: bytes, suffix: str, reader):
    """Read ``data`` as a file with ``suffix``: a frame, or a DataError; anything else (or 10 s) fails."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)
        guard = hasattr(signal, "setitimer")

        def hang(signum, frame):
            raise _Hang(f"reading took more than 10 s: {data[:200]!r}...")

        if guard:
            previous = signal.signal(signal.SIGALRM, hang)
            signal.setitimer(signal.ITIMER_REAL, 10)
        try:
            with warnings.catch_warnings():  # as a user runs them: openpyxl's warnings are not errors there
                warnings.simplefilter("ignore")
                result = reader(path)
        except ia.DataError as err:
            assert str(err).startswith(str(path)), err  # every refusal names the file
            return err
        finally:
            if guard:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        assert isinstance(result, pd.DataFrame)
        return result


def _mutate(draw, data: bytearray) -> bytearray:
    """A few truncations, bit flips, splices, overwrites and deletions of ``data``."""
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        kind = draw(st.sampled_from(["truncate", "flip", "flip", "splice", "overwrite", "delete"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "splice":  # a piece of any seed, inserted
            other = SEEDS[draw(st.sampled_from(sorted(SEEDS)))]
            start = draw(st.integers(0, len(other) - 1))
            data[at:at] = other[start : start + draw(st.integers(1, 400))]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return data


@st.composite
def mutated(draw):
    """(bytes, suffix): a seed with a few mutations, or random bytes, to be read as .csv or .xlsx.

    A workbook is damaged either as a whole (mostly breaking the zip) or in one of its parts,
    repacked into a sound zip, so that the damage reaches openpyxl's XML parsing.
    """
    name = draw(st.sampled_from(sorted(SEEDS)))
    how = draw(st.sampled_from(["bytes", "bytes", "part"] if name.endswith(".xlsx") else ["bytes"]))
    if draw(st.integers(0, 9)) == 0:
        data = bytes(draw(st.binary(max_size=2000)))
    elif how == "part":
        source = zipfile.ZipFile(io.BytesIO(SEEDS[name]))
        names = [info.filename for info in source.infolist()]
        target_name = draw(st.sampled_from(names))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for part in names:
                body = source.read(part)
                target.writestr(part, bytes(_mutate(draw, bytearray(body))) if part == target_name else body)
        data = out.getvalue()
    else:
        data = bytes(_mutate(draw, bytearray(SEEDS[name])))
    suffix = draw(st.sampled_from([Path(name).suffix, Path(name).suffix, ".csv", ".xlsx"]))
    return data, suffix


# Under the "ci" profile (derandomised) the same 300 examples every run, about a second; locally
# (the "dev" profile) 1,000 new ones each run, or the profile's own number if larger.
_CI = settings().derandomize
_SETTINGS = settings(
    max_examples=150 if _CI else max(settings().max_examples, 1000),
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_the_seeds_are_valid():
    assert len(_read(MONTHLY, ".csv", ia.read_monthly_referrals)) == 3
    assert len(_read(CASES, ".csv", ia.read_case_file)) == 4
    for name in ("packed.xlsx", "stored.xlsx"):
        assert len(_read(SEEDS[name], ".xlsx", lambda p: ia.read_monthly_referrals(p, header_row=3))) == 3
        assert len(_read(SEEDS[name], ".xlsx", lambda p: ia.read_case_file(p, header_row=3))) == 3


@_SETTINGS
@given(mutated(), st.sampled_from(range(len(READERS))))
def test_damaged_files_give_a_frame_or_a_data_error(case, which):
    data, suffix = case
    _read(data, suffix, READERS[which])


@pytest.mark.parametrize(
    ("data", "suffix"),
    [
        (b"", ".xlsx"),
        (b"\x00" * 100, ".csv"),
        (b"PK\x03\x04", ".xlsx"),
        (SEEDS["packed.xlsx"][:-30], ".xlsx"),
        (SEEDS["stored.xlsx"], ".csv"),
        (MONTHLY.replace(b"\n", b"\r"), ".csv"),
        (b'"unclosed,quote\n1,2', ".csv"),
    ],
)
def test_known_awkward_bytes(data, suffix):
    for reader in READERS:
        _read(data, suffix, reader)


# What the fuzzer found, kept.


def _without_sheets():
    """The seed workbook with its list of sheets emptied: openpyxl opens it, with no sheets."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SEEDS["packed.xlsx"])) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/workbook.xml":
                body = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", body, flags=re.S)
            target.writestr(info.filename, body)
    return out.getvalue()


def test_a_workbook_without_sheets_is_a_data_error_not_an_index_error(tmp_path):
    # Found by the fuzzer: a damaged xl/_rels/workbook.xml.rels made openpyxl drop every sheet, and
    # choosing the default sheet raised IndexError.
    path = tmp_path / "nosheets.xlsx"
    path.write_bytes(_without_sheets())
    for reader in READERS:
        with pytest.raises(ia.DataError) as err:
            reader(path)
        assert str(err.value) == (
            f"{path}: has no sheets that can be read (its list of sheets is missing or "
            "damaged); open and save it in Excel, or save it as CSV UTF-8"
        )
    with pytest.raises(ia.DataError, match="has no sheets that can be read"):
        ia.read_monthly_referrals(path, sheet=0)
