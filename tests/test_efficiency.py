"""Huber's efficiency, scale estimates and the δ proposal against scipy, scikit-learn and simulation."""

import math
import re
from dataclasses import replace

import mpmath
import numpy as np
import pytest
from scipy import integrate, optimize, stats
from sklearn.linear_model import HuberRegressor

from lossdocs.catalog import LOSSES
from lossdocs.efficiency import (
    MAD_TO_SIGMA,
    _huber_scale,
    contaminated_fisher_information,
    huber_asymptotic_variance,
    huber_efficiency,
    huber_k,
    huber_location,
    huber_proposal2,
    huber_regression,
    mad,
    minimax_k,
    propose_beta,
    propose_delta,
)
from lossdocs.fitting import best_constant

KS = [0.05, 0.3, 1.0, 1.345, 2.0, 4.0]


def mixture_pdf(x, epsilon, tau):
    return (1 - epsilon) * stats.norm.pdf(x) + epsilon * stats.norm.pdf(x, scale=tau)


def quad_variance(k, epsilon, tau):
    """E ψ² / (E ψ')² by numerical integration of the mixture density (scipy)."""
    inside = integrate.quad(lambda x: x * x * mixture_pdf(x, epsilon, tau), -k, k)[0]
    tails = 2 * integrate.quad(lambda x: mixture_pdf(x, epsilon, tau), k, np.inf)[0]
    square = inside + k * k * tails
    slope = integrate.quad(lambda x: mixture_pdf(x, epsilon, tau), -k, k)[0]
    return square / slope**2


@pytest.mark.parametrize("k", KS)
@pytest.mark.parametrize(("epsilon", "tau"), [(0.0, 3.0), (0.05, 3.0), (0.1, 10.0)])
def test_asymptotic_variance_matches_numerical_integration(k, epsilon, tau):
    assert huber_asymptotic_variance(k, epsilon, tau) == pytest.approx(
        quad_variance(k, epsilon, tau), rel=1e-9
    )


def test_limits_are_the_mean_and_the_median():
    for epsilon, tau in [(0.0, 3.0), (0.1, 10.0)]:
        # The mean's variance is the mixture's variance; the median's is 1 / (4 f(0)^2).
        assert huber_asymptotic_variance(math.inf, epsilon, tau) == pytest.approx(
            1 - epsilon + epsilon * tau**2
        )
        median = 1 / (4 * mixture_pdf(0.0, epsilon, tau) ** 2)
        assert huber_asymptotic_variance(0.0, epsilon, tau) == pytest.approx(median)
        assert huber_asymptotic_variance(1e-6, epsilon, tau) == pytest.approx(median, rel=1e-6)


def test_efficiency_matches_the_closed_form_of_the_issue():
    k = np.array(KS)
    phi, cdf = stats.norm.pdf(k), stats.norm.cdf(k)
    are = (2 * cdf - 1) ** 2 / (2 * cdf - 1 - 2 * k * phi + 2 * k**2 * (1 - cdf))
    np.testing.assert_allclose(huber_efficiency(k), are, rtol=1e-12)
    assert np.all(np.diff(huber_efficiency(np.linspace(0, 6, 200))) > 0)


def fisher_information_by_quad(epsilon, tau):
    """I(F) of the contaminated normal by quadrature of f'^2 / f (scipy), independent of lossdocs."""

    def integrand(x):
        f = mixture_pdf(x, epsilon, tau)
        slope = -x * (
            (1 - epsilon) * stats.norm.pdf(x) + epsilon * stats.norm.pdf(x, scale=tau) / tau**2
        )
        return slope * slope / f if f > 0 else 0.0

    return 2 * integrate.quad(integrand, 0, np.inf, limit=200)[0]


@pytest.mark.parametrize(("epsilon", "tau"), [(0.0, 3.0), (0.05, 3.0), (0.1, 10.0)])
def test_fisher_information_matches_scipy(epsilon, tau):
    reference = fisher_information_by_quad(epsilon, tau)
    assert contaminated_fisher_information(epsilon, tau) == pytest.approx(reference, rel=1e-9)
    # Cramér-Rao: no Huber width beats the bound.
    assert np.all(huber_efficiency(np.linspace(0, 8, 100), epsilon, tau) <= 1 + 1e-12)


