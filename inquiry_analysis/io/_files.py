"""Opening a user's file: only a regular file, checked before it is opened, read within bounds through one descriptor.

Every reader of a user's file (a monthly series, a case file, a referral log) opens it with
:func:`open_regular`, and reads it only through the descriptor that returns:

1. Links are resolved, and a path that is, or leads to, anything under :data:`SYSTEM_FOLDERS` (the
   kernel's ``/proc`` and ``/sys``, the devices of ``/dev``, the system's settings in ``/etc``) is
   refused without being opened: ``/proc/self/environ`` is the process's environment, secrets
   included, and ``/etc/shadow`` the system's password hashes; neither is ever data.
2. The file is looked at (``stat``) and refused unless it is a regular file: a folder, a named pipe
   (FIFO; opening one waits for a writer, for ever), a socket or a device (``/dev/zero`` never ends).
3. It is opened without following a link and without waiting (``O_NOFOLLOW | O_NONBLOCK``, where
   the system has them), and the open descriptor is looked at again: still a regular file, and the
   very file that was checked (same device and inode), not one swapped in between.
4. Its size, from the open descriptor, is checked against the reader's limit before a byte is read;
   a read never takes more than that size (and one byte to see a file that grew), and a file that
   changes while it is read (size, modification or change time) is refused.

DuckDB is given the open descriptor's path, ``/proc/self/fd/N`` (:meth:`Opened.engine_path`): it
reads exactly the file checked and hashed, whatever its name holds, since DuckDB reads ``*``, ``?``,
``[ ]`` and ``{ }`` in any part of a path as a pattern. Where the system has no ``/proc/self/fd``, a
path holding those characters is refused instead.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

from inquiry_analysis.errors import DataError, excerpt

__all__ = ["GLOB_CHARACTERS", "SYSTEM_FOLDERS", "Opened", "open_regular"]

#: Folders whose files are the system's, never a user's data: refused, after links are resolved, unopened.
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev", "/etc")
#: The characters DuckDB reads as a pattern in any part of a path.
GLOB_CHARACTERS = "*?[]{}"
_CHUNK = 1 << 20  # bytes read at a time
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a link swapped in for the file checked fails to open
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in does not block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_OTHER_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO), not a regular file (reading one can wait for ever)"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
    (stat.S_ISCHR, "a device, not a regular file"),
    (stat.S_ISBLK, "a device, not a regular file"),
)


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: no pread; nothing else reads this descriptor meanwhile
    return os.read(fd, size)


def _cannot_open(err: OSError, path: Path) -> DataError:
    return DataError(
        f"cannot be opened ({type(err).__name__}: {err.strerror or err}); check that you may read it and that "
        "no other program (such as Excel) holds it open, then try again",
        path=path,
    )


def _changed(path: Path, how: str) -> DataError:
    return DataError(
        f"changed while it was being {how}; try again once nothing is writing to it or replacing it", path=path
    )


class Opened:
    """A user's regular file, checked and open; build it with :func:`open_regular`, and close it (or use ``with``).

    Attributes
    ----------
    path : Path
        The path as the user gave it, named in errors.
    resolved : Path
        Where it leads, every link resolved.
    fd : int
        The open descriptor: every byte a reader takes is read through it.
    stat : os.stat_result
        The descriptor's ``fstat`` when it was opened: its size is the file's size.
    """

    def __init__(self, *, path: Path, resolved: Path, fd: int, stat: os.stat_result):
        self.path = path
        self.resolved = resolved
        self.fd = fd
        self.stat = stat

    @property
    def size(self) -> int:
        """The file's size in bytes when it was opened."""
        return self.stat.st_size

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        self.close()

    def close(self) -> None:
        """Close the descriptor; closing again does nothing."""
        fd, self.fd = getattr(self, "fd", None), None
        if fd is not None:
            os.close(fd)

    def check_unchanged(self, how: str = "read") -> None:
        """Refuse the file if its size, modification or change time differ from when it was opened.

        Parameters
        ----------
        how : str
            What was being done to it, for the message.

        Raises
        ------
        DataError
            If it changed.
        """
        now = os.fstat(self.fd)
        if (now.st_size, now.st_mtime_ns, now.st_ctime_ns) != (
            self.stat.st_size,
            self.stat.st_mtime_ns,
            self.stat.st_ctime_ns,
        ):
            raise _changed(self.path, how)

    def read_at(self, offset: int, size: int) -> bytes:
        """Up to ``size`` bytes from ``offset``, never past the file's size.

        Parameters
        ----------
        offset : int
            Where to start, from the file's start (negative: from its end).
        size : int
            The most bytes to read.

        Returns
        -------
        bytes
            The bytes read.
        """
        if offset < 0:
            offset = max(self.size + offset, 0)
        return _pread(self.fd, max(min(size, self.size - offset), 0), offset)

    def read(self) -> bytes:
        """The whole file, read through the descriptor, refused if it is not the size it had when opened.

        Returns
        -------
        bytes
            Its bytes.

        Raises
        ------
        DataError
            If it grew, shrank or was written to while read.
        """
        stream, chunks = self.stream(), []
        while chunk := stream.read(_CHUNK):
            chunks.append(chunk)
        data = b"".join(chunks)
        if len(data) != self.size:
            raise _changed(self.path, "read")
        return data

    def stream(self, on_chunk: Callable[[int, bytes], None] | None = None) -> io.RawIOBase:
        """The file as a stream read once from its start, through the descriptor, never past its size.

        Parameters
        ----------
        on_chunk : callable, optional
            Called with each chunk's offset and bytes as it is read (to hash it, say); it may raise.

        Returns
        -------
        io.RawIOBase
            A readable stream; at its end the file is checked unchanged.
        """
        return _Stream(self, on_chunk)

    def sha256(self, on_chunk: Callable[[int, bytes], None] | None = None) -> str:
        """The sha256 of the file's bytes, read through the descriptor, checked unchanged at the end.

        Parameters
        ----------
        on_chunk : callable, optional
            Called with each chunk's offset and bytes as they are hashed (to look for NUL bytes, say).

        Returns
        -------
        str
            Hex sha256.
        """
        digest = hashlib.sha256()
        stream = self.stream(on_chunk)
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
        return digest.hexdigest()

    def engine_path(self) -> str:
        """A path by which another library (DuckDB) opens exactly this file, whatever characters its name holds.

        Returns
        -------
        str
            ``/proc/self/fd/N``, this descriptor's own path, where the system has it; otherwise the
            resolved path, if it holds none of :data:`GLOB_CHARACTERS`.

        Raises
        ------
        DataError
            If neither is possible.
        """
        own = f"/proc/self/fd/{self.fd}"
        try:
            found = os.stat(own)
        except OSError:
            found = None
        if found is not None and (found.st_dev, found.st_ino) == (self.stat.st_dev, self.stat.st_ino):
            return own
        text = str(self.resolved)
        if any(char in text for char in GLOB_CHARACTERS):
            raise DataError(
                f"its path ({excerpt(text, None)}) holds *, ?, [ ] or {{ }}, which DuckDB reads as a pattern "
                "matching other files, and this system cannot name the file otherwise; move or rename it",
                path=self.path,
            )
        return text


