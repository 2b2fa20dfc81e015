"""Data checks: what the stored records, imported entries above all, show to be wrong or odd.

Each check finds, for a scope of partners, the records that fail one rule, grouped by
partner: the count and the first records behind it. The list, the workspace tab,
``trusted-trader check`` and ``db check`` all read :func:`run_data_checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from trusted_trader.domain.data_checks import DEFAULT_TOLERANCE, VolumeTolerance
from trusted_trader.domain.identifiers import IdentifierError, format_hts, parse_entry_number
from trusted_trader.services import data_check_queries as q
from trusted_trader.services.scope import Scope, partners_in
from trusted_trader.store.uow import UnitOfWork

__all__ = [
    "CHECKS",
    "ITEMS_PER_FINDING",
    "CheckGroup",
    "CheckId",
    "CheckInfo",
    "CheckItem",
    "DataChecks",
    "Finding",
    "Severity",
    "run_data_checks",
]

HTS_DIGITS = 10  # the longest HTS number; a chapter, heading or 8 digits are shorter
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


@dataclass
class _Collected:
    """Rows found per check, before the partners' names are read."""

    rows: dict[CheckId, list[tuple[int, int, tuple[CheckItem, ...], str]]] = field(
        default_factory=dict
    )

    def add(self, check: CheckId, partner: int, count: int, items: Sequence[CheckItem],
            note: str = "") -> None:  # fmt: skip
        self.rows.setdefault(check, []).append((partner, count, tuple(items), note))


def run_data_checks(
    uow: UnitOfWork,
    scope: Scope = Scope(),
    tolerance: VolumeTolerance = DEFAULT_TOLERANCE,
    *,
    limit: int = ITEMS_PER_FINDING,
    checks: Iterable[CheckId] | None = None,
) -> DataChecks:
    """Every check (or those named) over the scope's partners, each partner's records capped."""
    wanted = set(CheckId) if checks is None else set(checks)
    partners = partners_in(scope)
    found = _Collected()
    runners: list[tuple[set[CheckId], Callable[[], None]]] = [
        ({CheckId.ENTRY_CHECK_DIGIT}, lambda: _entry_numbers(uow, partners, limit, found)),
        (
            {CheckId.UNAUTHORIZED_FILER, CheckId.NO_FILER_CODES},
            lambda: _filers(uow, partners, limit, found, wanted),
        ),
        ({CheckId.HTS_OTHER_CENTER}, lambda: _hts(uow, partners, limit, found)),
        ({CheckId.TOUCH_POINT_UNKNOWN_ENTRY}, lambda: _touch_points(uow, partners, limit, found)),
        ({CheckId.VOLUME_MISMATCH}, lambda: _volumes(uow, partners, tolerance, limit, found)),
    ]
    for checks_run, run in runners:
        if checks_run & wanted:
            run()
    names = q.partner_names(uow, (row[0] for rows in found.rows.values() for row in rows))
    groups = []
    for info in CHECKS:
        if info.id not in wanted:
            continue
        findings = [
            Finding(info.id, pid, *names.get(pid, ("", "")), count, items, note)
            for pid, count, items, note in found.rows.get(info.id, [])
        ]
        findings.sort(key=lambda f: (f.partner_name.casefold(), f.partner_id))
        groups.append(CheckGroup(info, tuple(findings)))
    return DataChecks(scope, tolerance, tuple(groups), limit)


def _grouped(rows: Iterable[q.Row], item: Callable[[q.Row], CheckItem]) -> dict[int, Any]:
    """Rows of a capped query per partner: (count, items)."""
    per: dict[int, tuple[int, list[CheckItem]]] = {}
    for row in rows:
        per.setdefault(row.partner_id, (row.total, []))[1].append(item(row))
    return per


def _entry_numbers(uow: UnitOfWork, partners: Any, limit: int, found: _Collected) -> None:
    per: dict[int, list[CheckItem]] = {}
    for table, record_id, partner_id, number, day in q.doubtful_entry_numbers(uow, partners):
        try:
            parse_entry_number(number)
        except IdentifierError as exc:
            item = CheckItem(table, int(record_id), number, day, _reason(table, exc))
            per.setdefault(int(partner_id), []).append(item)
    for partner_id, items in sorted(per.items()):
        items.sort(key=lambda i: (i.key, i.record_table, i.record_id))
        found.add(CheckId.ENTRY_CHECK_DIGIT, partner_id, len(items), items[:limit])


def _reason(table: str, exc: IdentifierError) -> str:
    where = "touch point" if table == "touch_point" else "imported entry"
    return f"{where}: {exc.reason}"


