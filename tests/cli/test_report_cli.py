"""``trusted-trader report``: the three documents from the command line."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from trusted_trader.cli import main
from trusted_trader.services.store import open_store
from trusted_trader.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))
from report_fixtures import add_known_partner

IOR = "12-3456789AB"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for the module: the commands only read it."""
    folder = tmp_path_factory.mktemp("report-cli")
    url = f"sqlite:///{folder / 'reports.sqlite'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUSTED_TRADER_HOME", str(folder / "home"))
        store = open_store(url, actor="tester@cbp.dhs.gov")
        add_known_partner(store)
        store.close()
    yield url


def read(path: Path) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split()), reader


def test_the_plan_is_written_to_the_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.pdf"
    assert main(["--db", db, "report", "plan", "--partner", IOR, "-o", str(out)]) == 0
    assert f"Wrote the engagement plan to {out}" in capsys.readouterr().out
    text, reader = read(out)
    assert "Engagement plan 2026" in text and "Acme Imports" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612


def test_progress_with_explicit_periods(db: str, tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    args = ["--baseline", "2025-01:2025-12", "--current", "2026-01:2026-10"]
    assert main(["--db", db, "report", "progress", "--partner", IOR, *args, "-o", str(out)]) == 0
    text, _reader = read(out)
    assert "Touch points per 1,000 entries fell 50%" in text


def test_progress_defaults_to_the_latest_plans_periods(db: str, tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    assert main(["--db", db, "report", "progress", "--partner", IOR, "-o", str(out)]) == 0
    text, _reader = read(out)
    assert "against baseline Jan 2025 – Dec 2025" in " ".join(text.split())


def test_portfolio_of_a_center_on_a4_with_a_marking(db: str, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.pdf"
    args = ["--center", "PHC", "--sort", "reduction", "--page-size", "a4", "--marking", "CUI"]
    assert main(["--db", db, "report", "portfolio", *args, "-o", str(out)]) == 0
    text, reader = read(out)
    assert "Portfolio report" in text and "Acme Imports" in text and "CUI" in text
    assert "change, largest fall first" in text
    assert round(float(reader.pages[0].mediabox.width)) == 595


def test_marking_and_paper_default_to_the_settings(db: str, tmp_path: Path) -> None:
    Settings(marking="For official use only", page_size="a4").save()
    out = tmp_path / "portfolio.pdf"
    email = "ana.muller@cbp.dhs.gov"
    assert main(["--db", db, "report", "portfolio", "--executive", email, "-o", str(out)]) == 0
    text, reader = read(out)
    assert "For official use only" in text
    assert round(float(reader.pages[0].mediabox.width)) == 595


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["plan", "--partner", "99-9999999AB"], 1, "No partner has IOR number 99-9999999AB."),
        (["plan", "--partner", IOR, "--plan", "999"], 1, "There is no engagement plan #999"),
        (["progress", "--partner", IOR, "--baseline", "2025-01:2025-12"], 2, "give both"),
        (["portfolio", "--center", "NOPE"], 1, "NOPE"),
    ],
)
def test_mistakes_get_one_line(
    db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["--db", db, "report", *args, "-o", str(out)]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_a_bad_month_is_a_usage_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "report", "progress", "--partner", IOR, "--baseline", "2025-13"])
    assert exit_info.value.code == 2
    assert "months run from 01 to 12" in capsys.readouterr().err
