"""Merging a local database into a team database twice adds its records once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from trusted_trader.domain.periods import MonthRange
from trusted_trader.services.activities import log_activity
from trusted_trader.services.contacts import add_contact
from trusted_trader.services.demo import DemoSpec, load_demo
from trusted_trader.services.importing import import_file
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.plans import (
    ActionItemInput,
    ObjectiveInput,
    PlanInput,
    create_plan,
    list_plans,
    save_plan,
)
from trusted_trader.services.programs import EnrollmentInput, enroll
from trusted_trader.services.records import RiskAreaRecord
from trusted_trader.services.store import open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.services.touch_points import (
    TouchPointInput,
    record_touch_point,
    update_touch_point,
)
from trusted_trader.services.volumes import set_monthly_volume
from trusted_trader.store.models import SQLModel
from trusted_trader.store.uow import UnitOfWork

ZETA_IOR = "98-7654321AB"
ACTOR = "ann@cbp.dhs.gov"


def counts(url: str, *tables: str) -> dict[str, int]:
    names = tables or tuple(t.name for t in SQLModel.metadata.sorted_tables)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in names
            }
    finally:
        engine.dispose()


def query(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def desk(path: Path, touch_points: list[tuple[date, str]]) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url, actor=ACTOR)
    with store.uow() as uow:
        partner = create_partner(uow, PartnerInput("Zeta Trading Ltd", ZETA_IOR))
        assert partner.id is not None
        for day, port in touch_points:
            record_touch_point(uow, partner.id, TouchPointInput(day, "cf28", port_code=port))
        uow.commit()
    store.close()
    return url


def plan_input(*actions: ActionItemInput) -> PlanInput:
    return PlanInput(
        period=MonthRange(date(2026, 1, 1), date(2026, 12, 1)),
        baseline=MonthRange(date(2025, 1, 1), date(2025, 12, 1)),
        title="Fewer CF-28s",
        risk_areas=(RiskAreaRecord("classification", "high"), RiskAreaRecord("origin", "low")),
        objectives=(ObjectiveInput("CF-28 rate down 30%", "rate:cf28", 12.0, 8.4),),
        action_items=actions
        or (
            ActionItemInput("Classification review of top 50 HTS", due_on=date(2026, 3, 31)),
            ActionItemInput("Broker training", owner_side="cbp", due_on=date(2026, 5, 1)),
        ),
        review_dates=(date(2026, 4, 1), date(2026, 7, 1)),
    )


def full_desk(path: Path, tmp_path: Path) -> str:
    """A demo database plus one partner worked on by hand: every table holds records."""
    url = f"sqlite:///{path}"
    store = open_store(url, actor=ACTOR)
    with store.uow() as uow:
        load_demo(uow, DemoSpec(partners=6, touch_points=300, last_month=date(2026, 10, 1)))
        zeta = create_partner(uow, PartnerInput("Zeta Trading Ltd", ZETA_IOR)).id
        record_touch_point(uow, zeta, TouchPointInput(date(2026, 2, 3), "exam", port_code="2704"))
        add_contact(uow, zeta, name="Dana Diaz", role="Compliance", email="dana@zeta.example")
        enroll(uow, zeta, EnrollmentInput("ctpat", tier=2, certified_on=date(2024, 6, 1)))
        log_activity(uow, zeta, occurred_on=date(2026, 2, 10), kind="meeting", summary="kickoff")
        create_plan(uow, zeta, plan_input())
        set_monthly_volume(uow, zeta, date(2026, 2, 1), 120)
        uow.commit()
    csv = tmp_path / "zeta-touch-points.csv"
    csv.write_text(
        "ior_number,date,kind,port_code,entry_number\n"
        f"{ZETA_IOR},2026-03-05,CF-28,0101,\n{ZETA_IOR},2026-03-06,hold,2704,\n",
        encoding="utf-8",
    )
    with store.uow() as uow:
        assert import_file(uow, "touch-points", csv).written
        uow.commit()
    store.close()
    return url


@pytest.fixture
def team_url(pg_url: str, tmp_path: Path) -> str:
    """A team database that already holds a colleague's Zeta Trading with one touch point."""
    colleague = desk(tmp_path / "colleague.sqlite", [(date(2025, 3, 4), "2704")])
    copy_database(colleague, pg_url)
    return pg_url


@pytest.mark.postgres
def test_merging_the_same_file_twice_adds_its_touch_points_once(
    pg_url: str, tmp_path: Path
) -> None:
    first = desk(tmp_path / "first.sqlite", [(date(2025, 3, 4), "2704")])
    copy_database(first, pg_url)
    both = [(date(2025, 3, 4), "2704"), (date(2025, 3, 4), "2704"), (date(2025, 5, 6), "1001")]
    other = desk(tmp_path / "other.sqlite", both)
    copy_database(other, pg_url, merge=True)
    after_once = counts(pg_url, "partner", "touch_point")
    # the team had one of the two alike touch points: the second and the new one came in
    assert after_once == {"partner": 1, "touch_point": 3}
    copy_database(other, pg_url, merge=True)
    assert counts(pg_url, "partner", "touch_point") == after_once


