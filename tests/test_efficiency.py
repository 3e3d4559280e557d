"""Huber's efficiency, scale estimates and the δ proposal against scipy, scikit-learn and simulation."""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate, optimize, stats
from sklearn.linear_model import HuberRegressor

from lossdocs.catalog import LOSSES
from lossdocs.efficiency import (
    MAD_TO_SIGMA,
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


@pytest.mark.parametrize(("epsilon", "tau"), [(0.0, 3.0), (0.05, 3.0), (0.1, 10.0)])
def test_fisher_information_matches_scipy(epsilon, tau):
    def integrand(x):
        f = mixture_pdf(x, epsilon, tau)
        slope = -x * (
            (1 - epsilon) * stats.norm.pdf(x) + epsilon * stats.norm.pdf(x, scale=tau) / tau**2
        )
        return slope * slope / f if f > 0 else 0.0

    reference = 2 * integrate.quad(integrand, 0, np.inf, limit=200)[0]
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
