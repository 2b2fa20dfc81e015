"""Who I am, dates and the other settings, typed carelessly or with intent.

Never: a setting saved that the app cannot use (a signature the audit trail cannot hold,
a marking no page can print), a traceback, or a date read as another day.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from trusted_trader.cli import main
from trusted_trader.gui import qt_dates
from trusted_trader.settings import Settings, settings_path

NUL_EMAIL = "me\x00@cbp.dhs.gov"
LONG_MARKING = "CUI//" + "X" * 9_995  # 10,000 characters

# (what was typed, the setting it lands in, the value, the words of the refusal)
BAD_SETTINGS = [
    ("e-mail with a NUL", "executive_email", NUL_EMAIL, "printable"),
    ("e-mail with a line break", "executive_email", "me@cbp.dhs.gov\nroot", "printable"),
    ("e-mail of 201 characters", "executive_email", "a" * 190 + "@cbp.dhs.gov", "at most 200"),
    ("marking of 10,000 characters", "marking", LONG_MARKING, "10,000 characters long"),
    ("marking with a line break", "marking", "CUI\nSECRET", "printable"),
    ("marking with a bidi override", "marking", "CUI\u202e", "printable"),
    ("page size not offered", "page_size", "legal", "letter, a4"),
    ("date style not offered", "date_style", "eu", "iso, us"),
    ("negative daily backups", "backups_daily", -1, "whole number"),
    ("a billion weekly backups", "backups_weekly", 10**9, "whole number"),
    ("backups as text", "backups_daily", "7", "whole number"),
    ("backups as true", "backups_weekly", True, "whole number"),
]


@pytest.fixture(autouse=True)
def iso_after() -> Iterator[None]:
    yield
    qt_dates.use_date_style("iso")


@pytest.mark.parametrize(
    ("case", "field", "value", "reason"), BAD_SETTINGS, ids=[c[0] for c in BAD_SETTINGS]
)
def test_a_setting_nobody_could_mean_is_named_with_its_reason(
    case: str, field: str, value: Any, reason: str
) -> None:
    problems = Settings().with_changes(**{field: value}).problems()
    assert [f for f, _r in problems] == [field]
    assert reason in problems[0][1]


@pytest.mark.parametrize(
    ("case", "field", "value", "reason"), BAD_SETTINGS, ids=[c[0] for c in BAD_SETTINGS]
)
def test_a_settings_file_edited_into_nonsense_keeps_the_rest(
    case: str, field: str, value: Any, reason: str
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = {"executive_email": "ann@cbp.dhs.gov", "marking": "CUI", "date_style": "us"}
    path.write_text(json.dumps({**kept, field: value}), encoding="utf-8")
    loaded = Settings.load()
    if field == "marking":  # kept, so printing refuses with its reason instead of leaving it out
        assert loaded.marking == value
    else:
        assert getattr(loaded, field) == getattr(Settings(), field)  # the default
    for name, good in kept.items():
        if name != field:
            assert getattr(loaded, name) == good


CLI_REFUSALS = [
    (["--executive", NUL_EMAIL], "--executive must be printable"),
    (["--marking", LONG_MARKING], "--marking is 10,000 characters long"),
    (["--marking", "CUI\nSECRET"], "--marking must be printable"),
    (["--backups-daily", "-1"], "--backups-daily must be a whole number"),
    (["--backups-weekly", "99999999999999999999"], "--backups-weekly must be a whole number"),
    (["--date-style", "eu"], "invalid choice"),
    (["--page-size", "legal"], "invalid choice"),
    (["--backups-daily", "seven"], "invalid int value"),
]


@pytest.mark.parametrize(("args", "message"), CLI_REFUSALS, ids=[a[0] for a, _m in CLI_REFUSALS])
def test_the_settings_command_refuses_with_one_line_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    try:
        code = main(["settings", "--date-style", "us", *args])
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not settings_path().exists()


# (style, what was typed) — each must be refused, never read as some other day
BAD_DATES = [
    ("us", "13/45/2026"),
    ("us", "02/30/2026"),
    ("us", "31/03/2026"),  # a day first, as in Europe
    ("us", "03/31/26"),  # a two-digit year
    ("iso", "2026-02-30"),
    ("iso", "03/31/2026"),  # US style while ISO is chosen: which day would it be?
    ("iso", "2026-03-31T00:00"),
    ("us", ""),
    ("us", "\x00"),
    ("us", "9" * 10_000),
]


@pytest.mark.parametrize(
    ("style", "typed"), BAD_DATES, ids=[f"{s}:{t[:12]!r}" for s, t in BAD_DATES]
)
def test_a_typed_date_that_is_not_one_is_refused_with_the_style_to_use(
    style: str, typed: str
) -> None:
    qt_dates.use_date_style(style)
    with pytest.raises(ValueError, match="write it as") as refused:
        qt_dates.read_date(typed)
    assert qt_dates.show_date(date(2026, 3, 31)) in str(refused.value)
    assert len(str(refused.value)) < 100  # never the whole paste repeated back


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("email_field", NUL_EMAIL, "is not an e-mail address"),
        ("email_field", "me\u202e@cbp.dhs.gov", "is not an e-mail address"),  # bidi override
        ("name_field", "N" * 10_000, "at most 120"),
        ("name_field", "Ann\x07", "printable"),
        ("name_field", "   ", "required"),
    ],
)
def test_adding_me_refuses_what_the_audit_trail_could_not_hold(
    qtbot: Any, store: Any, app_home: Any, field: str, typed: str, reason: str
) -> None:
    from PySide6.QtCore import QSettings

    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.dialogs.executive_dialog import ExecutiveDialog
    from trusted_trader.services.reference import list_executives

    desk = Desk(Settings(), QSettings(str(app_home / "window.ini"), QSettings.Format.IniFormat))
    desk.set_store(store)
    dialog = ExecutiveDialog(desk)
    qtbot.addWidget(dialog)
    dialog.name_field.set_text("Ann Example")
    dialog.email_field.set_text("ann@cbp.dhs.gov")
    getattr(dialog, field).set_text(typed)
    assert reason in getattr(dialog, field).problem()
    assert not dialog.save_button.isEnabled()
    dialog.try_save()
    with store.uow() as uow:
        assert all(e.email != "ann@cbp.dhs.gov" for e in list_executives(uow))
