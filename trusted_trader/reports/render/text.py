"""The user's words made printable: glyphs the font has, lines that fit however long a word.

The embedded DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols,
but not CJK or most emoji; a character it lacks printed as an empty box that reads back as
nothing. Such characters print as U+FFFD (a visible "?" in a diamond) instead.

ReportLab draws characters left to right as stored; Hebrew and Arabic are stored first
letter first and read right to left, so their runs are turned round before drawing (a
line in a left-to-right document; Arabic letters print in their isolated forms).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.pdfbase import pdfmetrics

from trusted_trader.reports.render.fonts import FONT, FONT_BOLD, register_fonts

PLACEHOLDER = "\ufffd"
# Joiners, variation selectors and bidi controls shape emoji or steer a shaping engine
# ReportLab lacks; printed they would be placeholders or worse, so they are dropped.
_DROPPED_CATEGORIES = {"Cf"}
_RTL = {"R", "AL"}
_NEUTRAL = {"WS", "ON", "CS", "ES", "ET", "NSM", "BN"}
# Drawn in a reversed run, an opening bracket must become a closing one and back.
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@cache
def _covered() -> frozenset[int]:
    """Code points both the regular and the bold face can draw."""
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in (FONT, FONT_BOLD)]
    maps = [set(face.charToGlyph) for face in faces]
    return frozenset(maps[0] & maps[1])


def spoken(text: str) -> str:
    """``text`` for the document's properties, which screen readers and window titles show:
    logical order, control characters as spaces, no invisible format characters (a
    right-to-left override in a name would make the title read backwards)."""
    kept = (
        " " if unicodedata.category(char) == "Cc" else char
        for char in unicodedata.normalize("NFC", text)
        if unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return " ".join("".join(kept).split())


def printable(text: str) -> str:
    """``text`` ready to draw: control characters as spaces, invisible format characters
    dropped, glyphs the font lacks as U+FFFD, right-to-left runs in drawing order."""
    covered = _covered()
    out = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category == "Cc":
            out.append(" ")
        elif category in _DROPPED_CATEGORIES or (category == "Mn" and ord(char) not in covered):
            continue
        else:
            out.append(char if ord(char) in covered else PLACEHOLDER)
    return _visual_order("".join(out))


def _visual_order(text: str) -> str:
    """The order to draw ``text`` left to right in (a short form of the Unicode bidi rules).

    The first letter sets the line's direction. In a left-to-right line each right-to-left
    run (with the spaces and signs inside it) is turned round in place; in a right-to-left
    line the whole line is, except its left-to-right runs (Latin words, numbers).
    """
    kinds = [unicodedata.bidirectional(c) for c in text]
    if not any(k in _RTL for k in kinds):
        return text
    first_strong = next(k for k in kinds if k in _RTL or k == "L")
    if first_strong != "L":
        chunks = _runs(text, kinds, {"L", "EN", "AN"})
        return "".join(c if inside else _reversed(c) for inside, c in reversed(chunks))
    return "".join(_reversed(c) if inside else c for inside, c in _runs(text, kinds, _RTL))


def _runs(text: str, kinds: list[str], strong: set[str]) -> list[tuple[bool, str]]:
    """``text`` cut into (inside, chunk): runs from one ``strong`` character to the last one
    reached through neutrals only, and what lies between them."""
    chunks: list[tuple[bool, str]] = []
    start = None  # where the current run began
    end = 0  # just after the last strong character of the current run / last chunk end
    for index, kind in enumerate(kinds):
        if kind in strong:
            if start is None:
                if index > end:
                    chunks.append((False, text[end:index]))
                start = index
            end = index + 1
        elif kind not in _NEUTRAL and start is not None:
            chunks.append((True, text[start:end]))
            start = None
    if start is not None:
        chunks.append((True, text[start:end]))
    if end < len(text):
        chunks.append((False, text[end:]))
    return chunks


def _reversed(chunk: str) -> str:
    return chunk[::-1].translate(_MIRROR)


def fit_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width`` points: broken between words, inside a word if it must."""
    lines: list[str] = []
    line = ""
    for word in printable(text).split():
        candidate = f"{line} {word}" if line else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _break_word(word, font, size, width)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too long for a line, cut where the line is full (at least a character a line)."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and pdfmetrics.stringWidth(piece + char, font, size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces


def clip(text: str, font: str, size: float, width: float) -> str:
    """One line of at most ``width`` points, shortened with "…" when it would run over."""
    text = " ".join(printable(text).split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
