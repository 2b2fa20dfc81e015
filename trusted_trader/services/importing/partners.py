"""Import partners: matched by IOR number, with their Center, Account Executive and programs."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from trusted_trader.domain.enums import EnrollmentStatus, Program
from trusted_trader.domain.errors import Problem, ValidationError
from trusted_trader.domain.partners import (
    DEFAULT_COUNTRY,
    DEFAULT_RISK_RATING,
    DEFAULT_STATUS,
    PartnerProfile,
    validate_profile,
)
from trusted_trader.domain.programs import CtpatTier, Enrollment, current_ctpat_tier
from trusted_trader.services.importing.access import (
    ADD_OWN,
    MOVE_BY_DIRECTOR,
    OUTSIDE_CENTER,
    UNSEEN_IOR,
    EditRights,
    edit_rights,
    may_hold,
)
from trusted_trader.services.importing.keyed import insert_records
from trusted_trader.services.importing.rows import RowRejected, text
from trusted_trader.services.importing.run import ImportRun, ParsedRow
from trusted_trader.services.partners import write_identifiers
from trusted_trader.services.reference import list_centers, list_executives
from trusted_trader.store.bulk import table_of
from trusted_trader.store.models import (
    Partner,
    PartnerFilerCode,
    PartnerIor,
    ProgramEnrollment,
    utc_now,
)

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0"}
# Partner columns an import sets, by our column name → table column.
_OPTIONAL = {
    "ctpat_account": "ctpat_account",
    "center": "center_id",
    "account_executive": "executive_id",
    "city": "city",
    "country": "country",
    "status": "status",
}


@dataclass(frozen=True)
class PartnerRow:
    profile: PartnerProfile
    center: str
    executive: str
    city: str
    tier: CtpatTier | None
    trade_compliance: bool | None


class Matched(NamedTuple):
    """A row the reference checks passed: the partner it updates (None for a new partner), the
    row, and the partner's columns it sets."""

    partner_id: int | None
    row: ParsedRow
    columns: dict[str, Any]


def yes_no(value: Any) -> bool | None:
    """A yes/no cell as True, False or None (empty); anything else rejects the row."""
    word = text(value).casefold()
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise RowRejected([Problem("trade_compliance", text(value), "must be yes or no")])


def parse_tier(value: Any) -> CtpatTier | None:
    """``2``, ``Tier 2`` or ``2 (suspended)``: the current tier as the export writes it."""
    if not text(value):
        return None
    tier = CtpatTier.parse(text(value))
    if tier is None:
        reason = "CTPAT tier must be 1, 2 or 3, or say suspended, like 2 (suspended)"
        raise RowRejected([Problem("ctpat_tier", text(value), reason)])
    return tier


def partner_row(cells: Mapping[str, Any]) -> PartnerRow:
    """One partner row of a file, checked with the profile rules."""
    problems: list[Problem] = []
    profile: PartnerProfile | None = None
    try:
        profile = validate_profile(
            legal_name=text(cells.get("name")),
            ior_numbers=text(cells.get("ior_numbers")),
            filer_codes=text(cells.get("filer_codes")),
            ctpat_account=text(cells.get("ctpat_account")),
            country=text(cells.get("country")),
            status=text(cells.get("status")),
        )
    except ValidationError as exc:
        renames = {"legal_name": "name"}
        problems += [
            Problem(renames.get(p.field, p.field), p.value, p.reason) for p in exc.problems
        ]
    tier = trade = None
    try:
        tier = parse_tier(cells.get("ctpat_tier"))
    except RowRejected as exc:
        problems += exc.problems
    try:
        trade = yes_no(cells.get("trade_compliance"))
    except RowRejected as exc:
        problems += exc.problems
    if problems or profile is None:
        raise RowRejected(problems)
    center, executive = text(cells.get("center")), text(cells.get("account_executive"))
    return PartnerRow(profile, center, executive, text(cells.get("city")), tier, trade)


