"""The page frame every document shares: marking, running title, "Page N of M", metadata."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from trusted_trader import APP_NAME, __version__
from trusted_trader.reports.formatting import day_text
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.render.fonts import FONT, FONT_BOLD, register_fonts
from trusted_trader.reports.render.styles import INK, MUTED, RULE, Styles
from trusted_trader.reports.render.text import clip, fit_lines, spoken

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 16 * mm
HEADER_GAP = 12 * mm
CREATOR = f"{APP_NAME} {__version__}"
# The document's language, for screen readers (the /Lang catalog entry); the text is English.
LANGUAGE = "en-US"

Snapshot = TypeVar("Snapshot")
# One part of a document: what it prints of the snapshot, in the page's styles and width.
Section = Callable[[Snapshot, Styles, float], list[Flowable]]


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


def render_sections(
    snapshot: Snapshot,
    sections: Sequence[Section[Snapshot]],
    info: DocumentInfo,
    options: ReportOptions,
) -> bytes:
    """The document's sections one after another, each as wide as the page's frame."""
    styles = Styles(options.date_style)
    width = frame_width(options)
    story = [flowable for part in sections for flowable in part(snapshot, styles, width)]
    return build_pdf(story, info, options)


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
        title=spoken(info.title),
        author=spoken(info.author),
        subject=spoken(info.subject),
        creator=CREATOR,
        producer=f"{CREATOR} (ReportLab)",
        invariant=1 if options.invariant else 0,
        initialFontName=FONT,
        lang=LANGUAGE,
    )
    # No padding: the story is laid out frame_width() wide, exactly between the margins
    # (ReportLab's 6 pt default pushed every full-width table past the right margin).
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
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
        # Above the running title, growing up into the margin: a long marking wraps.
        marking = fit_lines(self.options.marking, FONT_BOLD, 9, width - 2 * MARGIN)
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColor(INK)
        for index, line in enumerate(reversed(marking)):
            canvas.drawCentredString(width / 2, top + index * 11, line)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, top - 12, clip(self.info.running_title, FONT, 7.5, width / 2))
        canvas.drawRightString(width - MARGIN, top - 12, CREATOR)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 16, width - MARGIN, top - 16)
        canvas.line(MARGIN, MARGIN + 10, width - MARGIN, MARGIN + 10)
        canvas.drawString(MARGIN, MARGIN, self._generated())
        canvas.restoreState()

    def _generated(self) -> str:
        return f"Generated {day_text(self.options.today, self.options.date_style)}"

    def draw_page_number(self, canvas: Canvas, number: int, total: int) -> None:
        width, _height = page_size(self.options)
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        page = f"Page {number} of {total}"
        canvas.drawRightString(width - MARGIN, MARGIN, page)
        # Between the date and the page number, growing down into the margin.
        sides = max(stringWidth(t, FONT, 7.5) for t in (page, self._generated())) + 8
        lines = fit_lines(self.options.marking, FONT_BOLD, 8, width - 2 * (MARGIN + sides))
        canvas.setFont(FONT_BOLD, 8)
        canvas.setFillColor(INK)
        for index, line in enumerate(lines):
            canvas.drawCentredString(width / 2, MARGIN - index * 9, line)
        canvas.restoreState()


def _counting_canvas(decoration: _Decoration) -> type[Canvas]:
    class CountingCanvas(Canvas):  # type: ignore[misc]
        """Holds each finished page until the end, then stamps "Page N of M" on all."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            # Viewers then name the window by the title, not the file (WCAG 2.4.2).
            self.setViewerPreference("DisplayDocTitle", "true")

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
