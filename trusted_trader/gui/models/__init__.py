"""Qt item models over the read-only records the services return."""
