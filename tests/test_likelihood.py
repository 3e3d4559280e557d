"""Barron's general loss as a likelihood, against scipy's integration, densities and optimiser."""

import math

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from lossdocs import general_loss
from lossdocs.likelihood import fit_alpha, general_nll, log_partition, partition

ALPHAS = [0.0, 1e-3, 0.1, 0.5, 1.0, 1.5, 1.999, 2.0, 2.5, 4.0, 10.0, 50.0]


def quad_partition(alpha):
    def integrand(x):
        return math.exp(-float(general_loss([x], [0.0], reduction="none", alpha=alpha)[0]))

    half = integrate.quad(integrand, 0, np.inf, epsabs=0, epsrel=1e-13, limit=500)[0]
    return 2 * half


@pytest.mark.parametrize("alpha", ALPHAS)
def test_partition_matches_scipy_quad(alpha):
    assert partition(alpha) == pytest.approx(quad_partition(alpha), rel=1e-11)


def test_partition_closed_forms():
    assert partition(2.0) == pytest.approx(math.sqrt(2 * math.pi), rel=1e-14)
    assert partition(0.0) == pytest.approx(math.sqrt(2) * math.pi, rel=1e-14)
    assert log_partition(1.0) == pytest.approx(math.log(quad_partition(1.0)), rel=1e-12)


def test_partition_at_1_is_a_bessel_function():
    # rho(x, 1, 1) = sqrt(1 + x^2) - 1; with x = sinh(u), the integral of exp(-sqrt(1 + x^2))
    # over the line is 2 * int_0^inf exp(-cosh u) cosh u du = 2 K_1(1), so Z(1) = 2 e K_1(1).
    assert partition(1.0) == pytest.approx(2 * math.e * special.k1(1.0), rel=1e-14)


def test_nll_defaults_are_alpha_1_and_scale_1():
    x = np.array([-30.0, -1.0, 0.0, 0.5, 4.0])
    log_z = math.log(2 * math.e * special.k1(1.0))
    # rho(x, 1, c) = sqrt(1 + (x / c)^2) - 1, plus log c + log Z(1).
    expected = np.sqrt(1 + x**2) - 1 + log_z
    np.testing.assert_allclose(general_nll(x, np.zeros(5), reduction="none"), expected, rtol=1e-13)
    at_2 = np.sqrt(1 + (x / 2) ** 2) - 1 + math.log(2) + log_z
    np.testing.assert_allclose(
        general_nll(x, np.zeros(5), reduction="none", scale=2.0), at_2, rtol=1e-13
    )


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_nll_rejects_scales_that_are_not_finite_and_positive(bad):
    with pytest.raises(ValueError, match=r"scale must be finite with scale > 0; got"):
        general_nll([1.0], [0.0], scale=bad)


def test_nll_rejects_a_scale_that_is_not_a_number():
    with pytest.raises(TypeError, match="scale must be a real number"):
        general_nll([1.0], [0.0], scale="1")


@pytest.mark.parametrize("bad", [-1e-9, -2.0, -math.inf, math.inf, math.nan])
def test_partition_rejects_alphas_without_a_density(bad):
    with pytest.raises(ValueError, match="likelihood only for finite alpha >= 0"):
        partition(bad)
    # The whole message, from its start: what is allowed, why, and what was given.
    message = (
        r"^the general loss is a likelihood only for finite alpha >= 0 \(for alpha < 0 the "
        r"loss is bounded, exp\(-loss\) does not decay, and Z\(alpha\) is infinite\); got "
    )
    with pytest.raises(ValueError, match=message + repr(float(bad))):
        log_partition(bad)
    with pytest.raises(ValueError, match="likelihood only for finite alpha >= 0"):
        general_nll([1.0], [0.0], alpha=bad)


def test_partition_rejects_non_numbers():
    with pytest.raises(TypeError, match="alpha must be a real number"):
        partition("2")


@pytest.mark.parametrize("alpha", [0.0, 0.7, 2.0, 5.0])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_density_integrates_to_one_at_every_scale(alpha, scale):
    def density(x):
        return math.exp(-float(general_nll([x], [0.0], alpha=alpha, scale=scale)))

    points = [-scale, 0.0, scale]
    total = integrate.quad(density, -50 * scale, 50 * scale, points=points, limit=500)[0]
    total += 2 * integrate.quad(density, 50 * scale, np.inf, limit=500)[0]
    assert total == pytest.approx(1.0, rel=1e-8)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_nll_is_gaussian_at_2_and_cauchy_at_0(scale):
    x = scale * np.linspace(-20, 20, 41)
    zero = np.zeros_like(x)
    np.testing.assert_allclose(
        general_nll(x, zero, reduction="none", alpha=2.0, scale=scale),
        -stats.norm.logpdf(x, scale=scale),
        rtol=1e-13,
    )
    # exp(-log(1 + x^2 / (2 c^2))) is a Cauchy density with scale c sqrt(2).
    np.testing.assert_allclose(
        general_nll(x, zero, reduction="none", alpha=0.0, scale=scale),
        -stats.cauchy.logpdf(x, scale=scale * math.sqrt(2)),
        rtol=1e-13,
    )


