"""Entry point for ``python -m trusted_trader``."""

from trusted_trader.cli import main

raise SystemExit(main())
