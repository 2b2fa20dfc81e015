"""Hostile names and markings on paper: every document reads back and stays inside its page.

Seen (#14): a 200-character name without spaces overprinted its portfolio row and ran past
the margin; a long --marking ran off both edges and over the footer; emoji printed as empty
boxes. Each row below renders the plan, the progress report and the portfolio report.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

REPORTS = Path(__file__).resolve().parent.parent / "reports"
sys.path.insert(0, str(REPORTS))
from pdf_geometry import (  # noqa: E402
    Page,
    crossing,
    outside_margins,
    overprinted,
    pdf_pages,
    pdftotext,
)
from report_fixtures import (  # noqa: E402
    BASELINE,
    CURRENT,
    add_known_partner,
    invariant_options,
)
from report_fixtures import _plan_input as hostile_plan_input  # noqa: E402

from trusted_trader.cli import main  # noqa: E402
from trusted_trader.reports.api import render_plan, render_portfolio, render_progress  # noqa: E402
from trusted_trader.reports.options import MAX_MARKING_LENGTH, ReportOptions  # noqa: E402
from trusted_trader.reports.render.document import MARGIN  # noqa: E402
from trusted_trader.reports.render.text import PLACEHOLDER, printable  # noqa: E402
from trusted_trader.services import contacts, plans  # noqa: E402
from trusted_trader.services.analytics import scope_for  # noqa: E402
from trusted_trader.services.plans import ActionItemInput, ObjectiveInput  # noqa: E402
from trusted_trader.services.records import RiskAreaRecord  # noqa: E402
from trusted_trader.services.store import Store  # noqa: E402

LONG_WORD = ("Zweckverbandsimportgesellschaft" * 7)[:200]
# (case, partner name, what pdftotext must read back; None: the name as written)
NAMES = [
    ("200 characters without a space", LONG_WORD, None),
    ("XML specials", "Smith & Sons <Import> \"Ltd\" 'x' </para> &amp; <b>", None),
    ("emoji", "Ship 🚢 Supplies ✅ 🇺🇸 Co", "Ship � Supplies � �� Co"),
    ("emoji sequence with joiners", "Dev 👩‍💻 Works 👍🏽", "Dev �� Works ��"),
    ("bidi override", "Acme \u202eevil\u202c Ltd", "Acme evil Ltd"),
    ("control characters", "Tab\tand\x07bell Ltd", "Tab and bell Ltd"),
    ("Hebrew", "יבוא ישראלי בעמ", None),
    ("Arabic", "شركة الاستيراد", None),
    ("CJK", "上海进出口有限公司 Trading", f"{PLACEHOLDER * 9} Trading"),
    ("Greek and accents", "Ωμέγα Εμπορική Ünïcödé Çà", None),
    ("long words, many", " ".join([LONG_WORD[:60]] * 3), None),
]
MARKINGS = [
    ("CUI banner", "CUI//SP-PRVCY//SP-TAX"),
    ("longest allowed, words", ("CONTROLLED UNCLASSIFIED INFORMATION " * 3)[:MAX_MARKING_LENGTH]),
    ("longest allowed, one word", "W" * MAX_MARKING_LENGTH),
    ("emoji and CJK", "CUI 🔒 機密 " + "X" * 40),
]
REFUSED_MARKINGS = [
    ("one over the limit", "C" * (MAX_MARKING_LENGTH + 1)),
    ("a page of text", "CUI " * 2000),
]
EMAIL = "ana.muller@cbp.dhs.gov"


def render_all(store: Store, name: str, options: ReportOptions) -> dict[str, bytes]:
    known = add_known_partner(store, name=name)
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=EMAIL)
    return {
        "plan": render_plan(store, known.plan_id, options),
        "progress": render_progress(
            store, known.partner_id, known.plan_id, BASELINE, CURRENT, options
        ),
        "portfolio": render_portfolio(store, scope, BASELINE, CURRENT, "name", options),
    }


def flat(text: str) -> str:
    return "".join(text.split())


def assert_inside_the_page(document: str, pages: list[Page]) -> None:
    for number, page in enumerate(pages, 1):
        where = f"{document} page {number}"
        assert outside_margins(page, float(MARGIN)) == [], f"{where}: past the margin"
        assert overprinted(page) == [], f"{where}: words over one another"
        footer_rule = page.height - float(MARGIN) - 10
        header_rule = float(MARGIN) + 16
        assert crossing(page, footer_rule) == [], f"{where}: over the footer"
        assert crossing(page, header_rule) == [], f"{where}: over the header"
        assert all(w.top >= 0 and w.bottom <= page.height for w in page.words), where


@pytest.mark.parametrize(("case", "name", "read_back"), NAMES, ids=[n[0] for n in NAMES])
def test_a_hostile_name_prints_inside_every_document(
    store: Store, case: str, name: str, read_back: str | None
) -> None:
    documents = render_all(store, name, invariant_options(marking="CUI"))
    expected = flat(read_back if read_back is not None else name)
    for document, pdf in documents.items():
        assert expected in flat(pdftotext(pdf)), f"{case}: {document} lost the name"
        assert_inside_the_page(document, pdf_pages(pdf))


@pytest.mark.parametrize(("case", "marking"), MARKINGS, ids=[m[0] for m in MARKINGS])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_long_marking_wraps_inside_head_and_foot(
    store: Store, case: str, marking: str, paper: str
) -> None:
    documents = render_all(
        store, "Acme Imports", invariant_options(marking=marking, page_size=paper)
    )
    for document, pdf in documents.items():
        pages = pdf_pages(pdf)
        assert_inside_the_page(document, pages)
        # Printed twice on every page: at the head and at the foot.
        text = flat(pdftotext(pdf))
        assert text.count(flat(printable(marking))) >= 2 * len(pages), f"{case}: {document}"


@pytest.mark.parametrize(
    ("case", "marking"), REFUSED_MARKINGS, ids=[m[0] for m in REFUSED_MARKINGS]
)
def test_a_marking_too_long_for_the_page_is_refused_in_one_line(
    case: str,
    marking: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ValueError, match=f"at most {MAX_MARKING_LENGTH}"):
        ReportOptions(marking=marking)
    out = tmp_path / "plan.pdf"
    db = f"sqlite:///{tmp_path / 'tt.sqlite'}"
    args = ["report", "portfolio", "--executive", EMAIL, "--marking", marking, "-o", str(out)]
    code = main(["--db", db, *args])
    err = capsys.readouterr().err
    assert code == 2, case
    assert len(err.strip().splitlines()) == 1 and f"at most {MAX_MARKING_LENGTH}" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("written", "drawn"),
    [
        ("A🚢B", f"A{PLACEHOLDER}B"),
        ("tab\there", "tab here"),
        ("Ωμέγα", "Ωμέγα"),
        ("יבוא ישראלי בעמ", "מעב ילארשי אובי"),  # drawn left to right, read right to left
        ("Acme (שלום) 12", "Acme (םולש) 12"),
        ("שלום (בעמ)", "(מעב) םולש"),  # brackets inside a reversed run are mirrored
        ("\u202eevil", "evil"),
    ],
)
def test_what_is_drawn_is_what_the_font_has_in_drawing_order(written: str, drawn: str) -> None:
    assert printable(written) == drawn


# Everything else a user types that a plan or progress report prints.
# (case, text, what pdftotext must read back)
PLAN_TEXTS = [
    ("200 characters without a space", LONG_WORD, LONG_WORD),
    (
        "emoji, CJK and XML",
        "Train 🚆 broker <staff> & 上海 team ✅",
        "Train � broker <staff> & �� team �",
    ),
    ("right to left", "הדרכת עמילי מכס", "הדרכת עמילי מכס"),
]


@pytest.mark.parametrize(("case", "text", "read_back"), PLAN_TEXTS, ids=[t[0] for t in PLAN_TEXTS])
def test_hostile_plan_texts_print_inside_the_plan_and_progress_report(
    store: Store, case: str, text: str, read_back: str
) -> None:
    known = add_known_partner(store, name=text)
    plan = replace(
        hostile_plan_input(),
        title=text[:120],
        summary=f"{text} {text}",
        risk_areas=[RiskAreaRecord("valuation", "high", text)],
        objectives=[ObjectiveInput(text, text[:40], 40.0, 30.0)],  # measure holds 40
        action_items=[ActionItemInput(text, "partner", text[:80], date(2026, 6, 30))],
    )
    with store.uow() as uow:
        contacts.add_contact(uow, known.partner_id, name=text[:100], role=text[:60])
        plan_id = plans.create_plan(uow, known.partner_id, plan).id
        uow.commit()
    options = invariant_options(marking="CUI")
    documents = {
        "plan": render_plan(store, plan_id, options),
        "progress": render_progress(store, known.partner_id, plan_id, BASELINE, CURRENT, options),
    }
    for document, pdf in documents.items():
        assert flat(read_back) in flat(pdftotext(pdf)), f"{case}: {document}"
        assert_inside_the_page(document, pdf_pages(pdf))
