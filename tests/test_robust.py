"""The robust family against independent references, at its special cases and in between."""

import math

import numpy as np
import pytest
from scipy.special import pseudo_huber

import lossdocs
from lossdocs.fitting import best_constant

X = np.concatenate([-np.logspace(-6, 2, 40), [0.0], np.logspace(-6, 2, 40)])
ZERO = np.zeros_like(X)


def none(function, x, **kwargs):
    x = np.asarray(x, dtype=float)
    return function(x, np.zeros_like(x), reduction="none", **kwargs)


def central_difference(function, x, step=1e-6, **kwargs):
    return (none(function, x + step, **kwargs) - none(function, x - step, **kwargs)) / (2 * step)


# --- pseudo-Huber ---


@pytest.mark.parametrize("delta", [0.1, 1.0, 3.0])
def test_pseudo_huber_matches_scipy(delta):
    np.testing.assert_allclose(
        none(lossdocs.pseudo_huber_loss, X, delta=delta), pseudo_huber(delta, X), rtol=1e-13
    )


def test_pseudo_huber_is_accurate_near_zero_and_finite_far_away():
    # Near 0: delta^2 (sqrt(1 + t^2) - 1) = x^2 / 2 - x^4 / (8 delta^2) + ...
    tiny = np.array([1e-9, 1e-5])
    np.testing.assert_allclose(none(lossdocs.pseudo_huber_loss, tiny), tiny**2 / 2, rtol=1e-9)
    # Far: about delta |x| - delta^2.
    huge = np.array([1e200, -1e300])
    np.testing.assert_allclose(none(lossdocs.pseudo_huber_loss, huge, delta=2.0), 2 * np.abs(huge))
    np.testing.assert_allclose(none(lossdocs.pseudo_huber_loss_grad, huge, delta=2.0), [2, -2])


# --- log-cosh ---


def test_log_cosh_matches_the_direct_formula_where_it_is_accurate():
    x = np.linspace(0.5, 300, 500)
    np.testing.assert_allclose(none(lossdocs.log_cosh_loss, x), np.log(np.cosh(x)), rtol=1e-13)
    np.testing.assert_allclose(none(lossdocs.log_cosh_loss_grad, -x), np.tanh(-x), rtol=1e-15)


def test_log_cosh_near_zero_follows_its_series():
    x = np.array([1e-12, 1e-6, 1e-3, 0.01])
    series = x**2 / 2 - x**4 / 12 + x**6 / 45
    np.testing.assert_allclose(none(lossdocs.log_cosh_loss, x), series, rtol=1e-13)


@pytest.mark.parametrize("x", [710.0, 1e5, 1e300, -1e300])
def test_log_cosh_does_not_overflow(x):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = none(lossdocs.log_cosh_loss, [x])[0]
    assert value == pytest.approx(abs(x) - math.log(2), rel=1e-15)


def test_log_cosh_is_continuous_where_its_two_forms_meet():
    edge = np.array([np.nextafter(20.0, 0), 20.0])
    values = none(lossdocs.log_cosh_loss, edge)
    assert values[1] - values[0] == pytest.approx(edge[1] - edge[0], abs=1e-14)


# --- Barron's general loss ---


def barron(x, alpha, c):
    """The formula of Barron (2019), eq. 1, evaluated directly in Python floats."""
    t = x / c
    b = abs(alpha - 2)
    return b / alpha * ((t * t / b + 1) ** (alpha / 2) - 1)


@pytest.mark.parametrize("alpha", [-5.0, -2.0, -0.5, 0.5, 1.0, 1.5, 3.0, 4.0])
@pytest.mark.parametrize("scale", [0.5, 2.0])
def test_general_loss_matches_the_formula(alpha, scale):
    x = np.linspace(-6, 6, 121)
    expected = [barron(value, alpha, scale) for value in x]
    np.testing.assert_allclose(
        none(lossdocs.general_loss, x, alpha=alpha, scale=scale), expected, rtol=1e-12,
        atol=1e-15,
    )  # fmt: skip


