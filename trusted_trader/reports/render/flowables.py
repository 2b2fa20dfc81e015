"""Custom flowables: the signature block and the verdict badge."""

from __future__ import annotations

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable

from trusted_trader.domain.statistics import Verdict
from trusted_trader.reports.render.styles import BAD, FONT, FONT_BOLD, GOOD, INK, MUTED, NEUTRAL
from trusted_trader.reports.render.text import clip


def verdict_colour(verdict: Verdict | str) -> Color:
    value = Verdict(verdict)
    if value is Verdict.FELL:
        return GOOD
    if value is Verdict.ROSE:
        return BAD
    return NEUTRAL


class SignatureBlock(Flowable):  # type: ignore[misc]
    """Two signature lines side by side: the Account Executive's and the partner's."""

    def __init__(self, signers: list[tuple[str, str]], width: float) -> None:
        super().__init__()
        self.signers = signers
        self.width = width
        self.height = 62.0

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        gap = 24.0
        column = (self.width - gap * (len(self.signers) - 1)) / len(self.signers)
        for index, (role, name) in enumerate(self.signers):
            x = index * (column + gap)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.line(x, 34, x + column * 0.68, 34)
            canvas.line(x + column * 0.74, 34, x + column, 34)
            canvas.setFont(FONT, 7)
            canvas.setFillColor(MUTED)
            canvas.drawString(x, 25, "Signature")
            canvas.drawString(x + column * 0.74, 25, "Date")
            canvas.setFont(FONT_BOLD, 8.5)
            canvas.setFillColor(INK)
            canvas.drawString(x, 12, clip(role, FONT_BOLD, 8.5, column))
            canvas.setFont(FONT, 8.5)
            canvas.drawString(x, 1, clip(name or " ", FONT, 8.5, column))


class VerdictBadge(Flowable):  # type: ignore[misc]
    """A coloured pill with the verdict word, so the answer is seen before it is read."""

    def __init__(self, verdict: Verdict | str, label: str | None = None) -> None:
        super().__init__()
        self.verdict = Verdict(verdict)
        self.label = label or self.verdict.value.capitalize()
        self.height = 16.0
        self.width = 0.0

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.width = stringWidth(self.label, FONT_BOLD, 9) + 16
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(verdict_colour(self.verdict))
        canvas.roundRect(0, 0, self.width, self.height, 7, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawCentredString(self.width / 2, 4.5, self.label)
