"""The deadline radar as an iCalendar file: one all-day event per deadline, stable UIDs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from trusted_trader import APP_NAME, __version__
from trusted_trader.domain.deadlines import Deadline
from trusted_trader.services.deadlines import DeadlineQuery, list_deadlines
from trusted_trader.store.safe_output import check_target, write_bytes
from trusted_trader.store.uow import UnitOfWork

# The UID's domain part: with Deadline.uid it names one obligation forever, so a
# re-exported file updates the event in Outlook or Thunderbird instead of adding one.
UID_DOMAIN = "trusted-trader.app"


def deadlines_calendar(deadlines: Sequence[Deadline], stamp: datetime | None = None) -> bytes:
    """An iCalendar (RFC 5545) document of the deadlines."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{APP_NAME} deadlines")
    moment = stamp or datetime.now(UTC)
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.uid}@{UID_DOMAIN}")
        event.add("dtstamp", moment)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
        event.add("summary", f"{deadline.partner_name}: {deadline.title}")
        event.add("categories", [deadline.kind.value])
        event.add("description", f"{deadline.kind.value.capitalize()} — {deadline.partner_name}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export_deadlines(
    uow: UnitOfWork,
    path: Path,
    query: DeadlineQuery | None = None,
    today: date | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the radar to ``path`` (an ``.ics`` file); returns how many events it holds.

    An existing file is replaced only with ``overwrite``.
    """
    check_target(path, overwrite=overwrite)  # before the work, not after it
    found = list_deadlines(uow, query or DeadlineQuery(), today or date.today())
    write_bytes(path, deadlines_calendar(found), overwrite=overwrite)
    return len(found)
