"""A run's hold on its output folder: one run at a time, nothing of anyone else's lost, stopped cleanly by a signal.

- :func:`output_lock`: an exclusive lock on a file beside the output folder (``.<name>.lock``), held for
  the whole run, so a second run into the same folder is refused at once, naming the first.
- :func:`snapshot` and :func:`swap_into_place`: the folder as the run found it, checked again
  immediately before the finished build takes its place; if anything appeared or changed, the swap is
  refused and the folder is left as it is. Only files the snapshot saw are ever removed.
- :func:`signals_as_interrupt`: SIGTERM and SIGHUP raise :class:`Terminated` (a ``KeyboardInterrupt``)
  in the main thread, so they stop a run as Ctrl-C does: kernels shut down, build folders removed. A
  signal the process was started ignoring (SIGHUP under ``nohup``) stays ignored.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FolderChanged",
    "Locked",
    "Snapshot",
    "Terminated",
    "exit_code",
    "handled_signals",
    "held_signals",
    "lock_path",
    "note_signal",
    "output_lock",
    "signal_name",
    "signals_as_interrupt",
    "snapshot",
    "stop_exception",
    "stop_signal",
    "stopped_inside",
    "swap_into_place",
]

#: The signals handled as Ctrl-C is (SIGHUP does not exist on Windows).
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """A run stopped by SIGTERM or SIGHUP, handled as Ctrl-C is.

    Parameters
    ----------
    signum : int
        The signal's number.
    """

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code(interrupt: BaseException) -> int:
    """The exit status for a run stopped by a signal: 128 plus its number (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).

    Parameters
    ----------
    interrupt : BaseException
        The ``KeyboardInterrupt`` (or :class:`Terminated`) that stopped the run.

    Returns
    -------
    int
        The exit status.

    Examples
    --------
    >>> exit_code(KeyboardInterrupt()), exit_code(Terminated(15))
    (130, 143)
    """
    return 128 + getattr(interrupt, "signum", int(signal.SIGINT))


def signal_name(interrupt: BaseException) -> str:
    """``Ctrl-C``, or the signal's name (``SIGTERM``), for the one line a stopped run prints.

    Parameters
    ----------
    interrupt : BaseException
        The ``KeyboardInterrupt`` (or :class:`Terminated`) that stopped the run.

    Returns
    -------
    str
        How the run was stopped.

    Examples
    --------
    >>> signal_name(KeyboardInterrupt()), signal_name(Terminated(15))
    ('Ctrl-C', 'SIGTERM')
    """
    return signal.Signals(interrupt.signum).name if isinstance(interrupt, Terminated) else "Ctrl-C"


# The signals that stopped the command running in this process (a signal reaches the whole process), first first.
_received: list[int] = []


def stop_exception(signum: int) -> KeyboardInterrupt:
    """The exception a signal stops a run with: ``KeyboardInterrupt`` for Ctrl-C, :class:`Terminated` for the others.

    Parameters
    ----------
    signum : int
        The signal's number.

    Returns
    -------
    KeyboardInterrupt
        To raise.

    Examples
    --------
    >>> type(stop_exception(signal.SIGINT)).__name__, type(stop_exception(signal.SIGTERM)).__name__
    ('KeyboardInterrupt', 'Terminated')
    """
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def handled_signals() -> list[int]:
    """SIGTERM and SIGHUP, less any the process was started ignoring (SIGHUP under ``nohup``).

    Ctrl-C is Python's and asyncio's own (``KeyboardInterrupt``; a cancel while kernels run), and DuckDB
    stops a query at once only on that handler: it is left as it is.

    Returns
    -------
    list of int
        The signals a run stops on, besides Ctrl-C.
    """
    return [signum for signum in SIGNALS if signal.getsignal(signum) != signal.SIG_IGN]


def note_signal(signum: int) -> None:
    """Record that ``signum`` stopped the command (see :func:`stop_signal`).

    Parameters
    ----------
    signum : int
        The signal's number.
    """
    _received.append(signum)


def stop_signal() -> int | None:
    """The signal that stopped the command, if SIGTERM or SIGHUP did (the first in :func:`signals_as_interrupt`).

    A library may turn the interrupt into an error of its own (DuckDB raises ``RuntimeError: Query
    interrupted``); this tells the command that it was a stop all the same.

    Returns
    -------
    int or None
        The signal's number, or None.
    """
    return _received[0] if _received else None


def stopped_inside(err: BaseException) -> int | None:
    """The signal behind an error a library raised when a stop cut it short, or None if it is no such error.

    DuckDB turns an interrupt into ``RuntimeError: Query interrupted``, Ctrl-C's as well as the others'.

    Parameters
    ----------
    err : BaseException
        The error.

    Returns
    -------
    int or None
        The signal's number (SIGINT for Ctrl-C), or None.

    Examples
    --------
    >>> with signals_as_interrupt():  # no signal received yet
    ...     stopped_inside(RuntimeError("Query interrupted")) == signal.SIGINT, stopped_inside(ValueError("x"))
    (True, None)
    """
    if stop_signal() is not None:
        return stop_signal()
    interrupted = type(err).__name__ == "InterruptException" or (
        type(err) is RuntimeError and str(err) == "Query interrupted"
    )
    return signal.SIGINT if interrupted else None


def _restore(previous: dict) -> None:
    for signum, old in previous.items():
        signal.signal(signum, signal.SIG_DFL if old is None else old)  # None: not set from Python


@contextlib.contextmanager
def signals_as_interrupt():
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread; elsewhere, nothing changes.

    Each is recorded (:func:`stop_signal`). A signal the process was started ignoring stays ignored: a
    run started with ``nohup`` goes on when its terminal closes.

    Yields
    ------
    None
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()

    def handler(signum, frame):
        note_signal(signum)
        raise Terminated(signum)

    previous = {signum: signal.signal(signum, handler) for signum in handled_signals()}
    try:
        yield
    finally:
        _restore(previous)


@contextlib.contextmanager
def held_signals():
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, then stop: for what a stop must not cut in two.

    An extension module's import is one: a ``KeyboardInterrupt`` raised while DuckDB's registers its types
    is a "critical" error of its binding library, not a stop. Outside the main thread it does nothing.

    Yields
    ------
    None

    Raises
    ------
    KeyboardInterrupt
        Or :class:`Terminated` for SIGTERM or SIGHUP, when the block ends, if one arrived during it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = []

    def hold(signum, frame):
        held.append(signum)

    kept = [signal.SIGINT] if signal.getsignal(signal.SIGINT) == signal.default_int_handler else []
    previous = {signum: signal.signal(signum, hold) for signum in kept + handled_signals()}
    try:
        yield
    finally:
        _restore(previous)
        if held:
            if held[0] != signal.SIGINT:
                note_signal(held[0])
            raise stop_exception(held[0])


def lock_path(target: Path) -> Path:
    """The lock file of an output folder: ``.<name>.lock`` beside it.

    Parameters
    ----------
    target : Path
        The output folder (resolved).

    Returns
    -------
    Path
        The lock file's path.

    Examples
    --------
    >>> lock_path(Path("/data/out")).as_posix()
    '/data/.out.lock'
    """
    return target.with_name(f".{target.name}.lock")


class Locked(ValueError):
    """Another run holds the output folder's lock; the message names it (process id and start time)."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - msvcrt locks a byte range, which serves as well
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


