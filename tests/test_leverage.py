"""Leverage and breakdown: the vectorised fits against best_line and scipy, the claims by hand."""

import warnings
from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import minimize

from lossdocs.catalog import LOSSES, loss_spec
from lossdocs.fitting import best_line
from lossdocs.leverage import (
    OFFSET,
    WELSCH,
    _ransac,
    batch_lines,
    breakdown,
    contaminate,
    irls_lines,
    leverage_tilt,
)


def data(seeds=6, n=15, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, size=(seeds, n))
    y = 2 + 0.5 * x + rng.normal(scale=0.5, size=x.shape)
    return x, y, rng


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("where", ["clean", "y", "x"])
def test_batch_lines_match_best_line_row_by_row(loss, where):
    x, y, rng = data()
    if where != "clean":
        x, y = contaminate(x, y, 4, where, rng)
    intercepts, slopes = batch_lines(x, y, loss)
    for row in range(x.shape[0]):
        fit = best_line(x[row], y[row], loss)
        np.testing.assert_allclose(
            [intercepts[row], slopes[row]], [fit.intercept, fit.slope], rtol=1e-7, atol=1e-9
        )


@pytest.mark.parametrize("where", ["y", "x"])
def test_welsch_irls_reaches_the_local_minimum_scipy_finds_from_the_same_start(where):
    x, y, rng = data()
    x, y = contaminate(x, y, 3, where, rng)
    start = batch_lines(x, y, "L1") if where == "y" else (np.full(6, 2.0), np.full(6, 0.5))
    a, b = irls_lines(x, y, WELSCH, start)
    spec = loss_spec(WELSCH)
    for row in range(x.shape[0]):
        # Stationary: the gradient of the summed loss with respect to (a, b) vanishes.
        psi = spec.grad_of_residual(a[row] + b[row] * x[row] - y[row])
        np.testing.assert_allclose([psi.sum(), (psi * x[row]).sum()], 0, atol=1e-8)

        def objective(p, row=row):
            return spec.of_residual(p[0] + p[1] * x[row] - y[row]).sum()

        options = {"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20_000}
        begin = [start[0][row], start[1][row]]
        found = minimize(objective, begin, method="Nelder-Mead", options=options)
        np.testing.assert_allclose(found.x, [a[row], b[row]], atol=1e-6)


def test_contaminate_replaces_exactly_the_first_k_points():
    x, y, rng = data(seeds=3, n=10)
    xs, ys = contaminate(x, y, 4, "x", rng)
    np.testing.assert_array_equal(xs[:, 4:], x[:, 4:])
    np.testing.assert_array_equal(ys[:, 4:], y[:, 4:])
    assert np.all(xs[:, :4] > 90)
    xs, ys = contaminate(x, y, 4, "y", rng)
    np.testing.assert_array_equal(xs, x)
    # 50 below the true line, give or take the noise (sd 0.5; 4 sd).
    assert np.all(np.abs(ys[:, :4] - (2 + 0.5 * x[:, :4] - OFFSET)) < 2)


def test_one_high_leverage_point_tilts_every_convex_loss_like_l2():
    tilt = leverage_tilt(n=20, seeds=20)
    # By hand: the clean cloud's centre is near (5, 4.5); the bad point is at (100, 52 - 50 = 2).
    # A line through both has slope (2 - 4.5) / 95 = -0.026, a slope error of -0.526. Every
    # loss's line goes (nearly) through both, so every slope error is near -0.526.
    for name in LOSSES:
        errors = tilt.slope_error["x"][name]
        np.testing.assert_allclose(errors, -0.526, atol=0.03)
    # The L1 line goes exactly through the high-leverage point.
    ex = tilt.example["x"]
    fit = ex["lines"]["L1"]
    assert abs(fit(ex["x"][-1]) - ex["y"][-1]) < 1e-9


def test_an_outlier_in_y_barely_moves_the_robust_lines():
    tilt = leverage_tilt(n=20, seeds=20)
    for name in ("L1", "Huber", "Smooth L1"):
        assert np.all(np.abs(tilt.slope_error["y"][name]) < 0.2)
    # L2 moves by the closed form of least squares: one point of residual -50 at x = 5
    # changes the slope by -50 (5 - mean x) / sum (x - mean x)^2, from the clean fit.
    ex = tilt.example["y"]
    x, y = ex["x"], ex["y"]
    clean = np.polyfit(x[:-1], y[:-1], 1)[0]
    xbar = x.mean()
    line_at_5 = np.polyval(np.polyfit(x[:-1], y[:-1], 1), 5.0)
    expected = clean + (y[-1] - line_at_5) * (5.0 - xbar) / np.sum((x - xbar) ** 2)
    np.testing.assert_allclose(ex["lines"]["L2"].slope, expected, rtol=1e-9)


@pytest.fixture(scope="module")
def small_sweep():
    return breakdown(n=10, seeds=12)


def test_breakdown_of_l2_and_of_m_estimators_in_x_is_one_point(small_sweep):
    # Theory: one point suffices, so the breakdown point is 1 / n.
    n = small_sweep.n
    assert small_sweep.breakdown["y"]["L2"] == 1 / n
    for name in LOSSES:
        assert small_sweep.breakdown["x"][name] == 1 / n


def test_breakdown_shares_are_consistent(small_sweep):
    for where in ("y", "x"):
        for name, share in small_sweep.lost[where].items():
            assert share.shape == small_sweep.fractions.shape
            assert share[0] == 0  # the clean fit is never lost against itself
            broken = np.flatnonzero(share > 0.5)
            expected = small_sweep.fractions[broken[0]] if broken.size else np.nan
            np.testing.assert_equal(small_sweep.breakdown[where][name], expected)
    # The robust lines survive at least one outlier in y.
    for name in ("L1", "Huber", "Smooth L1", "RANSAC", "Theil-Sen"):
        assert small_sweep.lost["y"][name][1] <= 0.5


def test_batch_lines_rejects_a_loss_it_cannot_solve():
    x, y, _ = data(seeds=1)
    with pytest.raises(ValueError, match="convex losses"):
        batch_lines(x, y, WELSCH)


@pytest.mark.parametrize("where", ["y", "x"])
@pytest.mark.parametrize("k", [0, 3, 7, 10])
def test_lean_ransac_fits_the_same_lines_as_scikit_learns_default(where, k):
    """RANSAC's trials fitted by the lean line: scikit-learn's own choices, to rounding."""
    from sklearn.linear_model import RANSACRegressor

    rng = np.random.default_rng(k)
    x = rng.uniform(0.0, 10.0, size=(8, 20))
    y = 2.0 + 0.5 * x + rng.normal(scale=0.5, size=x.shape)
    xs, ys = contaminate(x, y, k, where, rng)
    for row_x, row_y in zip(xs, ys, strict=True):
        default = RANSACRegressor(random_state=0).fit(row_x[:, None], row_y)
        lean = _ransac().fit(row_x[:, None], row_y)
        assert np.array_equal(default.inlier_mask_, lean.inlier_mask_)
        assert lean.estimator_.coef_[0] == pytest.approx(default.estimator_.coef_[0], abs=1e-12)
        assert lean.estimator_.intercept_ == pytest.approx(
            default.estimator_.intercept_, abs=1e-11
        )
        assert lean.score(row_x[:, None], row_y) == pytest.approx(
            default.score(row_x[:, None], row_y), abs=1e-12
        )


# Survivors of mutation testing (reports/mutation.md).


def test_batch_l1_lines_with_repeated_x_and_unsigned_integers():
    # Repeated x values (pairs with dx = 0 give no line, without a warning), and uint8 data
    # whose differences would wrap around (1 - 2 = 255 in uint8): the same lines as best_line
    # on the float64 copy of each row.
    x = np.array([[0, 0, 0, 1, 1, 1, 2, 2, 2], [2, 2, 1, 1, 0, 0, 3, 3, 3]], dtype=np.uint8)
    y = np.array([[0, 1, 5, 1, 2, 0, 3, 3, 9], [7, 1, 4, 2, 9, 0, 3, 5, 1]], dtype=np.uint8)
    intercepts, slopes = batch_lines(x, y, "L1")
    for row in range(2):
        fit = best_line(x[row].astype(float), y[row].astype(float), "L1")
        assert fit.objective == pytest.approx(
            np.abs(intercepts[row] + slopes[row] * x[row] - y[row].astype(float)).sum()
        )


def test_contaminate_puts_the_outliers_where_documented():
    # 2 x 400 points, all replaced: "y" keeps x and puts y OFFSET below the line, jittered
    # by the noise (sd 0.5); "x" puts x at 100 and y at the line's value there minus OFFSET,
    # with independent jitters in x and y.
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, size=(2, 400))
    y = 2 + 0.5 * x
    xs, ys = contaminate(x, y, 400, "y", rng)
    np.testing.assert_array_equal(xs, x)
    jitter = ys - (2 + 0.5 * x - OFFSET)
    assert abs(jitter.mean()) < 0.05
    assert jitter.std() == pytest.approx(0.5, rel=0.1)
    xs, ys = contaminate(x, y, 400, "x", rng)
    jitter_x, jitter_y = xs - 100.0, ys - (2 + 0.5 * 100.0 - OFFSET)
    for jitter in (jitter_x, jitter_y):
        assert abs(jitter.mean()) < 0.05
        assert jitter.std() == pytest.approx(0.5, rel=0.1)
    assert abs(np.corrcoef(jitter_x.ravel(), jitter_y.ravel())[0, 1]) < 0.15


