"""Hostile and careless input to the statistics, private files and the password lookup."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from trusted_trader.domain import distributions as dist
from trusted_trader.domain.statistics import (
    PeriodCounts,
    funnel_limits,
    funnel_limits_for,
    reduction_between,
)
from trusted_trader.store import postgres

NAN = math.nan
BASE = PeriodCounts(10, 1000, 12)

# Each call must be refused with a ValueError, quickly, never loop or answer NaN.
REFUSED: list[tuple[str, Callable[[], object]]] = [
    ("a NaN probability for a beta quantile", lambda: dist.beta_ppf(NAN, 2, 3)),
    ("a NaN beta shape", lambda: dist.beta_ppf(0.5, NAN, 3)),
    ("a negative beta shape", lambda: dist.regularized_beta(-1, 3, 0.5)),
    ("a NaN point for the incomplete beta", lambda: dist.regularized_beta(2, 3, NAN)),
    ("a NaN gamma shape", lambda: dist.gamma_ppf(0.5, NAN)),
    ("a zero gamma shape", lambda: dist.regularized_gamma(0, 1.0)),
    ("a NaN point for the incomplete gamma", lambda: dist.regularized_gamma(2, NAN)),
    ("a probability above one", lambda: dist.chi2_ppf(1.5, 4)),
    ("a NaN Center rate for a funnel", lambda: funnel_limits(NAN, 100)),
    ("a NaN Center rate for many funnels", lambda: funnel_limits_for(NAN, [100])),
    ("an infinite funnel width", lambda: funnel_limits(5.0, 100, z=-math.inf)),
    ("a NaN confidence", lambda: reduction_between(BASE, BASE, confidence=NAN)),
    ("a confidence given in percent", lambda: reduction_between(BASE, BASE, confidence=95)),
]


@pytest.mark.parametrize(("case", "call"), REFUSED, ids=[case for case, _ in REFUSED])
def test_impossible_numbers_are_refused_plainly(case: str, call: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        call()


# Counts far beyond any partner's still give finite, ordered answers.
EXTREME = [
    ("a million touch points each side", 1_000_000, 1_000_000),
    ("one touch point against a million", 1, 1_000_000),
    ("a million against one", 1_000_000, 1),
]


@pytest.mark.parametrize(("case", "before", "after"), EXTREME, ids=[c for c, _, _ in EXTREME])
def test_huge_counts_give_a_finite_ordered_interval(case: str, before: int, after: int) -> None:
    result = reduction_between(PeriodCounts(before, 10**9, 12), PeriodCounts(after, 10**9, 12))

    assert result.rate_ratio_ci95 is not None
    low, high = result.rate_ratio_ci95
    assert 0 <= low <= (result.rate_ratio or 0) <= high < math.inf
    assert result.p_value is not None and 0 <= result.p_value <= 1


# A password file that libpq would read without complaint never stops the lookup.
PGPASS_FILES: list[tuple[str, bytes, bool]] = [
    ("saved in a Windows code page", "caf\xe9:5432:team:jdoe:m\xf6t\n".encode("cp1252"), False),
    ("a matching line after a code-page one", b"h\xe9:*:*:*:x\ndb:*:team:jdoe:pw\n", True),
    ("with a byte-order mark and CRLF", b"\xef\xbb\xbf# team\r\ndb:5432:team:jdoe:pw\r\n", True),
    ("empty", b"", False),
    ("lines of the wrong shape", b"db:5432\n:::::::\n\\\n", False),
]


@pytest.mark.parametrize(
    ("case", "content", "found"), PGPASS_FILES, ids=[c for c, _, _ in PGPASS_FILES]
)
@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_a_careless_password_file_is_read_without_failing(
    case: str,
    content: bytes,
    found: bool,
    platform: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("APPDATA", str(tmp_path))
    postgres.pgpass_path().parent.mkdir(parents=True, exist_ok=True)
    postgres.pgpass_path().write_bytes(content)

    assert postgres.has_stored_password("postgresql+psycopg://jdoe@db/team") is found


def test_a_folder_where_the_password_file_should_be_is_no_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path))

    assert postgres.has_stored_password("postgresql+psycopg://jdoe@db/team") is False
