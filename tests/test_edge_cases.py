"""Edge cases that hand-made mutants of the library slipped past (issue 13, section 3).

Each expected value is derived independently: by hand in a comment, from a closed form, with
mpmath or scipy, or by brute force.
"""

import dataclasses
import math

import mpmath
import numpy as np
import pytest
from scipy.optimize import linprog

import lossdocs
from lossdocs import catalog, fitting
from lossdocs.catalog import loss_spec

LOSS_NAMES = [
    "l1_loss",
    "mse_loss",
    "smooth_l1_loss",
    "huber_loss",
    "pseudo_huber_loss",
    "log_cosh_loss",
    "general_loss",
]
ALL_NAMES = LOSS_NAMES + [f"{name}_grad" for name in LOSS_NAMES]


def call(name, input, target, **kwargs):
    return getattr(lossdocs, name)(input, target, **kwargs)


# --- Unsigned integers: computed in float64, never in modular uint arithmetic. ---


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64])
def test_unsigned_inputs_are_computed_in_float64_without_wrap_around(name, dtype):
    up = call(name, np.array([3], dtype=dtype), np.array([1], dtype=dtype), reduction="none")
    down = call(name, np.array([1], dtype=dtype), np.array([3], dtype=dtype), reduction="none")
    floats = call(name, np.array([2.0]), np.array([0.0]), reduction="none")
    minus = call(name, np.array([-2.0]), np.array([0.0]), reduction="none")
    assert up.dtype == down.dtype == np.float64
    # 3 - 1 = 2 and 1 - 3 = -2 exactly; in uint8, 1 - 3 would wrap to 254.
    np.testing.assert_array_equal(up, floats)
    np.testing.assert_array_equal(down, minus)


def test_uint8_three_and_one_give_two():
    residual = lossdocs.l1_loss(np.uint8([3, 1]), np.uint8([1, 3]), reduction="none")
    assert residual.dtype == np.float64
    np.testing.assert_array_equal(residual, [2.0, 2.0])  # |3 - 1| and |1 - 3|
    # (3 - 1)^2 + (1 - 3)^2 = 8, over two elements: 4.
    assert lossdocs.mse_loss(np.uint8([3, 1]), np.uint8([1, 3])) == 4.0


def test_mixed_signed_and_unsigned_integers():
    # int8 -3 and uint8 200: -3 - 200 = -203 (numpy's int16 would hold it, uint8 would not).
    value = lossdocs.l1_loss(np.int8([-3]), np.uint8([200]), reduction="none")
    assert value.dtype == np.float64
    assert value[0] == 203.0


