"""A run's hold on its output folder: one run at a time, nothing of anyone else's lost, stopped cleanly by a signal.

- :func:`output_lock`: an exclusive lock on a file beside the output folder (``.<name>.lock``), held for
  the whole run, so a second run into the same folder is refused at once, naming the first.
- :func:`snapshot` and :func:`swap_into_place`: the folder as the run found it, checked again
  immediately before the finished build takes its place; if anything appeared or changed, the swap is
  refused and the folder is left as it is. Only files the snapshot saw are ever removed.
- :func:`signals_as_interrupt`: SIGTERM and SIGHUP raise :class:`Terminated` (a ``KeyboardInterrupt``)
  in the main thread, so they stop a run as Ctrl-C does: kernels shut down, build folders removed.
"""

from __future__ import annotations

import contextlib
import os
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
    "lock_path",
    "output_lock",
    "signal_name",
    "signals_as_interrupt",
    "snapshot",
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


@contextlib.contextmanager
def signals_as_interrupt():
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread; elsewhere, nothing changes.

    Yields
    ------
    None
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Terminated(signum)

    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


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
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "pid unknown"
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
    entries = set()
    with os.scandir(folder) as found:
        for entry in found:
            stat = entry.stat(follow_symlinks=False)
            entries.add((entry.name, _kind(stat), stat.st_size, stat.st_mtime_ns))
    return Snapshot(folder=folder, identity=(own.st_dev, own.st_ino), entries=frozenset(entries))


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
    for name, kind, _, _ in before.entries:
        with contextlib.suppress(OSError):
            if kind == "dir":
                (old / name).rmdir()  # only if empty: what is in it now may not be what the snapshot saw
            else:
                (old / name).unlink()
    try:
        old.rmdir()
    except OSError:
        print(
            f"{old}: something was added to {target} while its results were being put in place; it is kept here",
            file=sys.stderr,
        )
