"""Fixtures of the document tests."""

from __future__ import annotations

import pytest
from report_fixtures import KnownPartner, add_known_partner

from trusted_trader.services.store import Store


@pytest.fixture
def known(store: Store) -> KnownPartner:
    return add_known_partner(store)
