"""Import partners, touch points, volumes and entries from CSV or Excel; list and revert imports.

The façade: callers import from here. Inside, imports run one way: ``driver`` →
``partners`` / ``entries`` / ``process`` → ``keyed`` → ``run`` → ``rows`` → ``read`` → ``limits``;
``revert`` and ``history`` stand beside the driver, ``access`` below the handlers.
"""

from trusted_trader.services.importing.driver import (
    PROCESS_FROM_BYTES,
    ColumnsMissing,
    FilePreview,
    ImportCancelled,
    default_error_file,
    import_file,
    preview_file,
)
from trusted_trader.services.importing.history import ImportBatchRecord, list_imports
from trusted_trader.services.importing.read import ImportFileError
from trusted_trader.services.importing.revert import RevertResult, revert_import
from trusted_trader.services.importing.rows import COLUMNS, KINDS, REQUIRED
from trusted_trader.services.importing.run import (
    ImportOptions,
    ImportResult,
    RowError,
    UnknownImporter,
)

__all__ = [
    "COLUMNS",
    "KINDS",
    "PROCESS_FROM_BYTES",
    "REQUIRED",
    "ColumnsMissing",
    "FilePreview",
    "ImportBatchRecord",
    "ImportCancelled",
    "ImportFileError",
    "ImportOptions",
    "ImportResult",
    "RevertResult",
    "RowError",
    "UnknownImporter",
    "default_error_file",
    "import_file",
    "list_imports",
    "preview_file",
    "revert_import",
]