class _Stream(io.RawIOBase):
    """A file read once from its start through an open descriptor: never past its size, refused if it changes."""

    def __init__(self, opened: Opened, on_chunk):
        self._opened = opened
        self._on_chunk = on_chunk
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self._opened.size
        # Up to one byte past the size: a file that grew shows itself.
        chunk = _pread(self._opened.fd, min(len(buffer), size - self._offset + 1), self._offset)
        if self._offset + len(chunk) > size or (not chunk and self._offset < size):
            raise _changed(self._opened.path, "read")
        if not chunk:
            self._opened.check_unchanged()
            return 0
        if self._on_chunk is not None:
            self._on_chunk(self._offset, chunk)
        buffer[: len(chunk)] = chunk
        self._offset += len(chunk)
        return len(chunk)


def _system_folder(path: Path) -> str | None:
    for folder in SYSTEM_FOLDERS:
        if path == Path(folder) or Path(folder) in path.parents:
            return folder
    return None


def _resolve(path: Path) -> Path:
    """``path`` with every link resolved, refused if it leads nowhere or to a system folder."""
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DataError(
                "is a link to a file that does not exist; give the path of the file itself", path=path
            ) from None
        raise DataError("no such file; check the path and the name", path=path) from None
    except (RuntimeError, OSError) as err:  # Python < 3.13 raises RuntimeError for a loop of links
        if isinstance(err, RuntimeError) or err.errno == errno.ELOOP:
            raise DataError(
                "is a loop of links (or a chain too long to follow); give the path of the file itself", path=path
            ) from None
        raise _cannot_open(err, path) from None
    for candidate, how in ((Path(os.path.abspath(path)), "is"), (resolved, f"leads to {excerpt(resolved, None)},")):
        folder = _system_folder(candidate)
        if folder is not None:
            raise DataError(
                f"{how} under {folder}, where the system keeps its own files and devices, not data; it was not "
                "opened. Give the path of your own file",
                path=path,
            )
    return resolved


