"""``trusted-trader settings``: the date style and the printing settings the window also sets."""

from __future__ import annotations

import pytest

from trusted_trader.cli import main
from trusted_trader.settings import Settings


def test_the_settings_command_sets_what_the_settings_dialog_sets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--date-style", "us", "--marking", " CUI ", "--page-size", "a4"]
    assert main(["settings", *args, "--backups-daily", "3", "--backups-weekly", "0"]) == 0
    out = capsys.readouterr().out
    assert "Dates in the window: us" in out
    assert "Printed documents: a4, marking CUI" in out
    assert "Backups kept: 3 daily, 0 weekly" in out
    saved = Settings.load()
    assert (saved.date_style, saved.marking, saved.page_size) == ("us", "CUI", "a4")
    assert (saved.backups_daily, saved.backups_weekly) == (3, 0)


def test_changing_one_setting_keeps_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    Settings(executive_email="ann@cbp.dhs.gov", marking="CUI").save()
    assert main(["settings", "--date-style", "us"]) == 0
    saved = Settings.load()
    assert (saved.executive_email, saved.marking, saved.date_style) == (
        "ann@cbp.dhs.gov",
        "CUI",
        "us",
    )