# --- Mixed float32 / float64: promoted to float64, as PyTorch promotes. ---


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("order", ["32-64", "64-32"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_mixed_float32_and_float64_promote_to_float64(name, order, reduction):
    # torch.tensor([.1], dtype=float32) - torch.tensor([0.], dtype=float64) is float64
    # (type promotion between two tensors of the same category takes the wider one).
    single = np.array([0.1, -2.5, 3.0], dtype=np.float32)
    double = np.array([0.3, 0.5, -1.0], dtype=np.float64)
    pair = (single, double) if order == "32-64" else (double, single)
    result = np.asarray(call(name, *pair, reduction=reduction))
    assert result.dtype == np.float64
    # The same numbers, both in float64 first: the promotion happens before the subtraction.
    both = call(name, *(p.astype(np.float64) for p in pair), reduction=reduction)
    np.testing.assert_array_equal(result, both)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_float32_with_float32_stays_float32(name):
    x, y = np.float32([0.1, -2.5]), np.float32([0.3, 0.5])
    assert np.asarray(call(name, x, y, reduction="sum")).dtype == np.float32


# --- log-cosh between 710 (where 2 sinh(x/2)^2 starts to overflow) and far beyond. ---


def log_cosh_reference(x):
    with mpmath.workdps(50):
        return float(mpmath.log(mpmath.cosh(mpmath.mpf(x))))


@pytest.mark.parametrize("x", [20.5, 100.0, 709.0, 711.0, 750.0, 800.0, -800.0, 5000.0])
def test_log_cosh_between_710_and_beyond_matches_mpmath_without_overflow(x):
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        value = lossdocs.log_cosh_loss([x], [0.0], reduction="none")[0]
        grad = lossdocs.log_cosh_loss_grad([x], [0.0], reduction="none")[0]
    assert value == pytest.approx(log_cosh_reference(x), rel=1e-15)
    assert grad == pytest.approx(math.tanh(x), rel=1e-15)


def test_log_cosh_at_800_is_800_minus_log_2():
    # cosh 800 = (e^800 + e^-800) / 2, so log cosh 800 = 800 - log 2 + log1p(e^-1600), and
    # e^-1600 is far below float64's resolution of 800.
    value = lossdocs.log_cosh_loss([800.0], [0.0], reduction="none")[0]
    assert value == 800.0 - math.log(2.0)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_log_cosh_reductions_across_the_switch_are_finite(reduction):
    x = np.array([1.0, 19.9, 20.0, 20.1, 711.0, 800.0])
    expected = [log_cosh_reference(v) for v in x]
    total = math.fsum(expected) / (x.size if reduction == "mean" else 1)
    assert lossdocs.log_cosh_loss(x, np.zeros_like(x), reduction=reduction) == pytest.approx(
        total, rel=1e-15
    )


# --- IRLS: the fit is a root of the derivative, also where IRLS contracts slowly. ---

SMOOTH_CONVEX = ["Smooth L1", "Huber", "Pseudo-Huber", "log-cosh", "L2"]


def count_iterations(monkeypatch):
    """Count the IRLS steps of the next fits: each step computes the weights once."""
    counter = {"steps": 0}
    weights = fitting._weights

    def counting(*args):
        counter["steps"] += 1
        return weights(*args)

    monkeypatch.setattr(fitting, "_weights", counting)
    return counter


def clustered_noise(n_each, low=-10.0, high=12.0):
    """Heavy-tailed residuals: two far clusters of equal size, to go beside a few exact points.

    Far from zero every loss here is (nearly) linear, so each far point gets an IRLS weight
    ψ(r)/r of about 1/|r| and the few near points a weight of about 1: IRLS contracts by about
    (2 n_each / |r|) / (near + 2 n_each / |r|) per step, close to 1, so it needs hundreds to
    thousands of steps.
    """
    noise = np.where(np.arange(2 * n_each) % 2 == 0, low, high)
    return noise


def stationarity(spec, residual, x):
    psi = spec.grad_of_residual(residual)
    return abs(math.fsum(psi)), abs(math.fsum(psi * x))


@pytest.mark.parametrize("name", SMOOTH_CONVEX)
def test_irls_line_is_stationary(name):
    rng = np.random.default_rng(13)
    x = np.linspace(-2.0, 3.0, 40)
    y = 0.5 - 1.5 * x + rng.standard_t(2, size=x.size)
    spec = loss_spec(name)
    fit = fitting.best_line(x, y, name)
    intercept, slope = stationarity(spec, fit(x) - y, x)
    assert intercept < 1e-8
    assert slope < 1e-8


@pytest.mark.parametrize("name", ["Smooth L1", "Huber", "Pseudo-Huber", "log-cosh"])
def test_irls_line_on_heavy_tails_that_need_many_steps_is_stationary(name, monkeypatch):
    counter = count_iterations(monkeypatch)
    noise = clustered_noise(750)
    x = np.linspace(0.0, 1.0, noise.size + 3)
    full = np.zeros(x.size)
    full[np.setdiff1d(np.arange(x.size), [0, x.size // 2, x.size - 1])] = noise
    y = 1.0 + 0.5 * x + full
    spec = loss_spec(name)
    fit = fitting.best_line(x, y, name)
    assert counter["steps"] >= 400  # measured: about 700-1000 steps
    intercept, slope = stationarity(spec, fit(x) - y, x)
    assert intercept < 1e-8
    assert slope < 1e-8
    # A convex objective is smallest where its derivative vanishes: no other line beats it.
    for da, db in ((1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-4), (0.0, -1e-4)):
        moved = fit.intercept + da + (fit.slope + db) * x - y
        assert math.fsum(spec.of_residual(moved)) >= fit.objective - 1e-9


@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh", "L2"])
def test_irls_constant_is_stationary(name):
    rng = np.random.default_rng(7)
    data = 3.0 + rng.standard_cauchy(60)
    spec = loss_spec(name)
    fit = fitting.best_constant(data, name)
    assert fit.unique
    assert abs(math.fsum(spec.grad_of_residual(fit.value - data))) < 1e-8


@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh"])
def test_irls_constant_on_heavy_tails_needs_about_a_thousand_steps_and_converges(
    name, monkeypatch
):
    counter = count_iterations(monkeypatch)
    data = np.concatenate([[0.0], clustered_noise(500)])
    spec = loss_spec(name)
    fit = fitting.best_constant(data, name)
    assert counter["steps"] >= 900  # measured: about 1,200 (Pseudo-Huber), 1,900 (log-cosh)
    assert abs(math.fsum(spec.grad_of_residual(fit.value - data))) < 1e-8
    # Brute force on a fine grid around the root: the objective is smallest there.
    grid = fit.value + np.linspace(-1e-3, 1e-3, 201)
    objective = [math.fsum(spec.of_residual(c - data)) for c in grid]
    assert abs(grid[int(np.argmin(objective))] - fit.value) <= 1e-5


# --- Exact-zero residuals: IRLS weights at r = 0 without a division warning. ---


@pytest.mark.parametrize("name", SMOOTH_CONVEX)
def test_perfect_line_fits_without_a_divide_warning(name):
    # Integers on an integer line: every residual of the fit is exactly 0 (y = 1 + 2x).
    x = np.arange(6.0)
    y = 1.0 + 2.0 * x
    with np.errstate(divide="raise", invalid="raise"):
        fit = fitting.best_line(x, y, name)
    assert fit.intercept == pytest.approx(1.0, abs=1e-12)
    assert fit.slope == pytest.approx(2.0, abs=1e-12)
    assert fit.objective == pytest.approx(0.0, abs=1e-20)


@pytest.mark.parametrize("name", ["Pseudo-Huber", "log-cosh", "L2"])
def test_constant_data_fit_without_a_divide_warning(name):
    data = np.full(5, 2.5)  # the mean is exactly 2.5: every residual is exactly 0
    with np.errstate(divide="raise", invalid="raise"):
        fit = fitting.best_constant(data, name)
    assert fit == fitting.ConstantFit(2.5, 2.5)


@pytest.mark.parametrize("name", ["Huber", "Smooth L1"])
def test_huber_line_through_exact_points_with_balanced_outliers(name):
    # Five points on y = x and two outliers at x = 2, 30 above and 30 below. At y = x the five
    # residuals are 0 and the outliers' ψ are +1 and -1 (linear zone): Σψ = 0 and
    # Σψ x = 2 - 2 = 0, so y = x is the root, and it is unique (five distinct x inside).
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 2.0, 2.0])
    y = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 32.0, -28.0])
    with np.errstate(divide="raise", invalid="raise"):
        fit = fitting.best_line(x, y, name)
    assert fit.intercept == pytest.approx(0.0, abs=1e-12)
    assert fit.slope == pytest.approx(1.0, abs=1e-12)
    assert fit.unique
    # Huber (δ = 1): 2 × 1 × (30 - 0.5) = 59; Smooth L1 (β = 1): 2 × (30 - 0.5) = 59 too.
    assert fit.objective == pytest.approx(59.0, abs=1e-9)


# --- L1 line fits with repeated x values, against an exact linear program. ---


def lad_by_linprog(x, y):
    """min Σ|a + b x_i - y_i| as a linear program: variables a, b and u_i >= |residual_i|."""
    n = x.size
    cost = np.concatenate([[0.0, 0.0], np.ones(n)])
    design = np.column_stack([np.ones(n), x])
    upper = np.block([[design, -np.eye(n)], [-design, -np.eye(n)]])
    bounds = [(None, None), (None, None)] + [(0, None)] * n
    result = linprog(cost, A_ub=upper, b_ub=np.concatenate([y, -y]), bounds=bounds)
    assert result.status == 0
    return result.fun


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([0.0, 0.0, 1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 1.0, 3.0, 2.0, 7.0]),
        ([1.0, 1.0, 1.0, 4.0], [0.0, 5.0, 2.0, 3.0]),
        ([0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 5.0], [1.0, -1.0, 2.0, 0.5, 4.0, 4.0, 3.0]),
    ],
)
def test_l1_line_with_repeated_x_is_optimal(x, y):
    x, y = np.array(x), np.array(y)
    fit = fitting.best_line(x, y, "L1")
    objective = float(np.sum(np.abs(fit(x) - y)))
    assert objective == pytest.approx(fit.objective, abs=1e-12)
    assert objective == pytest.approx(lad_by_linprog(x, y), abs=1e-9)


