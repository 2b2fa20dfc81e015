"""Data checks: what the stored records, imported entries above all, show to be wrong or odd.

Each check finds, for a scope of partners, the records that fail one rule, grouped by
partner: the count and the first records behind it. The list, the workspace tab,
``trusted-trader check`` and ``db check`` all read :func:`run_data_checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trusted_trader.domain.data_checks import DEFAULT_TOLERANCE, VolumeTolerance
from trusted_trader.domain.enums import TouchPointKind
from trusted_trader.domain.identifiers import IdentifierError, format_hts, parse_entry_number
from trusted_trader.services import data_check_queries as q
from trusted_trader.services.data_check_records import (
    CHECKS,
    ITEMS_PER_FINDING,
    CheckGroup,
    CheckId,
    CheckInfo,
    CheckItem,
    DataChecks,
    Finding,
    Severity,
)
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
    "scope_of_me",
]

HTS_DIGITS = 10  # the longest HTS number; a chapter, heading or 8 digits are shorter
# Chapters 98 and 99 of the HTSUS are special classification provisions and temporary or
# additional duties (9903.88.03 beside the product's number): not what the goods are, so
# not what places an importer with a Center.
NOT_CLASSIFYING_CHAPTERS = ("98", "99")


@dataclass
class _Collected:
    """Rows found per check, before the partners' names are read."""

    rows: dict[CheckId, list[tuple[int, int, tuple[CheckItem, ...], str]]] = field(
        default_factory=dict
    )

    def add(self, check: CheckId, partner: int, count: int, items: Sequence[CheckItem],
            note: str = "") -> None:  # fmt: skip
        self.rows.setdefault(check, []).append((partner, count, tuple(items), note))

    def partners(self) -> set[int]:
        return {row[0] for rows in self.rows.values() for row in rows}


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
    names = q.partner_names(uow, found.partners())
    groups = tuple(_group(info, found, names) for info in CHECKS if info.id in wanted)
    return DataChecks(scope, tolerance, groups, limit)


def _group(info: CheckInfo, found: _Collected, names: dict[int, tuple[str, str]]) -> CheckGroup:
    """A check's findings with their partners' names, in the order of the names."""
    findings = [
        Finding(info.id, pid, *names.get(pid, ("", "")), count, items, note)
        for pid, count, items, note in found.rows.get(info.id, [])
    ]
    findings.sort(key=lambda f: (f.partner_name.casefold(), f.partner_id))
    return CheckGroup(info, tuple(findings))


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
            item = CheckItem(table, int(record_id), number, day, _reason(table, exc), exc.reason)
            per.setdefault(int(partner_id), []).append(item)
    for partner_id, items in sorted(per.items()):
        items.sort(key=lambda i: (i.key, i.record_table, i.record_id))
        found.add(CheckId.ENTRY_CHECK_DIGIT, partner_id, len(items), items[:limit])


def _reason(table: str, exc: IdentifierError) -> str:
    """ "imported entry number is wrong: the check digit of … should be 8, not 9"."""
    where = "touch point" if table == "touch_point" else "imported entry"
    return f"{where} number {exc.reason}"


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
            if hts.startswith(NOT_CLASSIFYING_CHAPTERS):
                continue
            centers = self.centers(hts)
            if center_id not in centers:
                where = ", ".join(sorted(self._codes.get(c, "?") for c in centers)) or "no Center"
                words.append(f"HTS {format_hts(hts)} → {where}")
        return "; ".join(words)


def _touch_points(uow: UnitOfWork, partners: Any, limit: int, found: _Collected) -> None:
    per = _grouped(
        q.touch_points_without_entry(uow, partners, limit),
        lambda r: CheckItem(
            "touch_point",
            r.record_id,
            r.key,
            r.on,
            f"{TouchPointKind.label_of(r.detail)} on {r.on}",
        ),
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
