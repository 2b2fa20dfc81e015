"""``trusted-trader check``: the data checks as text or JSON, and an exit status scripts can use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ACME_IOR
from tests.services.checks_world import BOLT_IOR, WRONG_DIGIT, World, build_world
from trusted_trader.services.store import Store


@pytest.fixture
def world_db(store: Store) -> tuple[str, World]:
    return store.url, build_world(store)


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trusted_trader", "--db", db, "check", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_text_lists_each_check_with_its_count_and_the_entries_and_exits_1(
    world_db: tuple[str, World],
) -> None:
    db, world = world_db
    done = run(db)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert out.startswith("Data checks of all partners: 4 checks found problems\n")
    assert "Tolerance of monthly totals: the larger of 3 entries and 5% of the counted" in out
    assert "[problem] Entry numbers whose check digit is wrong: 2 entry numbers in 1 partner" in out
    assert f"  Acme Imports ({ACME_IOR}): 2\n" in out
    assert f"    {WRONG_DIGIT} (imported entry number is wrong: the check digit" in out
    assert f"    {world.foreign_filer_entry} (filer code XYZ)" in out
    assert f"    {world.electronics_entry} (HTS 8471.30.0100 → ELEC)" in out
    assert f"  Bolt Trading ({BOLT_IOR}): 2 — no filer codes on record" in out
    assert "    2026-01 (reported 40, counted 4: 36 apart)" in out


def test_information_alone_exits_0(world_db: tuple[str, World]) -> None:
    db, _world = world_db
    done = run(db, "--partner", BOLT_IOR)
    assert done.returncode == 0, done.stderr
    assert "no problems found" in done.stdout.splitlines()[0]
    assert (
        "[information] Partners with entries but no filer codes on record: 2 entries in 1"
        in done.stdout
    )


def test_json_has_every_check_with_counts_records_and_the_tolerance(
    world_db: tuple[str, World],
) -> None:
    db, world = world_db
    done = run(db, "--partner", ACME_IOR, "--json", "--tolerance", "0")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["scope"] == {"type": "partner", "label": "Acme Imports", "key": ACME_IOR}
    assert data["tolerance"] == {"entries": 0, "percent": 0.0, "text": "exact"}
    assert data["problems"] is True
    counts = {c["id"]: c["count"] for c in data["checks"]}
    assert counts == {
        "entry_check_digit": 2,
        "unauthorized_filer": 1,
        "no_filer_codes": 0,
        "hts_other_center": 1,
        "touch_point_unknown_entry": 1,
        "volume_mismatch": 1,
    }
    touch = data["checks"][4]["findings"][0]["records"]
    assert [(r["table"], r["id"]) for r in touch] == [("touch_point", world.unknown_touch_point)]


def test_a_wide_tolerance_clears_the_months(world_db: tuple[str, World]) -> None:
    db, _world = world_db
    data = json.loads(run(db, "--json", "--tolerance", "36").stdout)
    assert data["checks"][5]["count"] == 0
    assert data["tolerance"]["text"] == "36 entries"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--tolerance", "-1"], "is not a tolerance"),
        (["--tolerance", "many"], "is not a tolerance"),
        (["--partner", "99-9999999XY"], "--partner: No partner has IOR number 99-9999999XY"),
        (["--partner", "not an ior"], "--partner:"),
        (["--partner", ACME_IOR, "--all"], "not allowed with argument"),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(
    world_db: tuple[str, World], args: list[str], says: str
) -> None:
    db, _world = world_db
    done = run(db, *args)
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_an_empty_database_has_nothing_to_check(tmp_path: Path) -> None:
    done = run(str(tmp_path / "empty.sqlite"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": none") == 6


def test_without_a_scope_the_command_checks_my_portfolio(world_db: tuple[str, World]) -> None:
    from sqlalchemy import update

    from trusted_trader.services.reference import create_executive
    from trusted_trader.services.store import open_store
    from trusted_trader.store.models import Partner

    db, world = world_db
    store = open_store(db)
    with store.uow() as uow:
        me = create_executive(uow, name="Ann Lee", email="ann.lee@cbp.dhs.gov").id
        uow.connection.execute(
            update(Partner).where(Partner.id == world.bolt).values(executive_id=me)
        )
        uow.commit()
    store.close()
    said = subprocess.run(
        [sys.executable, "-m", "trusted_trader", "--db", db, "settings", "--executive",
         "ann.lee@cbp.dhs.gov"], capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert said.returncode == 0, said.stderr
    mine = run(db, "--json")
    assert mine.returncode == 0  # Bolt's finding is information only
    assert json.loads(mine.stdout)["scope"]["label"] == "Ann Lee"
    assert run(db, "--all").returncode == 1
