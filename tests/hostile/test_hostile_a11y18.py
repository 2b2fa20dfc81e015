"""Careless themes and hostile names against the accessibility promises (Section 508, #18).

Each row is a case tried: a background a user's theme may give (mid greys, pure colours)
must still let every warning colour read at 4.5:1; a partner name must reach the PDF's
title as the name a screen reader speaks, without control or direction-override
characters that would make the viewer's window title lie.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

REPORTS = Path(__file__).resolve().parent.parent / "reports"
sys.path.insert(0, str(REPORTS))
from report_fixtures import add_known_partner, invariant_options, pdf_reader  # noqa: E402

from trusted_trader.gui import style  # noqa: E402
from trusted_trader.reports.api import render_plan  # noqa: E402
from trusted_trader.services.store import Store  # noqa: E402

BACKGROUNDS = [
    "#ffffff",  # light theme
    "#000000",  # high contrast black
    "#f0f0f0",  # Fusion's window
    "#1e1e1e",  # dark theme
    "#767676",  # the grey where black and white both only just reach 4.5:1
    "#777777",
    "#808080",
    "#595959",
    "#0000ff",  # pure colours a careless theme may choose
    "#ffff00",
    "#ff0000",
    "#00ff00",
    "#d64545",  # the warning colour itself as a background
]


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("meaning", ["OVERDUE", "DUE_SOON", "GOOD", "ACCENT"])
def test_a_warning_colour_reads_at_4_5_to_1_on_any_background(
    background: str, meaning: str
) -> None:
    shown = style.readable(getattr(style, meaning), QColor(background))
    assert style.contrast(shown, QColor(background)) >= style.MIN_CONTRAST


# (legal name, what the PDF's title must end with)
NAMES = [
    ('Smith & Sons <Import> "Ltd"', 'Smith & Sons <Import> "Ltd"'),
    ("Ωμέγα Εμπορική", "Ωμέγα Εμπορική"),
    ("שלום סחר בע״מ", "שלום סחר בע״מ"),
    ("Acme\u202eshtnuoc\u202c Imports", "Acmeshtnuoc Imports"),  # right-to-left override
    ("Zero\u200bWidth\u200d Trading", "ZeroWidth Trading"),  # invisible characters
    ("Tab\tand\nnewline Ltd", "Tab and newline Ltd"),  # control characters
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_a_partner_name_reaches_the_pdf_title_as_a_screen_reader_should_speak_it(
    store: Store, name: str, expected: str
) -> None:
    known = add_known_partner(store, name=name)
    title = pdf_reader(render_plan(store, known.plan_id, invariant_options())).metadata.title
    assert title.endswith(f"— {expected}")
