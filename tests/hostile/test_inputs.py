"""Hostile inputs: paths that are not files, files too big to read, files that lie, content that must not echo.

Issue 22, deliverables 2 and 3: only regular files are read, within bounds, and DuckDB reads exactly the file
named. Every file is built here, in ``tmp_path``: sparse files by ``truncate`` (a gigabyte that takes no disk),
FIFOs by ``mkfifo``, links by ``symlink``. Each refusal is one ``DataError`` line that names the file, echoes
nothing of the file's content (a planted secret is looked for), and comes within :data:`SECONDS` (a FIFO or
``/dev/zero`` would otherwise hang the test, so the reading runs under an alarm). Peak memory is measured once,
in a child process that meets the largest files.
"""

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import inquiry_analysis as ia
from inquiry_analysis.io import _limits

#: The longest a refusal may take (the issue's bound).
SECONDS = 10
SECRET = "sk-PLANTED-SECRET-4f9c1e"
GIB = 1 << 30

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX files: FIFOs, sockets, /proc, /dev")


@contextlib.contextmanager
def bounded(seconds: int = SECONDS):
    """Fail, rather than hang, if the block takes ``seconds`` or more (an alarm interrupts a blocked open or read)."""

    def expire(signum, frame):
        raise TimeoutError(f"took {seconds} s or more")

    alarm = threading.current_thread() is threading.main_thread()
    if alarm:
        previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        if alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < seconds


def refused(reader, path, *, seconds: int = SECONDS, **options) -> str:
    """The message of the DataError ``reader`` raises for ``path``: one line, naming the file, within ``seconds``."""
    with bounded(seconds), pytest.raises(ia.DataError) as caught:
        reader(path, **options).close() if reader is ia.read_referral_log else reader(path, **options)
    message = str(caught.value)
    assert "\n" not in message and Path(path).name in message, message
    return message


def no_echo(message: str, content: bytes) -> None:
    """Assert no line or NUL-separated field of ``content`` (of 8 bytes or more) appears in ``message``."""
    for field in content.replace(b"\x00", b"\n").splitlines():
        text = field.decode("utf-8", "replace").strip()
        assert len(text) < 8 or text not in message, f"{text[:20]}... echoed"


def write_log(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("referral_id,received\n" + "".join(f"{i},{day}\n" for i, day in rows))
    return path


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def parquet(path: Path, sql: str, *options: str) -> Path:
    import duckdb

    with duckdb.connect() as con:
        con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet{''.join(', ' + o for o in options)})")
    return path


# Links into the system: refused, links resolved, before anything is opened.


def _environ() -> bytes:
    return Path("/proc/self/environ").read_bytes()


@pytest.mark.parametrize(
    ("reader", "name"),
    [(ia.read_monthly_referrals, "mine.csv"), (ia.read_case_file, "cases.csv"), (ia.read_referral_log, "log.csv")],
)
def test_a_link_to_the_process_environment_is_refused_unread(tmp_path, reader, name):
    link = tmp_path / name
    link.symlink_to("/proc/self/environ")
    message = refused(reader, link)
    assert "under /proc" in message and "not opened" in message
    no_echo(message, _environ())


@pytest.mark.skipif(not Path("/etc/shadow").exists(), reason="no /etc/shadow here")
@pytest.mark.parametrize(("reader", "name"), [(ia.read_case_file, "cases.csv"), (ia.read_referral_log, "log.csv")])
def test_a_link_to_the_password_hashes_is_refused_unread(tmp_path, reader, name):
    link = tmp_path / name
    link.symlink_to("/etc/shadow")
    message = refused(reader, link)
    assert "leads to /etc/shadow, under /etc" in message
    assert "root:" not in message and "$" not in message


@pytest.mark.parametrize(
    ("reader", "device"),
    [
        (ia.read_monthly_referrals, "/dev/zero"),
        (ia.read_referral_log, "/dev/zero"),
        (ia.read_monthly_referrals, "/dev/urandom"),
    ],
)
def test_a_link_to_an_endless_device_is_refused_at_once(tmp_path, reader, device):
    link = tmp_path / "endless.csv"
    link.symlink_to(device)
    assert f"leads to {device}, under /dev" in refused(reader, link, seconds=3)