def test_leverage_tilt_records_its_settings_and_is_reproducible():
    tilt = leverage_tilt(n=40, seeds=2)
    again = leverage_tilt(n=40, seeds=2)
    assert (tilt.n, tilt.seeds, tilt.offset, tilt.x_far) == (40, 2, OFFSET, 100.0)
    for where in ("y", "x"):
        for name in LOSSES:
            np.testing.assert_array_equal(
                tilt.slope_error[where][name], again.slope_error[where][name]
            )
            # The example is seed 0's data and lines.
            line = tilt.example[where]["lines"][name]
            assert line.slope - 0.5 == tilt.slope_error[where][name][0]
        xs, ys = tilt.example[where]["x"], tilt.example[where]["y"]
        # Forty clean points, x uniform on [0, 10] (the chance that none is below 1 or above
        # 9 is 0.9^40 = 1.5%), noise sd 0.5 (the sample sd of 40 draws is within 0.35..0.7
        # with probability above 99.9%; sd 1 would give 0.75..1.3).
        assert xs.size == 41
        assert np.all((xs[:-1] >= 0) & (xs[:-1] <= 10))
        assert xs[:-1].min() < 1
        assert xs[:-1].max() > 9
        assert 0.35 < np.std(ys[:-1] - (2 + 0.5 * xs[:-1])) < 0.7


