"""Realistic, deterministic demo data: Centers, executives, partners, plans and their history."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import col

from trusted_trader.domain.enums import INSPECTING_KINDS, TouchPointKind
from trusted_trader.domain.periods import MonthRange, add_months
from trusted_trader.domain.plans import review_dates
from trusted_trader.services import reference
from trusted_trader.services.demo_entries import (
    STRAY_SERIALS,
    Coverage,
    EntryBook,
    Trader,
    book_entries,
    check_digits,
    make_trader,
    write_entries,
)
from trusted_trader.services.demo_names import (
    ACTION_ITEMS,
    COMPANY_CORES,
    COMPANY_SUFFIXES,
    EXECUTIVE_NAMES,
    FIXED_PARTNERS,
    PORTS,
)
from trusted_trader.services.records import CenterRecord
from trusted_trader.store.bulk import bulk_insert, reset_sequence, timestamp_text
from trusted_trader.store.models import (
    AccountExecutive,
    Contact,
    EngagementActivity,
    EngagementPlan,
    FacilitationEntry,
    MonthlyVolume,
    Partner,
    PartnerFilerCode,
    PartnerIor,
    PlanActionItem,
    PlanObjective,
    PlanReview,
    PlanRiskArea,
    ProgramEnrollment,
    TouchPoint,
)
from trusted_trader.store.uow import UnitOfWork

Progress = Callable[[str], None]

KIND_WEIGHTS: dict[TouchPointKind, float] = {
    TouchPointKind.EXAM: 0.45,
    TouchPointKind.HOLD: 0.15,
    TouchPointKind.CF28: 0.17,
    TouchPointKind.CF29: 0.06,
    TouchPointKind.CF4647: 0.04,
    TouchPointKind.PENALTY: 0.03,
    TouchPointKind.LIQUIDATED_DAMAGES: 0.03,
    TouchPointKind.SEIZURE: 0.01,
    TouchPointKind.AUDIT: 0.06,
}


@dataclass(frozen=True)
class DemoSpec:
    partners: int = 60
    touch_points: int = 6000
    years: int = 3
    seed: int = 2026
    last_month: date | None = None  # defaults to the month before today
    # Entry summaries for the last months of every n-th partner, at most this many
    # partners: every entry costs a row, and the volumes of big demos hold millions.
    entry_partners: int = 100
    entry_months: int = 6

    def months(self) -> MonthRange:
        """The months the demo's touch points and volumes span."""
        last = self.last_month or add_months(date.today(), -1)
        last = last.replace(day=1)
        return MonthRange(add_months(last, -12 * self.years + 1), last)


@dataclass(frozen=True)
class DemoResult:
    partners: int
    touch_points: int
    volumes: int
    plans: int
    activities: int
    entries: int = 0


@dataclass
class _Partner:
    id: int
    center_index: int
    executive_id: int
    filer: str
    size: float
    base_rate: float
    plan_start: date
    trend: float
    iors: tuple[str, ...]
    home_port: str

    @property
    def compliance_falls(self) -> bool:
        """About one partner in thirteen finds more discrepancies once its plan starts."""
        return self.id % 13 == 5