# Not regular files: refused from their kind, never opened (opening a FIFO waits for a writer).


@pytest.mark.parametrize("reader", [ia.read_monthly_referrals, ia.read_referral_log])
def test_a_fifo_is_refused_without_waiting(tmp_path, reader):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO), not a regular file" in refused(reader, fifo)


def test_a_link_to_a_fifo_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "cases.csv").symlink_to(tmp_path / "pipe")
    assert "is a named pipe (FIFO)" in refused(ia.read_case_file, tmp_path / "cases.csv")


def test_a_socket_is_named_as_such(tmp_path):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.csv"))
        assert "is a socket, not a regular file" in refused(ia.read_monthly_referrals, tmp_path / "sock.csv")


def test_a_loop_of_links_is_named_as_such(tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    assert "is a loop of links" in refused(ia.read_monthly_referrals, tmp_path / "a.csv")


# Too big, or binary: refused after reading a bounded prefix, or nothing.


def test_a_sparse_monthly_file_under_the_size_cap_is_refused_from_its_first_bytes(tmp_path):
    path = sparse(tmp_path / "monthly.csv", 999_000_000)
    assert "row 1: holds a NUL byte" in refused(ia.read_monthly_referrals, path)


def test_a_sparse_csv_log_is_refused_from_its_first_bytes(tmp_path):
    path = sparse(tmp_path / "log.csv", 2_000_000_000)
    assert "row 1: holds a NUL byte" in refused(ia.read_referral_log, path)


def test_nul_bytes_after_a_good_header_and_row_are_refused_not_read_as_data(tmp_path):
    path = sparse(tmp_path / "log.csv", 2_000_000_000, b"referral_id,received\nA1,2016-01-01\n")
    assert "log.csv, row 3, column 'referral_id': holds a NUL byte" in refused(ia.read_referral_log, path)


def test_a_log_larger_than_its_cap_is_refused_before_a_byte_is_read(tmp_path):
    path = sparse(tmp_path / "log.parquet", _limits.MAX_LOG_BYTES + 1)
    message = refused(ia.read_referral_log, path)
    assert f"is {_limits.MAX_LOG_BYTES + 1:,} bytes, more than {_limits.MAX_LOG_BYTES:,}" in message
    assert f"limits={{'max_log_bytes': {_limits.MAX_LOG_BYTES + 1}}}" in message
    small = write_log(tmp_path / "small.csv", [("A1", "2016-01-01")])
    assert "the limit on a referral log's size" in refused(ia.read_referral_log, small, limits={"max_log_bytes": 10})


def test_a_log_header_of_a_million_columns_is_refused_fast(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\nA\n")
    assert "the header is longer than 1,048,576 bytes" in refused(ia.read_referral_log, path, seconds=2)
    narrow = tmp_path / "narrow.csv"
    narrow.write_text(",".join(f"c{i}" for i in range(5_000)) + "\n")
    assert "has 5,000 columns, more than 1,000" in refused(ia.read_referral_log, narrow, seconds=2)


def test_a_log_header_line_without_end_is_refused_after_a_bounded_read(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"referral_id" + b"x" * 5_000_000)
    assert "the header is longer than 1,048,576 bytes" in refused(ia.read_referral_log, path)


# Parquet files that lie: the footer is checked against the file before DuckDB scans it.


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def test_a_parquet_footer_claiming_a_billion_rows_is_refused_in_one_line(tmp_path):
    rows = 4321
    good = parquet(
        tmp_path / "good.parquet",
        f"SELECT 'R' || i AS referral_id, DATE '2016-01-01' AS received FROM range({rows}) t(i)",
    )
    data = good.read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    footer = data[-8 - length : -8]
    # Every i64 count of rows (file, row group, column chunks) is a field header 0x16 and a zigzag varint.
    forged = footer.replace(b"\x16" + _varint(2 * rows), b"\x16" + _varint(2 * 10**9))
    assert forged != footer
    path = tmp_path / "forged.parquet"
    path.write_bytes(data[: -8 - length] + forged + len(forged).to_bytes(4, "little") + b"PAR1")
    message = refused(ia.read_referral_log, path)
    assert (
        f"its footer claims 1,000,000,000 rows, more than a file of {path.stat().st_size:,} bytes can hold" in message
    )


def test_a_parquet_file_with_its_middle_cut_out_is_refused_in_one_line(tmp_path):
    good = parquet(
        tmp_path / "good.parquet", "SELECT 'R' || i AS referral_id, DATE '2016-01-01' AS received FROM range(4000) t(i)"
    )
    data = good.read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(data[:4000] + data[9000:])  # footer intact, pointing past the end
    assert "its footer places data at bytes" in refused(ia.read_referral_log, path)


# Exactly the named file: DuckDB reads the path literally, whatever it holds; the sha256 cited is of what was read.


@pytest.mark.parametrize(("folder", "neighbour"), [("logs[1]", "logs1"), ("logs*", "logsX"), ("log?", "logA")])
def test_a_log_in_a_folder_whose_name_is_a_pattern_is_read_alone(tmp_path, folder, neighbour):
    named = write_log(tmp_path / folder / "log.csv", [("N1", "2016-01-05")])
    write_log(tmp_path / neighbour / "log.csv", [("X1", "2017-03-01"), ("X2", "2017-03-02")])
    with ia.read_referral_log(named) as log:
        assert (log.summary.rows, str(log.summary.first_received)) == (1, "2016-01-05")
        assert log.input.sha256 == hashlib.sha256(named.read_bytes()).hexdigest()


def test_a_log_whose_own_name_holds_brackets_is_read(tmp_path):
    named = write_log(tmp_path / "log[1].csv", [("N1", "2016-01-05")])
    write_log(tmp_path / "log1.csv", [("X1", "2017-03-01")])
    with ia.read_referral_log(named) as log:
        assert log.summary.rows == 1 and log.input.name == "log[1].csv"


def test_without_descriptor_paths_a_pattern_in_the_path_is_refused(tmp_path, monkeypatch):
    named = write_log(tmp_path / "logs[1]" / "log.csv", [("N1", "2016-01-05")])
    write_log(tmp_path / "logs1" / "log.csv", [("X1", "2017-03-01"), ("X2", "2017-03-02")])
    real = os.stat

    def without_proc(path, *args, **kwargs):  # as on a system without /proc/self/fd
        if str(path).startswith("/proc/self/fd/"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", without_proc)
    assert "which DuckDB reads as a pattern" in refused(ia.read_referral_log, named)


def test_a_file_swapped_in_between_the_check_and_the_opening_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text("month,referrals\n2016-06,3400\n")
    other = tmp_path / "other.csv"
    other.write_text("month,referrals\n2016-06,9999\n")
    real, swapped = os.open, []

    def swapping(target, *args, **kwargs):
        if Path(target) == path and not swapped:
            os.replace(other, path)  # another file takes its place once it has been looked at
            swapped.append(True)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(os, "open", swapping)
    assert "changed while it was being opened" in refused(ia.read_monthly_referrals, path)


def test_a_parquet_log_rewritten_in_place_after_its_check_is_refused_not_read(tmp_path):
    days = "SELECT 'ID' || i AS referral_id, DATE '{}' + i::INT AS received FROM range(3) t(i)"
    path = parquet(tmp_path / "log.parquet", days.format("2016-01-05"), "COMPRESSION uncompressed")
    other = parquet(tmp_path / "other.parquet", days.format("2017-05-05"), "COMPRESSION uncompressed")
    assert path.stat().st_size == other.stat().st_size
    os.utime(path, ns=(10**18, 10**18))  # written long ago: its rewriting shows in its times
    log = ia.read_referral_log(path)
    try:
        with open(path, "r+b") as handle:  # same file, same size, other referrals
            handle.write(other.read_bytes())
        with pytest.raises(ia.DataError, match=r"log\.parquet: changed while it was being read"):
            log.monthly()
    finally:
        log.close()


# Nothing of the file's content is echoed: at most a short excerpt of a value, control characters escaped.


def test_a_header_of_100_kb_with_a_secret_and_nul_bytes_is_not_echoed(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(b"a" * 50_000 + b"\x00" + SECRET.encode() + b"\x00" + b"b" * 50_000 + b"\n2016-06,1\n")
    message = refused(ia.read_monthly_referrals, path)
    assert SECRET not in message and "aaaaaaaaaa" not in message and len(message) < 300


def test_a_header_of_100_kb_with_a_secret_is_shown_as_a_short_excerpt(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("a" * 50_000 + SECRET + "b" * 50_000 + "\n2016-06,1\n")
    message = refused(ia.read_monthly_referrals, path)
    assert SECRET not in message and "a" * 40 + "... (100,024 characters)" in message and len(message) < 300


def test_a_cell_of_100_kb_is_shown_as_a_short_excerpt(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("month,referrals\n2016-06,lots" + "x" * 100_000 + SECRET + "\n")
    message = refused(ia.read_monthly_referrals, path)
    assert SECRET not in message and "got 'lots" + "x" * 36 + "... (100,028 characters)'" in message


def test_control_characters_in_a_column_name_are_escaped(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes(b"risk\x1b]0;owned\x07_level,outcome\nHigh,yes\n")  # a terminal's title-setting escape
    message = refused(ia.read_case_file, path)
    assert "\x1b" not in message and "\x07" not in message and "risk\\x1b]0;owned\\x07_level" in message


def test_an_unknown_log_column_of_100_kb_is_shown_as_a_short_excerpt(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("referral_id,received," + "c" * 100_000 + SECRET + "\nA,2016-01-01,x\n")
    message = str(pytest.raises(ia.DataError, ia.read_referral_log, path).value)
    assert SECRET not in message and "c" * 40 + "... (100,024 characters)" in message and len(message) < 1000


def test_a_first_line_of_many_secrets_shows_two_of_them_at_most(tmp_path):
    # A file that is no log at all (a shell history, a key file): its first line is not listed field by field.
    path = tmp_path / "log.csv"
    secrets = [f"token-{i:02d}-{SECRET}" for i in range(20)]
    path.write_text(",".join(secrets) + "\n")
    message = str(pytest.raises(ia.DataError, ia.read_referral_log, path).value)
    assert sum(secret in message for secret in secrets) <= 2 and "20 unknown columns" in message


def test_a_referral_id_of_100_kb_is_shown_as_a_short_excerpt(tmp_path):
    path = write_log(tmp_path / "log.csv", [("A" * 100_000 + SECRET + " ", "2016-01-01")])
    message = refused(ia.read_referral_log, path)
    assert SECRET not in message and "A" * 40 + "... (100,025 characters)" in message


# Bounded memory: the largest of these files, met in one child process, take well under 1 GiB.

_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
import inquiry_analysis as ia

folder, refused, start = Path(sys.argv[1]), {}, time.monotonic()
def sparse(name, size, head=b""):
    with open(folder / name, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return folder / name
(folder / "zero.csv").symlink_to("/dev/zero")
for name, reader, path in [
    ("monthly", ia.read_monthly_referrals, sparse("m.csv", 999_000_000)),
    ("workbook", ia.read_monthly_referrals, sparse("m.xlsx", 999_000_000, b"PK\\x03\\x04")),
    ("log", ia.read_referral_log, sparse("l.csv", 2_000_000_000)),
    ("log after header", ia.read_referral_log, sparse("h.csv", 2_000_000_000, b"referral_id,received\\n")),
    ("zero", ia.read_referral_log, folder / "zero.csv"),
]:
    try:
        reader(path)
    except ia.DataError:
        refused[name] = True
print(json.dumps({"refused": refused, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "seconds": time.monotonic() - start}))
"""


def test_the_largest_hostile_files_are_refused_in_bounded_memory_and_time(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    found = json.loads(done.stdout)
    assert found["refused"] == dict.fromkeys(["monthly", "workbook", "log", "log after header", "zero"], True)
    assert found["peak"] < GIB and found["seconds"] < SECONDS