@pytest.mark.parametrize("target", [0.7, 0.9, 0.95, 0.99])
def test_huber_k_solves_the_efficiency_equation(target):
    reference = optimize.brentq(lambda k: huber_efficiency(k) - target, 1e-9, 20, xtol=1e-14)
    assert huber_k(target) == pytest.approx(reference, abs=1e-10)


def test_95_percent_gives_the_textbook_width():
    # Huber (1981) and scikit-learn quote k = 1.345 for 95% efficiency at the normal.
    assert round(huber_k(0.95), 3) == 1.345


@pytest.mark.parametrize("bad", [0.5, 2 / math.pi, 1.0, 1.2, math.nan])
def test_huber_k_rejects_unreachable_efficiencies(bad):
    with pytest.raises(ValueError, match="efficiency must lie strictly between"):
        huber_k(bad)


@pytest.mark.parametrize("epsilon", [0.01, 0.05, 0.1, 0.25])
def test_minimax_k_solves_hubers_equation(epsilon):
    def equation(k):
        return 2 * stats.norm.pdf(k) / k - 2 * stats.norm.sf(k) - epsilon / (1 - epsilon)

    assert minimax_k(epsilon) == pytest.approx(optimize.brentq(equation, 1e-6, 10), abs=1e-9)


def test_efficiency_is_checked_by_simulation():
    """The variance of the estimate over 2000 seeds matches V(k) / n within sampling error."""
    rng = np.random.default_rng(7)
    n, seeds = 400, 2000
    for k, epsilon, tau in [(1.345, 0.0, 3.0), (0.5, 0.1, 10.0)]:
        wide = rng.random((seeds, n)) < epsilon
        data = rng.normal(size=(seeds, n)) * np.where(wide, tau, 1.0)
        measured = n * np.var(huber_location(data, k))
        # The variance of a sample variance of 2000 near-normal values is ~ 2 / 2000 relative.
        assert measured == pytest.approx(huber_asymptotic_variance(k, epsilon, tau), rel=0.1)


def test_mad_matches_scipy_across_scales():
    assert pytest.approx(1 / stats.norm.ppf(0.75), rel=1e-15) == MAD_TO_SIGMA
    rng = np.random.default_rng(0)
    for scale in (1e-3, 1.0, 1e3):
        data = scale * rng.standard_t(2, size=(5, 101))
        np.testing.assert_allclose(
            mad(data), stats.median_abs_deviation(data, axis=-1, scale="normal"), rtol=1e-14
        )


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_huber_location_matches_best_constant(scale):
    rng = np.random.default_rng(1)
    data = scale * rng.standard_cauchy((6, 31))
    deltas = scale * np.array([0.01, 0.3, 1.0, 1.345, 3.0, 100.0])
    estimates = huber_location(data, deltas)
    for row, delta, estimate in zip(data, deltas, estimates, strict=True):
        spec = replace(LOSSES["Huber"], kwargs={"delta": float(delta)})
        # best_constant bisects to 1e-10 of the data's range; ours to adjacent floats.
        tolerance = 1e-10 * max(scale, np.ptp(row))
        assert estimate == pytest.approx(best_constant(row, spec).value, abs=tolerance)
        assert abs(np.sum(np.clip(estimate - row, -delta, delta))) <= 1e-12 * np.ptp(row)


def test_huber_location_takes_the_middle_of_a_flat_minimum():
    # sum clip(c - x, -1, 1) over x = 0, 10 is 0 for every c in [1, 9] (by hand): midpoint 5.
    assert huber_location([0.0, 10.0], 1.0) == pytest.approx(5.0, abs=1e-12)
    spec = replace(LOSSES["Huber"], kwargs={"delta": 1.0})
    fit = best_constant([0.0, 10.0], spec)
    assert (fit.lower, fit.upper) == pytest.approx((1.0, 9.0), abs=1e-8)


