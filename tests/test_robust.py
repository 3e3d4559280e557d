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
