"""The one scope type: whose partners a figure, a list or the deadline radar covers."""

from __future__ import annotations

import pytest

from trusted_trader.domain.enums import ImportKind
from trusted_trader.services.scope import Scope


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ({}, Scope("all")),
        ({"center_id": 3}, Scope("center", 3)),
        ({"executive_id": 7}, Scope("executive", 7)),
        ({"partner_id": 12}, Scope("partner", 12)),
        ({"partner_id": 12, "center_id": 3}, Scope("partner", 12)),  # the narrower one
    ],
)
def test_a_scope_is_made_from_the_id_named(named: dict[str, int], expected: Scope) -> None:
    assert Scope.of(**named) == expected


def test_a_scope_answers_only_for_its_own_kind_of_id() -> None:
    center = Scope("center", 3)

    assert (center.partner_id, center.executive_id, center.center_id) == (None, None, 3)
    assert Scope().partner_id is None and Scope().type == "all"


def test_import_kinds_read_as_their_file_names_and_labels() -> None:
    assert [kind.value for kind in ImportKind] == [
        "partners",
        "touch-points",
        "volumes",
        "facilitation",
        "entries",
    ]
    assert ImportKind.choices() == [
        ("partners", "Partners"),
        ("touch-points", "Touch points"),
        ("volumes", "Monthly volumes"),
        ("facilitation", "Facilitation"),
        ("entries", "Entries"),
    ]
