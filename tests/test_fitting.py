"""The minimisers, checked against independent solvers and hand-worked answers."""

import dataclasses
from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import brentq, minimize, minimize_scalar

from lossdocs import fitting
from lossdocs.catalog import LOSSES, loss_spec
from lossdocs.fitting import best_constant, best_line, gradient_descent


def summed(name, residual):
    return float(np.sum(LOSSES[name].of_residual(residual)))


@pytest.mark.parametrize("n", [5, 6, 11, 12])
def test_l1_constant_is_the_median_interval(n):
    data = np.random.default_rng(n).normal(size=n)
    fit = best_constant(data, "L1")
    ordered = sorted(data)
    assert fit.lower == ordered[(n - 1) // 2]
    assert fit.upper == ordered[n // 2]
    assert fit.value == pytest.approx(np.median(data))
    assert fit.unique == (n % 2 == 1)


def test_l2_constant_is_the_mean():
    data = np.random.default_rng(3).normal(size=17)
    fit = best_constant(data, "L2")
    assert fit.value == pytest.approx(np.mean(data), rel=1e-15)
    assert fit.unique


@pytest.mark.parametrize("name", ["Smooth L1", "Huber"])
def test_m_estimate_matches_a_general_purpose_minimiser(name):
    data = np.random.default_rng(7).standard_t(2, size=40)
    fit = best_constant(data, name)
    reference = minimize_scalar(
        lambda c: summed(name, c - data), bounds=(data.min(), data.max()), method="bounded",
        options={"xatol": 1e-12},
    )  # fmt: skip
    assert fit.unique
    assert fit.value == pytest.approx(reference.x, abs=1e-7)
    assert summed(name, fit.value - data) <= reference.fun + 1e-12


def test_smooth_l1_constant_can_be_an_interval_too():
    # Two points 10 apart with beta = 1: every c in [1, 9] balances one +1 and one -1 gradient.
    fit = best_constant([0.0, 10.0], "Smooth L1")
    assert fit.lower == pytest.approx(1.0, abs=1e-9)
    assert fit.upper == pytest.approx(9.0, abs=1e-9)
    assert not fit.unique


def brute_force_lad(x, y):
    """Every line through two points, by plain loops; the best summed absolute error."""
    best = None
    for i, j in combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        slope = (y[j] - y[i]) / (x[j] - x[i])
        intercept = y[i] - slope * x[i]
        total = sum(abs(intercept + slope * xk - yk) for xk, yk in zip(x, y, strict=True))
        if best is None or total < best[0]:
            best = (total, intercept, slope)
    return best


@pytest.mark.parametrize("seed", range(5))
def test_lad_line_matches_brute_force_and_is_optimal(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, 15)
    y = 1 + 0.5 * x + rng.standard_t(1.5, 15)
    fit = best_line(x, y, "L1")
    total, intercept, slope = brute_force_lad(x, y)
    assert fit.objective == pytest.approx(total, rel=1e-12)
    if fit.unique:
        assert (fit.intercept, fit.slope) == pytest.approx((intercept, slope), rel=1e-9)
    # No nearby line does better (the LAD objective is convex).
    for da, db in rng.normal(scale=1e-3, size=(200, 2)):
        assert summed("L1", fit.intercept + da + (fit.slope + db) * x - y) >= fit.objective - 1e-12


def test_lad_line_reports_ties():
    # Four points, an even number: y = x and y = 10 x both have summed error 27 (by hand).
    fit = best_line([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 30.0], "L1")
    assert fit.objective == 27.0
    assert not fit.unique


def test_l2_line_matches_polyfit():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=30), rng.normal(size=30)
    fit = best_line(x, y, "L2")
    slope, intercept = np.polyfit(x, y, 1)
    assert (fit.intercept, fit.slope) == pytest.approx((intercept, slope), rel=1e-12)


@pytest.mark.parametrize("name", ["Smooth L1", "Huber"])
def test_robust_line_matches_a_general_purpose_minimiser(name):
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 40)
    y = 2 + 0.5 * x + rng.standard_t(1.5, 40)
    fit = best_line(x, y, name)
    reference = minimize(
        lambda p: summed(name, p[0] + p[1] * x - y), x0=[0.0, 0.0], method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000, "maxfev": 40000},
    )  # fmt: skip
    assert (fit.intercept, fit.slope) == pytest.approx(tuple(reference.x), abs=1e-6)
    assert fit.objective <= reference.fun + 1e-12


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: best_constant([], "L1"), "non-empty 1-D"),
        (lambda: best_constant([1.0, np.nan], "L2"), "must be finite"),
        (lambda: best_constant([1.0], "L3"), "unknown loss 'L3'"),
        (lambda: best_line([1.0, 1.0], [0.0, 1.0], "L1"), "two distinct values"),
        (lambda: best_line([1.0, 2.0], [0.0, 1.0, 2.0], "L2"), "same length"),
        (lambda: gradient_descent(np.sign, [1.0], 0.1, -1), "non-negative integer"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_gradient_descent_by_hand():
    # On x**2 / 2 (gradient x) with rate 0.5, each step halves the iterate.
    trajectory = gradient_descent(lambda theta: theta, [8.0, -4.0], 0.5, 3)
    np.testing.assert_array_equal(trajectory, [[8, -4], [4, -2], [2, -1], [1, -0.5]])
    decaying = gradient_descent(lambda theta: np.ones_like(theta), [0.0], lambda t: t + 1, 3)
    np.testing.assert_array_equal(decaying.ravel(), [0, -1, -3, -6])


def test_huber_line_not_unique_on_the_issue_example():
    # x = [0, 0, 1, 1], y = [0, 10, 0, 10], delta = 1: every line with a and a + b in [1, 9]
    # keeps each residual at least 1 from its point, so the summed loss is 4 * (5 - 0.5) = 18.
    x, y = np.array([0.0, 0.0, 1.0, 1.0]), np.array([0.0, 10.0, 0.0, 10.0])
    for name in ("Huber", "Smooth L1"):
        fit = best_line(x, y, name)
        assert not fit.unique
        # Smooth L1 (beta = 1) equals Huber (delta = 1) at width 1: the same 18.
        assert fit.objective == pytest.approx(18.0)
    for a, b in [(1.0, 0.0), (9.0, 0.0), (2.0, 5.0), (5.0, -3.0)]:
        assert summed("Huber", a + b * x - y) == pytest.approx(18.0)


def brute_force_ties(x, y, name, fit, step=0.25, reach=4.0):
    """How many grid lines (step 0.25) reach the fit's objective: >= 2 iff not unique."""
    grid = np.arange(-reach, reach + step / 2, step)
    a = np.round(fit.intercept / step) * step + grid
    b = np.round(fit.slope / step) * step + grid
    aa, bb = np.meshgrid(a, b, indexing="ij")
    residual = aa[..., None] + bb[..., None] * x - y
    totals = np.sum(LOSSES[name].of_residual(residual), axis=-1)
    assert totals.min() >= fit.objective - 1e-9  # the fit is optimal
    return int(np.sum(totals <= fit.objective + 1e-9))


def small_integer_samples(rng, draws=150):
    """Up to `draws` samples of 3 to 5 integer points, x in 0..2 (not all equal), y in 0..7."""
    for _ in range(draws):
        n = int(rng.integers(3, 6))
        x = rng.integers(0, 3, n).astype(float)
        if np.ptp(x) == 0:
            continue
        yield x, rng.integers(0, 8, n).astype(float)


@pytest.mark.parametrize("name", ["Huber", "Smooth L1"])
def test_huber_line_uniqueness_matches_brute_force(name):
    # Integer data, so flat sets of minimisers have corners on the quarter grid.
    rng = np.random.default_rng(0)
    seen = set()
    for x, y in small_integer_samples(rng):
        fit = best_line(x, y, name)
        ties = brute_force_ties(x, y, name, fit)
        assert fit.unique == (ties <= 1), (x, y, fit, ties)
        seen.add(fit.unique)
    assert seen == {True, False}


def test_perfect_huber_line_fits_without_a_warning():
    # Exact zero residuals: the IRLS weight psi(r) / r must not divide by zero.
    x = np.arange(6.0)
    fit = best_line(x, 2 + 3 * x, "Huber")
    assert (fit.intercept, fit.slope) == pytest.approx((2.0, 3.0), abs=1e-12)
    assert fit.unique


@pytest.mark.parametrize("width", [1e-3, 1.0, 1e3])
@pytest.mark.parametrize("name", ["Huber", "Smooth L1", "Pseudo-Huber", "log-cosh"])
def test_irls_line_is_stationary(name, width):
    # Heavy tails (Cauchy noise) at widths from 1e-3 to 1e3: the fit meets the normal
    # equations sum psi(r) = 0 and sum psi(r) x = 0, relative to the size of psi there.
    rng = np.random.default_rng(11)
    x = rng.uniform(0, 10, 200)
    y = 1 + 0.5 * x + rng.standard_cauchy(200) * 5
    spec = loss_spec(name)
    if spec.kwargs:
        spec = dataclasses.replace(spec, kwargs={next(iter(spec.kwargs)): width})
    fit = best_line(x, y, spec)
    psi = spec.grad_of_residual(fit(x) - y)
    size = np.abs(psi).max()
    assert abs(np.sum(psi)) < 1e-8 * size * len(x)
    assert abs(np.sum(psi * x)) < 1e-8 * size * len(x) * 10


def test_l1_line_with_repeated_x_values():
    # Three x values, each repeated: the LAD line through the column medians (0, 1, 2) -> (1, 2, 3).
    x = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0])
    y = np.array([0.0, 1.0, 5.0, 1.0, 2.0, -4.0, 3.0, 3.0, 9.0])
    fit = best_line(x, y, "L1")
    total, _, _ = brute_force_lad(x, y)
    assert fit.objective == pytest.approx(total)


