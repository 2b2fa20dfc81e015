"""Tables that read well across pages: repeated headers, whole rows, long lists split in parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from trusted_trader.reports.render.styles import (
    CELL_PADDING,
    FONT,
    FONT_BOLD,
    HEADER_SIZE,
    Styles,
    grid_style,
)
from trusted_trader.reports.render.text import fit_lines

# ReportLab lays out one long table in time that grows faster than its rows; parts
# of this many rows (each with the header repeated) make a 1,000-row table ~2x faster.
CHUNK_ROWS = 60
# A table this short moves to the next page whole rather than leave a stub behind.
KEEP_WHOLE_ROWS = 12
# Room a long section needs below its heading (heading, header row and a few rows).
LONG_SECTION_START = 45 * mm
# The label column of a profile block, the same in every document.
LABEL_WIDTH = 32 * mm

# A table cell: plain text (drawn as is, fastest) or a flowable such as a Paragraph.
Cell: TypeAlias = object


def data_table(
    styles: Styles,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    numeric: tuple[int, ...] = (),
    *,
    extra_style: Sequence[tuple[Any, ...]] = (),
    empty: str = "None.",
    font_size: float = 8,
) -> list[Flowable]:
    """A table (or several parts of one) with the header on every page."""
    if not rows:
        return [styles.para(empty, styles.small)]
    # Plain text headers (wrapped here once) cost far less than a Paragraph on every page.
    head = [
        "\n".join(wrapped(line, w, FONT_BOLD, HEADER_SIZE) for line in h.split("\n"))
        for h, w in zip(header, widths, strict=True)
    ]
    # Stripes guide the eye along short tables; on long ones the rules do, at less cost.
    style = grid_style(numeric, font_size=font_size, stripes=len(rows) <= CHUNK_ROWS)
    extras = _by_part(extra_style)
    parts: list[Flowable] = []
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = [list(r) for r in rows[start : start + CHUNK_ROWS]]
        table = Table([head, *chunk], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        table.setStyle(style)
        if extras.get(start // CHUNK_ROWS):
            table.setStyle(extras[start // CHUNK_ROWS])
        parts.append(table)
    return parts


def section(heading: Flowable, body: list[Flowable], rows: int) -> list[Flowable]:
    """A heading with its content: a short section moves to the next page whole; a long one
    starts on a new page unless a few of its rows fit under the heading."""
    if rows <= KEEP_WHOLE_ROWS:
        return [KeepTogether([heading, *body])]
    return [CondPageBreak(LONG_SECTION_START), heading, *body]


def _by_part(commands: Sequence[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    """Per-row style commands (one body row each, counted from 0) moved into their part."""
    parts: dict[int, list[tuple[Any, ...]]] = {}
    for name, (c0, row), (c1, last), *rest in commands:
        if row != last:
            raise ValueError("a row style command must name a single row")
        part, offset = divmod(int(row), CHUNK_ROWS)
        parts.setdefault(part, []).append((name, (c0, offset + 1), (c1, offset + 1), *rest))
    return parts


def wrapped(text: str, width: float, font: str = FONT, size: float = 8) -> str:
    """Text broken into lines that fit ``width``, for a plain table cell.

    A plain cell is drawn as written (no markup, so nothing to escape) and costs a
    fraction of a Paragraph: the long tables of the portfolio use these. A word longer
    than the cell (a 200-character name without spaces) is cut where the line is full.
    """
    return "\n".join(fit_lines(text, font, size, width - 2 * CELL_PADDING))


def key_value_table(styles: Styles, pairs: Sequence[tuple[str, str]], width: float) -> Table:
    """A profile block ``width`` wide: labels in grey on the left, the user's values beside them."""
    rows = [[styles.para(k, styles.label), styles.cell_para(v)] for k, v in pairs]
    table = Table(rows, colWidths=[LABEL_WIDTH, width - LABEL_WIDTH], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table
