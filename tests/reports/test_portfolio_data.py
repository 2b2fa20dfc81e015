from __future__ import annotations

import pytest
from report_fixtures import BASELINE, CURRENT, TODAY, add_known_partner

from trusted_trader.domain.programs import CtpatTier
from trusted_trader.domain.statistics import PeriodCounts, Verdict
from trusted_trader.reports.portfolio_data import (
    SORT_KEYS,
    AttentionLine,
    PortfolioSnapshot,
    build_portfolio_snapshot,
)
from trusted_trader.services import partners
from trusted_trader.services.analytics import scope_for
from trusted_trader.services.partners import PartnerInput
from trusted_trader.services.store import Store

EMAIL = "ana.muller@cbp.dhs.gov"


@pytest.fixture
def portfolio_store(store: Store) -> Store:
    """Two partners with plans and the same history, and one without plan or data."""
    add_known_partner(store, name="Zeta Trading", ior="12-3456789AB")
    add_known_partner(store, name="Alpha Supply", ior="22-3456789AB")
    with store.uow() as uow:
        executive = scope_for(uow, executive_email=EMAIL)
        partners.create_partner(
            uow, PartnerInput("Mid Quiet Co", "32-3456789AB", executive_id=executive.id)
        )
        uow.commit()
    return store


def build(store: Store, sort_key: str = "name") -> PortfolioSnapshot:
    with store.uow() as uow:
        scope = scope_for(uow, executive_email=EMAIL)
        return build_portfolio_snapshot(uow, scope, BASELINE, CURRENT, sort_key, TODAY)


def test_every_partner_of_the_executive_has_a_row(portfolio_store: Store) -> None:
    snapshot = build(portfolio_store)
    assert snapshot.scope_label == "Ana Müller"
    assert snapshot.scope_type == "executive"
    assert [r.legal_name for r in snapshot.rows] == ["Alpha Supply", "Mid Quiet Co", "Zeta Trading"]


def test_a_row_carries_tier_rates_deadlines_and_plan(portfolio_store: Store) -> None:
    row = build(portfolio_store).rows[0]
    assert row.tier == CtpatTier(2)
    assert row.baseline_counts == PeriodCounts(48, 1200, 12)
    assert row.current_counts == PeriodCounts(20, 1000, 10)
    assert row.result.reduction == pytest.approx(0.5)
    assert row.result.verdict is Verdict.FELL
    # 3 plan reviews, the annual-review window, one response, two open action items.
    assert row.open_deadlines == 7
    assert row.overdue_actions == 1
    assert (row.plan_status, row.stale_plan) == ("Active", False)


def test_a_partner_without_plan_or_data_is_not_measurable(portfolio_store: Store) -> None:
    row = build(portfolio_store).rows[1]
    assert row.legal_name == "Mid Quiet Co"
    assert row.result.verdict is Verdict.NOT_MEASURABLE
    assert (row.plan_status, row.open_deadlines, row.tier) == ("No plan", 0, None)


def test_the_total_rolls_up_every_partner(portfolio_store: Store) -> None:
    snapshot = build(portfolio_store)
    assert snapshot.total_baseline == PeriodCounts(96, 2400, 12)
    assert snapshot.total_current == PeriodCounts(40, 2000, 10)
    assert snapshot.total.reduction == pytest.approx(0.5)
    assert len(snapshot.trend) == 22
    assert dict(snapshot.verdicts) == {
        "fell": 2,
        "rose": 0,
        "no clear change": 0,
        "not measurable": 1,
    }


def test_partners_with_overdue_actions_need_attention(portfolio_store: Store) -> None:
    assert build(portfolio_store).attention == (
        AttentionLine("Alpha Supply", "22-3456789AB", ("1 overdue action item",)),
        AttentionLine("Zeta Trading", "12-3456789AB; 98-7654321CD", ("1 overdue action item",)),
    )


@pytest.mark.parametrize(
    ("key", "order"),
    [
        ("name", ["Alpha Supply", "Mid Quiet Co", "Zeta Trading"]),
        ("reduction", ["Alpha Supply", "Zeta Trading", "Mid Quiet Co"]),
        ("rate", ["Alpha Supply", "Zeta Trading", "Mid Quiet Co"]),
        ("plan", ["Alpha Supply", "Zeta Trading", "Mid Quiet Co"]),
        ("deadlines", ["Alpha Supply", "Zeta Trading", "Mid Quiet Co"]),
    ],
)
def test_rows_sort_by_the_users_choice(portfolio_store: Store, key: str, order: list[str]) -> None:
    assert [r.legal_name for r in build(portfolio_store, key).rows] == order


def test_an_unknown_sort_key_is_refused(portfolio_store: Store) -> None:
    with pytest.raises(ValueError, match="cannot sort by 'size'"):
        build(portfolio_store, "size")


def test_the_command_line_offers_every_sort_key() -> None:
    from trusted_trader.commands.report import SORT_KEYS as CLI_KEYS

    assert CLI_KEYS == SORT_KEYS