def test_gradient_descent_with_zero_steps_returns_the_start():
    trajectory = gradient_descent(lambda theta: theta, [3.0, -1.0], 0.5, 0)
    np.testing.assert_array_equal(trajectory, [[3.0, -1.0]])


def test_solvers_refuse_a_loss_stated_non_convex():
    with pytest.raises(ValueError, match="not convex"):
        best_constant([0.0, 1.0], "Cauchy (α = 0)")
    with pytest.raises(ValueError, match="not convex"):
        best_line([0.0, 1.0], [0.0, 1.0], "Welsch (α = −∞)")


@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh"])
def test_smooth_constant_matches_a_general_purpose_minimiser(name):
    # A "Cinf" loss is fitted by reweighted means; scipy's bounded scalar search agrees.
    data = np.random.default_rng(9).standard_t(2, size=40)
    spec = loss_spec(name)
    fit = best_constant(data, name)
    reference = minimize_scalar(
        lambda c: float(np.sum(spec.of_residual(c - data))),
        bounds=(data.min(), data.max()),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert fit.unique
    assert fit.value == pytest.approx(reference.x, abs=1e-7)


# Survivors of mutation testing (reports/mutation.md), each killed by a test of documented
# behaviour below.


@pytest.mark.parametrize(
    ("a", "b", "s"),
    [(0.0, 1.0, 1.0), (3.0, 2.0, 1e-2), (-5.0, 0.25, 1e3), (0.5, -7.0, 1e6), (40.0, 0.5, 0.3)],
)
def test_lad_line_is_unique_through_four_collinear_points(a, b, s):
    # The docstring's example (y = x at 0..3, an outlier at x = 4) under y -> s * y + a + b x:
    # that map sends every line to one line and multiplies every summed L1 error by s, so the
    # unique LAD line y = x goes to the unique line a + (b + s) x, with objective s * 36.
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    y = s * np.array([0.0, 1.0, 2.0, 3.0, 40.0]) + a + b * x
    fit = best_line(x, y, "L1")
    assert fit.unique is True
    assert (fit.intercept, fit.slope) == pytest.approx((a, b + s), rel=1e-9, abs=1e-9 * s)
    assert fit.objective == pytest.approx(36.0 * s, rel=1e-9)


@pytest.mark.parametrize("s", [1e-2, 1.0, 1e3, 1e6])
def test_lad_line_ties_are_found_at_every_scale(s):
    # test_lad_line_reports_ties scaled by s: y = s x and y = 10 s x tie at 27 s (by hand:
    # residuals 0, 0, 0, 27 s and 0, 9 s, 18 s, 0), two different lines at every scale.
    x = np.array([0.0, 1.0, 2.0, 3.0]) * 0.1
    fit = best_line(x, s * np.array([0.0, 1.0, 2.0, 30.0]), "L1")
    assert fit.objective == pytest.approx(27.0 * s, rel=1e-12)
    assert fit.unique is False


def test_lad_line_with_unsigned_integers_does_not_wrap_around():
    # uint8 data fitted as the same numbers in float64: x falls (5, 3, 1), so the differences
    # x[j] - x[i] of the pairs are negative and would wrap around in uint8 (3 - 5 = 254).
    x, y = np.array([5, 3, 1], dtype=np.uint8), np.array([1, 2, 9], dtype=np.uint8)
    assert best_line(x, y, "L1") == best_line(x.astype(float), y.astype(float), "L1")
    assert best_constant(y, "Huber") == best_constant(y.astype(float), "Huber")


def test_line_and_gradient_descent_compute_in_float64_from_float32_input():
    # The documented result is float64 whatever the input's dtype: 0.1 in float32 is
    # 0.100000001490116..., and 1 + 3 * that, in float64, is not a float32 number.
    x32 = np.float32(0.1)
    line = best_line([0.0, 1.0], [1.0, 4.0], "L2")  # y = 1 + 3 x, by hand
    value = line(np.array([x32]))
    assert value.dtype == np.float64
    assert value[0] == pytest.approx(1.0 + 3.0 * float(x32), rel=1e-15)
    # One step of rate 1/3 on the gradient theta: theta * 2/3, in float64.
    trajectory = gradient_descent(lambda t: t, np.array([x32]), 1 / 3, 1)
    assert trajectory[1, 0] == pytest.approx(float(x32) - float(x32) / 3, rel=1e-15)
    assert float(np.float32(trajectory[1, 0])) != trajectory[1, 0]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("width", [1.0, 0.1, 0.01])
@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh"])
def test_smooth_constant_is_stationary_on_heavy_tails(name, width, seed):
    # Issue 13: at the fit |sum psi(r)| < 1e-8. Cauchy data, where IRLS contracts slowly and a
    # small step alone is no proof of convergence; the root agrees with scipy's brentq.
    data = np.random.default_rng(seed).standard_cauchy(51)
    spec = loss_spec(name)
    if spec.kwargs:
        spec = dataclasses.replace(spec, kwargs={"delta": width})
    fit = best_constant(data, spec)

    def slope(c):
        return float(np.sum(spec.grad_of_residual(c - data)))

    assert abs(slope(fit.value)) < 1e-8
    root = brentq(slope, data.min(), data.max(), xtol=1e-14)
    assert fit.value == pytest.approx(root, abs=1e-8 * max(1.0, abs(root)))


@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh"])
def test_smooth_line_is_unique_even_with_every_residual_beyond_the_width(name):
    # A strictly convex loss has one minimiser with two distinct x values, wherever the
    # residuals fall. y alternates 0, 100 at x = 0..8: the fit leaves five residuals r at the
    # even x and four near -100; the normal equations give 5 psi(r) = 4 psi(100) = 4 limit,
    # so r = 4/3 width for Pseudo-Huber (psi -> width) and atanh(0.8) = 1.10 for log-cosh
    # (psi -> 1, width 1): every residual lies beyond the loss's width.
    spec = loss_spec(name)
    if spec.kwargs:
        spec = dataclasses.replace(spec, kwargs={"delta": 1e-3})
    x = np.arange(9.0)
    fit = best_line(x, 100.0 * (x % 2), spec)
    assert fit.unique is True
    assert np.min(np.abs(fit(x) - 100.0 * (x % 2))) > spec.scale


@pytest.mark.parametrize("fit", [fitting._irls_constant, fitting._irls_line])
def test_irls_names_the_loss_and_the_steps_when_it_does_not_converge(fit):
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([0.0, 5.0, -3.0, 40.0])
    arguments = (y,) if fit is fitting._irls_constant else (x, y)
    with pytest.raises(RuntimeError, match=r"^Huber (constant|line) fit did not converge in 1 "):
        fit(*arguments, loss_spec("Huber"), max_iterations=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: best_constant([], "L1"), "^data must be a non-empty 1-D"),
        (lambda: best_line([[1.0]], [0.0], "L1"), "^x must be a non-empty 1-D"),
        (lambda: best_line([1.0, 2.0], [0.0, np.inf], "L2"), "^y must be finite"),
        (lambda: best_line([1.0, 1.0], [0.0, 1.0], "L1"), "^x must hold at least two distinct"),
    ],
)
def test_bad_input_errors_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("s", [1e-3, 1e3])
def test_huber_line_uniqueness_does_not_depend_on_the_scale(s):
    # y -> s y with delta -> s delta maps Huber line fits onto each other (the summed loss is
    # multiplied by s^2), so the brute-force cases above keep their verdicts at every scale.
    rng = np.random.default_rng(0)
    spec = dataclasses.replace(loss_spec("Huber"), kwargs={"delta": s})
    seen = set()
    for x, y in small_integer_samples(rng):
        expected = brute_force_ties(x, y, "Huber", best_line(x, y, "Huber")) <= 1
        assert best_line(x, s * y, spec).unique == expected, (x, y)
        seen.add(expected)
    assert seen == {True, False}


