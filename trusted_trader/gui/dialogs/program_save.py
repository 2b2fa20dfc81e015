"""How a changed program enrollment is saved through the conflict path (for the program dialog).

A program dialog calls ``save_versioned(self, desk, enrollment_save(record, data))`` and
keeps itself open when that returns None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trusted_trader.domain.enums import Program
from trusted_trader.domain.errors import NotFoundError
from trusted_trader.gui.dialogs.conflict_save import Values, VersionedSave, fields_of

if TYPE_CHECKING:
    from trusted_trader.services.programs import EnrollmentInput
    from trusted_trader.services.records import EnrollmentRecord
    from trusted_trader.store.uow import UnitOfWork


def enrollment_save(
    record: EnrollmentRecord, data: EnrollmentInput
) -> VersionedSave[EnrollmentRecord]:
    """Save ``data`` over the enrollment opened as ``record``, settling a conflict."""
    from trusted_trader.services.partners import get_partner
    from trusted_trader.services.programs import EnrollmentInput, update_enrollment

    def fields(saved: EnrollmentRecord) -> dict[str, object]:
        return {name: getattr(saved, name) for name in fields_of(data)}

    def write(uow: UnitOfWork, values: Values, version: int) -> EnrollmentRecord:
        return update_enrollment(uow, record.id, EnrollmentInput(**values), version)  # type: ignore[arg-type]

    def load(uow: UnitOfWork) -> EnrollmentRecord:
        stored = get_partner(uow, record.partner_id).enrollments
        found = [e for e in stored if e.id == record.id]
        if not found:
            raise NotFoundError(f"There is no program enrollment #{record.id}.")
        return found[0]

    what = f"The {Program(record.program).label} enrollment"
    return VersionedSave(what, "program_enrollment", record, fields_of(data), fields, write, load)