def load_demo(uow: UnitOfWork, spec: DemoSpec, progress: Progress | None = None) -> DemoResult:
    """Fill an empty database with demo data in one transaction."""
    say = progress or (lambda _text: None)
    conn = uow.connection
    if conn.execute(select(func.count()).select_from(Partner)).scalar_one():
        raise ValueError("the database already holds partners; demo data goes into a new one")
    reference.seed_centers(uow)
    centers = reference.list_centers(uow)
    rng = random.Random(spec.seed)
    # A second stream, so the volumes and touch points do not shift when the partners do.
    gen = random.Random(spec.seed + 1)
    months = spec.months()
    now = timestamp_text(uow.dialect)
    say("executives")
    executives = _executives(uow, rng, [c.id for c in centers], now)
    say("partners")
    partners = _partners(uow, rng, spec, centers, executives, months, now)
    say("volumes")
    volumes, values = _volume_draws(gen, partners, months)
    say("entries")
    traders, book = _entries(spec, partners, centers, volumes, values, now)
    _write_volumes(uow, partners, months, volumes, values, book.totals, now)
    entries = write_entries(uow, book, [t.id for t in traders if t.has_entries])
    say("plans")
    plans, activities = _plans_and_activities(uow, rng, partners, months, now)
    _facilitation(uow, random.Random(spec.seed + 2), months, now)
    say("touch points")
    count = _touch_points(uow, gen, spec, partners, traders, book, volumes, now)
    volume_count = len(volumes) * months.months
    return DemoResult(len(partners), count, volume_count, plans, activities, entries)


def _executives(
    uow: UnitOfWork, rng: random.Random, center_ids: list[int], now: str
) -> list[tuple[int, int]]:
    rows = []
    names = list(EXECUTIVE_NAMES)
    rng.shuffle(names)
    for index, name in enumerate(names[: 3 * len(center_ids)]):
        first, last = name.split(" ", 1)
        email = f"{first}.{last.replace(' ', '')}@cbp.dhs.gov".lower()
        phone = f"202-344-{1000 + index:04d}"
        rows.append(
            (index + 1, name, email, phone, center_ids[index % len(center_ids)], True, now, now, 1)
        )
    bulk_insert(
        uow.connection,
        AccountExecutive,
        (
            "id",
            "name",
            "email",
            "phone",
            "center_id",
            "active",
            "created_at",
            "updated_at",
            "version",
        ),
        rows,
    )
    reset_sequence(uow.connection, AccountExecutive)
    return [(r[0], r[4]) for r in rows]


def _company_name(rng: random.Random, index: int) -> str:
    if index < len(FIXED_PARTNERS):
        return FIXED_PARTNERS[index]
    core = rng.choice(COMPANY_CORES)
    second = rng.choice(COMPANY_CORES)
    suffix = rng.choice(COMPANY_SUFFIXES)
    return f"{core} {second} {suffix}" if core != second else f"{core} {suffix}"