def test_nll_reductions():
    x = np.array([0.5, -1.0, 3.0])
    values = general_nll(x, np.zeros(3), reduction="none", alpha=1.0)
    assert general_nll(x, np.zeros(3), reduction="sum", alpha=1.0) == pytest.approx(values.sum())
    assert general_nll(x, np.zeros(3), alpha=1.0) == pytest.approx(values.mean())
    with pytest.raises(ValueError, match="reduction must be one of"):
        general_nll(x, np.zeros(3), reduction="max")


def brute_force_fit(row):
    """Maximum likelihood over (alpha, log c) with scipy's bounded optimiser."""

    def nll(params):
        alpha, log_scale = params
        return float(general_nll(row, np.zeros_like(row), alpha=alpha, scale=math.exp(log_scale)))

    starts = [(a, math.log(np.median(np.abs(row)))) for a in (0.2, 1.0, 2.0, 3.5)]
    fits = [
        optimize.minimize(nll, start, bounds=[(0.0, 4.0), (-10, 10)], method="L-BFGS-B")
        for start in starts
    ]
    return min(fits, key=lambda fit: fit.fun)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fit_alpha_matches_a_brute_force_optimiser(seed):
    rng = np.random.default_rng(seed)
    rows = np.stack([rng.standard_t(4, 300), 3.0 * rng.logistic(size=300)])
    fit = fit_alpha(rows)
    for row, alpha, scale, nll in zip(rows, fit.alpha, fit.scale, fit.nll, strict=True):
        reference = brute_force_fit(row)
        # Not worse than scipy's optimum, and at the same place.
        assert nll <= reference.fun + 1e-6
        assert alpha == pytest.approx(reference.x[0], abs=0.02)
        assert scale == pytest.approx(math.exp(reference.x[1]), rel=0.02)


def test_fit_alpha_recovers_known_shapes():
    rng = np.random.default_rng(3)
    gaussian = fit_alpha(rng.normal(size=(20, 2000)))
    assert np.median(gaussian.alpha) == pytest.approx(2.0, abs=0.2)
    assert np.median(gaussian.scale) == pytest.approx(1.0, rel=0.1)
    cauchy = fit_alpha(rng.standard_cauchy(size=(20, 2000)))
    # The Cauchy density with scale 1 is alpha = 0 with c = 1 / sqrt(2).
    assert np.median(cauchy.alpha) == pytest.approx(0.0, abs=0.05)
    assert np.median(cauchy.scale) == pytest.approx(1 / math.sqrt(2), rel=0.1)


def test_fit_alpha_is_scale_equivariant():
    base = np.random.default_rng(4).standard_t(3, size=(3, 500))
    reference = fit_alpha(base)
    for sigma in (1e-3, 1e3):
        fit = fit_alpha(sigma * base)
        np.testing.assert_allclose(fit.alpha, reference.alpha, atol=1e-6)
        np.testing.assert_allclose(fit.scale, sigma * reference.scale, rtol=1e-6)


@pytest.mark.parametrize(
    ("residuals", "alphas", "message"),
    [
        ([1.0], None, "residuals must be finite, with at least 2 values along the last axis; got"),
        ([1.0, np.nan], None, "residuals must be finite, with at least 2 values"),
        ([0.0, 0.0], None, "a row of residuals is all 0; no scale can be fitted$"),
        # One row all 0 among others is found too.
        ([[1.0, 2.0], [0.0, 0.0]], None, "a row of residuals is all 0"),
        ([1.0, 2.0], [-1.0, 0.0, 1.0], "the general loss is a likelihood only for finite alpha"),
        ([1.0, 2.0], [0.0, 1.0, 3.0], "alphas must be an evenly spaced 1-D grid of at least 3"),
        ([1.0, 2.0], [0.0, 1.0], "alphas must be an evenly spaced 1-D grid of at least 3"),
        ([1.0, 2.0], [[0.0, 1.0, 2.0]], "alphas must be an evenly spaced 1-D grid"),
        ([1.0, 2.0], [2.0, 1.0, 0.0], "alphas must be increasing$"),
        ([1.0, 2.0], [1.0, 1.0, 1.0], "alphas must be increasing$"),
    ],
)
def test_fit_alpha_rejects_bad_input(residuals, alphas, message):
    with pytest.raises(ValueError, match="^" + message):
        fit_alpha(residuals, alphas)