class PartnerHandler:
    """Partners are few: rows are compared one by one, looked up one query per chunk."""

    table = "partner"

    def __init__(self, mapped: Sequence[str]) -> None:
        self.mapped = set(mapped)
        self._centers: dict[str, int] | None = None
        self._executives: dict[str, int] = {}
        self._iors_seen: dict[str, int] = {}
        self._rights: EditRights | None = None
        self._may_hold: dict[tuple[int | None, int | None], bool] = {}

    def prepare(self, run: ImportRun) -> None:
        """Nothing to read ahead: each chunk looks up its own partners."""

    def parse(self, cells: Mapping[str, Any]) -> PartnerRow:
        """A checked partner row."""
        return partner_row(cells)

    def write(self, run: ImportRun, chunk: list[ParsedRow]) -> None:
        """Create or update the chunk's partners, their identifiers and programs."""
        if not chunk:
            return
        self._load_reference(run)
        owners = self._owners(run, chunk)
        matched = self._match(run, chunk, owners)
        current = _current_state(run, {pid for pid, _, _ in matched if pid is not None})
        matched = self._permitted(run, matched, current)
        if not run.writing:
            return
        held = self._rights is not None and self._rights.held
        for match in matched:
            if held:  # IOR numbers of partners this login cannot see may still be taken
                self._write_unseen(run, match, current)
            else:
                self._write(run, match, current)

    def _write(self, run: ImportRun, match: Matched, current: Mapping[int, dict[str, Any]]) -> None:
        """Create the row's partner, or bring the partner it matched up to date."""
        if match.partner_id is None:
            self._create(run, match.row.value, match.columns)
        else:
            self._upsert(run, match, current[match.partner_id])

    def _write_unseen(
        self, run: ImportRun, match: Matched, current: Mapping[int, dict[str, Any]]
    ) -> None:
        """Write one row under a savepoint: an IOR number held by a partner of another
        Center, which a member does not see, is a row error, not a failed import."""
        partner_id, row = match.partner_id, match.row
        conn = run.uow.connection
        counts = dict(run.counts)
        entry = list(run.per_partner.get(partner_id or 0, ()))
        conn.exec_driver_sql("SAVEPOINT tt_partner_row")
        try:
            self._write(run, match, current)
        except IntegrityError as exc:
            if "partner_ior" not in str(exc.orig):
                raise
            conn.exec_driver_sql("ROLLBACK TO SAVEPOINT tt_partner_row")
            run.counts.update(counts)  # the row was counted before its IOR numbers failed
            if partner_id is not None and entry:
                run.per_partner[partner_id] = entry
            elif partner_id is not None:
                run.per_partner.pop(partner_id, None)
            iors = "; ".join(row.value.profile.ior_numbers)
            run.reject(row, [Problem("ior_numbers", iors, UNSEEN_IOR)])
            return
        conn.exec_driver_sql("RELEASE SAVEPOINT tt_partner_row")

    def _load_reference(self, run: ImportRun) -> None:
        if self._centers is not None:
            return
        self._centers = {}
        for center in list_centers(run.uow):
            self._centers[center.code.casefold()] = center.id
            self._centers[center.name.casefold()] = center.id
        self._executives = {e.email.casefold(): e.id for e in list_executives(run.uow)}

    def _owners(self, run: ImportRun, chunk: list[ParsedRow]) -> dict[str, tuple[int, bool]]:
        owners: dict[str, tuple[int, bool]] = {}
        iors = list({ior for row in chunk for ior in row.value.profile.ior_numbers})
        stmt = (
            select(col(PartnerIor.ior_number), col(Partner.id), col(Partner.deleted_at))
            .join(Partner, col(Partner.id) == col(PartnerIor.partner_id))
            .where(col(PartnerIor.ior_number).in_(iors))
        )
        for ior, pid, gone in run.uow.connection.execute(stmt):
            owners[ior] = (pid or 0, gone is not None)
        return owners

    def _match(
        self, run: ImportRun, chunk: list[ParsedRow], owners: Mapping[str, tuple[int, bool]]
    ) -> list[Matched]:
        matched = []
        for row in chunk:
            data: PartnerRow = row.value
            problems = self._reference_problems(data)
            ids = {owners[i][0] for i in data.profile.ior_numbers if i in owners}
            if len(ids) > 1:
                problems.append(
                    Problem("ior_numbers", "; ".join(data.profile.ior_numbers),
                            "belong to different partners; import them separately")
                )  # fmt: skip
            if any(owners[i][1] for i in data.profile.ior_numbers if i in owners):
                problems.append(
                    Problem("ior_numbers", "", "belong to a deleted partner; restore it")
                )
            for ior in data.profile.ior_numbers:
                if ior in self._iors_seen:
                    problems.append(
                        Problem("ior_numbers", ior, f"is in row {self._iors_seen[ior]} too")
                    )
            if problems:
                run.reject(row, problems)
                continue
            self._iors_seen.update(dict.fromkeys(data.profile.ior_numbers, row.number))
            matched.append(Matched(ids.pop() if ids else None, row, self._columns(data)))
        return matched

    def _permitted(
        self,
        run: ImportRun,
        matched: list[Matched],
        current: Mapping[int, dict[str, Any]],
    ) -> list[Matched]:
        """The rows this login may write; the others rejected with the reason, as the policies
        would refuse them."""
        if self._rights is None:
            self._rights = edit_rights(run.uow.connection)
        if not self._rights.held:
            return matched
        allowed = []
        for match in matched:
            why = self._refusal(run, match, current)
            if why is None:
                allowed.append(match)
            else:
                iors = match.row.value.profile.ior_numbers
                run.reject(match.row, [Problem("ior_numbers", iors[0], why)])
        return allowed

    def _refusal(
        self, run: ImportRun, match: Matched, current: Mapping[int, dict[str, Any]]
    ) -> str | None:
        partner_id, data, columns = match.partner_id, match.row.value, match.columns
        rights = self._rights
        assert rights is not None
        ior = data.profile.ior_numbers[0]
        if partner_id is not None and (why := rights.refusal(partner_id, ior)):
            return why
        now = current.get(partner_id, {}) if partner_id is not None else {}
        owner: tuple[int | None, int | None] = (
            columns.get("center_id", now.get("center_id")),
            columns.get("executive_id", now.get("executive_id")),
        )
        if partner_id is not None and owner == (now["center_id"], now["executive_id"]):
            return None
        if partner_id is not None and not rights.director:
            return f"partner {ior}: {MOVE_BY_DIRECTOR}"
        if owner not in self._may_hold:
            self._may_hold[owner] = may_hold(run.uow.connection, *owner)
        if self._may_hold[owner]:
            return None
        return f"partner {ior} {OUTSIDE_CENTER}" if rights.director else ADD_OWN

    def _reference_problems(self, data: PartnerRow) -> list[Problem]:
        assert self._centers is not None
        problems = []
        if data.center and data.center.casefold() not in self._centers:
            problems.append(Problem("center", data.center, "is not a Center code or name"))
        if data.executive and data.executive.casefold() not in self._executives:
            problems.append(
                Problem("account_executive", data.executive, "is no Account Executive's e-mail")
            )
        return problems

    def _columns(self, data: PartnerRow) -> dict[str, Any]:
        assert self._centers is not None
        profile = data.profile
        values = {
            "ctpat_account": profile.ctpat_account,
            "center_id": self._centers.get(data.center.casefold()) if data.center else None,
            "executive_id": self._executives.get(data.executive.casefold())
            if data.executive
            else None,
            "city": data.city,
            "country": profile.country,
            "status": profile.status.value,
        }
        chosen = {
            column: values[column] for name, column in _OPTIONAL.items() if name in self.mapped
        }
        return {"legal_name": profile.legal_name, **chosen}

    def _create(self, run: ImportRun, data: PartnerRow, columns: dict[str, Any]) -> None:
        row = {
            "dba": "", "ctpat_account": "", "center_id": None, "executive_id": None,
            "address": "", "city": "", "country": DEFAULT_COUNTRY, "status": DEFAULT_STATUS.value,
            "risk_rating": DEFAULT_RISK_RATING.value, "notes": "", "deleted_at": None, **columns,
        }  # fmt: skip
        (partner_id,) = insert_records(run, Partner, [row])
        write_identifiers(
            run.uow.connection, partner_id, data.profile.ior_numbers, data.profile.filer_codes
        )
        run.record_created("partner", [partner_id])
        _sync_programs(run, partner_id, data, [])
        run.counted(partner_id, created=1)

    def _upsert(self, run: ImportRun, match: Matched, now: dict[str, Any]) -> None:
        """Update the matched partner (``now``, as stored) where the row differs from it."""
        partner_id, data = now["id"], match.row.value
        changed = {k: v for k, v in match.columns.items() if now[k] != v}
        iors = data.profile.ior_numbers
        filers = data.profile.filer_codes if "filer_codes" in self.mapped else now["filer_codes"]
        new_iors = sorted(iors) != sorted(now["ior_numbers"])
        new_filers = sorted(filers) != sorted(now["filer_codes"])
        programs = _program_changes(data, now["enrollments"])
        if not (changed or new_iors or new_filers or programs):
            run.counts["unchanged"] += 1
            return
        run.counted(partner_id, updated=1)
        if changed or new_iors or new_filers:
            before = {k: now[k] for k in changed} | {"version": now["version"]}
            before |= {
                "ior_numbers": list(now["ior_numbers"]),
                "filer_codes": list(now["filer_codes"]),
            }
            run.uow.connection.execute(
                update(Partner)
                .where(col(Partner.id) == partner_id)
                .values(**changed, version=now["version"] + 1, updated_at=utc_now())
            )
            if new_iors or new_filers:
                write_identifiers(run.uow.connection, partner_id, iors, filers, replace=True)
            run.record_changes("partner", [(partner_id, "update", json.dumps(before))])
        _sync_programs(run, partner_id, data, now["enrollments"])