def test_huber_location_rejects_bad_input():
    with pytest.raises(ValueError, match="delta must be finite and > 0"):
        huber_location([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="at least 2 values"):
        huber_location([1.0], 1.0)
    with pytest.raises(ValueError, match="must be finite"):
        huber_location([1.0, np.nan], 1.0)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_proposal2_solves_its_two_equations(scale):
    rng = np.random.default_rng(2)
    data = scale * (3.0 + rng.standard_t(3, size=(4, 50)))
    k = 1.345
    fit = huber_proposal2(data, k)
    beta = integrate.quad(lambda z: min(z * z, k * k) * stats.norm.pdf(z), -np.inf, np.inf)[0]
    for row, location, s in zip(data, fit.location, fit.scale, strict=True):

        def equations(params, row=row):
            mu, log_s = params
            psi = np.clip((row - mu) / np.exp(log_s), -k, k)
            return [psi.sum(), (psi**2).sum() - (row.size - 1) * beta]

        start = [np.median(row), math.log(stats.median_abs_deviation(row, scale="normal"))]
        solution = optimize.root(equations, start, method="hybr", options={"xtol": 1e-13})
        assert solution.success
        assert location == pytest.approx(solution.x[0], abs=1e-8 * scale)
        assert s == pytest.approx(math.exp(solution.x[1]), rel=1e-8)


def test_proposal2_estimates_sigma_for_gaussian_noise():
    rng = np.random.default_rng(3)
    fit = huber_proposal2(rng.normal(2.0, 5.0, size=(200, 500)))
    assert np.median(fit.scale) == pytest.approx(5.0, rel=0.01)
    assert np.median(fit.location) == pytest.approx(2.0, abs=0.05)


def test_proposal2_rejects_a_zero_mad():
    with pytest.raises(ValueError, match="MAD is 0"):
        huber_proposal2([1.0, 1.0, 1.0, 5.0])


def make_line_data(seed, n=200, contamination=0.1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, n)
    y = 1.5 - 0.7 * x + rng.normal(0, 0.5, n)
    bad = rng.random(n) < contamination
    y[bad] += rng.normal(0, 20, bad.sum())
    return x, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_huber_regression_matches_scikit_learn(seed):
    x, y = make_line_data(seed)
    reference = HuberRegressor(epsilon=1.35, alpha=0.0, tol=1e-12, max_iter=10_000)
    reference.fit(x[:, None], y)
    ours = huber_regression(x, y, k=1.35, consistent=False)
    # scikit-learn's L-BFGS stops near the optimum; ours solves the stationarity equations.
    assert ours.slope == pytest.approx(reference.coef_[0], abs=1e-4)
    assert ours.intercept == pytest.approx(reference.intercept_, abs=1e-4)
    assert ours.scale == pytest.approx(reference.scale_, rel=1e-4)

    def objective(intercept, slope, sigma):  # scikit-learn's, with alpha = 0
        z = np.abs(intercept + slope * x - y) / sigma
        inside = np.minimum(z, 1.35)
        return np.sum(sigma * (1 + inside**2 + 2 * 1.35 * (z - inside)))

    ours_value = objective(ours.intercept, ours.slope, ours.scale)
    theirs = objective(reference.intercept_, reference.coef_[0], reference.scale_)
    assert ours_value <= theirs * (1 + 1e-12)


@pytest.mark.parametrize("sigma", [1e-3, 1.0, 1e3])
def test_scikit_learn_scale_is_below_sigma_on_gaussian_noise(sigma):
    """HuberRegressor solves mean(min(z², ε²)) = 1, where Proposal 2 asks E_Φ min(Z², k²) < 1."""
    rng = np.random.default_rng(6)
    x = np.linspace(-1, 1, 1000)
    for _ in range(5):
        y = 2 * x + sigma * rng.normal(size=x.size)
        reference = HuberRegressor(epsilon=1.35, alpha=0.0, tol=1e-10, max_iter=10_000)
        reference.fit(x[:, None], y)
        assert reference.scale_ < 0.9 * huber_regression(x, y, k=1.35).scale


def test_huber_regression_consistent_scale_estimates_sigma():
    rng = np.random.default_rng(4)
    x = np.linspace(-1, 1, 4000)
    for sigma in (1e-3, 1.0, 1e3):
        fit = huber_regression(x, 2 * x + sigma * rng.normal(size=x.size))
        assert fit.scale == pytest.approx(sigma, rel=0.03)
        assert fit.delta == pytest.approx(huber_k(0.95) * fit.scale)


def test_propose_delta_is_k_times_the_mad_and_beta_equals_delta():
    residuals = np.random.default_rng(5).laplace(size=301)
    for efficiency in (0.8, 0.95):
        delta = propose_delta(residuals, efficiency)
        reference = huber_k(efficiency) * stats.median_abs_deviation(residuals, scale="normal")
        assert delta == pytest.approx(reference, rel=1e-13)
        assert propose_beta(residuals, efficiency) == delta
    # Equivariant: residuals 1000 times larger get a width 1000 times larger.
    assert propose_delta(1000 * residuals) == pytest.approx(1000 * propose_delta(residuals))


@pytest.mark.parametrize(
    ("residuals", "efficiency", "message"),
    [
        ([[1.0, 2.0], [3.0, 4.0]], 0.95, "must be 1-D"),
        ([1.0], 0.95, "at least 2 values"),
        ([1.0, np.inf, 2.0], 0.95, "must be finite"),
        ([0.0, 0.0, 0.0, 1.0], 0.95, "MAD of 0"),
        ([1.0, 2.0, 3.0], 0.6, "efficiency must lie strictly between"),
    ],
)
def test_propose_delta_rejects_bad_input(residuals, efficiency, message):
    with pytest.raises(ValueError, match=message):
        propose_delta(residuals, efficiency)


def test_propose_delta_rejects_non_numbers():
    with pytest.raises(TypeError, match="efficiency must be a real number"):
        propose_delta([1.0, 2.0, 3.0], "high")


# Mutation testing (issue 13): the tests below pin what the survivors of a first mutmut run of
# lossdocs/efficiency.py showed untested (reports/mutation.md, section efficiency.py).


def mpmath_variance(k, epsilon, tau):
    """E ψ² / (E ψ')² with 40-digit quadrature (mpmath), accurate at any k > 0."""
    with mpmath.workdps(40):
        k, epsilon, tau = mpmath.mpf(k), mpmath.mpf(epsilon), mpmath.mpf(tau)
        slope = square = 0
        for weight, s in ((1 - epsilon, mpmath.mpf(1)), (epsilon, tau)):
            u = k / s
            inside = mpmath.quad(lambda y: y * y * mpmath.npdf(y), [-u, 0, u])
            slope += weight * mpmath.erf(u / mpmath.sqrt(2))
            square += weight * (s * s * inside + k * k * mpmath.erfc(u / mpmath.sqrt(2)))
        return float(square / slope**2)


@pytest.mark.parametrize(("epsilon", "tau"), [(0.0, 3.0), (0.1, 10.0), (0.3, 0.5)])
def test_asymptotic_variance_is_accurate_for_tiny_k(epsilon, tau):
    """Regression: 2Φ(u) - 1 - 2uφ(u) cancelled for small u (V(1e-16) was negative)."""
    median = 1 / (4 * mixture_pdf(0.0, epsilon, tau) ** 2)
    # Up to k = 1.99 as well: the series is summed below u = k / s = 1 only.
    for k in [1.99, 1.9, 1.0, 0.9, 0.3, *(10.0**-p for p in range(1, 17)), 1e-100, 1e-149]:
        assert huber_asymptotic_variance(k, epsilon, tau) == pytest.approx(
            mpmath_variance(k, epsilon, tau), rel=1e-14, abs=0
        )
    # Below k = 1e-150 the moments underflow; V(k) = V(0)(1 + O(k)) is the median's to rounding.
    for k in [1e-151, 1e-200, 5e-324, 0.0]:
        assert huber_asymptotic_variance(k, epsilon, tau) == pytest.approx(
            median, rel=1e-15, abs=0
        )
    efficiency = huber_efficiency(np.array([0.0, 1e-200, 1e-16, 1e-8, 1e-3]), epsilon, tau)
    assert np.all((efficiency > 0) & (efficiency <= 1))


def test_asymptotic_variance_defaults_to_tukeys_contaminated_normal():
    # The defaults: no contamination; gross errors with tau = 3 once epsilon is given.
    for k in (0.5, 1.345, 3.0):
        assert huber_asymptotic_variance(k) == huber_asymptotic_variance(k, 0.0, 3.0)
        assert huber_asymptotic_variance(k, 0.1) == pytest.approx(
            quad_variance(k, 0.1, 3.0), rel=1e-9
        )
        assert huber_efficiency(k, 0.1) == pytest.approx(
            1 / (fisher_information_by_quad(0.1, 3.0) * quad_variance(k, 0.1, 3.0)), rel=1e-9
        )


@pytest.mark.parametrize(("epsilon", "tau"), [(0.05, 3.0), (0.1, 10.0), (0.2, 0.5)])
def test_efficiency_under_contamination_is_one_over_information_times_variance(epsilon, tau):
    information = fisher_information_by_quad(epsilon, tau)
    for k in (0.1, 1.0, 2.5):
        assert huber_efficiency(k, epsilon, tau) == pytest.approx(
            1 / (information * quad_variance(k, epsilon, tau)), rel=1e-9
        )


@pytest.mark.parametrize("tau", [0.5, 1.0, 10.0])
def test_the_mean_is_exactly_efficient_for_gaussian_noise(tau):
    # epsilon = 0: I = 1 and V(inf) = 1 exactly, whatever tau (which then plays no part).
    assert huber_efficiency(math.inf, 0.0, tau) == 1.0
    assert huber_asymptotic_variance(math.inf, 0.0, tau) == 1.0


@pytest.mark.parametrize("function", [huber_asymptotic_variance, huber_efficiency])
def test_variance_and_efficiency_return_a_float_for_a_scalar_and_an_array_otherwise(function):
    value = function(1.0)
    assert isinstance(value, float)
    assert not isinstance(value, np.ndarray)
    # An integer width is the same number as a float one.
    assert function(1) == value
    assert function(np.int64(2)) == function(2.0)
    array = function([0.0, 1, 2.0])
    assert isinstance(array, np.ndarray)
    assert array.shape == (3,)
    assert array[1] == value
    grid = function(np.array([[0.5], [1.5]]))
    assert grid.shape == (2, 1)


K_MESSAGE = (
    "^" + re.escape("k must hold numbers >= 0 (k = inf is the mean, k = 0 the median)") + "$"
)


@pytest.mark.parametrize("k", [-1.0, -1e-300, math.nan, [1.0, -0.5], [0.5, math.nan], None])
def test_variance_and_efficiency_reject_a_negative_or_nan_k(k):
    for function in (huber_asymptotic_variance, huber_efficiency):
        with pytest.raises(ValueError, match=K_MESSAGE):
            function(k)


def whole(message):
    return "^" + re.escape(message) + "$"


@pytest.mark.parametrize(
    ("epsilon", "tau", "error", "message"),
    [
        ("0.1", 3.0, TypeError, "epsilon must be a real number; got '0.1'"),
        (True, 3.0, TypeError, "epsilon must be a real number; got True"),
        (0.1, None, TypeError, "tau must be a real number; got None"),
        (0.1, False, TypeError, "tau must be a real number; got False"),
        (1.0, 3.0, ValueError, "epsilon must satisfy 0 <= epsilon < 1; got 1.0"),
        (1.5, 3.0, ValueError, "epsilon must satisfy 0 <= epsilon < 1; got 1.5"),
        (-0.1, 3.0, ValueError, "epsilon must satisfy 0 <= epsilon < 1; got -0.1"),
        (0.1, 0.0, ValueError, "tau must be finite and > 0; got 0.0"),
        (0.1, -2.0, ValueError, "tau must be finite and > 0; got -2.0"),
        (0.1, math.inf, ValueError, "tau must be finite and > 0; got inf"),
        (0.1, math.nan, ValueError, "tau must be finite and > 0; got nan"),
    ],
)
def test_contamination_is_checked_with_a_message(epsilon, tau, error, message):
    for call in (
        lambda: huber_asymptotic_variance(1.0, epsilon, tau),
        lambda: huber_efficiency(1.0, epsilon, tau),
        lambda: contaminated_fisher_information(epsilon, tau),
    ):
        with pytest.raises(error, match=whole(message)):
            call()


def test_minimax_k_rejects_no_contamination_and_all_contamination():
    message = "epsilon must be > 0: without contamination the minimax width is inf"
    with pytest.raises(ValueError, match=whole(message)):
        minimax_k(0.0)
    with pytest.raises(ValueError, match=whole("epsilon must satisfy 0 <= epsilon < 1; got 1.0")):
        minimax_k(1.0)


@pytest.mark.parametrize("epsilon", [1e-4, 1e-3, 0.5, 0.9])
def test_minimax_k_far_from_its_start(epsilon):
    # Small epsilon puts the root above 2 (the bracket is doubled); large below 1.
    def equation(k):
        return 2 * stats.norm.pdf(k) / k - 2 * stats.norm.sf(k) - epsilon / (1 - epsilon)

    reference = optimize.brentq(equation, 1e-9, 40, xtol=1e-15)
    assert minimax_k(epsilon) == pytest.approx(reference, rel=1e-12)


def test_defaults_are_95_percent_efficiency():
    residuals = np.random.default_rng(8).normal(size=51)
    assert huber_k() == huber_k(0.95)
    assert propose_delta(residuals) == propose_delta(residuals, 0.95)
    assert propose_beta(residuals) == propose_delta(residuals, 0.95)


@pytest.mark.parametrize("efficiency", [0.65, 0.999, 0.9999])
def test_huber_k_far_from_its_start(efficiency):
    # 0.999 and above need k > 2: the upper end of the bracket is doubled from 1. Near 1 the
    # efficiency is flat (its slope is 4e-4 at 0.9999), so k is known to about 1e-12 only.
    reference = optimize.brentq(lambda k: huber_efficiency(k) - efficiency, 1e-9, 50, xtol=1e-15)
    assert huber_k(efficiency) == pytest.approx(reference, rel=1e-11)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1.0], "data must have at least 2 values along its last axis; got shape (1,)"),
        (3.0, "data must have at least 2 values along its last axis; got shape ()"),
        ([[1.0], [2.0]], "data must have at least 2 values along its last axis; got shape (2, 1)"),
        ([1.0, math.inf], "data must be finite; it holds nan or inf"),
    ],
)
def test_samples_are_checked_with_a_message(data, message):
    for call in (
        lambda: mad(data),
        lambda: huber_location(data, 1.0),
        lambda: huber_proposal2(data),
    ):
        with pytest.raises(ValueError, match=whole(message)):
            call()


