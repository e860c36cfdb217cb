"""Execute notebooks in parallel kernels, each exporting into its own folder, stoppable with Ctrl-C.

The notebooks of this project do not read one another's outputs, so they can run at the same
time, one kernel per core. Each kernel gets its own export folder, so no two write the same
``manifest.json``; the caller merges the folders. One failure, or Ctrl-C, cancels the rest and
shuts every kernel down before returning.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from inquiry_analysis import provenance
from inquiry_analysis.cli.guard import SIGNALS, handled_signals, note_signal, stop_exception

__all__ = [
    "NotebookRun",
    "default_jobs",
    "inject_parameters",
    "merge_exports",
    "progress_printer",
    "readable_by_all",
    "run_notebooks",
    "uninterrupted",
]

#: Seconds a cell may run before the notebook is stopped as hung.
CELL_TIMEOUT = 1200


@dataclass(frozen=True, kw_only=True)
class NotebookRun:
    """One notebook as executed.

    Attributes
    ----------
    path : Path
        The notebook file (not rewritten here).
    notebook : nbformat.NotebookNode
        The executed notebook, outputs included.
    out : Path
        The folder its exhibits were exported into (its ``out`` parameter).
    seconds : float
        Wall time from kernel start to the last cell.
    error : str or None
        What failed (cell, exception, message), or None if every cell ran.
    """

    path: Path
    notebook: object
    out: Path
    seconds: float
    error: str | None = None


def default_jobs() -> int:
    """One kernel per core the process may use.

    Returns
    -------
    int
        The cores this process may run on (all the machine's where that cannot be told), at least 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _failed_cell(notebook) -> str:
    # Numbered as in the notebook the user has, which has no injected parameters cell.
    cells = [c for c in notebook.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    for number, cell in enumerate(cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {number} ({first[:60]!r}) raised {output['ename']}: {output['evalue']}"
    return "a cell failed"


PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def inject_parameters(notebook, parameters: dict) -> None:
    """Set a notebook's parameters as papermill does: a cell after the one tagged ``parameters``.

    The new cell is tagged ``injected-parameters`` and replaces one a previous run injected, so the
    notebook also runs under papermill and reads the same in JupyterLab. Values are written as
    Python literals (``repr``), so paths, numbers and None come through exactly.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The notebook, changed in place.
    parameters : dict
        Each parameter's name and value.

    Raises
    ------
    ValueError
        If no cell is tagged ``parameters``.
    """
    import nbformat

    cells = notebook.cells
    marked = [i for i, cell in enumerate(cells) if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])]
    if not marked:
        raise ValueError("the notebook has no cell tagged 'parameters', so it cannot be given parameters")
    cells[:] = [cell for cell in cells if INJECTED_TAG not in cell.get("metadata", {}).get("tags", [])]
    marked = [i for i, cell in enumerate(cells) if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])]
    source = "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source.rstrip("\n"), metadata={"tags": [INJECTED_TAG]})
    cell["id"] = INJECTED_TAG  # a random id would make the executed notebook differ between runs
    cells.insert(marked[0] + 1, cell)


