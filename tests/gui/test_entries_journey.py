"""An ES-003 export through the window: File → Import… → Entries, then what the file implies.

The Account Executive imports a report of two partners' entry lines (one importer in no
portfolio, one entry under another filer code, one line of another Center's goods); the
Volume tab then counts the months from the entries beside the reported total, the
Entries tab lists them, the Overview's ports and the Data checks tab show what they imply;
importing the same report again changes nothing, and reverting it brings the earlier
volumes back.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import valid_entry
from tests.gui.conftest import open_window, settle
from trusted_trader.gui.actions import FILE_DIALOGS
from trusted_trader.gui.context import Desk
from trusted_trader.gui.dialogs.import_dialog import ImportDialog
from trusted_trader.gui.main_window import MainWindow
from trusted_trader.services import reference
from trusted_trader.services.data_check_records import CheckId
from trusted_trader.services.importing import ImportResult
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point
from trusted_trader.services.volumes import set_monthly_volume

ACME, BOLT, STRANGER = "12-3456789AB", "98-7654321CD", "55-5555555AB"
HEADERS = ["Entry Summary Number", "Line Number", "Importer Number", "Entry Date",
           "Entry Summary Date", "Port Code", "HTS Number", "Line Goods Value Amount"]  # fmt: skip
A1, A2 = valid_entry("ACM1000001"), valid_entry("ACM1000002")
FOREIGN = valid_entry("XYZ1000003")  # filed under a filer code that is not Acme's
B1, U1 = valid_entry("BLT2000001"), valid_entry("QQQ3000001")
LINES = [
    [A1, 1, ACME, "2026-01-05", "2026-01-15", "0101", "8471.30.0100", "1000"],
    [A1, 2, ACME, "2026-01-05", "2026-01-15", "0101", "0201.10.0510", "40"],  # beef: AGR
    [B1, 1, BOLT, "2026-01-06", "2026-01-16", "3901", "7208.51.0030", "900"],
    [A2, 1, ACME, "2026-02-02", "2026-02-12", "2704", "8471.30.0100", "300"],
    [U1, 1, STRANGER, "2026-02-03", "2026-02-13", "2704", "6110.20.2079", "70"],
    [FOREIGN, 1, ACME, "2026-02-09", "2026-02-19", "2704", "8471.30.0100", "200"],
]
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
UNSEEN = valid_entry("ACM1000099")  # a touch point's entry the report does not hold


@pytest.fixture
def acme_id(store: Any) -> int:
    """Acme (electronics) and Bolt (steel) with their filer codes, a reported January for
    Acme and two exams: one on an entry of the report, one on an entry it does not hold."""
    with store.uow() as uow:
        centers = {c.code: c.id for c in reference.list_centers(uow)}
        acme = create_partner(
            uow, PartnerInput("Acme Imports", ACME, "ACM", center_id=centers["ELEC"])
        )
        create_partner(uow, PartnerInput("Bolt Steel", BOLT, "BLT", center_id=centers["BMT"]))
        set_monthly_volume(uow, int(acme.id), JAN, 12, 5000.0)  # reported before entries came
        for day, port, entry in (
            (date(2026, 1, 7), "0101", A1),
            (date(2026, 2, 4), "2704", UNSEEN),
        ):
            record_touch_point(uow, int(acme.id), TouchPointInput(day, "exam", port, entry))
        uow.commit()
    return int(acme.id)


@pytest.fixture
def desk_window(qtbot: Any, make_desk: Callable[..., Desk], store: Any, acme_id: int) -> MainWindow:
    window = open_window(qtbot, make_desk(), store, 2)
    settle(qtbot, window.desk)
    return window


def _import(
    qtbot: Any, window: MainWindow, path: Path, *, partial: bool
) -> tuple[ImportDialog, ImportResult]:
    """File → Import… as the menu opens it, on the Entries kind, run to its end."""
    entry = FILE_DIALOGS[0]
    assert entry is not None and entry.class_name == "ImportDialog"
    dialog = ImportDialog(entry.context(window.desk), window)
    qtbot.addWidget(dialog)
    dialog.set_kind("entries")
    dialog.set_file(path)
    assert not dialog.mapping_shown  # ACE's column names map themselves
    dialog._partial_check_box.setChecked(partial)
    with qtbot.waitSignal(dialog.import_finished, timeout=30000) as finished:
        dialog.start_import()
    entry.then(dialog, True, window.desk)
    settle(qtbot, window.desk)
    result = finished.args[0]
    assert isinstance(result, ImportResult)
    return dialog, result


def _volume_rows(qtbot: Any, window: MainWindow) -> dict[date, tuple[object, ...]]:
    """Each month of the file: (reported entries, entries counted from imported entries)."""
    window.workspace.show_tab("volume")
    settle(qtbot, window.desk)
    model = window.workspace.volume.model
    rows = [model.row(n) for n in range(model.rowCount())]
    return {r.month: (r.entries, r.counted_entries) for r in rows if r.month in (JAN, FEB)}


def test_an_es_003_export_through_the_window_shows_what_it_implies(
    qtbot: Any,
    desk_window: MainWindow,
    acme_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = desk_window
    path = tmp_path / "ES-003 Entry Summary Line Tariff Details.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADERS, *LINES])

    window.open_partner(acme_id)
    settle(qtbot, window.desk)
    before = _volume_rows(qtbot, window)
    assert before[JAN] == (12, None)

    refused, _ = _import(qtbot, window, path, partial=False)
    assert "Nothing was imported" in refused._status_label.text()
    assert "1 entry for 1 importer not in any portfolio" in refused._status_label.text()
    assert refused._unknown_table.item(0, 0).text() == STRANGER

    done, result = _import(qtbot, window, path, partial=True)
    assert (result.created, result.rejected) == (4, 1)
    assert "4 entries created, 0 updated, 0 unchanged, 1 line(s) rejected" in (
        done._status_label.text()
    )

    window.open_partner(acme_id)
    settle(qtbot, window.desk)
    workspace = window.workspace
    assert _volume_rows(qtbot, window) == {JAN: (12, 1), FEB: (None, 2)}

    workspace.show_tab("entries")
    settle(qtbot, window.desk)
    assert workspace.entries.count_label.text() == "3 entries"

    workspace.show_tab("data_checks")
    settle(qtbot, window.desk)
    found = {g.info.id: g for g in workspace.data_checks.checks_list.checks.groups}
    assert [i.key for f in found[CheckId.UNAUTHORIZED_FILER].findings for i in f.items] == [FOREIGN]
    hts_items = [i for f in found[CheckId.HTS_OTHER_CENTER].findings for i in f.items]
    assert [i.key for i in hts_items] == [A1] and "AGR" in hts_items[0].detail
    unseen = found[CheckId.TOUCH_POINT_UNKNOWN_ENTRY].findings
    assert [i.key for f in unseen for i in f.items] == [UNSEEN]
    months = [i.key for f in found[CheckId.VOLUME_MISMATCH].findings for i in f.items]
    assert months == ["2026-01"]  # 12 reported against 1 counted

    workspace.show_tab("overview")
    settle(qtbot, window.desk)
    ports = workspace.overview.ports_box.model
    shown = {ports.record(n).port for n in range(ports.rowCount())}
    assert {"0101", "2704"} <= shown

    _, again = _import(qtbot, window, path, partial=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)

    # "Undo this import" on the dialog of the import that wrote them, as the user would.
    monkeypatch.setattr("trusted_trader.gui.dialogs.import_dialog.confirm_revert", lambda *a: True)
    with qtbot.waitSignal(done.import_undone, timeout=30000):
        done.undo_button.click()
    entry = FILE_DIALOGS[0]
    assert entry is not None
    entry.then(done, True, window.desk)
    assert _volume_rows(qtbot, window) == before  # the reported month as it was
