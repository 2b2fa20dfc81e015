"""``trusted-trader import / imports / export``: bring data in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trusted_trader.commands.arguments import add_overwrite, record_id, whole_number
from trusted_trader.commands.context import Context, Subparsers, UsageError, add_command
from trusted_trader.domain.enums import ImportKind

if TYPE_CHECKING:
    from trusted_trader.services.importing import ImportResult
    from trusted_trader.store.uow import UnitOfWork

IMPORT_KINDS = tuple(ImportKind)
EXPORT_KINDS = (*ImportKind, "activities", "plans", "deadlines")
_LARGE_FILE = 5 * 1024 * 1024  # bytes; show progress above this
MAX_DAYS_AHEAD = 3660  # ten years
_IMPORT_HELP = {ImportKind.ENTRIES: "import entry summary lines from an ACE report export"}
_IMPORT_DESCRIPTION = {
    ImportKind.ENTRIES: "One row per entry summary line (ACE's ES-003 report and the like: "
    "Entry Summary Number, Importer Number, Entry Date, Entry Summary Date, Port Code, HTS "
    "Number, Line Number, Line Goods Value Amount); the lines of an entry are summed into one "
    "entry, matched by its entry number, so a file imported again changes nothing. Lines of "
    "importer numbers no partner holds are rejected and listed with their entries.",
}


def register(subparsers: Subparsers) -> None:
    _register_import(subparsers)
    add_command(subparsers, "imports", imports_command)
    _register_export(subparsers)


def _register_import(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import partners, touch points, volumes, facilitation or entries from CSV or "
        "Excel; revert an import",
        description="Import a .csv (UTF-8 or Windows-1252; comma, semicolon or tab) or .xlsx "
        "file. Nothing is written if a row is rejected, unless --partial. Exit status: 0 done, "
        "1 rows rejected, 2 usage error.",
    )
    kinds = parser.add_subparsers(dest="what", metavar="KIND", required=True)
    for kind in IMPORT_KINDS:
        shown = _IMPORT_HELP.get(kind, f"import {kind.replace('-', ' ')}")
        sub = add_command(
            kinds, kind, import_command, help=shown, description=_IMPORT_DESCRIPTION.get(kind)
        )
        sub.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
        sub.add_argument("--sheet", metavar="NAME", help="the Excel sheet (default: the first)")
        sub.add_argument(
            "--partial", action="store_true", help="import the valid rows, reject the others"
        )
        sub.add_argument(
            "--errors",
            type=Path,
            metavar="FILE",
            help="where to write the rejected rows (default: FILE-errors.csv beside the file, "
            "or the next free name)",
        )
        add_overwrite(sub)
        sub.set_defaults(kind=kind)
    revert = add_command(kinds, "revert", revert_command)
    revert.add_argument("batch_id", type=record_id, metavar="ID")


def _register_export(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "export", export_command)
    parser.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND", help=", ".join(EXPORT_KINDS))
    parser.add_argument("file", type=Path, metavar="FILE")
    add_overwrite(parser)
    parser.add_argument("--partner", metavar="IOR", help="only this partner")
    parser.add_argument("--center", metavar="CODE", help="only this Center's partners")
    parser.add_argument(
        "--days",
        type=whole_number(0, MAX_DAYS_AHEAD),
        default=60,
        help=f"deadlines: how many days ahead, up to {MAX_DAYS_AHEAD:,} (default 60)",
    )


def import_command(ctx: Context) -> int:
    from trusted_trader.services.importing import (
        ColumnsMissing,
        ImportOptions,
        default_error_file,
        import_file,
    )
    from trusted_trader.services.importing.read import ImportFileError

    args = ctx.args
    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"there is no file {path}")
    errors = ctx.output(args.errors) if args.errors else default_error_file(path)
    options = ImportOptions(sheet=args.sheet, partial=args.partial, overwrite_errors=ctx.overwrite)
    progress = _progress if path.stat().st_size > _LARGE_FILE else None
    store = ctx.store()
    with store.exclusive("import"), store.uow() as uow:
        try:
            result = import_file(
                uow, args.kind, path, options, error_file=errors, progress=progress
            )
        except (ColumnsMissing, ImportFileError) as exc:
            raise UsageError(str(exc)) from exc
        if result.written:
            uow.commit()
    return _report_import(result)


def _progress(rows: int, fraction: float | None) -> None:
    share = f" ({fraction:.0%})" if fraction is not None else ""
    print(f"import: {rows:,} rows read{share}", file=sys.stderr, flush=True)


def _report_import(result: ImportResult) -> int:
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.rejected > len(result.errors):
        print(f"… and {result.rejected - len(result.errors):,} more.", file=sys.stderr)
    if result.error_file is not None:
        print(f"Rejected rows, with the reason: {result.error_file}", file=sys.stderr)
    if result.unknown_summary:
        print(_unknown_importers(result), file=sys.stderr)
    if not result.written:
        print(
            f"Nothing was imported: {result.rejected:,} row(s) rejected. Fix them and import "
            "the file again, or use --partial to import the valid rows.",
            file=sys.stderr,
        )
        return 1
    # Entries are counted by entry, rejections by the file's rows (entry summary lines).
    what, rows = ("entries ", "line(s)") if result.kind == ImportKind.ENTRIES else ("", "")
    print(
        f"Import #{result.batch_id} of {result.file_name}: {result.created:,} {what}created, "
        f"{result.updated:,} updated, {result.unchanged:,} unchanged, "
        f"{result.rejected:,} {rows + ' ' if rows else ''}rejected."
    )
    return 1 if result.rejected else 0


def _unknown_importers(result: ImportResult) -> str:
    """The summary, then each importer number with its entries (the first ten)."""
    shown = result.unknown_importers[:10]
    lines = [f"{result.unknown_summary}:"]
    lines += [f"  {u.ior_number}: {u.entries:,}" for u in shown]
    if len(result.unknown_importers) > len(shown):
        lines.append(f"  … and {len(result.unknown_importers) - len(shown):,} more importers")
    return "\n".join(lines)


def revert_command(ctx: Context) -> int:
    """undo an import (see 'imports' for the ids)"""
    from trusted_trader.services.importing.revert import revert_import

    store = ctx.store()
    with store.exclusive("revert"), store.uow() as uow:
        result = revert_import(uow, ctx.args.batch_id)
        uow.commit()
    print(
        f"Import #{result.batch_id} reverted: {result.deleted:,} record(s) deleted, "
        f"{result.restored:,} restored."
    )
    return 0


def imports_command(ctx: Context) -> int:
    """list the recorded imports

    List the recorded imports, newest first, with their counts and status.
    """
    from trusted_trader.services.importing import list_imports

    with ctx.store().uow() as uow:
        batches = list_imports(uow)
    if not batches:
        print("No imports recorded.")
    for b in batches:
        when = b.started_at.strftime("%Y-%m-%d %H:%M")
        print(
            f"#{b.id}  {when}  {b.actor}  {b.kind}  {b.file_name}  created {b.created:,}, "
            f"updated {b.updated:,}, unchanged {b.unchanged:,}, rejected {b.rejected:,}  "
            f"{b.status}"
        )
    return 0


def export_command(ctx: Context) -> int:
    """export records to .csv/.xlsx, or the deadlines to an .ics calendar

    Export in the import's column names, so the file imports back unchanged. The format
    follows the file's extension (.csv, .xlsx; .ics for deadlines).
    """
    args = ctx.args
    path: Path = args.file
    if not path.parent.is_dir():
        raise UsageError(f"there is no folder {path.parent}")
    suffix = path.suffix.lower()
    expected = (".ics",) if args.kind == "deadlines" else (".csv", ".xlsx")
    if suffix not in expected:
        raise UsageError(f"export {args.kind} to a {' or '.join(expected)} file")
    ctx.output(path)
    with ctx.store().uow() as uow:
        partner_id, center_id = _filters(uow, args.partner, args.center)
        if args.kind == "deadlines":
            count = _export_deadlines(uow, path, partner_id, center_id, args.days, ctx.overwrite)
        else:
            from trusted_trader.services.exporting import ExportFilter, export_file

            where = ExportFilter(partner_id=partner_id, center_id=center_id)
            count = export_file(uow, args.kind, path, where, overwrite=ctx.overwrite).rows
    print(f"Exported {count:,} {args.kind.replace('-', ' ')} row(s) to {path}.")
    return 0


def _filters(
    uow: UnitOfWork, partner: str | None, center: str | None
) -> tuple[int | None, int | None]:
    from trusted_trader.domain.errors import DomainError
    from trusted_trader.services.partners import find_partner_id
    from trusted_trader.services.reference import center_by_code

    try:
        partner_id = find_partner_id(uow, partner) if partner else None
        center_id = center_by_code(uow, center).id if center else None
    except DomainError as exc:
        raise UsageError(str(exc)) from exc
    return partner_id, center_id


def _export_deadlines(
    uow: UnitOfWork,
    path: Path,
    partner_id: int | None,
    center_id: int | None,
    days: int,
    overwrite: bool,
) -> int:
    from trusted_trader.services.calendar_export import export_deadlines
    from trusted_trader.services.deadlines import DeadlineQuery
    from trusted_trader.services.scope import Scope

    # A named partner narrows more than a Center (the partner's own deadlines).
    scope = Scope.of(partner_id=partner_id, center_id=center_id)
    query = DeadlineQuery(scope, horizon_days=days)
    return export_deadlines(uow, path, query, overwrite=overwrite)