#: What a lock file of this command holds (the holder's process id and start time).
_LOCK_TEXT = re.compile(r"pid \d+, started at ")


def _holder(fd: int) -> str:
    """The lock file's first line, as printable text (at most 200 characters): it may be anyone's file."""
    os.lseek(fd, 0, os.SEEK_SET)
    first = os.read(fd, 400).decode("utf-8", "replace").split("\n", 1)[0].strip()
    return "".join(c if c.isprintable() else "?" for c in first)[:200]


def _open_lock(path: Path) -> tuple[int, bool]:
    """Open (or create) the lock file without following a link; say whether this call created it."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | nofollow, 0o644), True
    except FileExistsError:
        pass
    try:
        return os.open(path, os.O_RDWR | nofollow), False
    except OSError as err:
        raise Locked(f"{path} cannot be used as the output folder's lock file ({err.strerror})") from None


@contextlib.contextmanager
def output_lock(target: Path):
    """Hold an exclusive lock on ``target``'s lock file for the run; refuse at once if another run holds it.

    The lock file holds the holder's process id and start time, for the message that refuses a second
    run. It is removed at the end only if this run created it. The lock is the operating system's
    (``flock``; ``msvcrt.locking`` on Windows), so it is released when a run dies, however it dies.

    Parameters
    ----------
    target : Path
        The output folder (resolved); its parent must exist.

    Yields
    ------
    Path
        The lock file.

    Raises
    ------
    Locked
        If another run holds the lock, naming its process id and start time.
    ValueError
        If the lock file cannot be opened (a link, or no permission).
    """
    path = lock_path(target)
    for _ in range(5):
        fd, created = _open_lock(path)
        if not _try_lock(fd):
            holder = _holder(fd) or "pid unknown"
            os.close(fd)
            raise Locked(
                f"another run is writing into {target} ({holder}; lock file {path}); wait for it to finish, "
                "or choose another folder"
            )
        # The holder before us may have removed the file we opened: then our lock guards nothing; try again.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:  # pragma: no cover - five removals in a row
        raise ValueError(f"{path} keeps being replaced; another program is using it")
    if not created and os.fstat(fd).st_size and not _LOCK_TEXT.match(_holder(fd)):
        os.close(fd)  # a file of that name that is no lock of ours: never truncated, never removed
        raise Locked(
            f"{path} exists and is not a lock file of inquiry-analysis, so it was left alone; move it, or "
            "choose another folder"
        )
    try:
        started = time.strftime("%Y-%m-%d %H:%M:%S %z")
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started at {started}\n".encode())
        yield path
    finally:
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(fd)


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """An output folder as a run found it.

    Attributes
    ----------
    folder : Path
        The folder.
    identity : tuple of int or None
        Its device and inode, or None if it did not exist.
    entries : frozenset of tuple
        Each entry's name, kind (``'file'``, ``'dir'``, ``'link'`` or ``'other'``), size and
        modification time in nanoseconds.
    """

    folder: Path
    identity: tuple | None
    entries: frozenset

    @property
    def names(self) -> set:
        """The names of the entries."""
        return {entry[0] for entry in self.entries}


class FolderChanged(ValueError):
    """The output folder changed while the run was going, so the finished build was not put in its place."""


def _kind(stat) -> str:
    import stat as modes

    if modes.S_ISLNK(stat.st_mode):
        return "link"
    if modes.S_ISDIR(stat.st_mode):
        return "dir"
    return "file" if modes.S_ISREG(stat.st_mode) else "other"


def snapshot(folder: Path) -> Snapshot:
    """Record what ``folder`` holds now (nothing, if it does not exist), to check before the swap.

    Parameters
    ----------
    folder : Path
        The output folder.

    Returns
    -------
    Snapshot
        Its identity and entries.
    """
    try:
        own = os.stat(folder, follow_symlinks=False)
    except FileNotFoundError:
        return Snapshot(folder=folder, identity=None, entries=frozenset())
    with os.scandir(folder) as found:
        entries = {_entry(Path(entry.path)) for entry in found}
    return Snapshot(folder=folder, identity=(own.st_dev, own.st_ino), entries=frozenset(entries))


def _entry(path: Path) -> tuple:
    stat = os.stat(path, follow_symlinks=False)
    return (path.name, _kind(stat), stat.st_size, stat.st_mtime_ns)


def check_unchanged(before: Snapshot) -> None:
    """Refuse, in one line, if the folder is not as :func:`snapshot` found it.

    Parameters
    ----------
    before : Snapshot
        The folder as the run found it.

    Raises
    ------
    FolderChanged
        Naming what appeared, changed or went, and that nothing of the run's was put there.
    """
    now = snapshot(before.folder)
    folder = before.folder
    tail = "the run's results were not put in its place, and nothing in it was touched; run again"
    if before.identity is None and now.identity is not None:
        raise FolderChanged(f"{folder} was created by someone else while the run was going; {tail}")
    if now.identity != before.identity:
        raise FolderChanged(f"{folder} was removed or replaced while the run was going; {tail}")
    if now.entries != before.entries:
        changed = sorted(now.names ^ before.names) or sorted(e[0] for e in now.entries - before.entries)
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise FolderChanged(f"{folder} changed while the run was going ({shown}); {tail}")


def swap_into_place(build: Path, before: Snapshot) -> None:
    """Put the finished ``build`` where ``before.folder`` is, if the folder is still as the run found it.

    Call it inside :func:`inquiry_analysis.cli.runner.uninterrupted`. The old folder is renamed aside
    before the new one takes its name, so at no moment is the folder half old and half new; then only
    the files the snapshot saw are removed from it. Should anything have slipped in between the check
    and the rename, it is kept, in the old folder, which is left and named.

    Parameters
    ----------
    build : Path
        The finished folder, on the same file system as the target.
    before : Snapshot
        The target as the run found it (:func:`snapshot`).

    Raises
    ------
    FolderChanged
        If the target is not as the run found it; nothing is moved.
    """
    target = before.folder
    check_unchanged(before)
    if before.identity is None:
        try:
            # POSIX rename never replaces a folder that holds anything; a non-empty newcomer is refused here.
            build.rename(target)
        except OSError:
            raise FolderChanged(
                f"{target} was created by someone else while the run was going; the run's results were not "
                "put in its place, and nothing in it was touched; run again"
            ) from None
        return
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    target.rename(old)
    build.rename(target)
    for entry in before.entries:
        path = old / entry[0]
        with contextlib.suppress(OSError):
            if entry[1] == "dir":
                path.rmdir()  # only if empty: what is in it now may not be what the snapshot saw
            elif _entry(path) == entry:  # the very file the snapshot saw, unchanged since
                path.unlink()
    try:
        old.rmdir()
    except OSError:
        print(
            f"{old}: something was added to {target} while its results were being put in place; it is kept here",
            file=sys.stderr,
        )
