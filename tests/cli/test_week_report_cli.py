"""``trusted-trader report week``: the week's agenda from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from trusted_trader.cli import main
from trusted_trader.services.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))
from pdf_geometry import pdf_pages, pdftotext
from report_fixtures import add_known_partner


def test_the_week_agenda_of_a_center_is_one_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'week.sqlite'}"
    store = open_store(url, actor="tester@cbp.dhs.gov")
    known = add_known_partner(store)
    store.close()
    out = tmp_path / "week.pdf"
    args = ["--db", url, "report", "week", "--center", known.center_code, "-o", str(out)]
    assert main(args) == 0
    assert f"Wrote the week agenda to {out}" in capsys.readouterr().out
    pdf = out.read_bytes()
    assert len(pdf_pages(pdf)) == 1
    text = pdftotext(pdf)
    assert "Week agenda" in text and known.center_code in text


def test_two_scopes_at_once_are_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "week.pdf"
    url = f"sqlite:///{tmp_path / 'week.sqlite'}"
    with pytest.raises(SystemExit) as exited:
        main(["--db", url, "report", "week", "--all", "--center", "ELEC", "-o", str(out)])
    assert exited.value.code == 2 and not out.exists()