def _partners(
    uow: UnitOfWork,
    rng: random.Random,
    spec: DemoSpec,
    centers: list[CenterRecord],
    executives: list[tuple[int, int]],
    months: MonthRange,
    now: str,
) -> list[_Partner]:
    by_center: dict[int, list[int]] = {}
    for exec_id, center_id in executives:
        by_center.setdefault(center_id, []).append(exec_id)
    partner_rows, ior_rows, filer_rows, program_rows, contact_rows = [], [], [], [], []
    partners: list[_Partner] = []
    serials = rng.sample(range(1_000_000, 9_999_999), spec.partners * 2)
    span = months.months
    for index in range(spec.partners):
        pid = index + 1
        center_index = rng.randrange(len(centers))
        center = centers[center_index]
        exec_id = rng.choice(by_center[center.id])
        name = _company_name(rng, index)
        filer = f"{chr(65 + index % 26)}{chr(65 + (index // 26) % 26)}{index % 10}"
        status = "active" if rng.random() > 0.06 else rng.choice(["prospect", "suspended"])
        risk = rng.choices(["low", "medium", "high"], [0.45, 0.4, 0.15])[0]
        home_port, _name, city = rng.choice(PORTS)
        country = "US"
        partner_rows.append(
            (
                pid,
                name,
                "",
                f"CT{serials[index] % 10**8:08d}",
                center.id,
                exec_id,
                f"{rng.randint(10, 9999)} Commerce Way",
                city,
                country,
                status,
                risk,
                "",
                now,
                now,
                1,
            )
        )
        ior_rows.append((pid, f"{20 + index % 79:02d}-{serials[index]:07d}00", now, now))
        if rng.random() < 0.15:
            ior_rows.append(
                (pid, f"{20 + index % 79:02d}-{serials[spec.partners + index]:07d}01", now, now)
            )
        filer_rows.append((pid, filer, now, now))
        program_rows.extend(_programs(rng, pid, months, now))
        contact_rows.append(
            (
                pid,
                rng.choice(EXECUTIVE_NAMES),
                "Trade compliance manager",
                f"compliance{pid}@example.com",
                f"555-01{pid % 100:02d}",
                now,
                now,
                1,
            )
        )
        plan_start = add_months(months.first, rng.randint(max(12, span // 2), max(12, span - 6)))
        trend = rng.uniform(1.15, 1.5) if rng.random() < 0.12 else rng.uniform(0.45, 0.8)
        size = math.exp(rng.gauss(5.0, 1.1))
        iors = tuple(row[1] for row in ior_rows[-2:] if row[0] == pid)
        rate = rng.uniform(4, 40)
        partners.append(
            _Partner(
                pid, center_index, exec_id, filer, size, rate, plan_start, trend, iors, home_port
            )
        )
    conn = uow.connection
    cols_stamp = ("created_at", "updated_at")
    bulk_insert(
        conn,
        Partner,
        (
            "id",
            "legal_name",
            "dba",
            "ctpat_account",
            "center_id",
            "executive_id",
            "address",
            "city",
            "country",
            "status",
            "risk_rating",
            "notes",
            *cols_stamp,
            "version",
        ),
        partner_rows,
    )
    bulk_insert(conn, PartnerIor, ("partner_id", "ior_number", *cols_stamp), ior_rows)
    bulk_insert(conn, PartnerFilerCode, ("partner_id", "filer_code", *cols_stamp), filer_rows)
    bulk_insert(
        conn,
        ProgramEnrollment,
        (
            "partner_id",
            "program",
            "tier",
            "status",
            "certified_on",
            "last_validated_on",
            "last_reviewed_on",
            "anniversary",
            "foreign_program",
            *cols_stamp,
            "version",
        ),
        program_rows,
    )
    bulk_insert(
        conn,
        Contact,
        ("partner_id", "name", "role", "email", "phone", *cols_stamp, "version"),
        contact_rows,
    )
    reset_sequence(conn, Partner)
    return partners


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _letter_sent(rng: random.Random, months: MonthRange) -> date | None:
    """When the last Annual Notification Letter went in; a few partners are late with it."""
    if rng.random() < 0.1:
        return None
    return months.last - timedelta(days=rng.randint(10, 330))


def _programs(
    rng: random.Random, pid: int, months: MonthRange, now: str
) -> list[tuple[object, ...]]:
    if rng.random() < 0.15:
        return []
    certified = months.first - timedelta(days=rng.randint(200, 3000))
    tier = rng.choices([1, 2, 3], [0.3, 0.5, 0.2])[0]
    if tier == 1 and rng.random() < 0.85:
        # Tier 1 is certified, not yet validated: most were certified within the year, so
        # their first validation is still ahead (6 U.S.C. 965(a)); a few wait longer.
        certified = months.last - timedelta(days=rng.randint(20, 330))
    validated = None
    if tier > 1:
        # Most Tier 2/3 partners were revalidated within the 4 years; a few are overdue.
        recent = rng.random() < 0.92
        validated = months.last - timedelta(days=rng.randint(30, 1400 if recent else 1800))
        validated = max(validated, certified + timedelta(days=90))
    anniversary = certified
    reviewed = months.last - timedelta(days=rng.randint(10, 420))
    rows: list[tuple[object, ...]] = [
        (
            pid,
            "ctpat",
            tier,
            "certified",
            _iso(certified),
            _iso(validated),
            _iso(reviewed),
            _iso(anniversary),
            "",
            now,
            now,
            1,
        )
    ]
    if tier > 1 and rng.random() < 0.4:
        rows.append(
            (
                pid,
                "trade_compliance",
                None,
                "certified",
                _iso(certified + timedelta(days=400)),
                None,
                _iso(_letter_sent(rng, months)),
                None,
                "",
                now,
                now,
                1,
            )
        )
    if rng.random() < 0.12:
        fast_on = months.last - timedelta(days=rng.randint(100, 2200))
        rows.append(
            (pid, "fast", None, "certified", _iso(fast_on), None, None, None, "", now, now, 1)
        )
    if rng.random() < 0.1:
        rows.append(
            (
                pid,
                "mutual_recognition",
                None,
                "certified",
                _iso(certified),
                None,
                None,
                None,
                rng.choice(["Canada", "European Union", "Japan", "Korea"]),
                now,
                now,
                1,
            )
        )
    return rows


def _volume_draws(
    gen: random.Random, partners: list[_Partner], months: MonthRange
) -> tuple[list[list[int]], list[float]]:
    """Monthly entries per partner (rows: partners, columns: months), and each one's mean
    entered value of an entry."""
    span = months.months
    ramp = [m / (span - 1) if span > 1 else 0.0 for m in range(span)]
    season = [1 + 0.12 * math.sin(m * 2 * math.pi / 12) for m in range(span)]
    entries = []
    for p in partners:
        growth = gen.uniform(-0.15, 0.45)
        expected = (p.size * (1 + growth * r) * s for r, s in zip(ramp, season, strict=True))
        entries.append([_poisson(gen, max(mean, 1.0)) for mean in expected])
    values = [gen.uniform(8_000, 60_000) for _ in partners]
    return entries, values


def _entries(
    spec: DemoSpec,
    partners: list[_Partner],
    centers: list[CenterRecord],
    volumes: list[list[int]],
    values: list[float],
    now: str,
) -> tuple[list[Trader], EntryBook]:
    """Every partner's usual ports and HTS numbers, and the entries of those that have them."""
    rng = random.Random(spec.seed + 3)  # a stream of its own: the rest stays as it was
    coverage = Coverage([c.hts_prefixes for c in centers], rng)
    codes = [port[0] for port in PORTS]
    step = -(-len(partners) // spec.entry_partners) if spec.entry_partners > 0 else 0
    traders = [
        make_trader(rng, p, codes, coverage, step > 0 and index % step == 0)
        for index, p in enumerate(partners)
    ]
    months = spec.months()
    month_starts = [add_months(months.first, m) for m in range(months.months)]
    book = book_entries(
        rng, traders, volumes, values, month_starts, spec.entry_months, coverage, now
    )
    return traders, book


def _write_volumes(
    uow: UnitOfWork,
    partners: list[_Partner],
    months: MonthRange,
    entries: list[list[int]],
    values: list[float],
    reported: dict[int, tuple[int, float]],
    now: str,
) -> None:
    """The reported monthly totals: the entries' own where the demo has entries."""
    span = months.months
    month_text = [add_months(months.first, m).isoformat() for m in range(span)]
    counts = [list(row) for row in entries]
    amounts = [
        [round(n * value, 2) for n in row] for row, value in zip(entries, values, strict=True)
    ]
    for cell, (count, amount) in reported.items():
        counts[cell // span][cell % span] = count
        amounts[cell // span][cell % span] = amount
    rows = (
        (p.id, month_text[m], counts[i][m], amounts[i][m], now, now, 1)
        for i, p in enumerate(partners)
        for m in range(span)
    )
    bulk_insert(
        uow.connection,
        MonthlyVolume,
        (
            "partner_id",
            "month",
            "entries",
            "entered_value_usd",
            "created_at",
            "updated_at",
            "version",
        ),
        rows,
    )


def _plans_and_activities(
    uow: UnitOfWork, rng: random.Random, partners: list[_Partner], months: MonthRange, now: str
) -> tuple[int, int]:
    today = add_months(months.last, 1)
    plans: list[tuple[object, ...]] = []
    risks: list[tuple[object, ...]] = []
    objectives: list[tuple[object, ...]] = []
    actions: list[tuple[object, ...]] = []
    reviews: list[tuple[object, ...]] = []
    activities: list[tuple[object, ...]] = []
    for p in partners:
        if rng.random() < 0.08:
            continue
        plan_id = len(plans) + 1
        period = MonthRange(p.plan_start, add_months(p.plan_start, 11))
        baseline = MonthRange(add_months(p.plan_start, -12), add_months(p.plan_start, -1))
        status = "active" if period.last >= months.last else "closed"
        plans.append(
            (
                plan_id,
                p.id,
                f"Engagement plan {period.first.year}",
                _iso(period.first),
                _iso(period.last),
                _iso(baseline.first),
                _iso(baseline.last),
                status,
                rng.randint(1, 3),
                3,
                "",
                now,
                now,
                1,
            )
        )
        for area in rng.sample(
            [
                "classification",
                "valuation",
                "origin",
                "adcvd",
                "ipr",
                "forced_labor",
                "supply_chain_security",
            ],
            3,
        ):
            risks.append((plan_id, area, rng.choice(["low", "medium", "high"]), "", now, now))
        objectives.append(
            (
                plan_id,
                "Touch points per 1,000 entries down 25%",
                "rate",
                None,
                None,
                None,
                now,
                now,
                1,
            )
        )
        objectives.append(
            (plan_id, "CF-28 rate down 30%", "rate:cf28", None, None, None, now, now, 1)
        )
        for description, side in rng.sample(ACTION_ITEMS, 4):
            due = add_months(p.plan_start, rng.randint(1, 11)) + timedelta(days=rng.randint(0, 27))
            done = due < today and rng.random() < 0.75
            completed = due - timedelta(days=rng.randint(0, 20)) if done else None
            touched = timestamp_text(
                uow.dialect,
                _at_noon(completed or min(due, today) - timedelta(days=rng.randint(0, 150))),
            )
            actions.append(
                (
                    plan_id,
                    description,
                    side,
                    "Account Executive" if side == "cbp" else "Compliance manager",
                    _iso(due),
                    "done" if done else rng.choice(["open", "in_progress"]),
                    _iso(completed),
                    touched,
                    touched,
                    1,
                )
            )
        for review_on in review_dates(period, 3):
            reviews.append((plan_id, _iso(review_on), review_on < today, "", now, now))
        for _ in range(rng.randint(2, 6)):
            day = months.first + timedelta(
                days=rng.randint(0, (months.last - months.first).days + 27)
            )
            kind = rng.choice(["meeting", "call", "site_visit", "training", "validation_visit"])
            activities.append(
                (
                    p.id,
                    _iso(day),
                    kind,
                    "Account Executive; compliance manager",
                    f"{kind.replace('_', ' ').capitalize()} on the engagement plan.",
                    now,
                    now,
                    1,
                )
            )
    conn = uow.connection
    stamp = ("created_at", "updated_at")
    bulk_insert(
        conn,
        EngagementPlan,
        (
            "id",
            "partner_id",
            "title",
            "period_start",
            "period_end",
            "baseline_start",
            "baseline_end",
            "status",
            "revision",
            "review_cadence_months",
            "summary",
            *stamp,
            "version",
        ),
        plans,
    )
    reset_sequence(conn, EngagementPlan)
    bulk_insert(conn, PlanRiskArea, ("plan_id", "area", "rating", "notes", *stamp), risks)
    bulk_insert(
        conn,
        PlanObjective,
        (
            "plan_id",
            "description",
            "measure",
            "baseline_value",
            "target_value",
            "current_value",
            *stamp,
            "version",
        ),
        objectives,
    )
    bulk_insert(
        conn,
        PlanActionItem,
        (
            "plan_id",
            "description",
            "owner_side",
            "owner_name",
            "due_on",
            "status",
            "completed_on",
            *stamp,
            "version",
        ),
        actions,
    )
    bulk_insert(conn, PlanReview, ("plan_id", "review_on", "done", "notes", *stamp), reviews)
    bulk_insert(
        conn,
        EngagementActivity,
        (
            "partner_id",
            "occurred_on",
            "kind",
            "participants",
            "summary",
            *stamp,
            "version",
        ),
        activities,
    )
    return len(plans), len(activities)


FACILITATION_NOTES = {
    "reduced_exams": "Exam rate reviewed with the port; targeting adjusted.",
    "front_of_line": "Front-of-line inspection arranged at the port of entry.",
    "cf28_assistance": "Helped the compliance team answer a CF-28 in full.",
    "ruling_assistance": "Walked the broker through a binding ruling request.",
    "training": "Trade compliance training for the import team.",
    "expedited_processing": "Held entries released the same day after a call.",
}


def _facilitation(uow: UnitOfWork, gen: random.Random, months: MonthRange, now: str) -> None:
    """A few benefits delivered under each plan, dated inside the plan's months so far."""
    conn = uow.connection
    plans = conn.execute(
        select(
            col(EngagementPlan.id), col(EngagementPlan.partner_id), col(EngagementPlan.period_start)
        ).order_by(col(EngagementPlan.id))
    ).all()
    kinds = list(FACILITATION_NOTES)
    rows = []
    for plan_id, partner_id, start in plans:
        days = (add_months(months.last, 1) - start).days
        for _ in range(gen.randint(0, 4) if days > 0 else 0):
            kind = gen.choice(kinds)
            day = start + timedelta(days=gen.randrange(days))
            rows.append(
                (partner_id, _iso(day), kind, FACILITATION_NOTES[kind], plan_id, now, now, 1)
            )
    columns = ("partner_id", "occurred_on", "kind", "description", "plan_id")
    bulk_insert(conn, FacilitationEntry, (*columns, "created_at", "updated_at", "version"), rows)


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _touch_points(
    uow: UnitOfWork,
    gen: random.Random,
    spec: DemoSpec,
    partners: list[_Partner],
    traders: list[Trader],
    book: EntryBook,
    entries: list[list[int]],
    now: str,
) -> int:
    """Spread exactly ``spec.touch_points`` over partner-months by each one's expected rate;
    in months with entries they name one of the partner's entries (but the planted strays)."""
    months = spec.months()
    span = months.months
    month_starts = [add_months(months.first, m) for m in range(span)]
    weight = [
        volume * p.base_rate * (p.trend if start >= p.plan_start else 1.0)
        for p, row in zip(partners, entries, strict=True)
        for start, volume in zip(month_starts, row, strict=True)
    ]
    size = spec.touch_points
    if size == 0 or sum(weight) <= 0:
        return 0
    # Each touch point falls in a partner-month in proportion to its weight (a multinomial),
    # in partner and month order as they would be entered.
    cells = sorted(gen.choices(range(len(weight)), weights=weight, k=size))
    kinds = list(KIND_WEIGHTS)
    partner_index = [cell // span for cell in cells]
    # Numbers of their own run from STRAY_SERIALS up: never an entry's number.
    serials = [STRAY_SERIALS + s // 2 for s in _integers(gen, 10_000_000, size)]
    days = _integers(gen, 28, size)
    kind_index = gen.choices(range(len(kinds)), weights=list(KIND_WEIGHTS.values()), k=size)
    port_draws = _integers(gen, len(PORTS), size)
    picks = _integers(gen, 1_000_000, size)
    numbers = check_digits().numbers([traders[p].filer for p in partner_index], serials)
    ports = _each(partner_index, port_draws, [t.ports for t in traders])
    hts = _each(partner_index, picks, [t.hts for t in traders])
    book.link_touch_points(cells, numbers, ports, hts)
    rows = _touch_point_rows(
        partners,
        month_starts,
        kinds,
        now,
        months.last,
        partner_index,
        [cell % span for cell in cells],
        days,
        kind_index,
        ports,
        numbers,
        hts,
        picks,
        [draw() for draw in itertools.repeat(gen.random, size)],
    )
    columns = (
        "partner_id",
        "occurred_on",
        "kind",
        "port_code",
        "entry_number",
        "hts_number",
        "agency",
        "outcome",
        "selection",
        "response_due",
        "closed_on",
        "notes",
        "created_at",
        "updated_at",
        "version",
    )
    return bulk_insert(uow.connection, TouchPoint, columns, rows)


def _touch_point_rows(
    partners: list[_Partner],
    month_starts: list[date],
    kinds: list[TouchPointKind],
    now: str,
    last_month: date,
    *columns: list[int] | list[float] | list[str],
) -> Iterator[tuple[object, ...]]:
    first_day = month_starts[0]
    span_days = (add_months(month_starts[-1], 1) - first_day).days + 62
    day_text = [(first_day + timedelta(days=d)).isoformat() for d in range(span_days)]
    month_offset = [(m - first_day).days for m in month_starts]
    cutoff = (last_month - first_day).days - 20
    windows = [k.response_days for k in kinds]
    codes = [k.value for k in kinds]
    inspects = [code in INSPECTING_KINDS for code in codes]
    plan_starts = [p.plan_start.isoformat() for p in partners]
    for pi, mi, d, ki, port, number, hts, pick, draw in zip(*columns, strict=True):
        roll = float(draw)
        partner = partners[int(pi)]
        offset = month_offset[int(mi)] + int(d)
        window = windows[int(ki)]
        due = None if window is None else day_text[offset + window]
        closed = day_text[offset + (window or 10) - 3] if offset < cutoff else None
        if inspects[int(ki)]:
            falls = partner.compliance_falls and day_text[offset] >= plan_starts[int(pi)]
            outcome, selection = _inspection(int(pick), roll, closed, falls)
        else:
            outcome = "no_discrepancy" if roll > 0.2 else ("discrepancy" if closed else "pending")
            selection = ""
        yield (
            partner.id,
            day_text[offset],
            codes[int(ki)],
            port,
            number,
            hts,
            "CBP" if roll > 0.12 else ("FDA" if roll > 0.05 else "USDA"),
            outcome,
            selection,
            due,
            closed,
            "",
            now,
            now,
            1,
        )


def _inspection(pick: int, roll: float, closed: str | None, falls: bool) -> tuple[str, str]:
    """An exam's or CF-28's finding and selection: one in eight chosen at random, 95% clean
    (97% of random ones), 82% once a falling partner's plan has started; open ones pending."""
    selection = "random" if pick // 7 % 8 == 0 else "targeted"
    clean_share = (0.82 if falls else 0.95) + (0.02 if selection == "random" else 0.0)
    finding = (roll * 977.0) % 1.0  # a second uniform draw from the same roll
    if finding < clean_share:
        return "no_discrepancy", selection
    return ("discrepancy" if closed else "pending"), selection


def _each(partner_index: list[int], draws: list[int], choices: list[tuple[str, ...]]) -> list[str]:
    """For each touch point one of its partner's choices, by a draw."""
    return [choices[p][d % len(choices[p])] for p, d in zip(partner_index, draws, strict=True)]


def _poisson(gen: random.Random, mean: float) -> int:
    """A Poisson draw: Knuth's product of uniforms for small means, else the normal limit."""
    if mean >= 30.0:
        return max(0, round(gen.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, gen.random()
    while product > limit:
        count += 1
        product *= gen.random()
    return count


def _integers(gen: random.Random, end: int, size: int) -> list[int]:
    """`size` integers in [0, end): a scaled uniform, several times faster than randrange."""
    draw = gen.random
    return [int(draw() * end) for _ in range(size)]