def test_l1_line_through_repeated_x_hand_checked():
    # x = 0, 0, 1, 1 with y = 0, 2, 1, 3: any line with 0 <= a <= 2 and 1 <= a + b <= 3 has
    # objective (2 - 0) + (3 - 1) = 4, so the L1 line is not unique, and its objective is 4.
    fit = fitting.best_line([0.0, 0.0, 1.0, 1.0], [0.0, 2.0, 1.0, 3.0], "L1")
    assert fit.objective == pytest.approx(4.0, abs=1e-12)
    assert not fit.unique


def test_l1_line_random_repeated_x_brute_force():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=12).astype(float)
    y = 2.0 - x + rng.standard_cauchy(12)
    fit = fitting.best_line(x, y, "L1")
    assert fit.objective == pytest.approx(lad_by_linprog(x, y), abs=1e-9)


# --- gradient_descent with zero steps: just the start, and no gradient evaluated. ---


@pytest.mark.parametrize("start", [1.5, [1.0, -2.0], [[0.5], [3.0]]])
def test_gradient_descent_with_zero_steps_returns_the_start(start):
    calls = []

    def grad(theta):
        calls.append(theta)
        return theta

    trajectory = fitting.gradient_descent(grad, start, 0.1, 0)
    assert trajectory.shape == (1, *np.shape(start))
    np.testing.assert_array_equal(trajectory[0], start)
    assert calls == []


