"""Live refresh: colleagues' changes to the open database reach the open pages within a second.

A listener (``services.connection.change_listener``) tells which tables changed
(PostgreSQL LISTEN/NOTIFY on a team database; ``PRAGMA data_version`` on a
local file). A timer on the GUI thread asks it without waiting (``poll(0)``
costs tens of microseconds when nothing happened), a short pause gathers a
burst of notices, and the Desk's ``data_changed`` then names what to reload.
The listener's own connection is opened on a worker thread.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Slot

from trusted_trader.gui.context import Desk, Topic

log = logging.getLogger("trusted_trader")

POLL_MS = 400  # how often the listener is asked
SETTLE_MS = 500  # a burst of notices within this becomes one refresh
RETRY_MS = 10_000  # after the listener's connection broke

# The data_changed topics the pages and tabs reload on → the tables whose notices raise them.
_TABLES: tuple[tuple[tuple[Topic, ...], tuple[str, ...]], ...] = (
    ((Topic.PARTNERS,), ("partner", "partner_ior", "partner_filer_code", "program_enrollment")),
    ((Topic.CONTACTS,), ("contact",)),
    (
        (Topic.PLANS,),
        ("engagement_plan", "plan_risk_area", "plan_objective", "plan_action_item", "plan_review"),
    ),
    ((Topic.TOUCH_POINTS,), ("touch_point",)),
    ((Topic.ACTIVITIES,), ("engagement_activity",)),
    ((Topic.VOLUMES,), ("monthly_volume",)),
    # A month's volume is counted from its entries where it has any.
    ((Topic.VOLUMES,), ("customs_entry", "port_volume")),
    ((Topic.REFERENCE, Topic.PARTNERS), ("center", "account_executive")),
    ((Topic.REFERENCE,), ("center_coverage",)),
    ((Topic.FACILITATION,), ("facilitation",)),
    # Written alongside the records above, which announce themselves.
    ((), ("audit_log", "import_batch", "import_change", "alembic_version")),
)
TOPICS: dict[str, tuple[Topic, ...]] = {
    table: topics for topics, tables in _TABLES for table in tables
}


class ChangeSource(Protocol):
    def poll(self, timeout: float = 0.0) -> list[str]: ...

    def close(self) -> None: ...


def topics_for(notices: Iterable[str]) -> set[Topic]:
    """What to reload for notices such as "partner:12", "touch_point:*" or "*" (anything)."""
    topics: set[Topic] = set()
    for notice in notices:
        table = notice.split(":", 1)[0]
        if table == "*" or table not in TOPICS:
            return {Topic.ALL}
        topics.update(TOPICS[table])
    return topics


def open_listener(url: str) -> ChangeSource:
    from trusted_trader.services.connection import change_listener

    return change_listener(url)


class ChangeWatcher(QObject):
    """Turns change notices of the open database into ``desk.data_changed`` topics."""

    def __init__(
        self,
        desk: Desk,
        parent: QObject | None = None,
        *,
        opener: Callable[[str], ChangeSource] = open_listener,
        poll_ms: int = POLL_MS,
        settle_ms: int = SETTLE_MS,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self._opener = opener
        self._listener: ChangeSource | None = None
        self._url = ""
        self._generation = 0  # a listener opened for an earlier database is closed unused
        self._pending: set[Topic] = set()
        self._emitting = False
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_ms)
        self._poll_timer.timeout.connect(self.poll)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(settle_ms)
        self._settle_timer.timeout.connect(self.flush)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.setInterval(RETRY_MS)
        self._retry_timer.timeout.connect(lambda: self.start(self._url))
        desk.data_changed.connect(self._on_local_change)

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self, url: str) -> None:
        """Watch the database at ``url`` (instead of any other); its connection opens off-thread."""
        self.stop()
        self._url = url
        generation = self._generation
        opener = self._opener

        def opened(listener: object) -> None:
            if generation != self._generation:
                _close_quietly(listener)
                return
            self._listener = listener  # type: ignore[assignment]
            self._poll_timer.start()

        def failed(exc: object) -> None:
            if generation == self._generation:
                log.warning("Live refresh is off: %s", exc)
                self._retry_timer.start()

        self.desk.pool.submit(lambda: opener(url), opened, failed, owner=self)

    def stop(self) -> None:
        """Stop watching and close the listener's connection; pending notices are dropped."""
        self._generation += 1
        self._poll_timer.stop()
        self._settle_timer.stop()
        self._retry_timer.stop()
        self._pending.clear()
        listener, self._listener = self._listener, None
        if listener is not None:
            _close_quietly(listener)

    @Slot()
    def poll(self) -> None:
        """Ask the listener, without waiting, whether anything changed."""
        if self._listener is None:
            return
        try:
            notices = self._listener.poll(0)
        except Exception as exc:  # the server went away: try again later
            log.warning("Live refresh paused: %s", exc)
            url = self._url
            self.stop()
            self._url = url
            self._retry_timer.start()
            return
        if notices:
            self._pending |= topics_for(notices)
            if self._pending and not self._settle_timer.isActive():
                self._settle_timer.start()

    @Slot()
    def flush(self) -> None:
        """Tell the pages what changed since the last refresh."""
        self._settle_timer.stop()
        pending, self._pending = self._pending, set()
        if not pending or self.desk.store is None:
            return
        self._emitting = True
        try:
            for topic in [Topic.ALL] if Topic.ALL in pending else sorted(pending):
                self.desk.changed(topic)
        finally:
            self._emitting = False

    @Slot(str)
    def _on_local_change(self, what: str) -> None:
        """This window saved something and refreshes already: its own notices are not news."""
        if self._emitting or self._listener is None:
            return
        self.poll()
        if what == Topic.ALL:
            self._pending.clear()
        elif self._pending == {Topic.ALL}:
            # A file says only "someone wrote"; the write just announced is taken to be it.
            self._pending.clear()
        else:
            self._pending.discard(Topic(what))
        if not self._pending:
            self._settle_timer.stop()


def _close_quietly(listener: object) -> None:
    close = getattr(listener, "close", None)
    if callable(close):
        with contextlib.suppress(Exception):
            close()