@pytest.mark.parametrize("delta", [0.0, -1.0, math.inf, math.nan, [1.0, 0.0]])
def test_huber_location_rejects_a_bad_delta_with_a_message(delta):
    with pytest.raises(ValueError, match=whole("delta must be finite and > 0")):
        huber_location([[1.0, 2.0, 4.0], [0.0, 1.0, 5.0]], delta)


def test_huber_location_keeps_the_shape_of_its_rows():
    rng = np.random.default_rng(9)
    data = rng.standard_t(2, size=(2, 3, 15))
    deltas = np.array([[0.1, 1.0, 2.0], [0.5, 1.5, 10.0]])
    estimates = huber_location(data, deltas)
    assert estimates.shape == (2, 3)
    for index in np.ndindex(2, 3):
        single = huber_location(data[index], deltas[index])
        assert np.ndim(single) == 0
        assert isinstance(single, float)
        assert estimates[index] == single


def test_huber_location_of_one_row_does_not_depend_on_the_others():
    """Rows from 1e-300 to 1e300 in one call: each bisection brackets its own row."""
    rng = np.random.default_rng(10)
    scales = np.array([1e-300, 1e-100, 1.0, 1e100, 1e300])
    signs = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    data = (signs * scales)[:, None] * (5.0 + rng.standard_cauchy((5, 21)))
    deltas = scales * 1.345
    together = huber_location(data, deltas)
    for row, delta, estimate in zip(data, deltas, together, strict=True):
        assert estimate == huber_location(row, delta)
        assert abs(np.sum(np.clip((estimate - row) / delta, -1, 1))) <= 1e-9


