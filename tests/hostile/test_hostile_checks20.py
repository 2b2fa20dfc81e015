"""Hostile and careless data met by the data checks: found with a reason, never a crash.

Stored values the import would refuse today (written by an older version, a script or a
colleague's database), a partner without a Center, a Center without coverage, and every
odd tolerance and partner named to ``trusted-trader check``. On a real database (SQLite,
and PostgreSQL where it runs).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, update

from tests.conftest import ACME_IOR, valid_entry
from tests.services import checks_world as cw
from tests.services.checks_world import JAN, World
from trusted_trader.cli import main
from trusted_trader.domain.data_checks import VolumeTolerance, parse_tolerance
from trusted_trader.services.data_checks import CheckId, run_data_checks
from trusted_trader.services.scope import Scope
from trusted_trader.services.store import Store
from trusted_trader.store.models import CenterCoverage, Partner


@pytest.fixture
def world(store: Store) -> World:
    return cw.build_world(store)


def found(store: Store, check: CheckId, **options: Any) -> list[tuple[str, str, str]]:
    """(partner, record, detail) of every record the check lists."""
    with store.uow() as uow:
        checks = run_data_checks(uow, Scope(), checks=[check], **options)
    return [(f.partner_name, i.key, i.detail) for f in checks.findings() for i in f.items]


# --- entry numbers stored in another shape ---------------------------------------------------

ENTRY_NUMBERS = [
    # (stored, found, words of the reason)
    ("ABC12345678", True, "should be 6, not 8"),  # loose and wrong
    ("abc-1234567-6", False, ""),  # lower case but right: not a check-digit finding
    ("ABC-123456-6", True, "must be a 3-character filer code"),  # a digit short
    ("ABC-12345-678", True, "must be a 3-character filer code"),  # 13 characters, dashes off
    ("ÀBC-1234567-6", True, "must be a 3-character filer code"),  # a letter CBP never uses
    ("ABC-１２３４５６７-6", True, "must be a 3-character filer code"),  # full-width digits
    ("' OR 1=1 --", True, "must be a 3-character filer code"),
    ("ABC-1234567-", True, "must be a 3-character filer code"),
    ("A-C-1234567-6", True, "must be a 3-character filer code"),
]


@pytest.mark.parametrize(("stored", "is_found", "reason"), ENTRY_NUMBERS)
def test_a_stored_entry_number_of_another_shape_is_found_with_its_reason(
    store: Store, acme_id: int, stored: str, is_found: bool, reason: str
) -> None:
    cw.stored_touch_point(store, acme_id, date(2026, 3, 2), stored)
    listed = found(store, CheckId.ENTRY_CHECK_DIGIT)
    assert [key for _p, key, _d in listed] == ([stored] if is_found else [])
    if is_found:
        assert reason in listed[0][2]


# --- HTS text with odd characters -----------------------------------------------------------

HTS_TEXTS = [
    # (stored hts_numbers of an entry of Acme, Machinery, what its finding says; "" none)
    ("8421390000", ""),
    ("  8421390000   8421390000 ", ""),  # spaces around and between
    ("8471.30.0100", "HTS '8471.30.0100' is not an HTS number"),
    ("<b>8421</b>", "HTS '<b>8421</b>' is not an HTS number"),
    ("８４２１３９００００", "is not an HTS number"),  # full-width digits
    ("77", "HTS 77 → no Center"),  # a chapter no Center covers (reserved in the HTSUS)
    ("99", ""),  # Chapter 99 provisions are never "outside" a Center: not a classification
    ("0000000000", "HTS 0000.00.0000 → no Center"),
    ("7" * 500, "HTS '7777777777…' is not an HTS number"),  # too long, and shown short
    ("7318", "HTS 7318 → BMT"),  # a heading: the longest prefix still decides
    ("8421390000\t8471300100", "HTS 8471.30.0100 → ELEC"),  # a tab between
]


@pytest.mark.parametrize(("hts", "says"), HTS_TEXTS)
def test_hts_text_with_odd_characters_is_judged_token_by_token(
    store: Store, world: World, hts: str, says: str
) -> None:
    cw.add_entries(store, [cw.entry_row(world.acme, valid_entry("ACM0000050"), JAN, hts)])
    mine = [
        d for p, key, d in found(store, CheckId.HTS_OTHER_CENTER) if key.startswith("ACM-0000050")
    ]
    if says:
        assert len(mine) == 1 and says in mine[0]
    else:
        assert mine == []


def test_a_partner_without_center_is_not_judged_by_hts(store: Store, world: World) -> None:
    with store.uow() as uow:
        uow.connection.execute(
            update(Partner).where(Partner.id == world.acme).values(center_id=None)
        )
        uow.commit()
    assert [p for p, _k, _d in found(store, CheckId.HTS_OTHER_CENTER)] == []
    assert found(store, CheckId.UNAUTHORIZED_FILER)  # the other checks still run


def test_a_center_without_coverage_finds_every_hts_of_its_partners(
    store: Store, world: World
) -> None:
    with store.uow() as uow:
        machinery = (
            uow.connection.execute(
                CenterCoverage.__table__.select().where(CenterCoverage.hts_prefix == "84")  # type: ignore[attr-defined]
            )
            .one()
            .center_id
        )
        uow.connection.execute(delete(CenterCoverage).where(CenterCoverage.center_id == machinery))
        uow.commit()
    acme = [d for p, _k, d in found(store, CheckId.HTS_OTHER_CENTER) if p == "Acme Imports"]
    assert len(acme) == 4  # every entry with an HTS number
    assert any("HTS 8421.39.0000 → no Center" in d for d in acme)


def test_no_coverage_at_all_does_not_fail(store: Store, world: World) -> None:
    with store.uow() as uow:
        uow.connection.execute(delete(CenterCoverage))
        uow.commit()
    assert len(found(store, CheckId.HTS_OTHER_CENTER)) == 6


# --- volumes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "tolerance", "is_found"),
    [
        (100_000_000, VolumeTolerance(), True),  # the largest month: no overflow
        (100_000_000, VolumeTolerance(100_000_000, 100.0), False),
        (0, VolumeTolerance(), True),  # a zero typed by hand for 4 entries: 4 apart
        (0, VolumeTolerance(4, 0), False),
    ],
)
def test_extreme_totals_and_tolerances_compare_without_overflow(
    store: Store, world: World, reported: int, tolerance: VolumeTolerance, is_found: bool
) -> None:
    cw.set_reported(store, world.acme, JAN, reported)
    assert bool(found(store, CheckId.VOLUME_MISMATCH, tolerance=tolerance)) is is_found


# --- the tolerance as typed -------------------------------------------------------------------

TOLERANCES = [
    # (typed, the rule it gives, or the words of the refusal)
    ("0", "exact", None),
    (" 7 ", "7 entries", None),
    ("1", "1 entry", None),
    ("5%", "5% of the counted entries", None),
    ("0.5%", "0.5% of the counted entries", None),
    ("3,5%", "the larger of 3 entries and 5% of the counted entries", None),
    ("5%,3", "the larger of 3 entries and 5% of the counted entries", None),
    ("100000000", "100,000,000 entries", None),
    ("-1", None, "is not a tolerance"),
    ("1e9", None, "is not a tolerance"),
    ("100000001", None, "out of range"),
    ("1000000000000000000000", None, "is not a tolerance"),
    ("abc", None, "is not a tolerance"),
    ("", None, "is not a tolerance"),
    ("101%", None, "out of range"),
    ("nan%", None, "is not a tolerance"),
    ("inf", None, "is not a tolerance"),
    ("5%%", None, "is not a tolerance"),
    ("3,4", None, "entries are one whole number"),
    ("2%,3%", None, "gives the percent twice"),
    ("1.5", None, "entries are one whole number"),
    ("１０", None, "is not a tolerance"),  # full-width digits
]


@pytest.mark.parametrize(("typed", "rule", "refusal"), TOLERANCES)
def test_a_typed_tolerance_is_read_or_refused_with_its_reason(
    typed: str, rule: str | None, refusal: str | None
) -> None:
    if refusal is None:
        assert parse_tolerance(typed).describe() == rule
    else:
        with pytest.raises(ValueError, match=refusal):
            parse_tolerance(typed)


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (["--tolerance", "-5"], 2, "is not a tolerance"),
        (["--tolerance", "not a number"], 2, "is not a tolerance"),
        (["--tolerance", "999999999999"], 2, "out of range"),
        (["--partner", "12-0000000ZZ"], 2, "--partner:"),  # a suffix CBP never issues
        (["--partner", "98-7654321XY"], 2, "No partner has IOR number 98-7654321XY"),
        (["--center", "NOPE"], 2, "--center: There is no Center 'NOPE'"),
        (["--executive", "nobody@example.com"], 2, "--executive:"),
        (["--partner", ACME_IOR, "--tolerance", "0"], 1, ""),
    ],
)
def test_the_command_refuses_what_it_cannot_check_with_one_line(
    store: Store, world: World, capsys: pytest.CaptureFixture[str],
    args: list[str], status: int, says: str,
) -> None:  # fmt: skip
    with pytest.raises(SystemExit) if status == 2 and "tolerance" in args[0] else _no_exit():
        code = main(["--db", store.url, "check", *args])
        assert code == status
    err = capsys.readouterr().err
    assert says in err
    assert len(err.strip().splitlines()) <= 1


class _no_exit:
    """A stand-in for ``pytest.raises`` where the command returns its status."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_a_deleted_partner_is_not_checked_even_by_its_ior(store: Store, world: World) -> None:
    from trusted_trader.services.partners import delete_partner

    with store.uow() as uow:
        delete_partner(uow, world.acme)
        uow.commit()
    assert main(["--db", store.url, "check", "--partner", ACME_IOR]) == 2
    assert [p for p, _k, _d in found(store, CheckId.ENTRY_CHECK_DIGIT)] == []


