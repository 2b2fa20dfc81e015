"""Screenshots of every page on the demo database, for docs/images (run by hand, offscreen)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "images"
TODAY = date(2026, 11, 16)


def wait(app: QApplication, desk: object) -> None:
    for _ in range(600):
        app.processEvents()
        if desk.pool.is_idle():  # type: ignore[attr-defined]
            app.processEvents()
            return
        desk.pool.wait(50)  # type: ignore[attr-defined]


def shoot(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / f"gui-{name}.png"))
    print("saved", name)


def main() -> None:
    home = Path(tempfile.mkdtemp())
    os.environ["TRUSTED_TRADER_HOME"] = str(home)
    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.main_window import MainWindow
    from trusted_trader.gui.pages import PAGE_KEYS
    from trusted_trader.gui.style import apply_look
    from trusted_trader.services.demo import DemoSpec, load_demo
    from trusted_trader.services.store import open_store
    from trusted_trader.settings import Settings

    app = QApplication(sys.argv[:1])
    apply_look(app)
    store = open_store(f"sqlite:///{home / 'demo.sqlite'}", "dana.reyes@cbp.dhs.gov")
    with store.uow() as uow:
        load_demo(uow, DemoSpec(last_month=date(2026, 10, 1)))
        uow.commit()
    OUT.mkdir(parents=True, exist_ok=True)
    ui_state = QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
    from trusted_trader.services.reference import list_executives

    with store.uow() as uow:  # "me": the first Account Executive of the demo
        me = list_executives(uow)[0]
    desk = Desk(Settings(executive_email=me.email), ui_state, today=lambda: TODAY)
    window = MainWindow(desk, "demo")
    window.resize(1366, 768)  # a laptop screen
    window.show()
    window.open_store(lambda: (store, me.id, 60))
    wait(app, desk)
    for key in PAGE_KEYS:
        window.show_page(key)
        wait(app, desk)
        if key == "data_checks":  # the demo plants its findings across the whole portfolio
            combo = window.page(key).who_combo
            combo.setCurrentIndex(combo.findData("all"))
            wait(app, desk)
        week = getattr(window.page(key), "week_list", None)
        for _ in range(200):  # the whole week list arrives after its first screen
            if week is None or getattr(getattr(week, "model", None), "complete", True):
                break
            time.sleep(0.05)
            app.processEvents()
        wait(app, desk)
        shoot(window, key.replace("_", "-"))
    from trusted_trader.services.portfolio import list_plan_summaries
    from trusted_trader.services.scope import Scope

    with store.uow() as uow:
        active = list_plan_summaries(uow, Scope(), status="active")
    partner_id = next(p.partner_id for p in active if p.open_items >= 2)
    from trusted_trader.services.activities import log_activity
    from trusted_trader.services.touch_points import (
        TouchPointInput,
        TouchPointQuery,
        list_touch_points,
        update_touch_point,
    )

    with store.uow() as uow:  # a few edits, so that the History tab has something to show
        log_activity(
            uow,
            partner_id,
            occurred_on=TODAY,
            kind="meeting",
            participants="Compliance manager, broker",
            summary="Reviewed CF-28 responses",
        )
        touch = list_touch_points(uow, TouchPointQuery(partner_id=partner_id, limit=1))[0]
        changed = TouchPointInput(
            occurred_on=touch.occurred_on,
            kind=touch.kind,
            port_code=touch.port_code,
            entry_number=touch.entry_number,
            hts_number=touch.hts_number,
            agency=touch.agency,
            outcome="no_discrepancy",
            closed_on=TODAY,
        )
        update_touch_point(uow, touch.id, changed)
        uow.commit()
    window.open_partner(partner_id)
    workspace = window.workspace
    tabs = ("overview", "plans", "touch_points", "volume", "entries", "activities", "facilitation")
    for tab in (*tabs, "contacts", "history"):
        workspace.show_tab(tab)
        wait(app, desk)
        shoot(window, f"partner-{tab.replace('_', '-')}")
        if tab == "plans":
            from PySide6.QtWidgets import QScrollArea

            scroll = workspace.plans.findChild(QScrollArea)
            scroll.ensureWidgetVisible(workspace.plans.editor.reviews, 0, 0)
            app.processEvents()
            shoot(window, "partner-plan-actions")
    from trusted_trader.gui.dialogs.touch_point_dialog import TouchPointDialog

    dialog = TouchPointDialog(desk, partner_id, parent=window)
    dialog.show()
    dialog.entry_field.set_text("ABC-12345")
    dialog.port_field.set_text("2704")
    dialog.hts_field.set_text("8471.30.01")
    app.processEvents()
    shoot(dialog, "touch-point-dialog")
    dialog.close()
    window.close()
    store.close()
    empty = open_store(f"sqlite:///{home / 'empty.sqlite'}")
    first_run = MainWindow(Desk(Settings(), ui_state, today=lambda: TODAY), "empty")
    first_run.resize(1100, 700)
    first_run.show()
    first_run.open_store(lambda: (empty, None, 0))
    wait(app, first_run.desk)
    shoot(first_run, "welcome")
    first_run.close()
    empty.close()


if __name__ == "__main__":
    main()