def _check_kind(found: os.stat_result, path: Path, what: str) -> None:
    if stat.S_ISREG(found.st_mode):
        return
    if stat.S_ISDIR(found.st_mode):
        raise DataError(f"is a folder, not a file; give the path of {what} inside it", path=path)
    kind = next((name for test, name in _OTHER_KINDS if test(found.st_mode)), "not a regular file")
    raise DataError(f"is {kind}; it was not opened. Give the path of {what}", path=path)


def open_regular(path: str | Path, *, max_bytes: int, too_large: Callable[[int], str], what: str) -> Opened:
    """Open a user's file for reading, once it is known to be a regular file of at most ``max_bytes``.

    Parameters
    ----------
    path : str or Path
        The file, as the user gave it.
    max_bytes : int
        The largest size accepted.
    too_large : callable
        The reason a file of the given size is refused (naming the limit and how to raise it).
    what : str
        What the file should be (``'the CSV or XLSX file'``), for the messages.

    Returns
    -------
    Opened
        The file, open; the caller closes it.

    Raises
    ------
    DataError
        One line naming the file, if it does not exist, is a loop of links, is (or leads) under
        :data:`SYSTEM_FOLDERS`, is not a regular file, cannot be opened, was replaced between the
        check and the opening, or is larger than ``max_bytes``. Nothing is read from it.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text("month,referrals\\n2016-06,3400\\n")
    >>> with open_regular(path, max_bytes=100, too_large=str, what="a CSV file") as opened:
    ...     opened.size, opened.read_at(0, 5)
    (29, b'month')
    >>> open_regular("/dev/zero", max_bytes=100, too_large=str, what="a CSV file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    inquiry_analysis.DataError: /dev/zero: is under /dev, where the system keeps its own files and devices, ...
    """
    path = Path(path)
    resolved = _resolve(path)
    try:
        before = os.stat(resolved)
    except OSError as err:
        raise _cannot_open(err, path) from None
    _check_kind(before, path, what)
    try:
        fd = os.open(resolved, _FLAGS)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENXIO):  # a link, or a socket, put in its place since the check
            raise _changed(path, "opened") from None
        raise _cannot_open(err, path) from None
    opened = Opened(path=path, resolved=resolved, fd=fd, stat=os.fstat(fd))
    try:
        if not stat.S_ISREG(opened.stat.st_mode) or (opened.stat.st_dev, opened.stat.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise _changed(path, "opened")
        if opened.size > max_bytes:
            raise DataError(too_large(opened.size), path=path)
    except BaseException:
        opened.close()
        raise
    return opened