def assert_same_fit(first, second):
    """Two fits agree bit for bit: shape, scale and NLL."""
    for field in ("alpha", "scale", "nll"):
        np.testing.assert_array_equal(getattr(first, field), getattr(second, field))


def test_fit_alpha_default_grid_is_0_to_4_in_steps_of_a_quarter():
    rows = np.random.default_rng(5).standard_t(4, size=(2, 200))
    assert_same_fit(fit_alpha(rows), fit_alpha(rows, alphas=0.25 * np.arange(17)))
    # Uniform noise is flatter than every shape of the grid: the best is its end, 4, kept there.
    assert fit_alpha(np.random.default_rng(9).uniform(-1, 1, 200)).alpha == 4.0


def test_fit_alpha_fits_float32_residuals_as_their_float64_values():
    rows = np.random.default_rng(6).standard_t(3, size=(2, 200)).astype(np.float32)
    assert_same_fit(fit_alpha(rows), fit_alpha(rows.astype(np.float64)))
    # A float32 grid of shapes too (0.1 is not a float32 number: the grid is its float64 value).
    grid = np.arange(0.0, 2.05, 0.1, dtype=np.float32)
    assert_same_fit(fit_alpha(rows, alphas=grid), fit_alpha(rows, alphas=grid.astype(np.float64)))


def test_fit_alpha_where_most_residuals_are_0():
    # The median |residual| is 0, so the start bracket is centred on the largest instead.
    row = np.array([0.0] * 7 + [1.0, -2.0, 0.5, -0.25, 3.0])
    fit = fit_alpha(row, alphas=[1.0, 1.5, 2.0])
    zero = np.zeros_like(row)
    assert fit.nll == pytest.approx(general_nll(row, zero, alpha=fit.alpha, scale=fit.scale))
    # The fitted scale is the best one at the fitted shape.
    for factor in (1 - 1e-4, 1 + 1e-4):
        assert general_nll(row, zero, alpha=fit.alpha, scale=factor * fit.scale) > fit.nll


@pytest.mark.parametrize("side", [1, -1])
def test_fit_alpha_refines_a_best_point_next_to_the_end_of_the_grid(side):
    """On a coarse grid the best point is one from an end, and the optimum lies towards it."""
    row = 3.0 * np.random.default_rng(0).logistic(size=300)
    reference = brute_force_fit(row).x[0]
    # Steps of 0.5: the best grid point is point 1 (or -2), 0.175 from the optimum, which lies
    # between it and the end point, 0.325 away. The first parabola must stand on points 0-2
    # (or the last three): on the next three it cannot reach the optimum.
    grid = reference - side * 0.325 + side * 0.5 * np.arange(4)
    fit = fit_alpha(row, alphas=grid[::side])
    assert fit.alpha == pytest.approx(reference, abs=1e-3)


def test_fit_alpha_fits_every_row_of_any_leading_shape():
    """A 1-D sample and the rows of a 3-D array are fitted as the same rows one by one."""
    rows = np.random.default_rng(8).standard_t(3, size=(2, 1, 150))
    fit = fit_alpha(rows)
    assert fit.alpha.shape == fit.scale.shape == fit.nll.shape == (2, 1)
    for index in [(0, 0), (1, 0)]:
        alone = fit_alpha(rows[index])
        assert np.ndim(alone.alpha) == 0
        # Rows solved together may take a few more regula falsi steps than one alone.
        assert fit.alpha[index] == pytest.approx(alone.alpha, abs=1e-8)
        assert fit.scale[index] == pytest.approx(alone.scale, rel=1e-8)
        assert fit.nll[index] == pytest.approx(alone.nll, rel=1e-10)
        # The fitted NLL is the NLL of the row at the fitted shape and scale.
        nll = general_nll(rows[index], np.zeros(150), alpha=alone.alpha, scale=alone.scale)
        assert alone.nll == pytest.approx(nll, rel=1e-12)