@pytest.mark.postgres
def test_merging_the_same_file_twice_adds_nothing_the_second_time(
    team_url: str, tmp_path: Path
) -> None:
    local = full_desk(tmp_path / "desk.sqlite", tmp_path)
    mine = counts(local)
    assert all(mine.values()), f"the desk should fill every table: {mine}"
    before = counts(team_url)
    first = copy_database(local, team_url, merge=True)
    after_once = counts(team_url)
    assert first.merged_partners == 1
    grew = {t for t in after_once if after_once[t] > before[t]}
    assert grew >= set(mine) - {"center", "center_coverage", "partner_ior"}
    second = copy_database(local, team_url, merge=True)
    assert counts(team_url) == after_once
    assert second.rows == 0
    assert second.merged_partners == mine["partner"]
    assert second.already_there["touch_point"] == mine["touch_point"]
    assert second.already_there["audit_log"] == mine["audit_log"]
    # nothing points at a record that is not there
    dangling = query(
        team_url,
        "SELECT count(*) FROM plan_action_item a LEFT JOIN engagement_plan p ON p.id = a.plan_id "
        "WHERE p.id IS NULL UNION ALL SELECT count(*) FROM import_change c "
        "LEFT JOIN touch_point t ON t.id = c.record_id WHERE t.id IS NULL",
    )
    assert dangling == [(0,), (0,)]
    # the local import's run of two created touch points, one change row per team record
    runs = query(team_url, "SELECT count(*), count(last_record_id) FROM import_change")
    assert runs == [(2, 0)]


def touch_point_id(uow: UnitOfWork, day: str, kind: str) -> int:
    return int(
        uow.connection.execute(
            text(
                "SELECT t.id FROM touch_point t JOIN partner_ior i ON i.partner_id = t.partner_id "
                "WHERE i.ior_number = :ior AND t.occurred_on = :day AND t.kind = :kind"
            ),
            {"ior": ZETA_IOR, "day": day, "kind": kind},
        ).scalar_one()
    )


def edit_locally(url: str) -> None:
    """Change a touch point, a volume and a plan (one action item more) of Zeta Trading."""
    store = open_store(url, actor=ACTOR)
    with store.uow() as uow:
        exam = touch_point_id(uow, "2026-02-03", "exam")
        edited = TouchPointInput(date(2026, 2, 3), "exam", port_code="2704", notes="mine")
        update_touch_point(uow, exam, edited)
        zeta = get_touch_point_partner(uow, exam)
        set_monthly_volume(uow, zeta, date(2026, 2, 1), 999)
        [plan] = [p for p in list_plans(uow, zeta) if p.title == "Fewer CF-28s"]
        items = [
            ActionItemInput(a.description, a.owner_side, due_on=a.due_on, id=a.id)
            for a in plan.action_items
        ]
        new_item = ActionItemInput("Post-entry amendment review", due_on=date(2026, 8, 1))
        save_plan(uow, plan.id, replace(plan_input(*items, new_item), summary="revised"))
        uow.commit()
    store.close()


def get_touch_point_partner(uow: UnitOfWork, touch_point: int) -> int:
    return int(
        uow.connection.execute(
            text("SELECT partner_id FROM touch_point WHERE id = :id"), {"id": touch_point}
        ).scalar_one()
    )


@pytest.mark.postgres
def test_a_record_changed_later_on_either_side_keeps_its_latest_values(
    team_url: str, tmp_path: Path
) -> None:
    local = full_desk(tmp_path / "desk.sqlite", tmp_path)
    copy_database(local, team_url, merge=True)
    after_once = counts(team_url)
    [(team_plan,)] = query(team_url, "SELECT id FROM engagement_plan WHERE title = 'Fewer CF-28s'")
    team = open_store(team_url, actor="bob@cbp.dhs.gov")
    with team.uow() as uow:  # the team changes a record the local file does not touch again
        hold = touch_point_id(uow, "2026-03-06", "hold")
        changed = TouchPointInput(date(2026, 3, 6), "hold", port_code="2704", notes="theirs")
        update_touch_point(uow, hold, changed)
        uow.commit()
    team.close()
    audit_before = counts(local, "audit_log")["audit_log"]
    edit_locally(local)
    local_edits = counts(local, "audit_log")["audit_log"] - audit_before

    result = copy_database(local, team_url, merge=True)

    added = {t: n for t, n in result.tables.items() if n}
    assert added == {"plan_action_item": 1, "audit_log": local_edits}
    after = counts(team_url)
    assert after["engagement_plan"] == after_once["engagement_plan"]
    assert after["audit_log"] == after_once["audit_log"] + 1 + local_edits
    # the new action item sits under the team's copy of the plan, which took the new summary
    items = query(
        team_url,
        f"SELECT description FROM plan_action_item WHERE plan_id = {team_plan} ORDER BY id",
    )
    assert [d for (d,) in items] == [
        "Classification review of top 50 HTS",
        "Broker training",
        "Post-entry amendment review",
    ]
    assert query(
        team_url, f"SELECT summary, version > 1 FROM engagement_plan WHERE id = {team_plan}"
    ) == [("revised", True)]
    # changed here after the first merge: the local values win; changed there: the team's
    notes = query(
        team_url,
        "SELECT t.kind, t.notes FROM touch_point t "
        "JOIN partner_ior i ON i.partner_id = t.partner_id "
        f"WHERE i.ior_number = '{ZETA_IOR}' AND t.notes <> '' ORDER BY t.kind",
    )
    assert notes == [("exam", "mine"), ("hold", "theirs")]
    volume = query(
        team_url,
        "SELECT v.entries FROM monthly_volume v JOIN partner_ior i ON i.partner_id = v.partner_id "
        f"WHERE i.ior_number = '{ZETA_IOR}' AND v.month = '2026-02-01'",
    )
    assert volume == [(999,)]
    assert result.updated["touch_point"] == 1
    assert result.updated["monthly_volume"] == 1
    # the history of the local edits comes along, pointing at the team's records
    history = query(
        team_url,
        "SELECT DISTINCT record_id FROM audit_log WHERE table_name = 'engagement_plan' "
        "AND action = 'update'",
    )
    assert history == [(team_plan,)]
    # and a third merge of the same file changes nothing more
    again = copy_database(local, team_url, merge=True)
    assert again.rows == 0
    assert not any(again.updated.values())
    assert counts(team_url) == after