def test_gradient_descent_with_one_step_by_hand():
    # theta = 2, gradient 2 theta = 4, rate 0.25: 2 - 0.25 * 4 = 1.
    trajectory = fitting.gradient_descent(lambda t: 2 * t, 2.0, 0.25, 1)
    np.testing.assert_array_equal(trajectory, [2.0, 1.0])


@pytest.mark.parametrize("steps", [-1, 1.5, -0.5])
def test_gradient_descent_rejects_bad_step_counts(steps):
    with pytest.raises(ValueError, match="non-negative integer"):
        fitting.gradient_descent(lambda t: t, 1.0, 0.1, steps)


def test_gradient_descent_calls_a_schedule_with_each_step_index():
    seen = []

    def rate(t):
        seen.append(t)
        return 0.5 ** (t + 1)

    # L1 from 1: steps of 1/2, 1/4, 1/8 towards 0, all with gradient sign 1: 1 - 7/8 = 1/8.
    trajectory = fitting.gradient_descent(np.sign, 1.0, rate, 3)
    assert seen == [0, 1, 2]
    np.testing.assert_array_equal(trajectory, [1.0, 0.5, 0.25, 0.125])


# --- The shared wrapper: the gradient of the mean, and the shared Parameters block. ---

ROBUST_GRADS = [
    ("pseudo_huber_loss_grad", {"delta": 0.5}),
    ("log_cosh_loss_grad", {}),
    ("general_loss_grad", {"alpha": 0.0, "scale": 2.0}),
    ("general_loss_grad", {"alpha": 2.0, "scale": 2.0}),
]


