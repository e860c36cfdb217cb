"""The run's guard: which signals stop a run, the ones held for a moment, and stops a library reports as errors."""

import os
import signal
import sys

import pytest

from inquiry_analysis.cli import guard

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_a_signal_the_process_was_started_ignoring_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        assert guard.handled_signals() == [signal.SIGTERM]
        with guard.signals_as_interrupt():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)  # nothing happens
        assert guard.stop_signal() is None
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_a_signal_during_held_signals_stops_the_run_when_the_block_ends():
    done = []
    with guard.signals_as_interrupt():
        with pytest.raises(guard.Terminated) as stopped:
            with guard.held_signals():
                os.kill(os.getpid(), signal.SIGTERM)
                done.append("the block ran to its end")
        assert done and stopped.value.signum == signal.SIGTERM
        assert guard.stop_signal() == signal.SIGTERM


def test_a_stop_a_library_reports_as_its_own_error_is_known_as_a_stop():
    with guard.signals_as_interrupt():
        assert guard.stopped_inside(RuntimeError("Query interrupted")) == signal.SIGINT
        assert guard.stopped_inside(RuntimeError("something else")) is None
        guard.note_signal(signal.SIGHUP)
        assert guard.stopped_inside(ValueError("whatever it cut short")) == signal.SIGHUP
    assert guard.exit_code(guard.stop_exception(guard.stop_signal())) == 129
