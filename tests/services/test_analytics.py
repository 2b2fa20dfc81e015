"""Touch-point reduction by scope, its breakdowns, funnel plot and measured objectives.

The counts come from `analytics_world` (read its docstring): every expected number below is
worked out by hand from it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date

import pytest
from analytics_world import (
    ALPHA_IOR,
    ANN,
    BASELINE,
    BOB,
    CURRENT,
    DELETED_IOR,
    GAMMA_IOR,
    World,
    build_world,
)

from tests.conftest import module_store
from trusted_trader.domain.errors import NotFoundError, ValidationError
from trusted_trader.domain.periods import MonthRange, parse_month_range
from trusted_trader.domain.statistics import (
    Basis,
    PeriodCounts,
    Verdict,
    funnel_limits,
    reduction_between,
)
from trusted_trader.services import analytics, partners, plans, reference
from trusted_trader.services.analytics import Scope
from trusted_trader.services.plans import ObjectiveInput, PlanInput
from trusted_trader.services.records import PlanRecord
from trusted_trader.services.store import Store
from trusted_trader.store.uow import UnitOfWork

JSON_KEYS = {
    "scope",
    "basis",
    "baseline",
    "current",
    "rate_ratio",
    "reduction",
    "reduction_ci95",
    "p_value",
    "verdict",
    "note",
}
PERIOD_KEYS = {"from", "to", "touch_points", "entries", "rate"}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, World]]:
    """The known partners, built once per backend: the tests only read (or roll back)."""
    yield from module_store(request, tmp_path_factory.mktemp("analytics"), build_world)


@pytest.fixture
def known(world_store: tuple[Store, World]) -> Store:
    return world_store[0]


@pytest.fixture
def world(world_store: tuple[Store, World]) -> World:
    return world_store[1]


def _counts(found: analytics.ScopeReduction) -> tuple[int, int | None, int, int | None]:
    b, c = found.baseline_counts, found.current_counts
    return b.touch_points, b.entries, c.touch_points, c.entries


# --- scopes --------------------------------------------------------------------------------


def test_center_scope_counts_its_partners_and_leaves_out_deleted_ones(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, center_code="elec")
        found = analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT)
    assert scope == Scope("center", world.centers["ELEC"], "ELEC", "ELEC")
    # Alpha 18 + Beta 6 over 6,000 + 3,000; then Alpha 9 + Beta 12 over 6,000 + 6,000.
    assert _counts(found) == (24, 9000, 21, 12000)
    # 24 / 9,000 * 1,000 = 2.667; 21 / 12,000 * 1,000 = 1.75; RR = 1.75 / 2.667 = 0.65625.
    assert found.result.baseline_rate == pytest.approx(2.6666667)
    assert found.result.current_rate == pytest.approx(1.75)
    assert found.result.rate_ratio == pytest.approx(0.65625)
    assert found.result.reduction == pytest.approx(0.34375)
    expected = reduction_between(PeriodCounts(24, 9000, 6), PeriodCounts(21, 12000, 6))
    assert found.result == expected


def test_executive_scope_is_the_portfolio_whatever_the_center(known: Store, world: World) -> None:
    with known.uow() as uow:
        ann = analytics.scope_for(uow, executive_email=ANN.upper())
        bob = analytics.scope_for(uow, executive_email=BOB)
        ann_found = analytics.reduction_for_scope(uow, ann, BASELINE, CURRENT)
        bob_found = analytics.reduction_for_scope(uow, bob, BASELINE, CURRENT)
    assert (ann.type, ann.id, ann.label, ann.key) == (
        "executive",
        world.executives[ANN],
        "Ann Lee",
        ANN,
    )
    # Ann: Alpha only (her deleted partner is left out): 18 / 6,000 = 3.0 -> 9 / 6,000 = 1.5.
    assert _counts(ann_found) == (18, 6000, 9, 6000)
    assert ann_found.result.rate_ratio == pytest.approx(0.5)
    # Bob: Beta (ELEC) + Gamma (MAC, no volume): 6 + 4 = 10 and 12 + 2 = 14 touch points.
    assert _counts(bob_found) == (10, 3000, 14, 6000)
    assert ann_found.result.note is None


def test_touch_points_of_partners_without_entries_are_pointed_out(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        bob = analytics.scope_for(uow, executive_email=BOB)
        found = analytics.reduction_for_scope(uow, bob, BASELINE, CURRENT)
        elec = analytics.reduction_for_scope(
            uow, Scope("center", world.centers["ELEC"]), BASELINE, CURRENT
        )
        everyone = analytics.reduction_for_scope(uow, Scope("all"), BASELINE, CURRENT)
    # Gamma has no volume: its 4 and 2 exams count towards Bob's rate without entries.
    assert found.result.note == (
        "4 baseline and 2 current touch points are of partners with no entries on record "
        "for the period; they are counted, their entries are missing."
    )
    assert elec.result.note is None  # Alpha and Beta report entries in both periods
    # Everyone: Gamma's 4 and 2, and Iota's 1 in the current period.
    assert (everyone.result.note or "").startswith("4 baseline and 3 current touch points")


def test_partner_scope_is_found_by_any_written_form_of_its_ior(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, partner_ior="123456789ab")
        found = analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT)
    assert scope == Scope("partner", world.ids["alpha"], "Alpha Imports", ALPHA_IOR)
    # The touch points of 2024-12-31 and 2025-07-01 lie outside both periods.
    assert _counts(found) == (18, 6000, 9, 6000)


def test_all_scope_counts_every_partner_not_deleted(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow)
        found = analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT)
    assert scope == Scope("all", None, "All partners")
    # Baseline: Alpha 18 + Beta 6 + Gamma 4 = 28 over 9,000 entries.
    # Current: 9 + 12 + 2 (ELEC, MAC) + 6 + 0 + 12 + 3 + 1 (BMT) = 45 over
    # 12,000 + 600 + 30,000 + 6,000 + 6,000 = 54,600 entries.
    assert _counts(found) == (28, 9000, 45, 54600)


def test_partner_without_volume_falls_back_to_touch_points_per_month(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        found = analytics.reduction_for_scope(
            uow, analytics.scope_for(uow, partner_ior=GAMMA_IOR), BASELINE, CURRENT
        )
    assert _counts(found) == (4, None, 2, None)
    assert found.result.basis is Basis.MONTHS
    # 4 / 6 months and 2 / 6 months: RR = 0.5.
    assert found.result.baseline_rate == pytest.approx(4 / 6)
    assert found.result.rate_ratio == pytest.approx(0.5)
    assert "No entry volume for either period" in (found.result.note or "")


def test_a_deleted_partner_cannot_be_named_and_counts_nothing(known: Store, world: World) -> None:
    with known.uow() as uow:
        with pytest.raises(NotFoundError, match="45-6789012GH"):
            analytics.scope_for(uow, partner_ior=DELETED_IOR)
        found = analytics.reduction_for_scope(
            uow, Scope("partner", world.ids["deleted"]), BASELINE, CURRENT
        )
    assert _counts(found) == (0, None, 0, None)
    assert found.result.verdict is Verdict.NOT_MEASURABLE


def test_unknown_names_are_not_found(known: Store, world: World) -> None:
    with known.uow() as uow:
        with pytest.raises(NotFoundError):
            analytics.scope_for(uow, center_code="NOPE")
        with pytest.raises(NotFoundError):
            analytics.scope_for(uow, executive_email="nobody@cbp.dhs.gov")
        with pytest.raises(NotFoundError):
            analytics.scope_for(uow, partner_ior="11-1111111AA")


def test_a_scope_must_be_one_of_the_four_and_have_an_id_when_it_names_one() -> None:
    with pytest.raises(ValueError, match="scope type"):
        Scope("port", 1)
    with pytest.raises(ValueError, match="needs an id"):
        Scope("center", None)
    with pytest.raises(ValueError, match="needs no id"):
        Scope("all", 3)


def test_kind_filter_counts_one_kind_against_all_entries(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, center_code="ELEC")
        found = analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT, kind="CF-28")
        with pytest.raises(ValidationError, match="kind"):
            analytics.reduction_for_scope(uow, scope, BASELINE, CURRENT, kind="x-ray")
    assert found.kind == "cf28"
    # Alpha's CF-28s only: 6 and 3, entries are the Center's.
    assert _counts(found) == (6, 9000, 3, 12000)


# --- breakdowns ----------------------------------------------------------------------------


def test_reduction_by_kind_has_every_kind_in_order(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, center_code="ELEC")
        found = analytics.reduction_by_kind(uow, scope, BASELINE, CURRENT)
    assert [f.kind for f in found] == [
        "exam",
        "hold",
        "cf28",
        "cf29",
        "cf29_taken",
        "cf4647",
        "prepenalty",
        "penalty",
        "liquidated_damages",
        "seizure",
        "audit",
    ]
    by_kind = {f.kind: f for f in found}
    # Exams: Alpha 12 -> Alpha 6 + Beta 6; holds: Beta 6 -> 6; CF-28: Alpha 6 -> 3.
    assert _counts(by_kind["exam"]) == (12, 9000, 12, 12000)
    assert _counts(by_kind["hold"]) == (6, 9000, 6, 12000)
    assert _counts(by_kind["cf28"]) == (6, 9000, 3, 12000)
    assert by_kind["seizure"].result.verdict is Verdict.NOT_MEASURABLE
    single = analytics.reduction_for_scope
    with known.uow() as uow:
        assert by_kind["hold"].result == single(uow, scope, BASELINE, CURRENT, "hold").result


def test_reduction_by_port_lists_the_busiest_ports_first(known: Store, world: World) -> None:
    with known.uow() as uow:
        elec = analytics.scope_for(uow, center_code="ELEC")
        found = analytics.reduction_by_port(uow, elec, BASELINE, CURRENT)
        top = analytics.reduction_by_port(uow, elec, BASELINE, CURRENT, limit=1)
        everyone = analytics.reduction_by_port(uow, analytics.scope_for(uow), BASELINE, CURRENT)
    # 2704: Alpha 12 exams + Beta 6 holds -> Alpha 6 + Beta 6 exams (30 in all);
    # 1001: Alpha 6 CF-28 -> Alpha 3 CF-28 + Beta 6 holds (15 in all).
    assert [(port, _counts(f)) for port, f in found.ports] == [
        ("2704", (18, 9000, 12, 12000)),
        ("1001", (6, 9000, 9, 12000)),
    ]
    assert all(f.kind is None for _, f in found.ports)
    assert [port for port, _ in top.ports] == ["2704"]
    # Gamma's port joins; the BMT touch points have no port and are left out.
    assert [port for port, _ in everyone.ports] == ["2704", "1001", "0901"]
    # No entries were imported: the rates divide by the scope's entries, and say so.
    assert found.caption == (
        "Rates per port divide by all the partners' entries: no entries by port on record."
    )


def test_monthly_series_fills_months_without_data_with_zeros(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, partner_ior=ALPHA_IOR)
        series = analytics.monthly_series(uow, scope, parse_month_range("2024-12:2025-08"))
    assert [(p.month, p.touch_points, p.entries, p.rate) for p in series] == [
        (date(2024, 12, 1), 1, 0, None),
        *[(date(2025, m, 1), 3, 1000, 3.0) for m in range(1, 7)],  # 3 / 1,000 * 1,000
        (date(2025, 7, 1), 1, 0, None),
        (date(2025, 8, 1), 0, 0, None),
    ]


def test_monthly_series_of_a_center_adds_up_to_the_period_count(known: Store, world: World) -> None:
    with known.uow() as uow:
        scope = analytics.scope_for(uow, center_code="ELEC")
        series = analytics.monthly_series(uow, scope, CURRENT)
        exams = analytics.monthly_series(uow, scope, BASELINE, kind="exam")
    # Jan-Mar: Alpha exam + CF-28, Beta hold + exam = 4; Apr-Jun: 3; 2,000 entries a month.
    assert [p.touch_points for p in series] == [4, 4, 4, 3, 3, 3]
    assert sum(p.touch_points for p in series) == 21
    assert {p.entries for p in series} == {2000}
    assert series[0].rate == pytest.approx(2.0)  # 4 / 2,000 * 1,000
    # Baseline exams: Alpha's 2 a month over 1,000 + 500 entries = 1.333 per 1,000.
    assert [p.touch_points for p in exams] == [2] * 6
    assert exams[0].rate == pytest.approx(2 / 1500 * 1000)


# --- partners side by side -----------------------------------------------------------------


def test_partner_reductions_list_every_partner_of_the_scope(known: Store, world: World) -> None:
    with known.uow() as uow:
        elec = analytics.partner_reductions(
            uow, Scope("center", world.centers["ELEC"]), BASELINE, CURRENT
        )
        bmt = analytics.partner_reductions(
            uow, Scope("center", world.centers["BMT"]), BASELINE, CURRENT
        )
    assert [(r.legal_name, r.ior_numbers, r.ctpat_tier) for r in elec] == [
        ("Alpha Imports", ALPHA_IOR, None),
        ("Beta Trading", "23-4567890CD", None),
    ]
    alpha, beta = elec
    assert (alpha.baseline_counts, alpha.current_counts) == (
        PeriodCounts(18, 6000, 6),
        PeriodCounts(9, 6000, 6),
    )
    assert alpha.result.rate_ratio == pytest.approx(0.5)
    # Beta: 6 / 3,000 = 2.0 -> 12 / 6,000 = 2.0 per 1,000: no change.
    assert beta.result.rate_ratio == pytest.approx(1.0)
    iota = next(r for r in bmt if r.legal_name == "Iota Works")
    assert iota.current_counts == PeriodCounts(1, None, 6)
    assert iota.result.verdict is Verdict.NOT_MEASURABLE  # nothing in its baseline


def test_center_funnel_ranks_partners_and_places_them_against_the_limits(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        funnel = analytics.center_funnel(uow, world.centers["BMT"], CURRENT)
    # Partners with entries: 6 + 0 + 12 + 3 = 21 touch points over
    # 600 + 30,000 + 6,000 + 6,000 = 42,600 entries -> 0.49296 per 1,000.
    center_rate = 21 / 42600 * 1000
    assert funnel.center_code == "BMT"
    assert funnel.center_rate == pytest.approx(center_rate)
    assert [(p.legal_name, p.touch_points, p.entries, p.position) for p in funnel.points] == [
        ("Epsilon Ltd", 6, 600, "above"),  # 10.0; expected 0.30, upper limit 4.3 touch points
        ("Eta Inc", 12, 6000, "above"),  # 2.0; expected 2.96, upper limit 8.7
        ("Theta Co", 3, 6000, "within"),  # 0.5; limits 0.6 to 8.7
        ("Zeta Corp", 0, 30000, "below"),  # 0.0; expected 14.8, lower limit 8.2
        ("Iota Works", 1, 0, "within"),  # no entries: no rate, nothing to place
    ]
    for point in funnel.points[:4]:
        assert (point.lower, point.upper) == pytest.approx(
            funnel_limits(center_rate, point.entries)
        )
    iota = funnel.points[-1]
    assert (iota.rate, iota.lower, iota.upper) == (None, 0.0, math.inf)


def test_center_funnel_has_wider_99_8_percent_limits_and_a_curve_over_the_volumes(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        funnel = analytics.center_funnel(uow, world.centers["BMT"], CURRENT)
    center_rate = 21 / 42600 * 1000
    for point in funnel.points[:4]:
        assert (point.lower_998, point.upper_998) == pytest.approx(
            funnel_limits(center_rate, point.entries, z=3.090232306167813)
        )
        assert point.lower_998 <= point.lower and point.upper <= point.upper_998
    # Zeta's none of 14.8 expected is beyond even the 99.8% limit; Epsilon's 6 of 0.3
    # expected (upper 99.8% limit about 7.5) and Eta's 12 of 3.0 are only beyond the 95%.
    assert {p.legal_name for p in funnel.points if p.beyond_998} == {"Zeta Corp"}
    assert [p.legal_name for p in funnel.beyond] == ["Epsilon Ltd", "Eta Inc", "Zeta Corp"]
    volumes = [c.entries for c in funnel.curve]
    assert volumes[0] == 600 and volumes[-1] == 30000 and volumes == sorted(volumes)
    # The funnel narrows as the volume grows.
    widths = [c.upper - c.lower for c in funnel.curve]
    assert widths[0] > widths[-1]


def test_center_funnel_of_an_unknown_center_is_not_found(known: Store, world: World) -> None:
    with known.uow() as uow, pytest.raises(NotFoundError):
        analytics.center_funnel(uow, 9999, CURRENT)


# --- measured objectives -------------------------------------------------------------------

PLAN_PERIOD = parse_month_range("2026-01:2026-12")


def _plan(uow: UnitOfWork, world: World) -> PlanRecord:
    """A plan for Alpha, left uncommitted: the shared world is rolled back after each test."""
    objectives = [
        ObjectiveInput("Touch points per 1,000 entries down 25%", "rate"),
        ObjectiveInput("Fewer requests for information", "rate:cf28", 1.2, 0.4),
        ObjectiveInput("Exam rate down 60%", "rate:exam"),
        ObjectiveInput("Better classification", "CF-29 count"),
    ]
    data = PlanInput(PLAN_PERIOD, BASELINE, objectives=objectives)
    return plans.create_plan(uow, world.ids["alpha"], data)


def test_objectives_are_measured_against_their_targets(known: Store, world: World) -> None:
    with known.uow() as uow:
        plan = _plan(uow, world)
        rate, cf28, exam, free = analytics.measure_objectives(uow, plan, today=date(2026, 7, 15))
    # Current period = 2026-01..2026-06, the full months of the plan before July.
    assert rate.reduction is not None and rate.reduction.current == CURRENT
    # All kinds: 3.0 -> 1.5 per 1,000; "down 25%" makes the target 3.0 * 0.75 = 2.25: met.
    assert (rate.kind, rate.baseline_value, rate.current_value) == (None, 3.0, 1.5)
    assert (rate.target_reduction, rate.target_rate, rate.target_met) == (0.25, 2.25, True)
    # CF-28: 3 / 6,000 = 0.5 against the target 0.4: not met; the plan's baseline 1.2 is kept.
    assert (cf28.kind, cf28.baseline_value, cf28.current_value) == ("cf28", 1.2, 0.5)
    assert (cf28.target_rate, cf28.target_met) == (0.4, False)
    assert cf28.objective.baseline_value == 1.2
    # Exams: 12 / 6,000 = 2.0 -> 6 / 6,000 = 1.0, a 50% fall short of "down 60%" (0.8).
    assert (exam.kind, exam.baseline_value, exam.current_value) == ("exam", 2.0, 1.0)
    assert exam.target_rate == pytest.approx(0.8) and exam.target_met is False
    # Free text cannot be measured.
    assert (free.reduction, free.current_value, free.target_met) == (None, None, None)


def test_objectives_read_nothing_back_into_the_plan(known: Store, world: World) -> None:
    with known.uow() as uow:
        plan = _plan(uow, world)
        analytics.measure_objectives(uow, plan, today=date(2026, 7, 15))
        assert plans.get_plan(uow, plan.id).objectives[0].baseline_value is None


def test_objectives_of_a_plan_without_a_full_month_are_not_measurable(
    known: Store, world: World
) -> None:
    with known.uow() as uow:
        plan = _plan(uow, world)
        rate = analytics.measure_objectives(uow, plan, today=date(2026, 1, 20))[0]
    assert rate.reduction is not None
    assert rate.reduction.result.verdict is Verdict.NOT_MEASURABLE
    assert "no full month" in (rate.reduction.result.note or "")
    assert (rate.baseline_value, rate.current_value, rate.target_met) == (3.0, None, None)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("rate", (True, None)),
        (" Rate ", (True, None)),
        ("rate:cf28", (True, "cf28")),
        ("rate:CF-28", (True, "cf28")),
        ("rate:nonsense", (False, None)),
        ("CF-28 count", (False, None)),
    ],
)
def test_objective_measures_name_a_rate_and_a_kind(
    measure: str, expected: tuple[bool, str | None]
) -> None:
    from trusted_trader.services.analytics.objectives import objective_kind

    assert objective_kind(measure) == expected


# --- periods and JSON ----------------------------------------------------------------------


def test_default_periods_are_the_last_twelve_full_months_and_the_twelve_before() -> None:
    baseline, current = analytics.default_periods(date(2026, 11, 28))
    assert (str(baseline), str(current)) == ("2024-11:2025-10", "2025-11:2026-10")
    baseline, current = analytics.default_periods(date(2026, 1, 1))
    assert (str(baseline), str(current)) == ("2024-01:2024-12", "2025-01:2025-12")


def test_json_has_exactly_the_agreed_keys_and_is_valid_json(known: Store, world: World) -> None:
    with known.uow() as uow:
        found = analytics.reduction_for_scope(
            uow, analytics.scope_for(uow, center_code="elec"), BASELINE, CURRENT
        )
    data = json.loads(json.dumps(found.as_json(), allow_nan=False))
    assert set(data) == JSON_KEYS
    assert set(data["baseline"]) == set(data["current"]) == PERIOD_KEYS
    assert data["scope"] == {"type": "center", "id": "ELEC"}
    assert data["baseline"] == {
        "from": "2025-01",
        "to": "2025-06",
        "touch_points": 24,
        "entries": 9000,
        "rate": pytest.approx(8 / 3),
    }
    assert data["verdict"] == found.result.verdict.value
    assert data["reduction_ci95"] == pytest.approx(list(found.result.reduction_ci95 or ()))


def test_json_of_an_unmeasurable_scope_writes_nulls(known: Store, world: World) -> None:
    months = MonthRange(date(2020, 1, 1), date(2020, 12, 1))
    with known.uow() as uow:
        found = analytics.reduction_for_scope(uow, Scope("all"), months, months)
    data = json.loads(json.dumps(found.as_json(), allow_nan=False))
    assert data["scope"] == {"type": "all", "id": None}
    assert data["basis"] == "months"
    assert data["baseline"]["entries"] is None
    assert (data["rate_ratio"], data["reduction"], data["reduction_ci95"]) == (None, None, None)
    assert data["verdict"] == "not measurable" and data["note"]


# --- the demo data: every breakdown adds up ------------------------------------------------


def test_on_demo_data_every_breakdown_adds_up_to_its_scope(demo_store: Store) -> None:
    baseline, current = analytics.default_periods(date(2026, 11, 15))
    with demo_store.uow() as uow:
        everyone = analytics.scope_for(uow)
        total = analytics.reduction_for_scope(uow, everyone, baseline, current)
        kinds = analytics.reduction_by_kind(uow, everyone, baseline, current)
        rates = analytics.partner_reductions(uow, everyone, baseline, current)
        series = analytics.monthly_series(uow, everyone, current)
        centers = [
            analytics.reduction_for_scope(uow, Scope("center", c.id), baseline, current)
            for c in reference.list_centers(uow)
        ]
        assert all(p.center_code for p in partners.list_partners(uow))  # each in a Center
    assert total.current_counts.touch_points > 0 and total.result.rate_ratio is not None
    for period in ("baseline_counts", "current_counts"):
        whole = getattr(total, period)
        assert sum(getattr(k, period).touch_points for k in kinds) == whole.touch_points
        assert sum(getattr(r, period).touch_points for r in rates) == whole.touch_points
        assert sum(getattr(r, period).entries or 0 for r in rates) == whole.entries
        assert sum(getattr(c, period).touch_points for c in centers) == whole.touch_points
    assert sum(p.touch_points for p in series) == total.current_counts.touch_points
    assert sum(p.entries for p in series) == total.current_counts.entries
