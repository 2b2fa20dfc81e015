"""The documents' look: the embedded Unicode font, paragraph styles, table styles and colours."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from trusted_trader.reports.formatting import day_text

# Re-exported: the renderers take the font names from the styles, as before.
from trusted_trader.reports.render.fonts import FONT as FONT
from trusted_trader.reports.render.fonts import FONT_BOLD as FONT_BOLD
from trusted_trader.reports.render.fonts import register_fonts as register_fonts
from trusted_trader.reports.render.text import printable

CELL_PADDING = 3.0
HEADER_SIZE = 7.0

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#1f4e79")
STRIPE = colors.HexColor("#f0f4f8")
ACCENT = colors.HexColor("#1f4e79")
GOOD = colors.HexColor("#2f7d32")
BAD = colors.HexColor("#b3261e")
NEUTRAL = colors.HexColor("#7b8794")
BASELINE_FILL = colors.HexColor("#e4e7eb")
CURRENT_FILL = colors.HexColor("#dbeafe")


class Styles:
    """The paragraph styles every document shares."""

    def __init__(self, date_style: str = "iso") -> None:
        register_fonts()
        self.date_style = date_style
        base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=INK)
        self.body = base
        self.title = ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=2
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=10, leading=13, textColor=MUTED, spaceAfter=8
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        )
        self.statement = ParagraphStyle(
            "statement", parent=base, fontName=FONT_BOLD, fontSize=11, leading=15, spaceAfter=4
        )
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=FONT_BOLD)
        self.label = ParagraphStyle("label", parent=self.cell, textColor=MUTED, alignment=TA_LEFT)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of the user's words: escaped, so '&' and '<' print as written, and
        with a placeholder for what the font cannot draw (long words break: splitLongWords)."""
        return Paragraph(escape(printable(text)), style or self.body)

    def day(self, day: date | None) -> str:
        """A date as the document's reader chose to read dates."""
        return day_text(day, self.date_style)

    def cell_para(self, text: str, bold: bool = False) -> Paragraph:
        return Paragraph(escape(printable(text)), self.cell_bold if bold else self.cell)


def grid_style(
    numeric_columns: tuple[int, ...] = (),
    header_rows: int = 1,
    font_size: float = 8,
    stripes: bool = True,
) -> TableStyle:
    """Header band, light stripes, thin rules; numbers right-aligned."""
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size, font_size * 1.2),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, HEADER_SIZE, HEADER_SIZE * 1.2),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE]))
    for column in numeric_columns:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    return TableStyle(commands)