def test_breakdown_records_its_settings_and_is_reproducible():
    sweep, again = breakdown(n=5, seeds=2, threshold=0.4), breakdown(n=5, seeds=2, threshold=0.4)
    assert (sweep.n, sweep.seeds, sweep.threshold) == (5, 2, 0.4)
    # k = 0 ... n // 2 outliers of n.
    np.testing.assert_array_equal(sweep.fractions, np.arange(3) / 5)
    halves = set()
    for where in ("y", "x"):
        for name in sweep.slopes[where]:
            np.testing.assert_array_equal(sweep.slopes[where][name], again.slopes[where][name])
            assert sweep.slopes[where][name].shape == (3, 2)
            # The clean data (k = 0) differ from seed to seed: noise on every point.
            assert np.ptp(sweep.slopes[where][name][0]) > 1e-3
            lost = sweep.lost[where][name]
            assert lost.shape == (3,)
            assert lost[0] == 0.0
            # The breakdown fraction: the first at which MORE than half of the seeds are lost.
            broken = [f for f, share in zip(sweep.fractions, lost, strict=True) if share > 0.5]
            expected = broken[0] if broken else np.nan
            np.testing.assert_equal(sweep.breakdown[where][name], expected)
            halves.add(bool(np.any(lost == 0.5)))
    # With two seeds, some fit loses exactly one: "more than half" is tested at its edge.
    assert True in halves