@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
def test_general_loss_special_cases(scale):
    x = np.linspace(-10, 10, 201)
    t = x / scale
    cases = {
        2.0: 0.5 * t * t,
        0.0: np.log1p(0.5 * t * t),
        -math.inf: -np.expm1(-0.5 * t * t),
        1.0: pseudo_huber(scale, x) / scale**2,
        -2.0: 2 * t * t / (t * t + 4),
    }
    for alpha, expected in cases.items():
        np.testing.assert_allclose(
            none(lossdocs.general_loss, x, alpha=alpha, scale=scale), expected, rtol=1e-12,
            atol=1e-15, err_msg=f"alpha={alpha}",
        )  # fmt: skip


@pytest.mark.parametrize(("alpha", "limit"), [(1e-9, 0.0), (2 - 1e-7, 2.0), (-1e7, -math.inf)])
def test_general_loss_is_continuous_at_its_limits(alpha, limit):
    x = np.linspace(-3, 3, 61)
    near = none(lossdocs.general_loss, x, alpha=alpha)
    at = none(lossdocs.general_loss, x, alpha=limit)
    np.testing.assert_allclose(near, at, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alpha", [-math.inf, -2.0, 0.0, 0.5, 1.0, 2.0, 3.0])
@pytest.mark.parametrize("scale", [0.7, 2.0])
def test_general_loss_gradient_matches_central_differences(alpha, scale):
    x = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(
        none(lossdocs.general_loss_grad, x, alpha=alpha, scale=scale),
        central_difference(lossdocs.general_loss, x, alpha=alpha, scale=scale),
        rtol=1e-6, atol=1e-8,
    )  # fmt: skip


@pytest.mark.parametrize(("function", "kwargs"), [
    (lossdocs.pseudo_huber_loss, {"delta": 0.5}),
    (lossdocs.log_cosh_loss, {}),
])  # fmt: skip
def test_gradients_of_the_others_match_central_differences(function, kwargs):
    grad = getattr(lossdocs, f"{function.__name__}_grad")
    x = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(
        none(grad, x, **kwargs), central_difference(function, x, **kwargs), rtol=1e-6, atol=1e-8
    )


@pytest.mark.parametrize("alpha", [-math.inf, -2.0, 0.0, 0.5, 1.0])
def test_general_loss_is_finite_for_huge_residuals(alpha):
    # For alpha <= 1 the loss grows at most like |x|, so it stays finite up to the largest float.
    huge = np.array([1e150, 1e300, -1e300])
    with np.errstate(over="raise", invalid="raise"):
        values = none(lossdocs.general_loss, huge, alpha=alpha)
        grads = none(lossdocs.general_loss_grad, huge, alpha=alpha)
    assert np.all(np.isfinite(values))
    assert np.all(np.isfinite(grads))
    if alpha == 1.0:  # sqrt(t^2 + 1) - 1, about |t|
        np.testing.assert_allclose(values, np.abs(huge), rtol=1e-12)


def test_redescending_members_stop_pulling():
    far = np.array([1e3])
    for alpha in (0.0, -2.0, -math.inf):
        assert abs(none(lossdocs.general_loss_grad, far, alpha=alpha)[0]) < 1e-2
    # ... while pseudo-Huber (alpha = 1) keeps pulling with a bounded force.
    assert none(lossdocs.general_loss_grad, far, alpha=1.0)[0] == pytest.approx(1.0, rel=1e-5)


# --- The contract, as for the other losses. ---

FAMILY = [
    ("pseudo_huber_loss", {"delta": 1.5}),
    ("log_cosh_loss", {}),
    ("general_loss", {"alpha": 0.5, "scale": 2.0}),
]


@pytest.mark.parametrize(("name", "kwargs"), FAMILY)
def test_contract(name, kwargs):
    loss, grad = getattr(lossdocs, name), getattr(lossdocs, f"{name}_grad")
    x32 = np.array([0.5, -2.0], dtype=np.float32)
    assert loss(x32, np.zeros(2, np.float32), **kwargs).dtype == np.float32
    assert grad(x32, np.zeros(2, np.float32), **kwargs).dtype == np.float32
    assert math.isnan(loss([], [], **kwargs))
    assert loss([], [], reduction="sum", **kwargs) == 0.0
    assert math.isnan(loss([np.nan, 1.0], [0.0, 0.0], reduction="none", **kwargs)[0])
    assert loss([3, 1], [1, 1], **kwargs) == pytest.approx(loss([3.0, 1.0], [1.0, 1.0], **kwargs))
    total, mean = loss(X, ZERO, reduction="sum", **kwargs), loss(X, ZERO, **kwargs)
    assert total == pytest.approx(mean * X.size)
    with pytest.raises(ValueError, match=r"input shape \(2,\) and target shape \(3,\)"):
        loss([1.0, 2.0], [1.0, 2.0, 3.0], **kwargs)
    with pytest.raises(ValueError, match="reduction must be one of"):
        grad([1.0], [0.0], reduction="avg", **kwargs)
    with pytest.raises(TypeError, match="must hold real numbers"):
        loss([1j], [0.0], **kwargs)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: lossdocs.pseudo_huber_loss([1.0], [0.0], delta=0.0), ValueError, "delta > 0"),
        (lambda: lossdocs.general_loss([1.0], [0.0], scale=-1.0), ValueError, "scale > 0"),
        (lambda: lossdocs.general_loss([1.0], [0.0], alpha=math.nan), ValueError, "alpha"),
        (lambda: lossdocs.general_loss([1.0], [0.0], alpha=math.inf), ValueError, "or -inf"),
        (lambda: lossdocs.general_loss_grad([1.0], [0.0], alpha="1"), TypeError, "alpha"),
        (lambda: best_constant([1.0, 2.0], "Cauchy (α = 0)"), ValueError, "convex"),
    ],
)
def test_bad_parameters(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- general_loss at extreme arguments, against 60-digit arithmetic (mpmath). ---


def barron_mp(x, alpha, scale):
    """Value and derivative of Barron's loss in 60-digit arithmetic, from the paper's formula."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 60
    x, c = mp.mpf(x), mp.mpf(scale)
    t2 = (x / c) ** 2
    if alpha == 2:
        return t2 / 2, x / c**2
    if alpha == -math.inf:
        return -mp.expm1(-t2 / 2), x / c**2 * mp.exp(-t2 / 2)
    if alpha == 0:
        return mp.log1p(t2 / 2), x / c**2 / (t2 / 2 + 1)
    a = mp.mpf(alpha)
    k = abs(a - 2)
    base = t2 / k + 1
    return k / a * (base ** (a / 2) - 1), x / c**2 * base ** (a / 2 - 1)


def as_double(value):
    """The correctly rounded double of an mpmath number: inf past the largest float."""
    return float(value) if abs(value) < 1.7976931348623157e308 else math.copysign(math.inf, value)


EXTREME_ALPHAS = [-math.inf, -2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0]
EXTREME_X = [1e-300, 1e-150, 1e-8, 0.3, 1.0, 7.0, 1e8, 1e150, 1e160, 1e300, -1e300]


@pytest.mark.parametrize("alpha", EXTREME_ALPHAS)
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_general_loss_is_accurate_at_extreme_arguments(alpha, scale):
    values = none(lossdocs.general_loss, EXTREME_X, alpha=alpha, scale=scale)
    grads = none(lossdocs.general_loss_grad, EXTREME_X, alpha=alpha, scale=scale)
    for x, value, grad in zip(EXTREME_X, values, grads, strict=True):
        exact_value, exact_grad = (as_double(v) for v in barron_mp(x, alpha, scale))
        for got, exact in ((value, exact_value), (grad, exact_grad)):
            if abs(exact) < 1e-290:  # below the normal range: any subnormal or 0 is right
                assert abs(got) < 1e-280, (x, got, exact)
            elif math.isinf(exact):  # the true value is past the largest float
                assert got == exact, (x, got, exact)
            else:  # exp of a log near 700 carries ~700 ulps of rounding
                assert got == pytest.approx(exact, rel=2e-13), (x, got, exact)


def test_general_loss_grad_far_out_does_not_underflow():
    # The case: (1e300)^(0.5 - 1) * (2/3)^(0.5/2 - 1) ... by hand, with t^2/1.5 >> 1:
    # psi = x (x^2 / 1.5)^(-0.75) = 1.5^0.75 * x^(-0.5) = 1.3554e-150.
    grad = none(lossdocs.general_loss_grad, [1e300], alpha=0.5)[0]
    assert grad == pytest.approx(1.5**0.75 * 1e-150, rel=1e-13)


@pytest.mark.parametrize("alpha", [-2.0, -1.0, 0.0, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_general_loss_gradient_grows_like_a_power_alpha_minus_one(alpha, scale):
    # The regimes the docstring states, measured: the log-log slope of |psi| over four decades
    # beyond the scale is alpha - 1, so psi is unbounded for alpha > 1, bounded for alpha <= 1
    # and falls back to zero (redescends) for every alpha < 1.
    r = np.geomspace(1e4, 1e8, 9) * scale
    slope = np.polyfit(np.log(r), np.log(np.abs(none(lossdocs.general_loss_grad, r, alpha=alpha,
                                                     scale=scale))), 1)[0]  # fmt: skip
    assert slope == pytest.approx(alpha - 1, abs=1e-6)
    # ... and never exactly zero at a finite residual, however redescending.
    psi = none(lossdocs.general_loss_grad, [1e6 * scale], alpha=alpha, scale=scale)[0]
    assert psi > 0


def test_general_loss_alpha_two_is_half_mse():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(
        none(lossdocs.general_loss, x, alpha=2.0), none(lossdocs.mse_loss, x) / 2, rtol=1e-15
    )


def test_welsch_gradient_is_positive_until_it_underflows():
    # psi = x exp(-x^2 / 2) > 0 for every x > 0; in doubles it underflows past x ~ 38.6.
    psi = none(lossdocs.general_loss_grad, [30.0, 38.0, 39.0], alpha=-math.inf)
    assert psi[0] > 0
    assert psi[1] > 0
    assert psi[2] == 0


def test_alpha_two_overflows_only_past_the_largest_float():
    # t^2 / 2 <= 1.7977e308 iff |t| <= sqrt(2 * 1.7977e308) = 1.8962e154 (the docstring's 1.9e154).
    values = none(lossdocs.general_loss, [1.896e154, 1.897e154], alpha=2.0)
    assert np.isfinite(values[0])
    assert values[1] == math.inf


@pytest.mark.parametrize("delta", [1e-3, 1.0, 1e3])
def test_pseudo_huber_gradient_is_bounded_by_delta_and_approaches_it(delta):
    # The docstring: |psi| < delta, approached as |x| -> inf; and the loss finite wherever
    # delta |x| is (here up to the largest float, even with a tiny delta).
    x = np.concatenate([np.geomspace(1e-3, 1e8, 50) * delta, [1e308]])
    grads = none(lossdocs.pseudo_huber_loss_grad, x, delta=delta)
    assert np.all(np.abs(grads) <= delta * (1 + 4e-16))  # to rounding: one ulp
    assert grads[-2] == pytest.approx(delta, rel=1e-12)
    assert grads[-1] == pytest.approx(delta, rel=1e-15)
    values = none(lossdocs.pseudo_huber_loss, [1e308, -1e308], delta=delta)
    if delta <= 1:
        np.testing.assert_allclose(values, delta * 1e308, rtol=1e-12)
    else:  # delta |x| = 1e311 is past the largest float
        assert np.all(values == math.inf)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_general_loss_alpha_one_gradient_tends_to_one_over_scale(scale):
    grads = none(lossdocs.general_loss_grad, np.geomspace(1, 1e8, 30) * scale, scale=scale)
    # To rounding: the power is evaluated through exp and log, a few ulps.
    assert np.all(grads <= (1 + 1e-14) / scale)
    assert grads[-1] * scale == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("alpha", [-math.inf, -2.0, 0.0, 0.5, 1.0, 1.5, 2.0])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_every_member_is_half_t_squared_near_zero(alpha, scale):
    # The docstring and the robust-family page: every member is about t^2 / 2 near zero. The
    # next term of each series is O(t^4), so at t = 1e-4 the ratio is 1 to about 1e-8.
    t = np.array([1e-4, -1e-4])
    values = none(lossdocs.general_loss, t * scale, alpha=alpha, scale=scale)
    np.testing.assert_allclose(values / (t * t / 2), 1.0, rtol=1e-7)
