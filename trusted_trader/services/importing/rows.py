"""The columns of each import kind and how one row's cells become checked values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any, TypeVar

from trusted_trader.domain.deadlines import response_due
from trusted_trader.domain.enums import ImportKind, TouchPointKind
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.identifiers import (
    IdentifierError,
    entry_check_digit,
    parse_entry_number,
    parse_hts_number,
    parse_ior_number,
    parse_port_code,
)
from trusted_trader.domain.periods import check_day
from trusted_trader.domain.periods import parse_month as parse_month_text
from trusted_trader.services.facilitation import FacilitationInput, checked_values
from trusted_trader.services.importing.read import UnreadableRow, squash_header
from trusted_trader.services.touch_points import TouchPointInput, validate_touch_point
from trusted_trader.services.volumes import MAX_ENTERED_VALUE_USD, validate_volume
from trusted_trader.store.text_guard import nul_problems

T = TypeVar("T")

KINDS = tuple(ImportKind)

COLUMNS: dict[str, tuple[str, ...]] = {
    ImportKind.PARTNERS: (
        "name", "ior_numbers", "filer_codes", "center", "account_executive", "ctpat_tier",
        "ctpat_account", "trade_compliance", "country", "city", "status",
    ),
    ImportKind.TOUCH_POINTS: (
        "ior_number", "date", "kind", "port_code", "entry_number", "hts_number", "agency",
        "outcome", "selection", "notes",
    ),
    ImportKind.VOLUMES: ("ior_number", "month", "entries", "entered_value_usd"),
    ImportKind.FACILITATION: ("ior_number", "date", "kind", "description"),
    # One row per entry summary line; ``lines`` (how many lines a row stands for) lets an
    # exported file, one row per entry, come back unchanged.
    ImportKind.ENTRIES: (
        "entry_number", "ior_number", "entry_date", "summary_date", "port_code",
        "hts_number", "line_number", "entered_value_usd", "lines",
    ),
}  # fmt: skip

REQUIRED: dict[str, tuple[str, ...]] = {
    ImportKind.PARTNERS: ("name", "ior_numbers"),
    ImportKind.TOUCH_POINTS: ("ior_number", "date", "kind"),
    ImportKind.VOLUMES: ("ior_number", "month", "entries"),
    ImportKind.FACILITATION: ("ior_number", "date", "kind"),
    ImportKind.ENTRIES: ("entry_number", "ior_number"),
}

# Other names a file may give our columns: ACE's report columns (the "Entry Summary Line
# Tariff Details" report, ES-003) and the usual loose variants. They apply to every kind
# that has the column; a file's header matching our own name wins over an alias.
ALIASES: dict[str, tuple[str, ...]] = {
    "entry_number": ("Entry Summary Number", "Entry No", "Entry Number", "Entry Summary No"),
    "ior_number": (
        "Importer Number", "IOR", "IOR Number", "IOR No", "Importer of Record Number",
        "Importer of Record",
    ),
    "summary_date": ("Entry Summary Date",),
    "port_code": ("Port", "Port of Entry", "Entry Port Code"),
    "hts_number": ("HTS", "Tariff Number", "HTSUS Number", "HTS Numbers", "HTSUS"),
    "line_number": ("Line No", "Entry Summary Line Number", "Line"),
    "entered_value_usd": (
        "Line Goods Value Amount", "Line Entered Value", "Entered Value",
        "Entered Value USD", "Goods Value",
    ),
    "lines": ("Line Count", "Lines", "Number of Lines"),
}  # fmt: skip

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NORMAL_ENTRY = re.compile(r"[A-Z0-9]{3}-[0-9]{7}-[0-9]")


class RowRejected(Exception):
    """A row that breaks a rule; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


def checked_cells(cells: Sequence[Any], named: dict[str, Any]) -> dict[str, Any]:
    """``named`` itself, or RowRejected for lines the reader could not split into a row and
    for text no database keeps alike (PostgreSQL refuses a NUL character, SQLite stores it)."""
    if isinstance(cells, UnreadableRow):
        raise RowRejected([cells.problem])
    try:  # one search of the joined text; a spreadsheet's numbers and dates: value by value
        clean = "\x00" not in "".join(named.values())
    except TypeError:
        clean = False
    problems = [] if clean else nul_problems(named)
    if problems:
        raise RowRejected(problems)
    return named