def test_huber_location_of_float32_data_is_computed_in_float64():
    rng = np.random.default_rng(11)
    data = rng.standard_t(3, size=(4, 25)).astype(np.float32)
    estimates = huber_location(data, 0.7)
    assert estimates.dtype == np.float64
    np.testing.assert_array_equal(estimates, huber_location(data.astype(np.float64), 0.7))
    np.testing.assert_array_equal(mad(data), mad(data.astype(np.float64)))
    assert mad(data).dtype == np.float64


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_joint_fits_reject_a_bad_k_with_a_message(bad):
    message = whole(f"k must be finite and > 0; got {bad!r}")
    with pytest.raises(ValueError, match=message):
        huber_proposal2([1.0, 2.0, 4.0, 8.0], bad)
    with pytest.raises(ValueError, match=message):
        huber_regression([0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 8.0], bad)


@pytest.mark.parametrize("k", [0.8, 3.0])
def test_proposal2_solves_its_equations_for_any_k_and_keeps_it(k):
    rng = np.random.default_rng(12)
    data = 10.0 + 4.0 * rng.standard_t(3, size=(2, 2, 30))
    fit = huber_proposal2(data, k)
    assert fit.k == k
    assert fit.location.shape == fit.scale.shape == (2, 2)
    np.testing.assert_array_equal(fit.delta, k * fit.scale)
    beta = integrate.quad(lambda z: min(z * z, k * k) * stats.norm.pdf(z), -np.inf, np.inf)[0]
    for index in np.ndindex(2, 2):
        psi = np.clip((data[index] - fit.location[index]) / fit.scale[index], -k, k)
        assert abs(psi.sum()) <= 1e-10 * data.shape[-1]
        assert (psi**2).sum() == pytest.approx((data.shape[-1] - 1) * beta, rel=1e-10)
        single = huber_proposal2(data[index], k)
        assert single.scale == pytest.approx(fit.scale[index], rel=1e-11)


