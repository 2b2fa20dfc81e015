"""The SQLModel tables of the store; Alembic migrations own their schema."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, text, true
from sqlmodel import Field, SQLModel

from trusted_trader.domain.partners import DEFAULT_COUNTRY, DEFAULT_RISK_RATING, DEFAULT_STATUS

OPEN_RESPONSE = "closed_on IS NULL AND response_due IS NOT NULL"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Stamped(SQLModel):
    """Created/updated timestamps on every table (UTC)."""

    created_at: datetime = Field(default_factory=utc_now, nullable=False)
    updated_at: datetime = Field(default_factory=utc_now, nullable=False)


class Versioned(Stamped):
    """Tables users edit carry a version, bumped on each change, to detect conflicts."""

    version: int = Field(default=1, nullable=False)


class Center(Versioned, table=True):
    __tablename__ = "center"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8, unique=True)
    name: str = Field(max_length=120)
    office: str = Field(default="", max_length=120)


class CenterCoverage(Stamped, table=True):
    """An HTS prefix (chapter, heading or subheading) a Center covers."""

    __tablename__ = "center_coverage"
    __table_args__ = (UniqueConstraint("center_id", "hts_prefix"),)

    id: int | None = Field(default=None, primary_key=True)
    center_id: int = Field(foreign_key="center.id", index=True, ondelete="CASCADE")
    hts_prefix: str = Field(max_length=10)
    description: str = Field(default="", max_length=200)


class AccountExecutive(Versioned, table=True):
    __tablename__ = "account_executive"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    email: str = Field(max_length=200, unique=True)
    phone: str = Field(default="", max_length=40)
    center_id: int | None = Field(default=None, foreign_key="center.id", index=True)
    active: bool = Field(default=True)


class Partner(Versioned, table=True):
    __tablename__ = "partner"

    id: int | None = Field(default=None, primary_key=True)
    legal_name: str = Field(max_length=200, index=True)
    dba: str = Field(default="", max_length=200)
    ctpat_account: str = Field(default="", max_length=40)
    center_id: int | None = Field(default=None, foreign_key="center.id", index=True)
    executive_id: int | None = Field(default=None, foreign_key="account_executive.id", index=True)
    address: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=120)
    country: str = Field(default=DEFAULT_COUNTRY, max_length=2)
    status: str = Field(default=DEFAULT_STATUS.value, max_length=16)
    risk_rating: str = Field(default=DEFAULT_RISK_RATING.value, max_length=16)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    deleted_at: datetime | None = Field(default=None)


class PartnerIor(Stamped, table=True):
    """An Importer of Record number; an account holds one or more."""

    __tablename__ = "partner_ior"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True, ondelete="CASCADE")
    ior_number: str = Field(max_length=16, unique=True)


class PartnerFilerCode(Stamped, table=True):
    __tablename__ = "partner_filer_code"
    __table_args__ = (UniqueConstraint("partner_id", "filer_code"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True, ondelete="CASCADE")
    filer_code: str = Field(max_length=3)


class Contact(Versioned, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    role: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)


class ProgramEnrollment(Versioned, table=True):
    __tablename__ = "program_enrollment"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True, ondelete="CASCADE")
    program: str = Field(max_length=24)
    tier: int | None = Field(default=None)
    status: str = Field(default="certified", max_length=16)
    certified_on: date | None = Field(default=None)
    last_validated_on: date | None = Field(default=None)
    last_reviewed_on: date | None = Field(default=None)
    anniversary: date | None = Field(default=None)
    foreign_program: str = Field(default="", max_length=80)


class EngagementPlan(Versioned, table=True):
    __tablename__ = "engagement_plan"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True, ondelete="CASCADE")
    title: str = Field(default="", max_length=200)
    period_start: date
    period_end: date
    baseline_start: date
    baseline_end: date
    status: str = Field(default="draft", max_length=16)
    revision: int = Field(default=1)
    review_cadence_months: int = Field(default=3)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PlanRiskArea(Stamped, table=True):
    __tablename__ = "plan_risk_area"
    __table_args__ = (UniqueConstraint("plan_id", "area"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="engagement_plan.id", index=True, ondelete="CASCADE")
    area: str = Field(max_length=32)
    rating: str = Field(default="medium", max_length=16)
    notes: str = Field(default="", max_length=500)


class PlanObjective(Versioned, table=True):
    __tablename__ = "plan_objective"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="engagement_plan.id", index=True, ondelete="CASCADE")
    description: str = Field(max_length=300)
    # "rate" (all touch points per 1,000 entries), "rate:<kind>" or free text.
    measure: str = Field(default="rate", max_length=40)
    baseline_value: float | None = Field(default=None)
    target_value: float | None = Field(default=None)
    current_value: float | None = Field(default=None)


class PlanActionItem(Versioned, table=True):
    __tablename__ = "plan_action_item"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="engagement_plan.id", index=True, ondelete="CASCADE")
    description: str = Field(max_length=300)
    owner_side: str = Field(default="partner", max_length=16)
    owner_name: str = Field(default="", max_length=120)
    due_on: date | None = Field(default=None, index=True)
    status: str = Field(default="open", max_length=16)
    completed_on: date | None = Field(default=None)


class PlanReview(Stamped, table=True):
    __tablename__ = "plan_review"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="engagement_plan.id", index=True, ondelete="CASCADE")
    review_on: date
    done: bool = Field(default=False)
    notes: str = Field(default="", max_length=500)


class TouchPoint(Versioned, table=True):
    __tablename__ = "touch_point"
    # Covering index: monthly counts by kind for one partner read only the index.
    __table_args__ = (
        Index("ix_touch_point_partner_date_kind", "partner_id", "occurred_on", "kind"),
        Index("ix_touch_point_response_due", "response_due"),
        # Only the open responses (a few in a hundred), with all that My week reads of them.
        Index(
            "ix_touch_point_open_response",
            "response_due",
            "partner_id",
            "kind",
            "entry_number",
            "version",
            "closed_on",  # always NULL here, but SQLite reads it to test the condition
            sqlite_where=text(OPEN_RESPONSE),
            postgresql_where=text(OPEN_RESPONSE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    occurred_on: date
    kind: str = Field(max_length=24)
    port_code: str = Field(default="", max_length=4)
    entry_number: str = Field(default="", max_length=13)
    hts_number: str = Field(default="", max_length=10)
    agency: str = Field(default="CBP", max_length=40)
    outcome: str = Field(default="", max_length=40)
    # How an exam or document review was chosen (targeted / random); empty: not recorded.
    selection: str = Field(default="", max_length=16)
    response_due: date | None = Field(default=None)
    # Why the officer set the due date by hand; empty when it follows the kind's window.
    response_due_reason: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    closed_on: date | None = Field(default=None)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # The digest of the file cells an import last wrote the record from, bound to the
    # version it wrote (see services/importing/touch_digest.py); NULL: none vouches for it.
    source_digest: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class EngagementActivity(Versioned, table=True):
    __tablename__ = "engagement_activity"
    __table_args__ = (Index("ix_activity_partner_date", "partner_id", "occurred_on"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    occurred_on: date
    kind: str = Field(max_length=24)
    participants: str = Field(default="", max_length=300)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class FacilitationEntry(Versioned, table=True):
    """A benefit CBP delivered to a partner (reduced exams, help with a CF-28, training...)."""

    __tablename__ = "facilitation"
    __table_args__ = (Index("ix_facilitation_partner_date", "partner_id", "occurred_on"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    occurred_on: date
    kind: str = Field(max_length=32)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # The engagement plan it serves, if any; the entry stays when the plan goes.
    plan_id: int | None = Field(
        default=None, foreign_key="engagement_plan.id", ondelete="SET NULL", index=True
    )


# The entries a partner-month counts: those derived from imported entries where there
# are any, else the reported (hand-entered or imported) monthly total.
VOLUME_ENTRIES = "coalesce(derived_entries, entries)"


class MonthlyVolume(Versioned, table=True):
    """A partner's entries in one month: the reported total and the one its entries give."""

    __tablename__ = "monthly_volume"
    # Covering index: a scope's sum of entries per period reads only the index.
    __table_args__ = (
        UniqueConstraint("partner_id", "month", name="uq_volume_partner_month"),
        Index(
            "ix_volume_partner_month_counts", "partner_id", "month", "entries", "derived_entries"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    month: date
    # The reported monthly total (typed in or imported as a total); 0 when not reported.
    entries: int = Field(default=0)
    entered_value_usd: float = Field(default=0.0)
    # False for a month only imported entries gave: no total was reported for it.
    reported: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    # Counted from the partner's imported entries of the month; NULL when it has none.
    # Where set, they are the month's volume; kept current with the entries.
    derived_entries: int | None = Field(default=None)
    derived_value_usd: float | None = Field(default=None)


class CustomsEntry(Versioned, table=True):
    """One entry summary imported from ACE: its lines summed into the entry."""

    __tablename__ = "customs_entry"
    __table_args__ = (
        # With the value: the per-port volumes are summed from the index alone.
        Index(
            "ix_customs_entry_partner_month_port_value",
            "partner_id",
            "month",
            "port_code",
            "entered_value_usd",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    entry_number: str = Field(max_length=13, unique=True)  # "ABC-1234567-8"
    ior_number: str = Field(max_length=16)  # the importer number the entry was filed under
    filer_code: str = Field(max_length=3)
    entry_date: date | None = Field(default=None)
    summary_date: date | None = Field(default=None)
    # The first day of the entry date's month, or the summary date's without an entry date.
    month: date
    port_code: str = Field(default="", max_length=4)
    lines: int = Field(default=1)
    entered_value_usd: float = Field(default=0.0)
    # The distinct HTS numbers of its lines, digits only, sorted, separated by spaces.
    hts_numbers: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # A digest of the raw lines the entry was imported from (mapped cells, in file order):
    # an import meeting the same lines again knows the entry unchanged without checking
    # them. NULL where unknown (stored before, restored, or not written by an import).
    source_digest: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class PortVolume(SQLModel, table=True):
    """Entries of a partner-month at one port, derived from its imported entries."""

    __tablename__ = "port_volume"
    __table_args__ = (
        UniqueConstraint("partner_id", "month", "port_code", name="uq_port_volume"),
        Index("ix_port_volume_counts", "partner_id", "month", "port_code", "entries"),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", ondelete="CASCADE")
    month: date
    port_code: str = Field(default="", max_length=4)
    entries: int = Field(default=0)
    entered_value_usd: float = Field(default=0.0)


class AuditEntry(SQLModel, table=True):
    """Append-only record of who changed what, written in the same transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_partner_at", "partner_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=16)
    table_name: str = Field(max_length=40)
    record_id: int
    partner_id: int | None = Field(default=None)
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))


class ImportBatch(SQLModel, table=True):
    """One import of a file: what came in, by whom, and whether it was reverted."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24)
    file_name: str = Field(max_length=300)
    started_at: datetime = Field(default_factory=utc_now)
    actor: str = Field(max_length=200)
    created: int = Field(default=0)
    updated: int = Field(default=0)
    unchanged: int = Field(default=0)
    rejected: int = Field(default=0)
    status: str = Field(default="done", max_length=16)
    reverted_at: datetime | None = Field(default=None)


class ImportChange(SQLModel, table=True):
    """A record an import created or changed, with its values before, so it can be reverted."""

    __tablename__ = "import_change"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True, ondelete="CASCADE")
    table_name: str = Field(max_length=40)
    record_id: int
    # A "create" may stand for a run of records made one after another: ids
    # record_id..last_record_id. A million imported rows are then a few hundred changes.
    last_record_id: int | None = None
    action: str = Field(max_length=16)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
