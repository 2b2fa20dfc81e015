"""Use cases: one module per workflow, each taking a unit of work and returning records."""
