"""What the data checks find: the checks, their findings per partner and the records behind.

Read-only records for the list, the workspace tab, the command line (text, JSON) and the
CSV export; :mod:`trusted_trader.services.data_checks` fills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from trusted_trader.domain.data_checks import VolumeTolerance
from trusted_trader.services.scope import Scope

CSV_HEADER = ("check", "severity", "partner", "ior_number", "count", "records", "note")
ITEMS_PER_FINDING = 25  # records listed per partner and check; the count is always whole


class Severity(StrEnum):
    PROBLEM = "problem"  # a record to correct, or a question to put to the partner
    INFORMATION = "information"  # worth knowing; nothing need be wrong


class CheckId(StrEnum):
    ENTRY_CHECK_DIGIT = "entry_check_digit"
    UNAUTHORIZED_FILER = "unauthorized_filer"
    NO_FILER_CODES = "no_filer_codes"
    HTS_OTHER_CENTER = "hts_other_center"
    TOUCH_POINT_UNKNOWN_ENTRY = "touch_point_unknown_entry"
    VOLUME_MISMATCH = "volume_mismatch"


@dataclass(frozen=True)
class CheckInfo:
    """What a check looks for, in the user's words, and where its records are kept."""

    id: CheckId
    title: str
    severity: Severity
    explanation: str
    tab: str  # the partner workspace's tab that shows the records
    nouns: tuple[str, str] = ("entry", "entries")  # what is counted: one, several


CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo(
        CheckId.ENTRY_CHECK_DIGIT,
        "Entry numbers whose check digit is wrong",
        Severity.PROBLEM,
        "The last digit of an entry number is computed from the filer code and serial "
        "(CBP Form 7501; CATAIR Appendix E). A wrong one is a typing error: correct the number.",
        "touch_points",
        ("entry number", "entry numbers"),
    ),
    CheckInfo(
        CheckId.UNAUTHORIZED_FILER,
        "Entries filed under a filer code not the partner's (possible unauthorized filer)",
        Severity.PROBLEM,
        "The entry's filer code is not among the partner's filer codes. Either a broker "
        "files for the partner without being on record, or the filer codes need updating.",
        "entries",
    ),
    CheckInfo(
        CheckId.NO_FILER_CODES,
        "Partners with entries but no filer codes on record",
        Severity.INFORMATION,
        "Without filer codes on record the entries' filers cannot be checked; "
        "these partners are listed once, not entry by entry. Add the filer codes to the profile.",
        "overview",
    ),
    CheckInfo(
        CheckId.HTS_OTHER_CENTER,
        "HTS numbers outside the coverage of the partner's Center",
        Severity.PROBLEM,
        "The HTS number's longest prefix in the Centers' coverage belongs to another Center "
        "(or to none): the partner may belong with another Center.",
        "entries",
    ),
    CheckInfo(
        CheckId.TOUCH_POINT_UNKNOWN_ENTRY,
        "Touch points whose entry is not among the partner's imported entries",
        Severity.INFORMATION,
        "Only months with imported entries are checked: the entry may belong to another "
        "importer, the number may be mistyped, or the export may be incomplete.",
        "touch_points",
        ("touch point", "touch points"),
    ),
    CheckInfo(
        CheckId.VOLUME_MISMATCH,
        "Months whose reported total differs from the entries counted",
        Severity.PROBLEM,
        "The month's reported (typed in or imported) total and the count of its imported "
        "entries differ by more than the tolerance.",
        "volume",
        ("month", "months"),
    ),
)
CHECK_INFO = {info.id: info for info in CHECKS}


@dataclass(frozen=True)
class CheckItem:
    """One record behind a finding: an entry, a touch point or a month."""

    record_table: str  # "customs_entry" | "touch_point" | "monthly_volume"
    record_id: int
    key: str  # what the user knows it by: the entry number, the month "2026-03"
    on: date | None
    detail: str  # why it is listed, in words
    # The rule it breaks without the record named ("is wrong: the check digit of …"), for a
    # line that names the record its own way (``db check``); empty where detail says it all.
    reason: str = ""

    def text(self) -> str:
        """``ABC-1234567-8 (filer code XYZ)``: the key, and the detail when there is one."""
        return f"{self.key} ({self.detail})" if self.detail else self.key


