"""Sub-commands of the command line, one module per group; each imports services lazily."""
