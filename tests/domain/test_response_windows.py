"""Response windows per notice, each from its public source (docs/customs-rules.md)."""

from __future__ import annotations

from datetime import date

import pytest

from trusted_trader.domain.deadlines import response_due
from trusted_trader.domain.enums import TouchPointKind, parse_touch_point_kind

DAY = date(2026, 1, 1)


def window(kind: TouchPointKind) -> int | None:
    due = response_due(kind, DAY)
    return None if due is None else (due - DAY).days


def test_rule_response_window_cf28_is_30_days() -> None:
    assert window(TouchPointKind.CF28) == 30


def test_rule_response_window_cf29_action_proposed_is_20_days() -> None:
    assert window(TouchPointKind.CF29) == 20


def test_rule_response_window_cf29_action_taken_has_none() -> None:
    assert response_due(TouchPointKind.CF29_TAKEN, date(2026, 3, 2)) is None


def test_rule_response_window_prepenalty_is_30_days() -> None:
    assert window(TouchPointKind.PREPENALTY) == 30


def test_rule_response_window_penalty_is_60_days() -> None:
    assert window(TouchPointKind.PENALTY) == 60


def test_rule_response_window_liquidated_damages_is_60_days() -> None:
    assert window(TouchPointKind.LIQUIDATED_DAMAGES) == 60


def test_rule_response_window_seizure_is_30_days() -> None:
    assert response_due(TouchPointKind.SEIZURE, date(2026, 3, 2)) == date(2026, 4, 1)


def test_rule_response_window_cf4647_is_30_days() -> None:
    assert window(TouchPointKind.CF4647) == 30


@pytest.mark.parametrize("kind", [TouchPointKind.EXAM, TouchPointKind.HOLD, TouchPointKind.AUDIT])
def test_exams_holds_and_audits_have_no_response_window(kind: TouchPointKind) -> None:
    assert response_due(kind, DAY) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("CF-29", TouchPointKind.CF29),
        ("cf29", TouchPointKind.CF29),
        ("Notice of Action", TouchPointKind.CF29),
        ("CF-29 action proposed", TouchPointKind.CF29),
        ("CF-29 (action proposed)", TouchPointKind.CF29),
        ("cf29_proposed", TouchPointKind.CF29),
        ("CF-29 action taken", TouchPointKind.CF29_TAKEN),
        ("CF-29 (Action Taken)", TouchPointKind.CF29_TAKEN),
        ("cf29_taken", TouchPointKind.CF29_TAKEN),
        ("Prepenalty notice", TouchPointKind.PREPENALTY),
        ("pre-penalty", TouchPointKind.PREPENALTY),
    ],
)
def test_rule_cf29_plain_means_action_proposed_and_both_spellings_are_read(
    text: str, kind: TouchPointKind
) -> None:
    assert parse_touch_point_kind(text) == kind