def test_proposal2_messages():
    message = "a row's MAD is 0 (more than half its values are equal); no scale"
    with pytest.raises(ValueError, match=whole(message)):
        huber_proposal2([[1.0, 2.0, 3.0], [1.0, 1.0, 5.0]])
    message = "Proposal 2 did not converge in 1 iterations"
    with pytest.raises(RuntimeError, match=whole(message)):
        huber_proposal2([1.0, 2.0, 4.0, 8.0, 9.0], max_iterations=1)


@pytest.mark.parametrize(
    ("x", "y", "shapes"),
    [
        ([0.0, 1.0], [1.0, 2.0], "(2,), (2,)"),
        ([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 3.0], "(4,), (3,)"),
        ([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], [[1.0, 0.0, 2.0], [3.0, 5.0, 4.0]], "(2, 3), (2, 3)"),
    ],
)
def test_huber_regression_rejects_bad_shapes_with_a_message(x, y, shapes):
    message = f"x and y must be 1-D of the same length >= 3; got {shapes}"
    with pytest.raises(ValueError, match=whole(message)):
        huber_regression(x, y)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
@pytest.mark.parametrize("offset", [0.0, 1e3])
def test_huber_regression_rejects_an_exact_line_quickly(scale, offset):
    """Regression: residuals of a few ulps are not a scale (it ran 1000 fits, then raised)."""
    x = np.arange(7.0)
    message = "the residuals of the least-squares line have a zero MAD; no scale"
    with pytest.raises(ValueError, match=whole(message)):
        huber_regression(x, scale * (offset + 1.0 + 2.0 * x))
    with pytest.raises(ValueError, match=whole(message)):
        huber_regression(x, np.zeros(7))


