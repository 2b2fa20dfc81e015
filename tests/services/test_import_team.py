"""Team members import into their own partners; rows for others' partners are row errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import text
from team_import_world import EMAILS, IORS, TeamWorld, run_import, team_world, touch_points, volumes

from trusted_trader.domain.errors import DomainError
from trusted_trader.services.importing import list_imports
from trusted_trader.services.importing.revert import revert_import
from trusted_trader.services.store import Store

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


def revert(store: Store, batch_id: int | None) -> None:
    assert batch_id is not None
    with store.uow() as uow:
        revert_import(uow, batch_id)
        uow.commit()


def reasons(result: object) -> list[str]:
    return sorted({e.reason for e in result.errors})  # type: ignore[attr-defined]


@pytest.mark.parametrize(("who", "partners"), [("ann", ["ann"]), ("dir", ["ann", "bob", "none"])])
def test_a_member_imports_touch_points_into_their_partners_once_and_reverts(
    world: TeamWorld, tmp_path: Path, who: str, partners: list[str]
) -> None:
    member = world.store(who)
    path = touch_points(tmp_path / "mine.csv", partners, 300)
    first = run_import(member, "touch-points", path)
    assert (first.created, first.rejected) == (300 * len(partners), 0)
    assert world.count("touch_point") == 300 * len(partners)
    again = run_import(member, "touch-points", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300 * len(partners))
    changed = touch_points(tmp_path / "changed.csv", partners, 300, notes="seen again")
    updated = run_import(member, "touch-points", changed)
    assert updated.updated == 300 * len(partners)
    with member.uow() as uow:
        history = list_imports(uow)
    assert {h.actor for h in history} == {world.roles[who]}  # the login, not the client's name
    for result in (updated, again, first):
        revert(member, result.batch_id)
    assert world.count("touch_point") == 0


def test_touch_points_of_a_colleagues_partner_are_row_errors_naming_it(
    world: TeamWorld, tmp_path: Path
) -> None:
    ann = world.store("ann")
    path = touch_points(tmp_path / "mixed.csv", ["ann", "bob", "none", "cy"], 50)
    errors = tmp_path / "errors.csv"
    refused = run_import(ann, "touch-points", path, errors=errors)
    assert not refused.written and refused.rejected == 150
    assert world.count("touch_point") == 0
    assert reasons(refused) == [
        "no partner has this IOR number",  # Cy's partner is in another Center: not even seen
        f"partner {IORS['bob']} belongs to another Account Executive",
        f"partner {IORS['none']} has no Account Executive: a director of its Center assigns it",
    ]
    written = errors.read_text(encoding="utf-8-sig")
    assert f"partner {IORS['bob']} belongs to another Account Executive" in written
    partial = run_import(ann, "touch-points", path, partial=True)
    assert (partial.created, partial.rejected) == (50, 150)
    assert world.count("touch_point", "ann") == 50 and world.count("touch_point", "bob") == 0


def test_a_director_is_refused_the_partners_of_another_center_only(
    world: TeamWorld, tmp_path: Path
) -> None:
    director = world.store("dir")
    path = touch_points(tmp_path / "center.csv", ["ann", "bob", "cy"], 20)
    result = run_import(director, "touch-points", path, partial=True)
    assert (result.created, result.rejected) == (40, 20)
    assert reasons(result) == ["no partner has this IOR number"]
    assert world.count("touch_point", "cy") == 0


@pytest.mark.parametrize("who", ["ann", "dir"])
def test_a_member_imports_volumes_all_or_nothing_and_reverts(
    world: TeamWorld, tmp_path: Path, who: str
) -> None:
    member = world.store(who)
    refused = run_import(member, "volumes", volumes(tmp_path / "v.csv", ["ann", "cy"]))
    assert not refused.written and world.count("monthly_volume") == 0
    result = run_import(member, "volumes", volumes(tmp_path / "mine.csv", ["ann"]))
    assert result.created == 12 and world.count("monthly_volume", "ann") == 12
    again = run_import(member, "volumes", volumes(tmp_path / "mine.csv", ["ann"]))
    assert again.unchanged == 12
    revert(member, result.batch_id)
    assert world.count("monthly_volume") == 0


PARTNERS_HEADER = "name,ior_numbers,center,account_executive,city\n"


def partners_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_executive_imports_partners_they_may_hold_and_is_told_why_not_the_rest(
    world: TeamWorld, tmp_path: Path
) -> None:
    ann = world.store("ann")
    path = partners_file(
        tmp_path,
        f"New Mine,99-0000001AB,ELEC,{EMAILS['ann']},Flint",  # new and hers: created
        "New Nobody,99-0000002AB,ELEC,,Flint",  # new, of no one: refused
        f"Bob Partner,{IORS['bob']},ELEC,{EMAILS['bob']},Lansing",  # a colleague's
        f"Ann Partner,{IORS['ann']},ELEC,{EMAILS['bob']},Detroit",  # gives hers away
    )
    refused = run_import(ann, "partners", path)
    assert not refused.written and refused.rejected == 3
    assert reasons(refused) == [
        f"partner {IORS['ann']}: only a director moves a partner to another Center or "
        "Account Executive",
        f"partner {IORS['bob']} belongs to another Account Executive",
        "you may add only partners assigned to you (your e-mail as account_executive)",
    ]
    partial = run_import(ann, "partners", path, partial=True)
    assert (partial.created, partial.updated, partial.rejected) == (1, 0, 3)
    assert world.count("partner") == 5
    own = partners_file(tmp_path, f"Ann Partner,{IORS['ann']},ELEC,{EMAILS['ann']},Detroit")
    assert run_import(ann, "partners", own).updated == 1
    revert(ann, partial.batch_id)
    assert world.count("partner") == 4


def test_a_director_adds_and_moves_partners_within_the_center_only(
    world: TeamWorld, tmp_path: Path
) -> None:
    director = world.store("dir")
    path = partners_file(
        tmp_path,
        "Unassigned New,99-0000004AB,ELEC,,Troy",
        f"Ann Partner,{IORS['ann']},ELEC,{EMAILS['bob']},Detroit",  # moved to Bob: fine
        f"Bob Partner,{IORS['bob']},BMT,{EMAILS['bob']},Lansing",  # out of the Center
    )
    refused = run_import(director, "partners", path)
    assert reasons(refused) == [
        f"partner {IORS['bob']} is outside your Center: a director adds and moves partners "
        "only within it"
    ]
    partial = run_import(director, "partners", path, partial=True)
    assert (partial.created, partial.updated, partial.rejected) == (1, 1, 1)
    with world.owner.uow() as uow:
        owner = uow.connection.execute(
            text("SELECT executive_id FROM partner WHERE id = :p"), {"p": world.partners["ann"]}
        ).scalar_one()
        bob = uow.connection.execute(
            text("SELECT id FROM account_executive WHERE email = :e"), {"e": EMAILS["bob"]}
        ).scalar_one()
    assert owner == bob


def test_a_member_cannot_revert_an_import_that_touched_partners_they_may_not_change(
    world: TeamWorld, tmp_path: Path
) -> None:
    path = touch_points(tmp_path / "both.csv", ["ann", "bob"], 10)
    by_owner = run_import(world.owner, "touch-points", path)
    assert by_owner.created == 20
    with pytest.raises(DomainError, match=IORS["bob"]):
        revert(world.store("ann"), by_owner.batch_id)
    assert world.count("touch_point") == 20
    revert(world.owner, by_owner.batch_id)
    assert world.count("touch_point") == 0


def test_a_revert_the_rules_keep_from_marking_done_changes_nothing(
    world: TeamWorld, tmp_path: Path
) -> None:
    # Rules that keep an import's history to whoever ran it (as the team's policies may).
    with world.owner.uow() as uow:
        uow.connection.execute(
            text(
                "CREATE POLICY tt_own_batch ON import_batch AS RESTRICTIVE FOR UPDATE "
                "USING (actor = current_user)"
            )
        )
        uow.commit()
    path = touch_points(tmp_path / "a.csv", ["ann"], 10)
    by_owner = run_import(world.owner, "touch-points", path)
    with pytest.raises(DomainError, match="not yours to revert"):
        revert(world.store("ann"), by_owner.batch_id)
    assert world.count("touch_point") == 10
