"""Long work off the GUI thread: a pool of jobs whose results come back as Qt signals."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Callback = Callable[[Any], None]


class _JobSignals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    """One function run on a pool thread; it must open its own unit of work."""

    def __init__(self, job_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.signals = _JobSignals()
        self._job_id = job_id
        self._work: Callable[[], Any] | None = work
        # Auto-delete stays on: QThreadPool.start() makes the pool hold the Python job, and
        # only the pool's deletion of a finished job lets go of it (and of everything its
        # work and signals reach); WorkerPool._running keeps it alive until its answer.

    def run(self) -> None:
        # Let go of the work as soon as it runs: when the pool deletes the finished job is
        # up to its thread, and the answer may reach the GUI thread before that.
        work, self._work = self._work, None
        if work is None:
            return
        try:
            result = work()
        except BaseException as exc:  # handed to the GUI thread, which reports it
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)

    def _emit(self, signal: Any, value: object) -> None:
        # If the app closed while the job ran, nobody is waiting for the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(self._job_id, value)


class WorkerPool(QObject):
    """Runs jobs on a thread pool and calls back on the GUI thread; counts what is running."""

    busy_changed = Signal(bool)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._running: dict[int, tuple[_Job, Callback | None, Callback | None, QObject | None]] = {}
        self._next_id = 0

    def is_idle(self) -> bool:
        return not self._running

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` off the GUI thread; callbacks are skipped if ``owner`` is gone."""
        job_id = self._next_id
        self._next_id += 1
        job = _Job(job_id, work)
        # Bound slots of this GUI-thread object: Qt queues the calls onto the GUI thread.
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        if self.is_idle():
            self.busy_changed.emit(True)
        self._running[job_id] = (job, on_done, on_error, owner)
        self._pool.start(job)

    @Slot(int, object)
    def _on_finished(self, job_id: int, value: object) -> None:
        self._finish(job_id, value, False)

    @Slot(int, object)
    def _on_failed(self, job_id: int, value: object) -> None:
        self._finish(job_id, value, True)

    def _finish(self, job_id: int, value: object, failed: bool) -> None:
        _job, on_done, on_error, owner = self._running.pop(job_id)
        try:
            if owner is not None and not shiboken6.isValid(owner):
                return
            if failed:
                (on_error or self.failed.emit)(value)
            elif on_done is not None:
                on_done(value)
        finally:
            if self.is_idle():
                self.busy_changed.emit(False)

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self._pool.waitForDone(msecs))


class JobControl:
    """What a job's work is handed on its pool thread: report progress, say why it waits,
    and see whether the user asked to cancel."""

    def __init__(self, runner: JobRunner) -> None:
        self._runner = runner
        self._cancel = threading.Event()

    def progress(self, value: object) -> None:
        # A runner deleted with its dialog while the work runs hears nothing more.
        with contextlib.suppress(RuntimeError):
            self._runner.progressed.emit(value)

    def say(self, text: str) -> None:
        with contextlib.suppress(RuntimeError):
            self._runner.said.emit(text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class JobRunner(QObject):
    """One job at a time off the GUI thread, for a dialog: progress, cancel, running state.

    Answers come back on the GUI thread, and are dropped once the runner's parent (the
    widget that asked) is gone.
    """

    progressed = Signal(object)  # whatever the work passes to JobControl.progress
    said = Signal(str)  # e.g. "Waiting for the backup to finish…"
    running_changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._pool = WorkerPool(self)
        self._control: JobControl | None = None

    @property
    def running(self) -> bool:
        return self._control is not None

    def start(
        self, work: Callable[[JobControl], Any], on_done: Callback, on_error: Callback
    ) -> None:
        """Run ``work(control)`` off-thread, then ``on_done(result)`` or ``on_error(exc)``."""
        if self._control is not None:
            raise RuntimeError("a job is already running")
        control = self._control = JobControl(self)

        def finish(callback: Callback, value: object) -> None:
            self._control = None
            self.running_changed.emit(False)
            callback(value)

        self._pool.submit(
            lambda: work(control),
            lambda value: finish(on_done, value),
            lambda exc: finish(on_error, exc),
            owner=self.parent(),
        )
        self.running_changed.emit(True)

    def cancel(self) -> None:
        if self._control is not None:
            self._control.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.wait(msecs)
