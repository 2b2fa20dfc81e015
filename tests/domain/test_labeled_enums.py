"""The labels of stored codes, as every layer shows them."""

from __future__ import annotations

import pytest

from trusted_trader.domain.enums import ActivityKind, TouchPointKind


@pytest.mark.parametrize(
    ("code", "label"),
    [("cf28", "CF-28"), ("exam", "Exam"), ("", ""), ("no-such", "no-such")],
)
def test_a_stored_touch_point_kind_reads_as_cbp_names_it_or_as_stored(
    code: str, label: str
) -> None:
    assert TouchPointKind.label_of(code) == label


def test_a_code_of_another_set_is_not_given_that_sets_label() -> None:
    assert ActivityKind.label_of("cf28") == "cf28"
    assert ActivityKind.label_of(ActivityKind.MEETING.value) == ActivityKind.MEETING.label