def _current_state(run: ImportRun, partner_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Partners with their identifiers and programs: four queries for the whole chunk."""
    if not partner_ids:
        return {}
    conn = run.uow.connection
    partner = table_of(Partner)
    state = {
        r["id"]: {**r, "ior_numbers": [], "filer_codes": [], "enrollments": []}
        for r in conn.execute(select(partner).where(partner.c.id.in_(partner_ids))).mappings()
    }
    for pid, ior in conn.execute(
        select(col(PartnerIor.partner_id), col(PartnerIor.ior_number))
        .where(col(PartnerIor.partner_id).in_(partner_ids))
        .order_by(col(PartnerIor.id))
    ):
        state[pid]["ior_numbers"].append(ior)
    for pid, code in conn.execute(
        select(col(PartnerFilerCode.partner_id), col(PartnerFilerCode.filer_code)).where(
            col(PartnerFilerCode.partner_id).in_(partner_ids)
        )
    ):
        state[pid]["filer_codes"].append(code)
    enrollment = table_of(ProgramEnrollment)
    for record in conn.execute(
        select(enrollment).where(enrollment.c.partner_id.in_(partner_ids)).order_by(enrollment.c.id)
    ).mappings():
        state[record["partner_id"]]["enrollments"].append(dict(record))
    return state


def ctpat_tier(enrollments: Sequence[Mapping[str, Any]]) -> CtpatTier | None:
    """The partner's current tier, by the one rule of ``domain.programs``."""
    return current_ctpat_tier(
        Enrollment(Program(e["program"]), EnrollmentStatus(e["status"]), tier=e["tier"])
        for e in enrollments
    )


def trade_compliance(enrollments: Sequence[Mapping[str, Any]]) -> bool:
    """True when the enrollments hold a current CTPAT Trade Compliance one."""
    return any(
        e["program"] == "trade_compliance" and e["status"] == "certified" for e in enrollments
    )


def _program_changes(
    data: PartnerRow, enrollments: Sequence[Mapping[str, Any]]
) -> list[tuple[str, dict[str, Any], Mapping[str, Any] | None]]:
    """(program, new values, the enrollment to change or None to create). Empty cells keep."""
    changes: list[tuple[str, dict[str, Any], Mapping[str, Any] | None]] = []
    if data.tier is not None and data.tier != ctpat_tier(enrollments):
        latest = [e for e in enrollments if e["program"] == "ctpat"]
        status = "suspended" if data.tier.suspended else "certified"
        values: dict[str, Any] = {"tier": data.tier.tier, "status": status}
        changes.append(("ctpat", values, latest[-1] if latest else None))
    if data.trade_compliance is not None and data.trade_compliance != trade_compliance(enrollments):
        latest = [e for e in enrollments if e["program"] == "trade_compliance"]
        status = "certified" if data.trade_compliance else "withdrawn"
        if latest or data.trade_compliance:
            changes.append(("trade_compliance", {"status": status}, latest[-1] if latest else None))
    return changes


def _sync_programs(
    run: ImportRun, partner_id: int, data: PartnerRow, enrollments: Sequence[Mapping[str, Any]]
) -> None:
    for program, values, existing in _program_changes(data, enrollments):
        if existing is None:
            row = {
                "partner_id": partner_id, "program": program, "tier": None,
                "status": "certified", "certified_on": None, "last_validated_on": None,
                "last_reviewed_on": None, "anniversary": None, "foreign_program": "", **values,
            }  # fmt: skip
            ids = insert_records(run, ProgramEnrollment, [row])
            run.record_created("program_enrollment", ids[:1])
            continue
        before = {k: existing[k] for k in values} | {"version": existing["version"]}
        run.uow.connection.execute(
            update(ProgramEnrollment)
            .where(col(ProgramEnrollment.id) == bindparam("_id"))
            .values(**values, version=existing["version"] + 1, updated_at=utc_now()),
            {"_id": existing["id"]},
        )
        run.record_changes("program_enrollment", [(existing["id"], "update", json.dumps(before))])