def duplicate_headers(headers: Sequence[str]) -> str | None:
    """A message naming two columns whose headers read as the same name, else None."""
    seen: dict[str, tuple[int, str]] = {}
    for number, header in enumerate(headers, start=1):
        key = squash_header(header)
        if not key:
            continue
        if key in seen:
            first, earlier = seen[key]
            return (
                f"columns {first} ('{earlier}') and {number} ('{header}') have the same name; "
                "rename or remove one, so it is clear which to read"
            )
        seen[key] = (number, header)
    return None


def match_headers(kind: str, headers: Sequence[str]) -> dict[str, int]:
    """Our column name → the index of the file's column, matched loosely (names, then aliases)."""
    ours = COLUMNS[kind]
    exact = {squash_header(name): name for name in ours}
    other = {squash_header(alias): name for name in ours for alias in ALIASES.get(name, ())}
    found: dict[str, int] = {}
    for wanted in (exact, other):
        for index, header in enumerate(headers):
            name = wanted.get(squash_header(header))
            if name is not None and name not in found and index not in found.values():
                found[name] = index
    return found


def mapping_from_names(headers: Sequence[str], chosen: Mapping[str, str]) -> dict[str, int]:
    """A user's mapping (our column → the file's header) as column indexes."""
    index = {header: i for i, header in enumerate(headers)}
    return {ours: index[theirs] for ours, theirs in chosen.items() if theirs in index}


def missing_columns(kind: str, mapping: Mapping[str, int]) -> list[str]:
    """The required columns of ``kind`` that the mapping lacks."""
    return [name for name in REQUIRED[kind] if name not in mapping]


def text(value: Any) -> str:
    """A cell as trimmed text (dates in ISO form, None empty)."""
    if type(value) is str:
        return value.strip()
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return "" if value is None else str(value).strip()


def digits_cell(value: Any, *widths: int) -> str:
    """A code typed into Excel as a number lost its leading zeros (0101 became 101)."""
    if isinstance(value, int) and value >= 0:
        digits = str(value)
        width = next((w for w in widths if len(digits) < w), None)
        if width is not None and len(digits) >= width - 2:
            return digits.zfill(width)
        return digits
    return text(value)


def parse_date(column: str, value: Any) -> date:
    """ISO ``YYYY-MM-DD``, US ``MM/DD/YYYY`` or a real Excel date cell."""
    if type(value) is str:  # a file holds a few thousand days in a million rows
        return _parsed_day(column, value)
    return _parsed_date(column, value)


@lru_cache(maxsize=8192)
def _parsed_day(column: str, value: str) -> date:
    return _parsed_date(column, value)


def _parsed_date(column: str, value: Any) -> date:
    day = _date_or_none(column, value)
    if day is None:
        raw = text(value)
        raise RowRejected([Problem(column, raw, "is not a date: use YYYY-MM-DD or MM/DD/YYYY")])
    try:
        return check_day(day)
    except ValueError as exc:
        raise RowRejected([Problem(column, text(value), str(exc))]) from None


