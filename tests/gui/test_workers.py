"""Long work runs off the GUI thread and reports back on it."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from trusted_trader.gui.workers import JobControl, JobRunner, WorkerPool


def test_a_job_runs_off_the_gui_thread_and_calls_back_on_it(qtbot: Any) -> None:
    pool = WorkerPool()
    seen: dict[str, Any] = {}

    def work() -> str:
        seen["worker"] = threading.current_thread()
        return "done"

    pool.submit(work, lambda result: seen.update(result=result, back=threading.current_thread()))
    qtbot.waitUntil(pool.is_idle)
    assert seen["result"] == "done"
    assert seen["worker"] is not threading.main_thread()
    assert seen["back"] is threading.main_thread()


def test_a_failing_job_hands_its_error_to_the_error_callback(qtbot: Any) -> None:
    pool = WorkerPool()
    errors: list[object] = []

    def work() -> None:
        raise ValueError("bad file")

    pool.submit(work, lambda _r: None, errors.append)
    qtbot.waitUntil(pool.is_idle)
    assert [str(e) for e in errors] == ["bad file"]


def test_the_pool_says_when_it_is_busy(qtbot: Any) -> None:
    pool = WorkerPool()
    states: list[bool] = []
    pool.busy_changed.connect(states.append)
    pool.submit(lambda: 1)
    qtbot.waitUntil(pool.is_idle)
    assert states == [True, False]


def test_a_finished_job_lets_go_of_its_work_and_answer(qtbot: Any) -> None:
    # The pool once kept every job (and all its work referred to) for the whole session.
    pool = WorkerPool()

    class Payload:
        pass

    kept: list[weakref.ref[Payload]] = []

    def submit_one() -> None:
        payload = Payload()
        kept.append(weakref.ref(payload))
        pool.submit(lambda: payload, lambda _result: None)

    for _ in range(20):
        submit_one()
    qtbot.waitUntil(pool.is_idle)
    pool.wait()
    gc.collect()
    assert [ref for ref in kept if ref() is not None] == []


def test_a_dialog_job_reports_progress_and_its_result_in_order(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = JobRunner(owner)
    seen: list[object] = []
    runner.progressed.connect(seen.append)
    runner.running_changed.connect(lambda running: seen.append(f"running={running}"))

    def work(control: JobControl) -> str:
        for rows in (10, 20):
            control.progress(rows)
        return "done"

    runner.start(work, seen.append, seen.append)
    qtbot.waitUntil(lambda: not runner.running)
    assert seen == ["running=True", 10, 20, "running=False", "done"]


def test_a_dialog_job_stops_when_cancelled_and_says_so_through_its_error(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = JobRunner(owner)
    errors: list[object] = []
    started = threading.Event()

    def work(control: JobControl) -> None:
        started.set()
        while not control.cancelled():
            time.sleep(0.01)
        raise InterruptedError("cancelled")

    runner.start(work, lambda _r: None, errors.append)
    assert started.wait(5)
    runner.cancel()
    qtbot.waitUntil(lambda: not runner.running)
    assert [str(e) for e in errors] == ["cancelled"]


def test_a_dialog_jobs_answer_is_dropped_once_the_asking_widget_is_gone(qtbot: Any) -> None:
    owner = QWidget()
    runner = JobRunner(owner)
    answers: list[object] = []
    runner.start(lambda _control: "late", answers.append, answers.append)
    assert runner.wait()  # the work is done; its answer waits in the event queue
    shiboken6.delete(owner)  # the dialog closed and went away meanwhile
    qtbot.wait(50)
    assert answers == []


def test_a_second_dialog_job_is_refused_while_one_runs(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = JobRunner(owner)
    release = threading.Event()
    runner.start(lambda _control: release.wait(5), lambda _r: None, lambda _e: None)
    with pytest.raises(RuntimeError):
        runner.start(lambda _control: None, lambda _r: None, lambda _e: None)
    release.set()
    qtbot.waitUntil(lambda: not runner.running)