def test_fit_alpha_finds_a_scale_far_above_the_median():
    """The start bracket, e^±4 around the median |residual|, misses: it must be widened."""
    # 60 residuals near 1e-8 and 40 of ±1: the median |residual| is about 1e-8. On the grid
    # 2, 2.5, 3 the flattest shape fits best, at the end of the grid, where it is kept.
    signs = np.where(np.arange(40) % 2, 1.0, -1.0)
    row = np.concatenate([1e-8 * np.linspace(0.5, 1.5, 60), signs])
    fit = fit_alpha(row, alphas=[2.0, 2.5, 3.0])
    assert fit.alpha == 3.0

    # At alpha = 3, rho(z) = ((1 + z^2)^(3/2) - 1) / 3 and z rho'(z) = z^2 sqrt(1 + z^2) (by
    # hand); the scale solves mean(z rho'(z)) = 1 with z = t / c.
    def score(log_scale):
        z = row / math.exp(log_scale)
        return np.mean(z * z * np.sqrt(1 + z * z)) - 1

    scale = math.exp(optimize.brentq(score, -30.0, 5.0, xtol=1e-14, rtol=1e-15))
    assert scale > 1e4 * np.median(np.abs(row))
    assert fit.scale == pytest.approx(scale, rel=1e-9)
    expected = general_nll(row, np.zeros_like(row), alpha=3.0, scale=scale)
    assert fit.nll == pytest.approx(expected, rel=1e-12)


def test_fit_alpha_finds_a_scale_far_below_the_median():
    # Half the residuals near 1e-8, half in [1, 2]: the median |residual| is 0.5. On the grid
    # 0, 0.01, 0.02 alpha = 0 fits best, at the end of the grid.
    row = np.concatenate([1e-8 * np.linspace(0.5, 1.5, 50), np.linspace(1.0, 2.0, 50)])
    fit = fit_alpha(row, alphas=[0.0, 0.01, 0.02])
    assert fit.alpha == 0.0

    # At alpha = 0, rho(z) = log(1 + z^2 / 2) and z rho'(z) = z^2 / (1 + z^2 / 2) (by hand);
    # the scale solves mean(z rho'(z)) = 1 with z = t / c.
    def score(log_scale):
        z = row / math.exp(log_scale)
        return np.mean(z * z / (1 + z * z / 2)) - 1

    scale = math.exp(optimize.brentq(score, -30.0, 5.0, xtol=1e-14, rtol=1e-15))
    assert scale < 1e-2 * np.median(np.abs(row))
    # The score is flat here (it moves by about 1e-8 per unit of log c), so the solver's
    # stopping rule, |score| <= 1e-13, leaves the scale free to about 1e-5 relative.
    assert abs(score(math.log(fit.scale))) <= 1e-12
    assert fit.scale == pytest.approx(scale, rel=1e-5)
    expected = general_nll(row, np.zeros_like(row), alpha=0.0, scale=scale)
    assert fit.nll == pytest.approx(expected, rel=1e-12)


def profiled_nll(row, alpha):
    """The mean NLL at a fixed alpha, minimised over the scale by scipy."""

    def nll(log_scale):
        return float(general_nll(row, np.zeros_like(row), alpha=alpha, scale=math.exp(log_scale)))

    start = math.log(np.median(np.abs(row)))
    return optimize.minimize_scalar(nll, bounds=(start - 10, start + 10), method="bounded").fun


@pytest.mark.parametrize(
    "row",
    [
        np.random.default_rng(0).standard_t(2, 50),
        np.random.default_rng(25).standard_cauchy(300),
    ],
    ids=["t2", "cauchy"],
)
def test_fit_alpha_is_not_kept_at_the_grid_end_when_the_maximum_is_inside(row):
    """A regression test: the fit used to return 0 for both, at a mean NLL 0.0096 and 0.0049
    above the best (and a first fix, trusting the parabola through 0, 0.25 and 0.5, still
    did for the Cauchy sample)."""
    # The best point of the default grid is its end, 0, but the maximum lies inside.
    assert profiled_nll(row, 0.0) < profiled_nll(row, 0.25)
    reference = brute_force_fit(row)
    assert reference.x[0] > 0.04
    fit = fit_alpha(row)
    assert fit.alpha == pytest.approx(reference.x[0], abs=1e-3)
    assert fit.nll <= reference.fun + 1e-8


def test_fit_alpha_reaches_a_maximum_its_first_parabola_misses():
    """A regression test: the first parabola lands about 0.07 from the maximum, beyond the reach
    of the two narrower stencils (one width each, 0.05 + 0.005), and the fit stopped 0.016 short."""
    row = np.random.default_rng(0).standard_t(2, (200, 50))[120]
    reference = brute_force_fit(row)
    fit = fit_alpha(row)
    assert fit.alpha == pytest.approx(reference.x[0], abs=1e-3)
    assert fit.nll <= reference.fun + 1e-8