@dataclass(frozen=True)
class Finding:
    """One check's finding for one partner: how many records, and the first of them."""

    check: CheckId
    partner_id: int
    partner_name: str
    ior_number: str
    count: int
    items: tuple[CheckItem, ...] = ()
    note: str = ""  # what holds for the partner as a whole ("filer codes on record: ABC")

    @property
    def info(self) -> CheckInfo:
        return CHECK_INFO[self.check]

    @property
    def more(self) -> int:
        """How many records the capped list leaves out."""
        return max(self.count - len(self.items), 0)

    def items_text(self, shown: int = 3) -> str:
        """The first records in one line, with how many more there are."""
        listed = [item.text() for item in self.items[:shown]]
        rest = self.count - len(listed)
        if rest > 0 and listed:
            listed.append(f"and {rest:,} more")
        return "; ".join(listed) or self.note

    def as_json(self) -> dict[str, Any]:
        return {
            "partner": {"id": self.partner_id, "name": self.partner_name, "ior": self.ior_number},
            "count": self.count,
            "note": self.note,
            "records": [
                {
                    "table": i.record_table,
                    "id": i.record_id,
                    "key": i.key,
                    "date": i.on.isoformat() if i.on else None,
                    "detail": i.detail,
                }
                for i in self.items
            ],
            "more": self.more,
        }


@dataclass(frozen=True)
class CheckGroup:
    """A check with every partner's finding."""

    info: CheckInfo
    findings: tuple[Finding, ...]

    @property
    def count(self) -> int:
        return sum(f.count for f in self.findings)

    def summary(self) -> str:
        """``12 entries in 3 partners``, or ``none``."""
        if not self.findings:
            return "none"
        partners, count = len(self.findings), self.count
        noun = self.info.nouns[count != 1]
        return f"{count:,} {noun} in {partners:,} partner{'s' if partners != 1 else ''}"


@dataclass(frozen=True)
class DataChecks:
    """Every check's findings for a scope, in the order the checks are listed."""

    scope: Scope
    tolerance: VolumeTolerance
    groups: tuple[CheckGroup, ...]
    limit: int = ITEMS_PER_FINDING

    @property
    def has_problems(self) -> bool:
        return any(g.findings for g in self.groups if g.info.severity is Severity.PROBLEM)

    def findings(self) -> list[Finding]:
        return [f for g in self.groups for f in g.findings]

    def group(self, check: CheckId) -> CheckGroup:
        return next(g for g in self.groups if g.info.id is check)

    def as_csv(self) -> bytes:
        """One row per finding, every record listed, for a spreadsheet (UTF-8 with BOM)."""
        import csv
        import io

        from trusted_trader.services.importing.read import neutralize

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for finding in self.findings():
            listed = "; ".join(i.text() for i in finding.items)
            more = f"; and {finding.more:,} more" if finding.more and listed else ""
            info = finding.info
            cells = (info.title, info.severity.value, finding.partner_name, finding.ior_number,
                     str(finding.count), listed + more, finding.note)  # fmt: skip
            writer.writerow([neutralize(c) for c in cells])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def as_json(self) -> dict[str, Any]:
        return {
            "scope": {"type": self.scope.type, "label": self.scope.label, "key": self.scope.key},
            "tolerance": {
                "entries": self.tolerance.entries,
                "percent": self.tolerance.percent,
                "text": self.tolerance.describe(),
            },
            "records_per_finding": self.limit,
            "problems": self.has_problems,
            "checks": [
                {
                    "id": g.info.id.value,
                    "title": g.info.title,
                    "severity": g.info.severity.value,
                    "count": g.count,
                    "findings": [f.as_json() for f in g.findings],
                }
                for g in self.groups
            ],
        }
