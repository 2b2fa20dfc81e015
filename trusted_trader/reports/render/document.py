"""The page frame every document shares: marking, running title, "Page N of M", metadata."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from trusted_trader import APP_NAME, __version__
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.render.styles import FONT, FONT_BOLD, INK, MUTED, RULE, register_fonts

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 16 * mm
HEADER_GAP = 12 * mm
CREATOR = f"{APP_NAME} {__version__}"


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself, and the running title on every page."""

    title: str
    subject: str
    author: str
    running_title: str


def page_size(options: ReportOptions) -> tuple[float, float]:
    width, height = PAGE_SIZES[options.page_size]
    return float(width), float(height)


def frame_width(options: ReportOptions) -> float:
    return page_size(options)[0] - 2 * float(MARGIN)


def build_pdf(story: list[Flowable], info: DocumentInfo, options: ReportOptions) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = page_size(options)
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP,
        bottomMargin=MARGIN + 8 * mm,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator=CREATOR,
        producer=f"{CREATOR} (ReportLab)",
        invariant=1 if options.invariant else 0,
        initialFontName=FONT,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    decorate = _Decoration(info, options)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate.draw)])
    doc.build(story, canvasmaker=_counting_canvas(decorate))
    return buffer.getvalue()


class _Decoration:
    """Header and footer; the page total is only known when the last page is done."""

    def __init__(self, info: DocumentInfo, options: ReportOptions) -> None:
        self.info = info
        self.options = options

    def draw(self, canvas: Canvas, _doc: Any) -> None:
        width, height = page_size(self.options)
        canvas.saveState()
        top = height - MARGIN
        if self.options.marking.strip():
            canvas.setFont(FONT_BOLD, 9)
            canvas.setFillColor(INK)
            canvas.drawCentredString(width / 2, top, self.options.marking.strip())
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, top - 12, _fit(canvas, self.info.running_title, width / 2))
        canvas.drawRightString(width - MARGIN, top - 12, CREATOR)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 16, width - MARGIN, top - 16)
        canvas.line(MARGIN, MARGIN + 10, width - MARGIN, MARGIN + 10)
        canvas.drawString(MARGIN, MARGIN, f"Generated {self.options.today.isoformat()}")
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, number: int, total: int) -> None:
        width, _height = page_size(self.options)
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, MARGIN, f"Page {number} of {total}")
        if self.options.marking.strip():
            canvas.setFont(FONT_BOLD, 8)
            canvas.setFillColor(INK)
            canvas.drawCentredString(width / 2, MARGIN, self.options.marking.strip())
        canvas.restoreState()


def _fit(canvas: Canvas, text: str, width: float) -> str:
    """Shorten a running title that would run into the right-hand text."""
    if canvas.stringWidth(text, FONT, 7.5) <= width:
        return text
    while text and canvas.stringWidth(text + "…", FONT, 7.5) > width:
        text = text[:-1]
    return text + "…"


def _counting_canvas(decoration: _Decoration) -> type[Canvas]:
    class CountingCanvas(Canvas):  # type: ignore[misc]
        """Holds each finished page until the end, then stamps "Page N of M" on all."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                decoration.draw_page_number(self, number, total)
                super().showPage()
            super().save()

    return CountingCanvas
