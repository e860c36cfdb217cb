"""The gate every reader passes: a regular file, opened once, read through its descriptor within its size."""

import hashlib
import os

import pytest

from inquiry_analysis.errors import DataError
from inquiry_analysis.io import _files

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX files")


def opened(path, max_bytes=1_000):
    return _files.open_regular(path, max_bytes=max_bytes, too_large=lambda n: f"is {n} bytes", what="the file")


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(b"month,referrals\n2016-06,3400\n")
    return path


def test_the_bytes_read_and_hashed_are_the_files(mine):
    with opened(mine) as file:
        assert file.read() == mine.read_bytes()
        assert file.sha256() == hashlib.sha256(mine.read_bytes()).hexdigest()
        assert (file.read_at(0, 5), file.read_at(-5, 100), file.read_at(24, 100)) == (b"month", b"3400\n", b"3400\n")


def test_a_file_over_the_size_limit_is_refused_unread(mine, monkeypatch):
    monkeypatch.setattr(_files, "_pread", lambda *args: pytest.fail("the file was read"))
    with pytest.raises(DataError, match=r"mine\.csv: is 29 bytes$"):
        opened(mine, max_bytes=28)


def test_a_file_that_grows_or_shrinks_while_read_is_refused(mine):
    with opened(mine) as file:
        with open(mine, "ab") as handle:
            handle.write(b"2016-07,1\n")
        with pytest.raises(DataError, match="changed while it was being read"):
            file.read()
    with opened(mine) as file:
        os.truncate(mine, 10)
        with pytest.raises(DataError, match="changed while it was being read"):
            file.sha256()


def test_a_file_rewritten_in_place_at_the_same_size_is_refused(mine):
    os.utime(mine, ns=(10**18, 10**18))
    with opened(mine) as file:
        with open(mine, "r+b") as handle:
            handle.write(b"MONTH")
        with pytest.raises(DataError, match="changed while it was being read"):
            file.read()


def test_a_file_reporting_no_size_but_holding_bytes_is_refused(mine):
    # As /proc's files do (size 0, content on reading) wherever a proc file system is mounted.
    with opened(mine) as file:
        file.stat = os.stat_result((*file.stat[:6], 0, *file.stat[7:]))
        with pytest.raises(DataError, match="changed while it was being read"):
            file.read()


def test_duckdb_is_given_the_descriptor_s_own_path(mine):
    with opened(mine) as file:
        own = file.engine_path()
        assert own == f"/proc/self/fd/{file.fd}"
        assert os.stat(own).st_ino == os.stat(mine).st_ino


def test_without_descriptor_paths_the_resolved_path_is_given_if_it_is_no_pattern(mine, tmp_path, monkeypatch):
    real = os.stat

    def without_proc(path, *args, **kwargs):
        if str(path).startswith("/proc/self/fd/"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", without_proc)
    link = tmp_path / "link.csv"
    link.symlink_to(mine)
    with opened(link) as file:
        assert file.engine_path() == str(mine.resolve())


@pytest.mark.parametrize("target", ["/dev/null", "/proc/self/status", "/sys/kernel", "/etc/hostname"])
def test_system_folders_are_refused_named_or_linked(tmp_path, target):
    folder = "/" + target.split("/")[1]
    with pytest.raises(DataError, match=f"^{target}: is under {folder}, where the system keeps"):
        opened(target)
    (tmp_path / "link.csv").symlink_to(target)
    with pytest.raises(DataError, match=f"link.csv: leads to {folder}/.*, under {folder}, where"):
        opened(tmp_path / "link.csv")


def test_a_folder_and_a_missing_file_and_a_dangling_link_are_named(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a file; give the path of the file inside it"):
        opened(tmp_path)
    with pytest.raises(DataError, match="nope.csv: no such file"):
        opened(tmp_path / "nope.csv")
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="dangling.csv: is a link to a file that does not exist"):
        opened(tmp_path / "dangling.csv")


def test_a_link_put_in_the_file_s_place_after_the_check_is_not_followed(mine, tmp_path, monkeypatch):
    other = tmp_path / "other.csv"
    other.write_text("secret\n")
    real = os.open

    def swapping(path, flags, *args):
        os.remove(mine)
        os.symlink(other, mine)  # the last component is now a link: O_NOFOLLOW refuses it
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", swapping)
    with pytest.raises(DataError, match="mine.csv: changed while it was being opened"):
        opened(mine)