async def _execute(
    path: Path, figures: Path, parameters: dict | None = None, environment: dict | None = None
) -> NotebookRun:
    """Run one notebook in its own kernel, exporting into ``figures``; a failure is returned, not raised."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:  # unreadable, or not a notebook (nbformat's NotJSONError is a ValueError)
        return NotebookRun(
            path=path,
            notebook=None,
            out=figures,
            seconds=0.0,
            error=f"could not be read as a notebook ({type(err).__name__}: {err})",
        )
    # The folder it exports to reaches the notebook as a parameter, like every other input.
    try:
        inject_parameters(notebook, {"out": str(figures), **(parameters or {})})
    except ValueError as err:
        return NotebookRun(path=path, notebook=None, out=figures, seconds=0.0, error=str(err))
    # Runs that export for real never draft, whatever the caller's environment says.
    env = {
        **{k: v for k, v in os.environ.items() if k != provenance.DRAFT_ENV},
        **(environment or {}),
        # the kernel's "python" must be this environment's, even when it is not activated
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    }
    # coalesce_streams: the kernel splits printed text into chunks by timing; stored outputs must not vary.
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        record_timing=False,
        coalesce_streams=True,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent)}},
        config=_connection_config(environment, path),
    )
    started = time.monotonic()
    # Held here as well: nbclient shuts a kernel down only once it has started, not one stopped while starting.
    manager = client.create_kernel_manager()
    # The kernel process's own stderr carries only its start-up chatter; keep it for when it dies.
    with tempfile.TemporaryFile(mode="w+") as kernel_log:
        try:
            await client.async_execute(env=env, stderr=kernel_log)
            error = None
        except asyncio.CancelledError:
            await _stop_kernel(client, manager)
            raise
        except CellExecutionError:
            error = _failed_cell(notebook)
        except CellTimeoutError as err:  # before OSError: it is a TimeoutError
            error = f"a cell ran for more than {CELL_TIMEOUT} s and was stopped ({err})"
        except DeadKernelError as err:
            kernel_log.seek(0)
            error = f"the kernel died ({err}); its last words:\n{kernel_log.read()[-2000:]}"
        except (KeyError, OSError, RuntimeError) as err:  # e.g. no "python3" kernel, or it would not start
            error = (
                f"the python3 kernel could not be started ({type(err).__name__}: {err}); "
                "install ipykernel in this environment (pip install -e '.[test]')"
            )
    # The kernel reports its Python's exact version; a stored notebook must not change with it.
    notebook.metadata.get("language_info", {}).pop("version", None)
    _drop_injected(notebook)
    return NotebookRun(path=path, notebook=notebook, out=figures, seconds=time.monotonic() - started, error=error)


def _connection_config(environment: dict | None, path: Path):
    """Where the kernel's connection file (its ports and key) goes: the run's private runtime folder, if it has one.

    jupyter_client writes it into the shared temporary folder unless told a name (``JUPYTER_RUNTIME_DIR``
    is not consulted for it), and a kernel stopped at the wrong moment leaves it there.
    """
    import uuid

    from traitlets.config import Config

    config = Config()
    runtime = (environment or {}).get(RUNTIME_ENV)
    if runtime:
        config.KernelManager.connection_file = str(Path(runtime) / f"kernel-{path.stem}-{uuid.uuid4().hex}.json")
    return config


async def _stop_kernel(client, manager) -> None:
    """Shut a notebook's kernel down when the run is stopped, also one still starting, and drop nbclient's exit hook.

    nbclient cleans up only a kernel that has started: one stopped while starting would run on (until it
    sees its parent gone) with its connection file left behind, and nbclient's exit hook for it would print
    an error as Python exits.
    """
    import atexit

    hook = getattr(client, "_cleanup_kernel", None)
    if hook is not None:
        atexit.unregister(hook)
    with contextlib.suppress(Exception):
        if client.kc is not None:
            client.kc.stop_channels()
    with contextlib.suppress(Exception):
        if manager.has_kernel:
            await manager.shutdown_kernel(now=True)  # kills it, then removes its connection file
        else:
            await manager.cleanup_resources()


def _drop_injected(notebook) -> None:
    """Remove the injected parameters cell (it names this run's build folder) and number the cells as run.

    The notebook is stored as the user has it, its cells counted 1, 2, 3 ... as if run without the injected one.
    """
    notebook.cells[:] = [c for c in notebook.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    count = 0
    for cell in notebook.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count


def _leave_signals_to_asyncio(loop: asyncio.AbstractEventLoop) -> None:
    # nbclient replaces SIGINT and SIGTERM with handlers that kill its kernel but let the run carry
    # on into errors. asyncio.run's own handling (Python 3.11+) cancels the run instead, and
    # cancelling a notebook shuts its kernel down, so nbclient's handlers are not installed.
    loop.add_signal_handler = lambda *args, **kwargs: None
    loop.remove_signal_handler = lambda *args, **kwargs: False


async def _run_all(
    paths: Sequence[Path],
    build: Path,
    jobs: int,
    on_done: Callable[[NotebookRun], None],
    parameters: dict,
    environment: dict | None,
    stop: _Stop,
    first: frozenset = frozenset(),
) -> list[NotebookRun]:
    _leave_signals_to_asyncio(asyncio.get_running_loop())
    stop.task = asyncio.current_task()
    slots = asyncio.Semaphore(jobs)

    async def one(path: Path) -> NotebookRun:
        async with slots:
            folder = build / path.stem
            folder.mkdir()
            run = await _execute(path, folder, parameters.get(path), environment)
        if asyncio.current_task().cancelling():
            # Cancelled mid-notebook: nbclient reports the kernel it shut down as dead; that is no failure.
            raise asyncio.CancelledError
        on_done(run)
        if run.error:
            raise _Failed(run)
        return run

    # Those asked for first, then longest first, so that no long notebook starts last on its own: a notebook's
    # file size (mostly its exhibits' previews) is a fair guess at how long it runs. Slots are taken in task order.
    order = sorted(range(len(paths)), key=lambda i: (paths[i] not in first, -paths[i].stat().st_size))
    tasks = {i: asyncio.ensure_future(one(paths[i])) for i in order}
    try:
        done = await asyncio.gather(*tasks.values())
        by_index = dict(zip(tasks, done))
        return [by_index[i] for i in range(len(paths))]
    finally:
        # On a failure or a cancel, stop the others and wait until their kernels are shut down. A task
        # already being cancelled is not cancelled again: a second cancel would cut short nbclient's
        # shutdown of its kernel.
        for task in tasks.values():
            if not task.done() and not task.cancelling():
                task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)


class _Failed(Exception):
    def __init__(self, run: NotebookRun):
        super().__init__(run.error)
        self.run = run


def run_notebooks(
    paths: Sequence[Path],
    build: Path,
    *,
    jobs: int | None = None,
    on_done: Callable[[NotebookRun], None] = lambda run: None,
    parameters: dict | None = None,
    environment: dict | None = None,
    first: Collection[Path] = (),
) -> list[NotebookRun]:
    """Execute ``paths`` with at most ``jobs`` kernels at once, each exporting into ``build/<stem>``.

    Parameters
    ----------
    paths : sequence of Path
        Notebooks that do not depend on one another's outputs.
    build : Path
        An empty folder; one subfolder per notebook is made in it.
    jobs : int, optional
        Kernels at once (default: one per core).
    on_done : callable
        Called with each :class:`NotebookRun` as it finishes, for progress.
    parameters : dict of Path to dict, optional
        Parameters for a notebook, injected after its cell tagged ``parameters`` (see
        :func:`inject_parameters`).
    environment : dict, optional
        Variables added to every kernel's environment (e.g. which data package to load).
    first : collection of Path, optional
        Notebooks to start before the others (reproduce starts those whose exhibits the bundle needs, so
        that the bundle is made while the rest run).

    Returns
    -------
    list of NotebookRun
        In the order of ``paths``, all without error; or a one-item list holding the first
        notebook that failed (the others are stopped).

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C, or :class:`~inquiry_analysis.cli.guard.Terminated` on SIGTERM or SIGHUP, after every
        kernel has been shut down. The kernels' temporary files (DuckDB's scratch folder among them) and
        connection files are kept in a folder of the run's own, removed before this returns or raises.
    ValueError
        If ``jobs`` is not a whole number, at least 1.
    """
    jobs = default_jobs() if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"`jobs` must be a whole number, at least 1, but {jobs!r} was passed")
    # pyzmq needs a selector event loop; Windows' default (proactor) would start a helper thread and warn.
    loop_factory = asyncio.SelectorEventLoop if sys.platform == "win32" else None
    stop = _Stop()
    with _private_folders() as private:
        kernel_env = {**(environment or {}), **private}
        try:
            with asyncio.Runner(loop_factory=loop_factory) as runner, stop.on_signals():
                work = _run_all(
                    list(paths), build, jobs, on_done, dict(parameters or {}), kernel_env, stop, frozenset(first)
                )
                return runner.run(work)
        except _Failed as failed:
            return [failed.run]
        except asyncio.CancelledError:
            if stop.signum is None:
                raise
            raise stop_exception(stop.signum) from None


class _Stop:
    """SIGTERM or SIGHUP during the run cancel it, as asyncio does for Ctrl-C, so that every kernel is shut down.

    A signal the process was started ignoring (SIGHUP under ``nohup``) stays ignored.
    """

    def __init__(self):
        self.signum = None
        self.task = None

    def handler(self, signum, frame):
        note_signal(signum)
        if self.signum is not None or self.task is None or self.task.done():
            raise stop_exception(signum)  # a second signal, or none running yet: stop at once
        self.signum = signum
        self.task.cancel()
        self.task.get_loop().call_soon_threadsafe(lambda: None)  # wake the loop from its wait

    @contextlib.contextmanager
    def on_signals(self):
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {signum: signal.signal(signum, self.handler) for signum in handled_signals()}
        try:
            yield
        finally:
            for signum, old in previous.items():
                signal.signal(signum, signal.SIG_DFL if old is None else old)


@contextlib.contextmanager
def _private_folders():
    """A temporary folder of the run's own, removed at the end whatever happens: the kernels' temporary files
    (DuckDB's scratch folder among them) and their connection files go there, not into the shared temp folder.

    Yields the variables that send the kernels' temporary files there. The parent's Jupyter runtime folder
    (where the connection files are written) points there for the run's duration.
    """
    import shutil

    private = Path(tempfile.mkdtemp(prefix="inquiry-analysis-run-"))
    runtime, scratch = private / "runtime", private / "tmp"
    runtime.mkdir()
    scratch.mkdir()
    previous = os.environ.get(RUNTIME_ENV)
    os.environ[RUNTIME_ENV] = str(runtime)
    try:
        yield {name: str(scratch) for name in ("TMPDIR", "TEMP", "TMP")} | {RUNTIME_ENV: str(runtime)}
    finally:
        if previous is None:
            os.environ.pop(RUNTIME_ENV, None)
        else:
            os.environ[RUNTIME_ENV] = previous
        shutil.rmtree(private, ignore_errors=True)


#: Where jupyter_client writes kernels' connection files.
RUNTIME_ENV = "JUPYTER_RUNTIME_DIR"


@contextlib.contextmanager
def uninterrupted():
    """Ignore Ctrl-C, SIGTERM and SIGHUP while files are swapped in, so that a run stops before it, never half-way.

    Outside the main thread, where no signal arrives, it does nothing.

    Yields
    ------
    None
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, *SIGNALS)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def merge_exports(runs, build: Path) -> str | None:
    """Move each notebook's exports into ``build``; say so, and stop, if two notebooks export the same file.

    Each notebook's own ``manifest.json`` is left out: the caller writes one for the whole folder.

    Parameters
    ----------
    runs : sequence of NotebookRun
        The runs, each with the folder it exported into (removed once emptied).
    build : Path
        The folder to move the exports into.

    Returns
    -------
    str or None
        Which two notebooks export which file, or None if none clash.
    """
    import shutil

    owner = {}
    for run in runs:
        for path in sorted(run.out.iterdir()):
            if path.name == provenance.MANIFEST:
                continue
            if path.name in owner:
                return f"{owner[path.name]} and {run.path.name} both export {path.name}; give each exhibit its own id"
            owner[path.name] = run.path.name
            path.rename(build / path.name)
        shutil.rmtree(run.out)
    return None


def readable_by_all(folder: Path) -> None:
    """Give a folder made by mkdtemp (private to its owner) the permissions the umask gives a new folder.

    Parameters
    ----------
    folder : Path
        The folder, its mode changed in place.
    """
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def progress_printer(total: int) -> Callable[[NotebookRun], None]:
    """A callback printing ``[n/total] name ok (seconds, exhibits)`` or ``FAILED`` as each notebook finishes.

    Parameters
    ----------
    total : int
        How many notebooks run.

    Returns
    -------
    callable
        Taking each :class:`NotebookRun` as it finishes, as :func:`run_notebooks`'s ``on_done``.
    """
    finished = []

    def progress(run: NotebookRun) -> None:
        finished.append(run)
        exhibits = len(list(run.out.glob("??-*.json")))
        status = "FAILED" if run.error else f"ok ({run.seconds:.1f} s, {exhibits} exhibit(s))"
        print(f"[{len(finished)}/{total}] {run.path.name} {status}", flush=True)

    return progress
