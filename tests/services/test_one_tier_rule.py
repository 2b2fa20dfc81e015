"""One partner's CTPAT tier reads the same in every query, report, export and import."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select

from trusted_trader.domain.periods import parse_month_range
from trusted_trader.domain.programs import CtpatTier
from trusted_trader.reports.portfolio_data import build_portfolio_snapshot
from trusted_trader.services import analytics, partners, programs
from trusted_trader.services.exporting import export_file
from trusted_trader.services.importing import ImportOptions, import_file
from trusted_trader.services.importing.partners import ctpat_tier
from trusted_trader.services.store import Store
from trusted_trader.store.models import ProgramEnrollment

SUSPENDED_TWO = CtpatTier(2, suspended=True)


def suspend_tier_two(store: Store, partner_id: int) -> None:
    with store.uow() as uow:
        programs.enroll(
            uow,
            partner_id,
            programs.EnrollmentInput("ctpat", status="suspended", tier=2),
        )
        uow.commit()


def test_rule_current_ctpat_tier_reads_the_same_everywhere(
    store: Store, acme_id: int, tmp_path: Path
) -> None:
    suspend_tier_two(store, acme_id)
    with store.uow() as uow:
        record = partners.get_partner(uow, acme_id)
        summary = partners.list_partners(uow)[0]
        scope = analytics.Scope("all", None, "All")
        period = parse_month_range("2026-01:2026-06")
        rate = analytics.partner_reductions(uow, scope, period, period)[0]
        report = build_portfolio_snapshot(
            uow, scope, period, period, "name", date(2026, 11, 30)
        ).rows[0]
        enrollments = list(uow.connection.execute(select(ProgramEnrollment)).mappings())
        exported = export_file(uow, "partners", tmp_path / "partners.csv")
    seen = [record.ctpat_tier, summary.ctpat_tier, rate.ctpat_tier, report.tier]
    assert seen == [SUSPENDED_TWO] * 4
    assert ctpat_tier(enrollments) == SUSPENDED_TWO  # what the partner import compares
    assert SUSPENDED_TWO.label == "Tier 2 (suspended)"
    with exported.path.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert CtpatTier.parse(row["ctpat_tier"]) == SUSPENDED_TWO
    with store.uow() as uow:  # the export re-imports unchanged: the tier stays suspended
        result = import_file(uow, "partners", exported.path, ImportOptions())
        uow.commit()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    with store.uow() as uow:
        assert partners.get_partner(uow, acme_id).ctpat_tier == SUSPENDED_TWO


def test_a_suspended_tier_is_not_in_good_standing_for_trade_compliance(
    store: Store, acme_id: int
) -> None:
    suspend_tier_two(store, acme_id)
    with store.uow() as uow:
        programs.enroll(uow, acme_id, programs.EnrollmentInput("trade_compliance"))
        record = partners.get_partner(uow, acme_id)
    codes = [f.code for f in programs.program_flags(record.enrollments, date(2026, 11, 30))]
    assert "trade_compliance_without_tier" in codes