def test_huber_line_with_every_residual_on_the_edge_can_be_unique():
    # y = (-1, 1, 1, -1) at x = 0..3: the least-squares line is y = 0 (mean 0, slope 0 by
    # hand), where every residual is exactly +-delta = +-1 and sum psi = sum psi x = 0. No
    # direction keeps all four edge residuals moving outwards (da >= 0, da + db <= 0,
    # da + 2 db <= 0, da + 3 db >= 0 force da = db = 0), so the minimiser is unique; the grid
    # search agrees.
    x, y = np.arange(4.0), np.array([-1.0, 1.0, 1.0, -1.0])
    fit = best_line(x, y, "Huber")
    assert (fit.intercept, fit.slope) == pytest.approx((0.0, 0.0), abs=1e-12)
    assert fit.unique is True
    assert brute_force_ties(x, y, "Huber", fit) == 1


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_huber_uniqueness_with_one_x_inside_and_the_free_direction_either_way(sign):
    # At the line y = 0 with width 1: residual 0 at x = 0 (inside), and at x = 1 one residual
    # on the edge (-sign) and one beyond (5 sign); sum psi = 0 - sign + sign = 0, and likewise
    # times x, so it is a minimiser. Along d = (0, -sign t) the edge residual moves outwards
    # and the summed loss changes by (psi_edge + psi_beyond) * (-sign) = 0: every slope down
    # to 4 units away ties (by hand), so the minimiser is not unique, whichever way d points.
    x, residual = np.array([0.0, 1.0, 1.0]), np.array([0.0, -sign, 5.0 * sign])
    assert fitting._piecewise_unique(x, residual, 1.0) is False
    for t in (0.5, 2.0, 4.0):
        moved = residual - sign * t * x
        assert summed("Huber", moved) == pytest.approx(summed("Huber", residual))


