"""Long work runs off the GUI thread and reports back on it."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from trusted_trader.gui.workers import WorkerPool


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