@pytest.mark.parametrize(
    ("saved", "read"),
    [("0", "0"), ("10,2%", "10,2%"), ("abc", "3,5%"), (5, "3,5%"), ("-3", "3,5%"), (None, "3,5%")],
)
def test_a_tolerance_edited_into_the_settings_file_by_hand_falls_back_to_the_default(
    tmp_path: Any, saved: object, read: str
) -> None:
    from trusted_trader.settings import Settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"check_tolerance": saved, "page_size": "a4"}), encoding="utf-8")
    loaded = Settings.load(path)
    assert (loaded.check_tolerance, loaded.page_size) == (read, "a4")


@pytest.mark.parametrize(
    ("typed", "status", "says"),
    [("0", 0, "tolerance of monthly totals: 0"), ("2%", 0, "2%"), ("-1", 2, "is not a tolerance"),
     ("lots", 2, "--check-tolerance 'lots' is not a tolerance")],
)  # fmt: skip
def test_the_settings_command_keeps_the_tolerance_the_check_command_uses(
    store: Store, world: World, capsys: pytest.CaptureFixture[str], typed: str, status: int,
    says: str,
) -> None:  # fmt: skip
    assert main(["settings", "--check-tolerance", typed]) == status
    captured = capsys.readouterr()
    assert says in (captured.out if status == 0 else captured.err)
    if status == 0:
        main(["--db", store.url, "check", "--json"])
        data = json.loads(capsys.readouterr().out)
        assert data["tolerance"]["text"] == parse_tolerance(typed).describe()