def test_a_welsch_row_with_every_residual_far_out_stays_at_its_start():
    # Welsch's weights exp(-r^2 / 2) underflow to 0 at r = 1e3 (documented: the row stays
    # where it is), with no warning from the 0 / 0 of its weighted line; the other row moves.
    x = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0]])
    y = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0]])
    a, b = irls_lines(x, y, WELSCH, (np.array([1e3, 0.5]), np.array([0.0, 0.9])))
    assert (a[0], b[0]) == (1e3, 0.0)
    assert (a[1], b[1]) == pytest.approx((0.0, 1.0), abs=1e-9)


def test_irls_lines_names_the_loss_when_it_does_not_converge():
    x, y, _ = data(seeds=2, n=10)
    with pytest.raises(RuntimeError, match=r"^Huber IRLS did not converge in 1 steps"):
        irls_lines(x, y, "Huber", (np.zeros(2), np.zeros(2)), max_iterations=1)


def test_batch_l1_line_of_falling_unsigned_integers():
    # x = 5, 3, 1 and y = 9, 2, 1 as uint8: every difference of a pair is negative, and would
    # wrap around in uint8 (3 - 5 = 254). The L1 line through (1, 1) and (5, 9) leaves 3 at
    # x = 3 (by hand: 1 + 2 * (3 - 1) = 5 against 2); the other two pairs leave 6 each.
    x, y = np.array([[5, 3, 1]], dtype=np.uint8), np.array([[9, 2, 1]], dtype=np.uint8)
    intercepts, slopes = batch_lines(x, y, "L1")
    assert (intercepts[0], slopes[0]) == pytest.approx((-1.0, 2.0))


def rebuilt_breakdown_sets(n, seeds, seed):
    """The data sets of ``breakdown(n, seeds, seed=seed)``, drawn as its docstring says.

    Clean points as in leverage_tilt: x uniform on [0, 10], y = 2 + 0.5 x + noise (sd 0.5);
    then, from the same generator, k = 0 ... n // 2 outliers in y, then in x (contaminate).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, size=(seeds, n))
    y = 2.0 + 0.5 * x + rng.normal(scale=0.5, size=(seeds, n))
    return {
        (where, k): contaminate(x, y, k, where, rng)
        for where in ("y", "x")
        for k in range(n // 2 + 1)
    }


def test_breakdown_fits_the_documented_data_with_the_documented_theil_sen():
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import TheilSenRegressor

    # Seed 16 with eight points: its four outliers in x (a cluster at x = 100) make
    # Theil-Sen's spatial median take between 300 and 1000 steps.
    n, seed = 8, 16
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        sweep = breakdown(n=n, seeds=1, seed=seed)
    sets = rebuilt_breakdown_sets(n, 1, seed)
    for (where, k), (xs, ys) in sets.items():
        x, y = xs[0], ys[0]
        # L2: the least-squares line of the data (numpy's polyfit).
        expected = np.polyfit(x, y, 1)[0]
        assert sweep.slopes[where]["L2"][k, 0] == pytest.approx(expected, rel=1e-9), (where, k)
        # Theil-Sen as the docstring names it: TheilSenRegressor(random_state=0, max_iter=1000).
        documented = TheilSenRegressor(random_state=0, max_iter=1000).fit(x[:, None], y)
        assert sweep.slopes[where]["Theil-Sen"][k, 0] == documented.coef_[0], (where, k)
    # There scikit-learn's default of 300 steps is not enough: it warns, and stops further
    # from the spatial median of the 28 lines through two points (found with scipy) than
    # the 1000 steps that breakdown allows.
    x, y = sets["x", n // 2][0][0], sets["x", n // 2][1][0]
    with pytest.warns(ConvergenceWarning, match="300"):
        default = TheilSenRegressor(random_state=0).fit(x[:, None], y).coef_[0]
    pairs = np.array(
        [
            [(y[i] * x[j] - y[j] * x[i]) / (x[j] - x[i]), (y[j] - y[i]) / (x[j] - x[i])]
            for i, j in combinations(range(n), 2)
        ]
    )
    median = minimize(
        lambda p: np.sum(np.hypot(*(pairs - p).T)),
        np.median(pairs, axis=0),
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20_000},
    ).x
    ours = sweep.slopes["x"]["Theil-Sen"][n // 2, 0]
    assert abs(ours - median[1]) < abs(default - median[1])