def _filers(
    uow: UnitOfWork, partners: Any, limit: int, found: _Collected, wanted: set[CheckId]
) -> None:
    if CheckId.UNAUTHORIZED_FILER in wanted:
        per = _grouped(
            q.unauthorized_filers(uow, partners, limit),
            lambda r: CheckItem(
                "customs_entry", r.record_id, r.key, r.on, f"filer code {r.detail}"
            ),
        )
        codes = q.filer_codes_of(uow, per)
        for pid, (count, items) in per.items():
            note = "filer codes on record: " + ", ".join(codes.get(pid, []))
            found.add(CheckId.UNAUTHORIZED_FILER, pid, count, items, note)
    if CheckId.NO_FILER_CODES in wanted:
        for pid, entries in q.entries_without_filer_codes(uow, partners):
            note = f"no filer codes on record: its {entries:,} entries were not checked"
            found.add(CheckId.NO_FILER_CODES, pid, entries, (), note)


def _hts(uow: UnitOfWork, partners: Any, limit: int, found: _Collected) -> None:
    prefixes, codes = q.coverage(uow)
    judge = _CoverageJudge(prefixes, codes)
    bad: dict[tuple[int, str], str] = {}
    for center_id, hts_text in q.hts_combinations(uow, partners):
        outside = judge.outside(center_id, hts_text)
        if outside:
            bad[(center_id, hts_text)] = outside
    per: dict[int, list[CheckItem]] = {}
    for center_id, pid, entry_id, number, day, hts_text in q.entries_with_hts(
        uow, partners, {h for _c, h in bad}
    ):
        detail = bad.get((int(center_id), str(hts_text)))
        if detail:
            per.setdefault(int(pid), []).append(
                CheckItem("customs_entry", entry_id, number, day, detail)
            )
    centers = q.center_codes_of(uow, per)
    for pid, items in sorted(per.items()):
        items.sort(key=lambda i: i.key)
        note = f"the partner's Center: {centers.get(pid, '')}"
        found.add(CheckId.HTS_OTHER_CENTER, pid, len(items), items[:limit], note)


class _CoverageJudge:
    """Which Center(s) an HTS number maps to: those holding its longest covered prefix."""

    def __init__(self, prefixes: dict[str, set[int]], codes: dict[int, str]) -> None:
        self._prefixes = prefixes
        self._codes = codes
        self._longest = max((len(p) for p in prefixes), default=0)
        self._cache: dict[str, frozenset[int]] = {}

    def centers(self, hts: str) -> frozenset[int]:
        if hts not in self._cache:
            self._cache[hts] = frozenset()
            for length in range(min(len(hts), self._longest), 0, -1):
                holders = self._prefixes.get(hts[:length])
                if holders:
                    self._cache[hts] = frozenset(holders)
                    break
        return self._cache[hts]

    def outside(self, center_id: int, hts_text: str) -> str:
        """The entry's HTS numbers the Center does not cover, each with where it maps."""
        words = []
        for hts in hts_text.split():
            if not (hts.isascii() and hts.isdigit()) or len(hts) > HTS_DIGITS:
                shown = hts if len(hts) <= HTS_DIGITS + 4 else hts[:HTS_DIGITS] + "…"
                words.append(f"HTS '{shown}' is not an HTS number")
                continue
            centers = self.centers(hts)
            if center_id not in centers:
                where = ", ".join(sorted(self._codes.get(c, "?") for c in centers)) or "no Center"
                words.append(f"HTS {format_hts(hts)} → {where}")
        return "; ".join(words)


def _touch_points(uow: UnitOfWork, partners: Any, limit: int, found: _Collected) -> None:
    per = _grouped(
        q.touch_points_without_entry(uow, partners, limit),
        lambda r: CheckItem("touch_point", r.record_id, r.key, r.on, f"{r.detail} on {r.on}"),
    )
    for pid, (count, items) in per.items():
        found.add(CheckId.TOUCH_POINT_UNKNOWN_ENTRY, pid, count, items)


def _volumes(
    uow: UnitOfWork, partners: Any, tolerance: VolumeTolerance, limit: int, found: _Collected
) -> None:
    def month(row: q.Row) -> CheckItem:
        reported, counted = int(row.key), int(row.detail)
        detail = f"reported {reported:,}, counted {counted:,}: {abs(reported - counted):,} apart"
        return CheckItem("monthly_volume", row.record_id, f"{row.on:%Y-%m}", row.on, detail)

    per = _grouped(q.volume_mismatches(uow, partners, tolerance, limit), month)
    note = f"tolerance: {tolerance.describe()}"
    for pid, (count, items) in per.items():
        found.add(CheckId.VOLUME_MISMATCH, pid, count, items, note)


WHO_CHOICES = ("mine", "center", "all")


def scope_of_me(uow: UnitOfWork, who: str, executive_id: int | None) -> Scope:
    """The list's scope: my portfolio, my Center, or everyone (also when "me" is unknown)."""
    from trusted_trader.store.models import AccountExecutive

    executive = uow.session.get(AccountExecutive, executive_id) if executive_id else None
    if executive is None or who not in ("mine", "center"):
        return Scope()
    if who == "mine" or executive.center_id is None:  # without a Center: my own partners
        return Scope("executive", executive.id, executive.name, executive.email)
    return Scope("center", executive.center_id)
