"""A team member's ``db copy --merge``: their partners go in, others' are named and refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pg_server import PostgresServer
from sqlalchemy import create_engine, text
from team_import_world import EMAILS, IORS, TeamWorld, team_world

from trusted_trader.cli import main
from trusted_trader.domain.errors import ConflictError, ValidationError
from trusted_trader.services import reference
from trusted_trader.services.partners import PartnerInput, create_partner
from trusted_trader.services.store import open_store
from trusted_trader.services.team_copy import copy_database
from trusted_trader.services.touch_points import TouchPointInput, record_touch_point

pytestmark = pytest.mark.postgres
NEW_IOR = "77-7777777AB"


@pytest.fixture
def world(postgres_server: PostgresServer) -> Iterator[TeamWorld]:
    yield from team_world(postgres_server)


def desk(path: Path, partners: dict[str, str | None], touch_points: int = 5) -> Path:
    """A local file: partners by IOR number, each of the Account Executive named (ELEC)."""
    store = open_store(f"sqlite:///{path}", actor="desk@cbp.dhs.gov")
    with store.uow() as uow:
        elec = next(c.id for c in reference.list_centers(uow) if c.code == "ELEC")
        executives: dict[str, int] = {}
        for n, (ior, owner) in enumerate(partners.items()):
            if owner and owner not in executives:
                executives[owner] = reference.create_executive(
                    uow, name=owner.title(), email=EMAILS[owner], center_id=elec
                ).id
            made = create_partner(
                uow,
                PartnerInput(f"Desk Partner {n}", ior, center_id=elec,
                             executive_id=executives.get(owner or "")),
            )  # fmt: skip
            for day in range(1, touch_points + 1):
                record_touch_point(
                    uow, made.id, TouchPointInput(date(2026, 3, day), "exam", port_code="0101")
                )
        uow.commit()
    store.close()
    return path


def audit_actors(world: TeamWorld) -> set[str]:
    engine = create_engine(world.url("owner"))
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT actor FROM audit_log")).scalars())
    finally:
        engine.dispose()


@pytest.mark.parametrize("who", ["ann", "dir"])
def test_a_member_merges_their_partners_and_signs_the_history_themselves(
    world: TeamWorld, tmp_path: Path, who: str
) -> None:
    source = desk(tmp_path / "desk.sqlite", {IORS["ann"]: "ann", NEW_IOR: "ann"})
    before = audit_actors(world)
    result = copy_database(f"sqlite:///{source}", world.url(who), merge=True)
    assert result.merged_partners == 1 and result.tables["partner"] == 1
    assert world.count("touch_point") == 10
    assert audit_actors(world) - before == {world.roles[who]}  # not the file's "desk@…"
    again = copy_database(f"sqlite:///{source}", world.url(who), merge=True)
    assert again.rows == 0 and world.count("touch_point") == 10


def test_a_merge_with_a_colleagues_partner_names_it_and_writes_nothing(
    world: TeamWorld, tmp_path: Path
) -> None:
    source = desk(tmp_path / "desk.sqlite", {IORS["ann"]: "ann", IORS["bob"]: "bob",
                                              NEW_IOR: None})  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        copy_database(f"sqlite:///{source}", world.url("ann"), merge=True)
    assert [p.reason for p in refused.value.problems] == [
        f"{IORS['bob']} belongs to another Account Executive",
        f"{NEW_IOR} is new: you may add only partners assigned to you (your e-mail as "
        "account_executive)",
    ]
    assert world.count("touch_point") == 0 and world.count("partner") == 4


def test_a_member_cannot_fill_an_empty_team_database(world: TeamWorld, tmp_path: Path) -> None:
    source = desk(tmp_path / "desk.sqlite", {IORS["ann"]: "ann"})
    engine = create_engine(world.url("owner"))
    with engine.begin() as conn:  # empty but for the access rules and the director
        conn.execute(text("TRUNCATE partner, partner_ior, audit_log, import_batch CASCADE"))
        conn.execute(text("DELETE FROM account_executive"))
    engine.dispose()
    with pytest.raises(ConflictError, match="owner"):
        copy_database(f"sqlite:///{source}", world.url("dir"))
    assert world.count("partner") == 0


def test_db_copy_merge_from_the_command_line_as_a_member(
    world: TeamWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = desk(tmp_path / "desk.sqlite", {IORS["bob"]: "bob"})
    args = ["db", "copy", "--merge", "--from", str(source), "--to", world.url("ann")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{IORS['bob']} belongs to another Account Executive" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main([*args[:-1], world.url("dir")]) == 0
    assert world.count("touch_point", "bob") == 5


def test_a_merge_with_an_ior_of_a_partner_the_member_cannot_see_is_refused_clearly(
    world: TeamWorld, tmp_path: Path
) -> None:
    source = desk(tmp_path / "desk.sqlite", {IORS["cy"]: "ann"})  # Cy's IOR, another Center
    with pytest.raises(ValidationError, match=f"{IORS['cy']}\\) belongs to a partner of another"):
        copy_database(f"sqlite:///{source}", world.url("ann"), merge=True)
    assert world.count("partner") == 4 and world.count("touch_point") == 0