def _date_or_none(column: str, value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    try:
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            return date.fromisoformat(raw)
        if match := _US_DATE.match(raw):
            month, day, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise RowRejected([Problem(column, raw, "is not a day of the calendar")]) from None
    return None


def parse_month(column: str, value: Any) -> date:
    """``YYYY-MM``; a full date (or an Excel date cell) must be the first of the month."""
    raw = text(value)
    if _MONTH.match(raw):
        try:
            return parse_month_text(raw)
        except ValueError as exc:
            raise RowRejected([Problem(column, raw, str(exc))]) from None
    try:
        return parse_date(column, value)
    except RowRejected:
        raise RowRejected([Problem(column, raw, "is not a month: use YYYY-MM")]) from None


def parse_number(column: str, value: Any, *, whole: bool) -> float:
    """A number cell (commas and $ allowed, empty is 0), whole if asked; else rejects the row."""
    raw = text(value).replace(",", "").replace("$", "").strip()
    try:
        number = float(raw) if raw else 0.0
    except ValueError:
        raise RowRejected([Problem(column, text(value), "is not a number")]) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise RowRejected([Problem(column, text(value), "is not a number")])
    if whole and not number.is_integer():
        raise RowRejected([Problem(column, text(value), "must be a whole number")])
    return number


@lru_cache(maxsize=65536)
def parse_ior(value: str, column: str = "ior_number") -> str:
    """An IOR number in its stored form; rejects the row otherwise."""
    try:
        return parse_ior_number(value)
    except IdentifierError as exc:
        raise RowRejected([Problem(column, value, str(exc))]) from None


def partner_of_cell(partners: Mapping[str, T], cell: Any) -> T | None:
    """What ``partners`` (by IOR number in its stored form) holds for a row's IOR number
    cell, read as the rules read it; None for a cell that names none of them."""
    if type(cell) is not str:
        return None
    found = partners.get(cell)
    if found is None:  # not in its stored form, or no partner's
        try:
            found = partners.get(parse_ior(cell.strip()))
        except RowRejected:
            return None
    return found


_ANY_DAY = date(2000, 1, 1)


def normal_entry_number(entry: str) -> str:
    """An entry number in its stored form; IdentifierError (naming the right check digit)."""
    # A number already in normal form with a right check digit is what the parser would
    # return; skip the rest of its work.
    if _NORMAL_ENTRY.fullmatch(entry) is not None and int(entry[12]) == entry_check_digit(
        entry[:3] + entry[4:11]
    ):
        return entry
    return parse_entry_number(entry)


@lru_cache(maxsize=8192)
def _checked_parts(
    kind: str, port: str, hts: str, agency: str, outcome: str, selection: str
) -> dict[str, Any]:
    """The touch-point rules for the columns that repeat from row to row, checked once each.

    The entry number and the date differ on every row and are checked per row below,
    by the same parsers ``validate_touch_point`` uses.
    """
    data = TouchPointInput(_ANY_DAY, kind, port, "", hts, agency, outcome, selection=selection)
    values = validate_touch_point(data)
    for name in ("occurred_on", "response_due", "response_due_reason", "notes", "entry_number"):
        del values[name]
    return values


@lru_cache(maxsize=32)
def _response_days(kind: str) -> timedelta | None:
    """The kind's response window, as ``domain.deadlines.response_due`` reckons it."""
    due = response_due(TouchPointKind(kind), _ANY_DAY)
    return None if due is None else due - _ANY_DAY


def touch_point_row(cells: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The IOR number and the checked touch-point columns of one row."""
    problems: list[Problem] = []
    ior = ""
    values: dict[str, Any] = {}
    try:
        ior = parse_ior(text(cells.get("ior_number")))
    except RowRejected as exc:
        problems += exc.problems
    try:
        values["occurred_on"] = parse_date("date", cells.get("date"))
    except RowRejected as exc:
        problems += exc.problems
    get = cells.get
    try:
        values.update(
            _repeated_parts(get("kind"), get("port_code"), get("hts_number"), get("agency"),
                           get("outcome"), get("selection"))
        )  # fmt: skip
    except ValidationError as exc:
        problems += exc.problems
    entry = text(cells.get("entry_number"))
    try:
        values["entry_number"] = entry and normal_entry_number(entry)
    except IdentifierError as exc:
        problems.append(Problem("entry_number", entry, str(exc)))
    if problems:
        raise RowRejected(problems)
    values["notes"] = str(cells.get("notes") or "")
    values["response_due"] = _response_due(values["kind"], values["occurred_on"])
    return ior, values


# Typed: a cell of 1 and one of 1.0 or True read differently (digits_cell, text).
@lru_cache(maxsize=8192, typed=True)
def _repeated_parts(
    kind: Any, port: Any, hts: Any, agency: Any, outcome: Any, selection: Any
) -> dict[str, Any]:
    """``_checked_parts`` of the cells as they are: most rows repeat another's."""
    return _checked_parts(
        text(kind), digits_cell(port, 4), digits_cell(hts, 8, 10), text(agency), text(outcome),
        text(selection),
    )  # fmt: skip


@lru_cache(maxsize=8192)
def _response_due(kind: str, day: date) -> date | None:
    days = _response_days(kind)
    return None if days is None else day + days


def volume_row(cells: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A monthly-volume row checked: (IOR number, values by column)."""
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    steps = (
        ("partner", lambda: parse_ior(text(cells.get("ior_number")))),
        ("month", lambda: parse_month("month", cells.get("month"))),
        ("entries", lambda: int(parse_number("entries", cells.get("entries"), whole=True))),
        (
            "entered_value_usd",
            lambda: parse_number("entered_value_usd", cells.get("entered_value_usd"), whole=False),
        ),
    )
    for name, step in steps:
        try:
            parsed[name] = step()
        except RowRejected as exc:
            problems += exc.problems
    if not problems:
        try:
            validate_volume(parsed["month"], parsed["entries"], parsed["entered_value_usd"])
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise RowRejected(problems)
    ior = parsed.pop("partner")
    return ior, {**parsed, "reported": True}


def facilitation_row(cells: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A facilitation row checked: (IOR number, values by column)."""
    problems: list[Problem] = []
    ior, day = "", _ANY_DAY
    try:
        ior = parse_ior(text(cells.get("ior_number")))
    except RowRejected as exc:
        problems += exc.problems
    try:
        day = parse_date("date", cells.get("date"))
    except RowRejected as exc:
        problems += exc.problems
    data = FacilitationInput(day, text(cells.get("kind")), str(cells.get("description") or ""))
    try:
        values = checked_values(data)
    except ValidationError as exc:
        problems += exc.problems
    if problems:
        raise RowRejected(problems)
    return ior, values


# ACE numbers an entry summary's lines from 1 up to 999; a file row may stand for several
# lines (an exported entry), never for more than an entry holds.
MAX_LINE_NUMBER = 9_999
MAX_ENTRY_LINES = 9_999
_HTS_SEPARATORS = re.compile(r"[,;]")


@lru_cache(maxsize=8192)
def _day_text(column: str, raw: str) -> date | None:
    return parse_date(column, raw) if raw else None


def _optional_day(column: str, value: Any) -> date | None:
    if isinstance(value, date):
        return parse_date(column, value)
    return _day_text(column, text(value))


@lru_cache(maxsize=4096)
def _port_text(raw: str) -> str:
    try:
        return parse_port_code(raw) if raw else ""
    except IdentifierError as exc:
        raise RowRejected([Problem("port_code", raw, exc.reason)]) from None


@lru_cache(maxsize=16384)
def hts_list(raw: str) -> str:
    """A cell's HTS numbers as distinct digits, sorted, space-separated ("" for none).

    A cell may hold several (the export writes an entry's so), separated by commas,
    semicolons or spaces; a single number written with spaces ("8471 30 0100") is one.
    """
    found: set[str] = set()
    for part in _HTS_SEPARATORS.split(raw):
        words = part.split()
        if not words:
            continue
        try:
            found.update(parse_hts_number(w) for w in words)
        except IdentifierError:
            try:
                found.add(parse_hts_number(part))
            except IdentifierError as exc:
                raise RowRejected([Problem("hts_number", raw, exc.reason)]) from None
    return " ".join(sorted(found))


def _required_entry(entry: str) -> str:
    try:
        if not entry:
            raise IdentifierError("Entry number", entry, "is required")
        return normal_entry_number(entry)
    except IdentifierError as exc:
        raise RowRejected([Problem("entry_number", entry, exc.reason)]) from None


def _collect(problems: list[Problem], step: Callable[..., Any], *args: Any) -> Any:
    """``step(*args)``, or None with its problems added to ``problems``."""
    try:
        return step(*args)
    except RowRejected as exc:
        problems += exc.problems
        return None


@lru_cache(maxsize=8192)
def _entry_fields(
    entry: str, ior: str, entry_date: Any, summary_date: Any, port: str
) -> tuple[tuple[Any, ...], tuple[Problem, ...]]:
    """The fields every line of an entry repeats, checked once for its lines together:
    (entry number, IOR number, entry day, summary day, port), and the problems."""
    problems: list[Problem] = []
    entry = _collect(problems, _required_entry, entry)
    ior = _collect(problems, parse_ior, ior)
    entry_day = _collect(problems, _optional_day, "entry_date", entry_date)
    summary_day = _collect(problems, _optional_day, "summary_date", summary_date)
    port = _collect(problems, _port_text, port)
    if not (entry_day or summary_day) and not any(
        p.field in ("entry_date", "summary_date") for p in problems
    ):
        problems.append(
            Problem("entry_date", "", "an entry date or an entry summary date is required")
        )
    days = [day.toordinal() if day else 0 for day in (entry_day, summary_day)]
    return (entry, ior, *days, port), tuple(problems)


def _whole(column: str, value: Any, default: int | None, most: int) -> int | None:
    """A positive whole number up to ``most``; ``default`` for an empty cell."""
    if type(value) is str and value.isascii() and value.isdigit() and 1 <= int(value) <= most:
        return int(value)
    if value is None or text(value) == "":
        return default
    number = parse_number(column, value, whole=True)
    if not 1 <= number <= most:
        reason = f"must be a whole number from 1 to {most:,}"
        raise RowRejected([Problem(column, text(value), reason)])
    return int(number)


def _line_value(value: Any) -> float:
    if type(value) is str and value[:1].isdigit():  # the common case, without the clean-up
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            if 0 <= number <= MAX_ENTERED_VALUE_USD:
                return number
    number = parse_number("entered_value_usd", value, whole=False)
    if number < 0:
        raise RowRejected([Problem("entered_value_usd", text(value), "cannot be negative")])
    if number > MAX_ENTERED_VALUE_USD:
        raise RowRejected(
            [Problem("entered_value_usd", text(value), "is more than $1,000 trillion")]
        )
    return number


# A line's values as they travel from the reader, in this order, after the IOR number.
# Its dates go as day numbers (``date.toordinal()``, 0 for none): sent from one process
# to another, a date object costs several times what the rest of the line does.
ENTRY_LINE_NAMES = (
    "entry_number", "entry_date", "summary_date", "port_code", "hts_number", "line_number",
    "entered_value_usd", "lines",
)  # fmt: skip


def entry_line(cells: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """An entry summary line checked: (IOR number, values in ENTRY_LINE_NAMES order).

    Every problem of the line at once, per field.
    """
    get = cells.get
    head, found = _entry_fields(
        _plain(get("entry_number")), _plain(get("ior_number")), _plain(get("entry_date")),
        _plain(get("summary_date")), _plain(get("port_code"), 4),
    )  # fmt: skip
    try:  # the common case: a line without a problem
        if found:
            raise RowRejected(found)
        hts = hts_list(digits_cell(get("hts_number"), 8, 10))
        line = _whole("line_number", get("line_number"), None, MAX_LINE_NUMBER)
        value = _line_value(get("entered_value_usd"))
        lines = _whole("lines", get("lines"), 1, MAX_ENTRY_LINES)
    except RowRejected:
        raise RowRejected(_line_problems(found, get)) from None
    entry, ior, entry_day, summary_day, port = head
    return ior, (entry, entry_day, summary_day, port, hts, line, value, lines)


class QuickLines:
    """:func:`entry_line` for the lines of one entry as a CSV gives them, in the common case.

    A file repeats an entry's number, importer, dates and port on each of its lines and
    holds a few thousand days, ports and HTS numbers in a million lines: an entry's
    cells are read once, and every cell through a cache of what the rules made of it.
    Anything else (a cell the rules reject, a line whose entry cells differ from the
    first line's) gives None, and the caller checks the lines one by one with
    :func:`entry_line`, which names every problem.
    """

    def __init__(self, mapping: Mapping[str, int]) -> None:
        heads = [mapping.get(n, -1) for n in _HEAD_NAMES]
        self.entry_at, self.ior_at, self.entry_day_at, self.summary_day_at, self.port_at = heads
        self.head: Callable[[Sequence[Any]], Any] = itemgetter(*[i for i in heads if i >= 0])
        self.hts_at = mapping.get("hts_number", -1)
        self.line_at = mapping.get("line_number", -1)
        self.value_at = mapping.get("entered_value_usd", -1)
        self.lines_at = mapping.get("lines", -1)
        self.widest = max(mapping.values())
        self.iors = _ReadCells(parse_ior)
        self.entry_days = _ReadCells(partial(_day_number, "entry_date"))
        self.summary_days = _ReadCells(partial(_day_number, "summary_date"))
        self.ports = _ReadCells(_port_text)
        self.hts = _ReadCells(_hts_text)

    def __call__(self, rows: Sequence[Sequence[Any]]) -> list[tuple[str, tuple[Any, ...]]] | None:
        """Each line's (IOR number, values) as :func:`entry_line` gives them, or None."""
        try:
            return self._lines(rows)
        except (RowRejected, IdentifierError, AttributeError, TypeError, ValueError):
            return None

    def _lines(self, rows: Sequence[Sequence[Any]]) -> list[tuple[str, tuple[Any, ...]]] | None:
        first = rows[0]
        if self.value_at < 0 or len(first) <= self.widest:
            return None
        head = self._head(first)
        if head is None:
            return None
        ior, values = head
        pick, cells_of_head, widest, detail = self.head, self.head(first), self.widest, self._detail
        found = []
        for cells in rows:
            if len(cells) <= widest or pick(cells) != cells_of_head:
                return None
            found.append((ior, values + detail(cells)))
        return found

    def _head(self, cells: Sequence[Any]) -> tuple[str, tuple[Any, ...]] | None:
        """(IOR number, (entry number, entry day, summary day, port)) of an entry's line."""
        entry = normal_entry_number(cells[self.entry_at].strip())
        ior = self.iors[cells[self.ior_at]]
        entry_day = self.entry_days[cells[self.entry_day_at]] if self.entry_day_at >= 0 else 0
        summary_day = (
            self.summary_days[cells[self.summary_day_at]] if self.summary_day_at >= 0 else 0
        )
        if not (entry_day or summary_day):
            return None
        port = self.ports[cells[self.port_at]] if self.port_at >= 0 else ""
        return ior, (entry, entry_day, summary_day, port)

    def _detail(self, cells: Sequence[Any]) -> tuple[Any, ...]:
        """A line's HTS numbers, line number, value and lines; ValueError (or the rule's
        RowRejected) for a cell the full check is to judge."""
        hts = self.hts[cells[self.hts_at]] if self.hts_at >= 0 else ""
        line: int | None = None
        lines: int | None = 1
        if self.line_at >= 0:
            line = _quick_whole(cells[self.line_at], None, MAX_LINE_NUMBER)
        if self.lines_at >= 0:
            lines = _quick_whole(cells[self.lines_at], 1, MAX_ENTRY_LINES)
        raw = cells[self.value_at]
        value = float(raw) if raw[:1].isdigit() else -1.0
        if not 0 <= value <= MAX_ENTERED_VALUE_USD:
            raise ValueError(raw)
        return hts, line, value, lines


class _ReadCells(dict[str, Any]):
    """A column's cells → what a rule makes of their trimmed text, each text read once
    (a look-up in C for the rest); RowRejected as the rule raises it."""

    def __init__(self, rule: Callable[[str], Any]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, raw: str) -> Any:
        if len(self) >= _MOST_CACHED:  # a file of ever new cells: start again
            self.clear()
        found = self[raw] = self.rule(raw.strip())
        return found


_MOST_CACHED = 100_000  # cells whose reading is kept: a few MB


def _quick_whole(raw: str, default: int | None, most: int) -> int | None:
    """A whole-number cell as :func:`_whole` reads the plain ones; ValueError for the rest,
    which the full check judges."""
    if raw.isdigit() and raw.isascii():
        if 1 <= (number := int(raw)) <= most:
            return number
    elif not raw.strip():
        return default
    raise ValueError(raw)


def _day_number(column: str, raw: str) -> int:
    day = _day_text(column, raw)
    return day.toordinal() if day else 0


def _hts_text(raw: str) -> str:
    return hts_list(digits_cell(raw, 8, 10))


_HEAD_NAMES = ("entry_number", "ior_number", "entry_date", "summary_date", "port_code")


def _line_problems(found: Sequence[Problem], get: Callable[[str], Any]) -> list[Problem]:
    """Every problem of a line that has some, field by field."""
    problems = list(found)
    _collect(problems, hts_list, digits_cell(get("hts_number"), 8, 10))
    _collect(problems, _whole, "line_number", get("line_number"), None, MAX_LINE_NUMBER)
    _collect(problems, _line_value, get("entered_value_usd"))
    _collect(problems, _whole, "lines", get("lines"), 1, MAX_ENTRY_LINES)
    return problems


def _plain(value: Any, *widths: int) -> Any:
    """A cell as a key of the cache above: text trimmed, an Excel date as it is, an Excel
    number as its digits (zero-padded to ``widths``, see :func:`digits_cell`)."""
    if type(value) is str:  # a CSV's every cell: the short way
        return value.strip()
    if isinstance(value, date):
        return value
    return digits_cell(value, *widths)


def day_of(number: int) -> date | None:
    """A day number of a travelling line as a date (None for 0)."""
    return date.fromordinal(number) if number else None


def entry_row(cells: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """An entry summary line checked: (IOR number, values by column), every problem at once.

    ``month`` is the first day of the entry date's month, or of the summary date's
    where the line has no entry date.
    """
    ior, line = entry_line(cells)
    values = dict(zip(ENTRY_LINE_NAMES, line, strict=True))
    values["entry_date"] = day_of(values["entry_date"])
    values["summary_date"] = day_of(values["summary_date"])
    dated = values["entry_date"] or values["summary_date"]
    values["month"] = dated.replace(day=1)
    return ior, values
