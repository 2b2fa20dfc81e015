"""Exact binomial, beta, gamma and normal tails and quantiles in pure Python (no SciPy).

The regularized incomplete beta and gamma functions are evaluated by their classical
series and continued fractions (modified Lentz) in double precision, and inverted by
Newton's method kept inside a bisection bracket. They agree with SciPy to about 1e-12
relative for the counts the desk sees, and keep the bundle free of SciPy and NumPy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

__all__ = [
    "beta_ppf",
    "binomial_cdf",
    "binomial_sf",
    "chi2_ppf",
    "gamma_ppf",
    "normal_sf",
    "regularized_beta",
    "regularized_gamma",
]

_EPS = 1e-16
_TINY = 1e-300
_STEP_TOLERANCE = 1e-12
_MAX_TERMS = 100_000
_STANDARD_NORMAL = NormalDist()


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function (the Beta(a, b) CDF at x)."""
    if not (a > 0 and b > 0):  # (so written, NaN is refused too)
        raise ValueError(f"beta shapes must be > 0, got {a}, {b}")
    if math.isnan(x):
        raise ValueError("x must be a number, got NaN")
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    # The continued fraction converges fast below the mean; above it, use the symmetry.
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - regularized_beta(b, a, 1.0 - x)
    return math.exp(_log_beta_density_factor(a, b, x)) * _beta_fraction(a, b, x) / a


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return regularized_beta(n - k, k + 1, 1.0 - p)


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X > k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 1.0
    if k >= n:
        return 0.0
    return regularized_beta(k + 1, n - k, p)


def beta_ppf(q: float, a: float, b: float) -> float:
    """The q-quantile of Beta(a, b): the x with I_x(a, b) = q."""
    _check_probability(q)
    if not (a > 0 and b > 0):
        raise ValueError(f"beta shapes must be > 0, got {a}, {b}")
    if q == 0.0 or q == 1.0:
        return q
    log_norm = _log_beta(a, b)

    def density(x: float) -> float:
        if x <= 0.0 or x >= 1.0:
            return 0.0
        return math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_norm)

    spread = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))
    start = a / (a + b) + _STANDARD_NORMAL.inv_cdf(q) * spread
    return _invert(lambda x: regularized_beta(a, b, x) - q, density, 0.0, 1.0, start)


def regularized_gamma(s: float, x: float) -> float:
    """P(s, x), the regularized lower incomplete gamma function (the Gamma(s) CDF at x)."""
    if not s > 0:
        raise ValueError(f"gamma shape must be > 0, got {s}")
    if math.isnan(x):
        raise ValueError("x must be a number, got NaN")
    if x <= 0.0:
        return 0.0
    if math.isinf(x):
        return 1.0
    factor = s * math.log(x) - x - math.lgamma(s)
    if x < s + 1.0:
        return math.exp(factor) * _gamma_series(s, x)
    return 1.0 - math.exp(factor) * _gamma_fraction(s, x)


def gamma_ppf(q: float, s: float) -> float:
    """The q-quantile of Gamma(s, scale 1): the x with P(s, x) = q."""
    _check_probability(q)
    if not s > 0:
        raise ValueError(f"gamma shape must be > 0, got {s}")
    if q == 0.0:
        return 0.0
    if q == 1.0:
        return math.inf
    log_norm = math.lgamma(s)

    def density(x: float) -> float:
        return math.exp((s - 1.0) * math.log(x) - x - log_norm) if x > 0.0 else 0.0

    # Wilson and Hilferty's cube-root approximation, or the leading term for a small shape.
    z = _STANDARD_NORMAL.inv_cdf(q)
    cube = 1.0 - 1.0 / (9.0 * s) + z / (3.0 * math.sqrt(s))
    start = s * cube**3 if cube > 0 and s >= 1 else (q * math.gamma(s + 1.0)) ** (1.0 / s)
    if start == 0.0:
        return 0.0  # the leading term already underflows: so does the quantile
    return _invert(lambda x: regularized_gamma(s, x) - q, density, 0.0, math.inf, start)


def chi2_ppf(q: float, df: float) -> float:
    """The q-quantile of the chi-squared distribution with `df` degrees of freedom."""
    return 2.0 * gamma_ppf(q, df / 2.0)


def _check_probability(q: float) -> None:
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"a probability must be between 0 and 1, got {q}")


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _log_beta_density_factor(a: float, b: float, x: float) -> float:
    return a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (Numerical Recipes' betacf, modified Lentz)."""
    c, d = 1.0, _nonzero(1.0 - (a + b) * x / (a + 1.0))
    d = 1.0 / d
    result = d
    for m in range(1, _MAX_TERMS):
        even = m * (b - m) * x / ((a + 2 * m - 1.0) * (a + 2 * m))
        d = 1.0 / _nonzero(1.0 + even * d)
        c = _nonzero(1.0 + even / c)
        result *= d * c
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1.0))
        d = 1.0 / _nonzero(1.0 + odd * d)
        c = _nonzero(1.0 + odd / c)
        step = d * c
        result *= step
        if abs(step - 1.0) < _EPS:
            return result
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _gamma_series(s: float, x: float) -> float:
    term = total = 1.0 / s
    for n in range(1, _MAX_TERMS):
        term *= x / (s + n)
        total += term
        if abs(term) < abs(total) * _EPS:
            return total
    raise ArithmeticError(f"incomplete gamma series did not converge for s={s}, x={x}")


def _gamma_fraction(s: float, x: float) -> float:
    b = x + 1.0 - s
    c, d = 1.0 / _TINY, 1.0 / _nonzero(b)
    result = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - s)
        b += 2.0
        d = 1.0 / _nonzero(an * d + b)
        c = _nonzero(b + an / c)
        step = d * c
        result *= step
        if abs(step - 1.0) < _EPS:
            return result
    raise ArithmeticError(f"incomplete gamma fraction did not converge for s={s}, x={x}")


def _nonzero(value: float) -> float:
    return value if abs(value) >= _TINY else _TINY


def _invert(
    excess: Callable[[float], float],
    slope: Callable[[float], float],
    low: float,
    high: float,
    start: float,
) -> float:
    """The root of an increasing `excess` in [low, high]: Newton steps, bisection as a guard.

    An infinite `high` is searched by doubling until the root is bracketed.
    """
    x = start if low < start < high else (low + min(high, 2.0 * low + 1.0)) / 2.0
    for _ in range(400):
        value = excess(x)
        if value == 0.0:
            return x
        if value < 0.0:
            low = x
        else:
            high = x
        derivative = slope(x)
        step = value / derivative if derivative > 0.0 else math.inf
        candidate = x - step
        if not low < candidate < high:
            candidate = (low + high) / 2.0 if math.isfinite(high) else 2.0 * x
        # Newton converges quadratically: a step this small leaves an error far below it.
        if abs(candidate - x) <= _STEP_TOLERANCE * abs(x) or high - low <= _TINY:
            return candidate
        x = candidate
    return x
