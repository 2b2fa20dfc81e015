"""The closed vocabularies of the domain, with the labels users read."""

from __future__ import annotations

from enum import StrEnum


class LabeledEnum(StrEnum):
    """A string enum whose members carry a human label."""

    @property
    def label(self) -> str:
        """The member's label for people (its value capitalised unless named)."""
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a choice list."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, code: str) -> str:
        """The label of a stored code; the code itself when it is none of this set's (a row
        written by another version of the app still shows what it holds)."""
        try:
            return cls(code).label
        except ValueError:
            return code


class PartnerStatus(LabeledEnum):
    """Where a partner stands in the portfolio."""

    PROSPECT = "prospect"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class RiskRating(LabeledEnum):
    """The executive's risk rating of a partner."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Program(LabeledEnum):
    """A trusted-trader program a partner can be enrolled in."""

    CTPAT = "ctpat"
    TRADE_COMPLIANCE = "trade_compliance"
    FAST = "fast"
    MUTUAL_RECOGNITION = "mutual_recognition"


class EnrollmentStatus(LabeledEnum):
    """Where an enrollment in a program stands."""

    APPLIED = "applied"
    CERTIFIED = "certified"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class TouchPointKind(LabeledEnum):
    """A kind of touch point: an exam, a hold, a CF-28/29, a penalty and so on."""

    EXAM = "exam"
    HOLD = "hold"
    CF28 = "cf28"
    # A CF-29 proposing an action keeps the code "cf29" that every CF-29 had before the
    # two were told apart (migration 0007 records this); one reporting an action taken
    # has its own code.
    CF29 = "cf29"
    CF29_TAKEN = "cf29_taken"
    CF4647 = "cf4647"
    PREPENALTY = "prepenalty"
    PENALTY = "penalty"
    LIQUIDATED_DAMAGES = "liquidated_damages"
    SEIZURE = "seizure"
    AUDIT = "audit"

    @property
    def description(self) -> str:
        """A sentence saying what the kind of touch point is."""
        return _TOUCH_POINT_DESCRIPTIONS[self]

    @property
    def response_days(self) -> int | None:
        """Days the partner has to respond, where CBP sets a window."""
        return _RESPONSE_DAYS.get(self)


class ExamSelection(LabeledEnum):
    """How an inspected entry was chosen: by targeting, or at random to measure compliance."""

    TARGETED = "targeted"
    RANDOM = "random"


# Kinds that inspect an entry's goods or documents and so find it clean or not: CBP's
# compliance measurement examines goods and reviews documents (a CF-28 request).
INSPECTING_KINDS = frozenset({"exam", "cf28"})


class Outcome(LabeledEnum):
    """How a touch point ended."""

    NO_DISCREPANCY = "no_discrepancy"
    DISCREPANCY = "discrepancy"
    PENALTY_ASSESSED = "penalty_assessed"
    RELEASED = "released"
    PENDING = "pending"


class ActivityKind(LabeledEnum):
    """A kind of engagement activity (meeting, call, visit...)."""

    MEETING = "meeting"
    CALL = "call"
    SITE_VISIT = "site_visit"
    TRAINING = "training"
    VALIDATION_VISIT = "validation_visit"


class PlanStatus(LabeledEnum):
    """Where an engagement plan stands."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class RiskArea(LabeledEnum):
    """A compliance risk area an engagement plan addresses."""

    CLASSIFICATION = "classification"
    VALUATION = "valuation"
    ORIGIN = "origin"
    ADCVD = "adcvd"
    IPR = "ipr"
    FORCED_LABOR = "forced_labor"
    SUPPLY_CHAIN_SECURITY = "supply_chain_security"


class OwnerSide(LabeledEnum):
    """Who owns an action item: CBP or the partner."""

    CBP = "cbp"
    PARTNER = "partner"


class ImportKind(LabeledEnum):
    """What an import file holds: partners, touch points, monthly volumes, facilitation or
    entries (entry summary lines as ACE reports export them)."""

    PARTNERS = "partners"
    TOUCH_POINTS = "touch-points"
    VOLUMES = "volumes"
    FACILITATION = "facilitation"
    ENTRIES = "entries"


class ActionStatus(LabeledEnum):
    """Where an action item stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class PeriodMode(LabeledEnum):
    """Which two periods a comparison sets side by side."""

    PLAN = "plan"
    ROLLING = "rolling"
    CUSTOM = "custom"


class VolumeSource(LabeledEnum):
    """Where a month's entries come from: counted from imported entries, or reported."""

    ENTRIES = "entries"
    REPORTED = "reported"


