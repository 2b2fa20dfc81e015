"""The pure-Python tails and quantiles agree with SciPy's, which the bundle leaves out."""

import math
from collections.abc import Callable

import pytest
from scipy import stats

from trusted_trader.domain.distributions import (
    beta_ppf,
    binomial_cdf,
    binomial_sf,
    chi2_ppf,
    gamma_ppf,
    normal_sf,
    regularized_beta,
    regularized_gamma,
)

SHAPES = [1, 2, 3, 7, 30, 300, 3000, 40_000]
COUNTS = [(0, 1), (1, 1), (3, 9), (50, 150), (700, 2100), (25_000, 60_000)]


@pytest.mark.parametrize("a", SHAPES)
@pytest.mark.parametrize("b", SHAPES)
@pytest.mark.parametrize("q", [0.005, 0.025, 0.5, 0.975])
def test_beta_quantiles_match_scipy(a: int, b: int, q: float) -> None:
    assert beta_ppf(q, a, b) == pytest.approx(stats.beta.ppf(q, a, b), rel=1e-9)


@pytest.mark.parametrize(("k", "n"), COUNTS)
@pytest.mark.parametrize("p", [0.01, 0.3, 0.5, 0.77])
def test_binomial_tails_match_scipy(k: int, n: int, p: float) -> None:
    for at in (k - 1, k, k + 1):
        assert binomial_cdf(at, n, p) == pytest.approx(stats.binom.cdf(at, n, p), rel=1e-9)
        assert binomial_sf(at, n, p) == pytest.approx(stats.binom.sf(at, n, p), rel=1e-9)


@pytest.mark.parametrize("df", [0.0002, 0.02, 0.6, 2, 10, 74.4, 2001, 246_913.4])
@pytest.mark.parametrize("q", [0.025, 0.5, 0.975])
def test_chi_squared_quantiles_match_scipy(df: float, q: float) -> None:
    assert chi2_ppf(q, df) == pytest.approx(stats.chi2.ppf(q, df), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("s", [0.5, 1, 4.5, 100, 10_000])
@pytest.mark.parametrize("x", [0.1, 1, 5, 120, 9_800])
def test_incomplete_gamma_matches_scipy(s: float, x: float) -> None:
    assert regularized_gamma(s, x) == pytest.approx(stats.gamma.cdf(x, s), rel=1e-9, abs=1e-300)


def test_the_normal_tail_matches_scipy() -> None:
    for z in (-3.0, 0.0, 1.96, 2.576, 8.0):
        assert normal_sf(z) == pytest.approx(stats.norm.sf(z), rel=1e-12)


def test_the_ends_of_the_range_are_exact() -> None:
    assert regularized_beta(2, 3, 0.0) == 0.0
    assert regularized_beta(2, 3, 1.0) == 1.0
    assert beta_ppf(0.0, 2, 3) == 0.0
    assert beta_ppf(1.0, 2, 3) == 1.0
    assert gamma_ppf(0.0, 2) == 0.0
    assert gamma_ppf(1.0, 2) == math.inf
    assert binomial_cdf(-1, 5, 0.5) == 0.0
    assert binomial_sf(5, 5, 0.5) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: regularized_beta(0, 1, 0.5),
        lambda: regularized_gamma(-1, 1.0),
        lambda: beta_ppf(1.5, 1, 1),
        lambda: gamma_ppf(-0.1, 1),
    ],
)
def test_impossible_arguments_are_refused(call: Callable[[], float]) -> None:
    with pytest.raises(ValueError):
        call()
