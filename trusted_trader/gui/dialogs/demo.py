"""Load demo data into an empty database, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from trusted_trader.gui.context import Desk, Topic


def _load(desk: Desk) -> object:
    from trusted_trader.services.demo import DemoSpec, load_demo

    with desk.uow() as uow:
        result = load_demo(uow, DemoSpec())
        uow.commit()
    return result


def load_demo_data(desk: Desk, done: Callable[[], None]) -> None:
    desk.say("Loading demo data…")

    def finished(result: object) -> None:
        desk.say(
            f"Demo data loaded: {result.partners} partners, "  # type: ignore[attr-defined]
            f"{result.touch_points:,} touch points."  # type: ignore[attr-defined]
        )
        desk.changed(Topic.ALL)
        done()

    def failed(exc: object) -> None:
        done()
        desk.pool.failed.emit(exc)

    desk.pool.submit(lambda: _load(desk), finished, failed)
