"""Where the words of a PDF lie, read back with poppler's ``pdftotext -bbox``."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
# Glyph boxes of neighbouring lines may touch; only a real overprint overlaps by more.
OVERLAP = 1.0


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    def overlaps(self, other: Word) -> bool:
        wide = min(self.x1, other.x1) - max(self.x0, other.x0)
        high = min(self.bottom, other.bottom) - max(self.top, other.top)
        return wide > OVERLAP and high > OVERLAP


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def pdf_pages(pdf: bytes) -> list[Page]:
    """Every page's size and its words with their boxes (points, origin top left)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        raw = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-bbox", str(source), "-"],
            check=True,
            capture_output=True,
        ).stdout
    # The <head> repeats the metadata title, where poppler writes an emoji as two halves.
    html = raw.decode("utf-8", errors="replace")
    pages = []
    for width, height, body in _PAGE.findall(html):
        words = [
            Word(unescape(text), float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(body)
        ]
        pages.append(Page(float(width), float(height), words))
    return pages


def pdftotext(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(source), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def outside_margins(page: Page, margin: float) -> list[Word]:
    """Words that reach into the left or right margin."""
    return [w for w in page.words if w.x0 < margin - 0.5 or w.x1 > page.width - margin + 0.5]


def overprinted(page: Page) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over one another."""
    words = sorted(page.words, key=lambda w: w.top)
    pairs = []
    for index, word in enumerate(words):
        for other in words[index + 1 :]:
            if other.top > word.bottom:
                break
            if word.overlaps(other):
                pairs.append((word, other))
    return pairs


def crossing(page: Page, rule_top: float) -> list[Word]:
    """Words cut by a horizontal rule ``rule_top`` points below the top of the page."""
    return [w for w in page.words if w.top + OVERLAP < rule_top < w.bottom - OVERLAP]
