"""Entry point for ``python -m trusted_trader``."""

from trusted_trader.cli import main

# Guarded: an import's reader process starts by importing this module again.
if __name__ == "__main__":
    raise SystemExit(main())
