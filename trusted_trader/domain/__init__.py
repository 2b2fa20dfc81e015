"""Pure business rules: enums, identifiers, deadlines, program checks and statistics."""