@pytest.mark.parametrize("name", ["Huber", "Smooth L1"])
def test_huber_line_with_opposite_edge_residuals_and_none_inside_is_not_unique(name):
    # Width 1; x = 1, 1, 2, 2 and y = -1, 1, -5, 5 (by hand). The two points at x = 1 are 2
    # apart: their summed loss is least (0.5 + 0.5) only with the line halfway, a + b = 0, where
    # both residuals sit on the edge, +1 and -1. The two at x = 2 are 10 apart: any a + 2 b in
    # [-4, 4] leaves both beyond the width, 2 * (5 - 0.5) = 9 together. So every line a = -b
    # with |b| <= 4 reaches 10: not unique, though no residual is inside the width. The edge
    # normals r_i (1, x_i) are +(1, 1) and -(1, 1), opposite: the free direction is a
    # perpendicular of theirs, +-(1, -1), which leaves the residuals at x = 1 where they are.
    x, y = np.array([1.0, 1.0, 2.0, 2.0]), np.array([-1.0, 1.0, -5.0, 5.0])
    fit = best_line(x, y, name)
    assert fit.objective == pytest.approx(10.0)
    for b in (-4.0, -1.5, 2.0, 4.0):
        assert summed(name, -b + b * x - y) == pytest.approx(10.0)
    assert fit.unique is False
    assert brute_force_ties(x, y, name, fit) > 1
    assert fitting._piecewise_unique(x, np.array([1.0, -1.0, 5.0, -5.0]), 1.0) is False


def test_lad_line_through_five_collinear_points_is_unique_despite_rounding():
    # Five points on y = a + b x with a, b about 1e3 and x with three decimals; the sixth is
    # 1e3 above the line. The pairs of the five collinear points give the same line up to
    # rounding (about 1e-12 apart here), which must count as one line. Every other pair's
    # line costs more (brute force), so the LAD line is unique, with objective 1e3.
    x = np.array([0.637, 0.27, 0.041, 0.017, 0.813, 0.913])
    a, b = 1304.0000451301373, 947.0809631292421
    y = a + b * x
    y[5] += 1e3
    fit = best_line(x, y, "L1")
    total, _, _ = brute_force_lad(x, y)
    assert fit.unique is True
    assert (fit.intercept, fit.slope) == pytest.approx((a, b), rel=1e-12)
    assert fit.objective == pytest.approx(total, rel=1e-12)
    assert fit.objective == pytest.approx(1e3, rel=1e-9)