@pytest.mark.parametrize(("name", "kwargs"), ROBUST_GRADS)
def test_robust_gradient_of_the_mean_divides_by_the_number_of_elements(name, kwargs):
    x = np.array([[0.5, -3.0, 2.0], [7.0, -0.25, 1.0]])
    target = np.zeros_like(x)
    elementwise = call(name, x, target, reduction="none", **kwargs)
    # d/dx_i of (1/n) Σ ρ(x_j) is ψ(x_i) / n; of Σ ρ(x_j) it is ψ(x_i).
    np.testing.assert_array_equal(call(name, x, target, reduction="sum", **kwargs), elementwise)
    np.testing.assert_allclose(
        call(name, x, target, reduction="mean", **kwargs), elementwise / 6, rtol=1e-15
    )
    assert call(name, x, target, reduction="none", **kwargs).shape == x.shape


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_loss_documents_the_shared_parameters(name):
    doc = getattr(lossdocs, name).__doc__
    assert "{parameters}" not in doc
    section = doc.split("Parameters\n    ----------\n", 1)[1]
    for argument in ("input : array_like", "target : array_like", "reduction :"):
        assert argument in section, argument


@pytest.mark.parametrize(("alpha", "x"), [(1.5, 1e204), (1.5, -3e205), (1.9, 1e160)])
def test_general_loss_where_its_power_needs_the_overflow_guard(alpha, x):
    # |α-2|/α ((t²/|α-2| + 1)^(α/2) - 1) with an exponent α/2 log(base) past 700: the value is
    # still a float (about 5.6e305 at α = 1.5, t = 1e204), computed as exp(exponent + log of
    # the factor); the factor differs from 1 here, unlike at α = 1.
    with mpmath.workdps(60):
        t, b = mpmath.mpf(x), abs(mpmath.mpf(alpha) - 2)
        expected = float(b / alpha * ((t * t / b + 1) ** (mpmath.mpf(alpha) / 2) - 1))
    value = lossdocs.general_loss([x], [0.0], reduction="none", alpha=alpha)[0]
    assert math.isfinite(expected)
    assert value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("alpha", "x", "scale"), [(1.5, 1e290, 1e-10), (0.5, -1e295, 1e-8)])
def test_general_loss_grad_far_out_with_a_tiny_scale_stays_finite(alpha, x, scale):
    # x / c² overflows (1e310 here) though ψ itself is about 1e160: the gradient must come
    # from exp(log|ψ|), not from the direct product x / c² · base^(α/2 - 1).
    with mpmath.workdps(60):
        t, b, a = mpmath.mpf(x) / scale, abs(mpmath.mpf(alpha) - 2), mpmath.mpf(alpha)
        expected = float(mpmath.mpf(x) / scale**2 * (t * t / b + 1) ** (a / 2 - 1))
    value = lossdocs.general_loss_grad([x], [0.0], reduction="none", alpha=alpha, scale=scale)
    assert math.isfinite(expected)
    assert value[0] == pytest.approx(expected, rel=1e-12)


def test_an_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown loss 'L3'; known losses are") as error:
        catalog.loss_spec("L3")
    for name in [*catalog.LOSSES, *catalog.ROBUST_FAMILY]:
        assert repr(name) in str(error.value)


def test_a_loss_spec_with_a_bad_smoothness_or_convexity_says_what_is_allowed():
    spec = catalog.LOSSES["L2"]
    with pytest.raises(ValueError, match=r"^smoothness must be one of \('C0', 'C1', 'Cinf'\)"):
        dataclasses.replace(spec, smoothness="C2")
    with pytest.raises(TypeError, match=r"^convex must be True or False; got 1"):
        dataclasses.replace(spec, convex=1)


@pytest.mark.parametrize("name", ["L2", "Huber", "log-cosh"])
def test_a_loss_spec_computes_in_float64_from_float32_residuals(name):
    # The experiments hand LossSpec residuals of any dtype and sum them in float64: a float32
    # residual is converted first, so the value is the loss of the same number in float64
    # (PyTorch's promotion would keep float32 if it were passed on as it is).
    spec = catalog.loss_spec(name)
    r32 = np.array([0.1, -0.7, 3.3], dtype=np.float32)
    r64 = r32.astype(np.float64)
    for method in (spec.of_residual, spec.grad_of_residual):
        value = method(r32)
        assert value.dtype == np.float64
        np.testing.assert_array_equal(value, method(r64))
