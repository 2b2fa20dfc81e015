"""Careless and hostile input to My week: reasons, dates, stale rows, remembered filters, and
hostile names on the printed agenda."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from tests.reports.pdf_geometry import outside_margins, pdf_pages
from trusted_trader.domain.deadlines import Deadline, DeadlineKind
from trusted_trader.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from trusted_trader.reports.options import ReportOptions
from trusted_trader.reports.render.document import MARGIN
from trusted_trader.reports.render.week_pdf import render_week_pdf
from trusted_trader.reports.week_data import build_week_agenda
from trusted_trader.services import audit, programs, touch_points
from trusted_trader.services.deadline_actions import mark_done, reschedule
from trusted_trader.services.deadlines import week_items
from trusted_trader.services.store import Store
from trusted_trader.services.touch_points import TouchPointInput

TODAY = date(2026, 11, 28)
OCCURRED = date(2026, 11, 1)  # a CF-28 of this day: its response is due 2026-12-01


def _response(store: Store, partner_id: int) -> Deadline:
    with store.uow() as uow:
        touch_points.record_touch_point(uow, partner_id, TouchPointInput(OCCURRED, "cf28"))
        uow.commit()
    with store.uow() as uow:
        found = week_items(uow, TODAY).deadlines
    return next(d for d in found if d.kind == DeadlineKind.RESPONSE)


# (what the user did, the error, words the refusal must hold)
RESCHEDULE_CASES: list[tuple[str, date, str, type[DomainError], str]] = [
    ("a reason of 10,000 characters", date(2026, 12, 20), "x" * 10_000, ValidationError, "300"),
    ("a reason with a NUL", date(2026, 12, 20), "broker\x00asked", ValidationError, "control"),
    ("a reason with an escape", date(2026, 12, 20), "\x1b[31mred", ValidationError, "control"),
    ("no reason", date(2026, 12, 20), "", ValidationError, "needs a reason"),
    ("a reason of spaces only", date(2026, 12, 20), " \t\n ", ValidationError, "needs a reason"),
    ("a date before the touch point", date(2026, 10, 31), "typo", ValidationError, "before"),
    ("a date a century back", date(1900, 1, 1), "typo", ValidationError, "before"),
    ("the date it is already due", date(2026, 12, 1), "no change", ValidationError, "already"),
]


@pytest.mark.parametrize(
    ("case", "new_due", "reason", "error", "words"),
    RESCHEDULE_CASES,
    ids=[c[0] for c in RESCHEDULE_CASES],
)
def test_hostile_reschedules_are_refused_and_change_nothing(
    store: Store,
    acme_id: int,
    case: str,
    new_due: date,
    reason: str,
    error: type[DomainError],
    words: str,
) -> None:
    item = _response(store, acme_id)
    with store.uow() as uow, pytest.raises(error) as caught:
        reschedule(uow, item, new_due, reason)
    assert words in str(caught.value)
    with store.uow() as uow:
        again = week_items(uow, TODAY).deadlines
        history = audit.partner_history(uow, acme_id, table="touch_point")
    assert [d.due_on for d in again if d.record_id == item.record_id] == [item.due_on]
    assert [h.action for h in history] == ["create"]


def test_a_long_reason_on_many_lines_is_kept_on_one_line(store: Store, acme_id: int) -> None:
    item = _response(store, acme_id)
    reason = "CBP granted\n\n an   extension\t(ticket 42) — שלום"
    with store.uow() as uow:
        reschedule(uow, item, date(2026, 12, 20), reason)
        uow.commit()
    with store.uow() as uow:
        (latest, _created) = audit.partner_history(uow, acme_id, table="touch_point")
    assert latest.changes["reschedule_reason"][1] == "CBP granted an extension (ticket 42) — שלום"


def _stale(item: Deadline) -> Deadline:
    return replace(item, version=(item.version or 0) + 7)


def _gone(item: Deadline) -> Deadline:
    return replace(item, record_id=987_654_321)


def _other_table(item: Deadline) -> Deadline:
    return replace(item, record_table="audit_log")


DONE_CASES: list[tuple[str, Callable[[Deadline], Deadline], date, type[DomainError], str]] = [
    (
        "received before the touch point",
        lambda d: d,
        OCCURRED - timedelta(days=1),
        ValidationError,
        "before",
    ),
    ("a row changed since it was read", _stale, TODAY, ConflictError, "changed by someone else"),
    ("a row deleted since it was read", _gone, TODAY, NotFoundError, "There is no record"),
    (
        "a record of a table not on the list",
        _other_table,
        TODAY,
        ValidationError,
        "cannot be changed",
    ),
]


@pytest.mark.parametrize("case", DONE_CASES, ids=[c[0] for c in DONE_CASES])
def test_hostile_mark_done_is_refused(store: Store, acme_id: int, case: tuple[Any, ...]) -> None:
    _what, tamper, done_on, error, words = case
    item = _response(store, acme_id)
    with store.uow() as uow, pytest.raises(error) as caught:
        mark_done(uow, tamper(item), done_on)
    assert words in str(caught.value)


def test_an_annual_review_done_before_its_window_opens_is_refused(
    store: Store, acme_id: int
) -> None:
    since = date(2020, 2, 20)  # the window of the 2027-02-20 review opens 2026-11-22
    with store.uow() as uow:
        ctpat = programs.EnrollmentInput("ctpat", tier=2, certified_on=since, anniversary=since)
        programs.enroll(uow, acme_id, ctpat)
        uow.commit()
    with store.uow() as uow:
        found = week_items(uow, TODAY).deadlines
    review = next(d for d in found if d.kind == DeadlineKind.ANNUAL_REVIEW)
    with store.uow() as uow, pytest.raises(ValidationError, match="window opens"):
        mark_done(uow, review, date(2026, 11, 1))


# What a hand-edited or older window state file may hold for My week's filters.
STATE_CASES = [
    ({"who": "../../etc", "kind": "DROP TABLE", "overdue_days": "abc"}, ("all", "", 0)),
    ({"who": "mine", "overdue_days": "-5"}, ("all", "", 0)),  # no "me": mine cannot be had
    ({"kind": "responses", "overdue_days": "90"}, ("all", "responses", 90)),
    ({"overdue_days": "99999999999999999999"}, ("all", "", 0)),
    ({"partner": "%_*[(?"}, ("all", "", 0)),
]


@pytest.mark.parametrize(("stored", "expected"), STATE_CASES)
def test_hostile_remembered_filters_fall_back_to_defaults(
    qtbot: Any, app_home: Any, stored: dict[str, str], expected: tuple[str, str, int]
) -> None:
    from trusted_trader.gui.context import Desk
    from trusted_trader.gui.week_list import WeekList
    from trusted_trader.services.deadlines import WeekItems
    from trusted_trader.settings import Settings

    app_home.mkdir(parents=True, exist_ok=True)
    state = QSettings(str(app_home / "window.ini"), QSettings.Format.IniFormat)
    for key, value in stored.items():
        state.setValue(f"my_week/{key}", value)
    week = WeekList(Desk(Settings(), state, today=lambda: TODAY), "my_week")
    qtbot.addWidget(week)
    week.show_items(WeekItems([], None, None))
    wanted = week.current_filter()
    assert (wanted.who, wanted.kind, wanted.overdue_days) == expected
    assert wanted.partner == stored.get("partner", "")


LONG_WORD = ("Zweckverbandsimportgesellschaft" * 7)[:200]
# Hostile partner names and item titles on the week's agenda: one page, inside the margins.
AGENDA_NAMES = [
    ("200 characters without a space", LONG_WORD),
    ("XML specials", 'Smith & Sons <Import> "Ltd" </para> &amp; <b>'),
    ("emoji", "Ship 🚢 Supplies ✅ 🇺🇸 Co"),
    ("bidi override", "Acme \u202eevil\u202c Ltd"),
    ("control characters", "Tab\tand\x07bell Ltd"),
    ("Hebrew", "יבוא ישראלי בעמ"),
    ("CJK", "上海进出口有限公司 Trading"),
]


@pytest.mark.parametrize("case", AGENDA_NAMES, ids=[c[0] for c in AGENDA_NAMES])
def test_hostile_names_keep_the_agenda_on_one_page_inside_its_margins(
    case: tuple[str, str],
) -> None:
    _what, name = case
    items = [
        Deadline(
            DeadlineKind.RESPONSE, TODAY + timedelta(days=i % 9 - 2), name * 2, i, name, "t", i
        )
        for i in range(60)
    ]
    agenda = build_week_agenda(items, TODAY, name)
    pages = pdf_pages(render_week_pdf(agenda, ReportOptions(today=TODAY, marking="CUI")))
    assert len(pages) == 1
    assert outside_margins(pages[0], float(MARGIN)) == []