def huber_regression_equations(x, y, fit):
    """Σψ, Σψx (the Huber line's stationarity) and Σψ², with ψ = clip(r / s, -k, k)."""
    psi = np.clip((y - fit.intercept - fit.slope * x) / fit.scale, -fit.k, fit.k)
    return psi.sum(), (psi * x).sum(), (psi * psi).sum()


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_huber_regression_solves_its_scale_equation_for_small_samples(scale):
    # With n = 8, n - 2 and n + 2 or n - 3 differ by far more than the tolerance.
    rng = np.random.default_rng(13)
    k = 1.2
    beta = integrate.quad(lambda z: min(z * z, k * k) * stats.norm.pdf(z), -np.inf, np.inf)[0]
    for _ in range(2):
        x = rng.uniform(-2, 2, 8)
        y = scale * (3.0 - x + rng.standard_t(2, 8))
        fit = huber_regression(x, y, k)
        assert fit.k == k
        total, moment, square = huber_regression_equations(x, y, fit)
        assert abs(total) <= 1e-8
        assert abs(moment) <= 1e-8
        assert square == pytest.approx((8 - 2) * beta, rel=1e-10)


@pytest.mark.parametrize("k", [None, 0.7])
def test_huber_regression_fits_three_points(k):
    # x = 0, 1, 3: the least-squares residuals are proportional to (2, -3, 1), MAD > 0.
    x, y = np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 1.0])
    fit = huber_regression(x, y, k)
    assert fit.k == (huber_k(0.95) if k is None else k)
    total, moment, square = huber_regression_equations(x, y, fit)
    assert abs(total) <= 1e-9
    assert abs(moment) <= 1e-9
    assert square == pytest.approx((3 - 2) * huber_regression_target(fit.k), rel=1e-10)