class PortBasis(StrEnum):
    """What the rates of a scope's ports divide by."""

    PORT_ENTRIES = "port entries"  # each port's own entries, counted from imported entries
    NO_PORT_ENTRIES = "no port entries"  # the scope's entries: none by port on record
    PART_BY_PORT = "part by port"  # the scope's entries: by port for only part of them


_LABELS: dict[StrEnum, str] = {
    Program.CTPAT: "CTPAT",
    Program.TRADE_COMPLIANCE: "CTPAT Trade Compliance",
    Program.FAST: "FAST",
    Program.MUTUAL_RECOGNITION: "Mutual Recognition",
    TouchPointKind.EXAM: "Exam",
    TouchPointKind.HOLD: "Hold",
    TouchPointKind.CF28: "CF-28",
    TouchPointKind.CF29: "CF-29 action proposed",
    TouchPointKind.CF29_TAKEN: "CF-29 action taken",
    TouchPointKind.CF4647: "CF-4647",
    TouchPointKind.PREPENALTY: "Prepenalty notice",
    TouchPointKind.PENALTY: "Penalty",
    TouchPointKind.LIQUIDATED_DAMAGES: "Liquidated damages",
    TouchPointKind.SEIZURE: "Seizure",
    TouchPointKind.AUDIT: "Audit",
    RiskArea.ORIGIN: "Origin / FTA",
    RiskArea.ADCVD: "AD/CVD",
    RiskArea.IPR: "IPR",
    OwnerSide.CBP: "CBP",
    ActionStatus.IN_PROGRESS: "In progress",
    ImportKind.TOUCH_POINTS: "Touch points",
    ImportKind.VOLUMES: "Monthly volumes",
    ImportKind.FACILITATION: "Facilitation",
    PeriodMode.PLAN: "Plan periods",
    PeriodMode.ROLLING: "Last 12 full months against the 12 before",
    PeriodMode.CUSTOM: "Custom periods",
}

_TOUCH_POINT_DESCRIPTIONS: dict[TouchPointKind, str] = {
    TouchPointKind.EXAM: "Cargo exam",
    TouchPointKind.HOLD: "Cargo hold",
    TouchPointKind.CF28: "Request for Information",
    TouchPointKind.CF29: "Notice of Action: action proposed",
    TouchPointKind.CF29_TAKEN: "Notice of Action: action taken",
    TouchPointKind.CF4647: "Notice to Mark / Redeliver",
    TouchPointKind.PREPENALTY: "Prepenalty notice (19 CFR 162.78)",
    TouchPointKind.PENALTY: "Penalty notice",
    TouchPointKind.LIQUIDATED_DAMAGES: "Liquidated damages claim",
    TouchPointKind.SEIZURE: "Seizure / forfeiture",
    TouchPointKind.AUDIT: "Focused Assessment or audit",
}

# The partner's response window of each notice, in days, with its public source (see
# docs/customs-rules.md). A CF-29 reporting an action taken has none: its remedy is a
# protest or a post-summary correction. Exams, holds and audits set no window.
_RESPONSE_DAYS: dict[TouchPointKind, int] = {
    TouchPointKind.CF28: 30,  # CBP Form 28's own instruction
    TouchPointKind.CF29: 20,  # CBP Form 29, action proposed
    TouchPointKind.CF4647: 30,  # CBP Form 4647, the notice to mark / redeliver
    TouchPointKind.PREPENALTY: 30,  # 19 CFR 162.78
    TouchPointKind.PENALTY: 60,  # 19 CFR 171.2(b)(2), to petition
    TouchPointKind.LIQUIDATED_DAMAGES: 60,  # 19 CFR 172.3(b), to petition
    TouchPointKind.SEIZURE: 30,  # 19 CFR 171.2(b)(1), to petition
}

# Other spellings an import or a form may use. A plain "CF-29" (the code every CF-29
# had before) means action proposed: the one with a response window.
_KIND_ALIASES: dict[str, TouchPointKind] = {
    "cf29proposed": TouchPointKind.CF29,
    "cf29actionproposed": TouchPointKind.CF29,
    "noticeofaction": TouchPointKind.CF29,
    "cf29actiontaken": TouchPointKind.CF29_TAKEN,
    "prepenalty": TouchPointKind.PREPENALTY,
}


def parse_touch_point_kind(text: str) -> TouchPointKind:
    """Read a touch-point kind from its code, label or description."""
    key = _squash(text)
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key]
    for kind in TouchPointKind:
        if key in {_squash(kind.value), _squash(kind.label), _squash(kind.description)}:
            return kind
    allowed = ", ".join(kind.label for kind in TouchPointKind)
    raise ValueError(f"'{text}' is not a touch-point kind (use one of: {allowed})")


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