@pytest.mark.parametrize("seed", [2, 5, 7])
def test_huber_regression_of_five_points_converges_in_few_alternations(seed):
    # On five points the scale's fixed-point step crawled: these draws needed more than 200
    # alternations of line and scale (found by a scan of 60 seeds). Solving the scale equation
    # exactly for each line needs fewer than 100; the fit solves its equations, with
    # sum psi^2 = n for consistent=False.
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 1.0, 5)
    y = 1.0 + 2.0 * x + rng.normal(size=5)
    fit = huber_regression(x, y, consistent=False, max_iterations=100)
    total, moment, square = huber_regression_equations(x, y, fit)
    assert abs(total) <= 1e-8
    assert abs(moment) <= 1e-8
    assert square == pytest.approx(5.0, rel=1e-10)


def test_huber_scale_solves_its_equation_or_says_there_is_none(monkeypatch):
    # sum(clip(r / s, -k, k) ** 2) = target, checked with numpy's clip.
    rng = np.random.default_rng(4)
    for _ in range(200):
        r = rng.standard_cauchy(rng.integers(3, 30)) * 10.0 ** rng.uniform(-6, 6)
        k, target = rng.uniform(0.5, 2.0), float(r.size) * rng.uniform(0.3, 1.0)
        s = _huber_scale(r, k, target)
        if k * k * r.size <= target:  # the sum never exceeds k^2 n: no scale reaches target
            assert s is None
        else:
            assert np.sum(np.clip(r / s, -k, k) ** 2) == pytest.approx(target, rel=1e-12)
    # All inside the width (k = 10): s^2 = (1 + 1 + 4) / 3 = 2, by hand.
    assert _huber_scale(np.array([1.0, -1.0, 2.0]), 10.0, 3.0) == pytest.approx(
        math.sqrt(2.0), rel=1e-14
    )
    # One nonzero residual can bring the sum up to k^2 = 1.8 < 3 at most: no scale, and the
    # fit says so rather than shrinking the scale forever.
    assert _huber_scale(np.array([0.0, 0.0, 1.0]), 1.345, 3.0) is None
    # At k^2 = target exactly (1.5^2 = 2.25) every s up to 1 / 1.5 solves it: no one scale.
    assert _huber_scale(np.array([0.0, 0.0, 1.0]), 1.5, 2.25) is None
    monkeypatch.setattr("lossdocs.efficiency._huber_scale", lambda residuals, k, target: None)
    message = (
        r"^Huber regression did not converge: no scale solves its equation for the line found "
        r"\(too many residuals are exactly 0\)$"
    )
    with pytest.raises(RuntimeError, match=message):
        huber_regression([0.0, 1.0, 3.0], [0.0, 2.0, 1.0])


def huber_regression_target(k):
    return integrate.quad(lambda z: min(z * z, k * k) * stats.norm.pdf(z), -np.inf, np.inf)[0]


def test_huber_regression_of_float32_data_is_computed_in_float64():
    rng = np.random.default_rng(14)
    x, y = rng.uniform(-1, 1, 30), rng.normal(size=30)
    x32, y32 = x.astype(np.float32), y.astype(np.float32)
    reference = huber_regression(x32.astype(np.float64), y32.astype(np.float64))
    assert huber_regression(x32, y32) == reference
    assert huber_regression(x32, y32.astype(np.float64)) == reference
    assert huber_regression(x32.astype(np.float64), y32) == reference


def test_huber_regression_says_when_it_does_not_converge():
    x, y = make_line_data(0, n=30)
    message = "Huber regression did not converge in 1 iterations"
    with pytest.raises(RuntimeError, match=whole(message)):
        huber_regression(x, y, max_iterations=1)


@pytest.mark.parametrize(
    ("residuals", "message"),
    [
        ([[1.0, 2.0], [3.0, 4.0]], "residuals must be 1-D; got shape (2, 2)"),
        ([1.0], "residuals must have at least 2 values along its last axis; got shape (1,)"),
        ([1.0, np.nan, 2.0], "residuals must be finite; it holds nan or inf"),
        ([0.0, 0.0, 0.0, 1.0], "residuals have a MAD of 0 (more than half are equal); no scale"),
    ],
)
def test_propose_delta_messages_name_the_residuals(residuals, message):
    for propose in (propose_delta, propose_beta):
        with pytest.raises(ValueError, match=whole(message)):
            propose(residuals)
