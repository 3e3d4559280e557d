"""Properties that tie the losses together, checked on many inputs with hypothesis."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lossdocs

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
width = st.floats(min_value=1e-3, max_value=1e2)
residual_arrays = arrays(np.float64, st.integers(min_value=1, max_value=30), elements=finite)

LOSSES = [
    (lossdocs.l1_loss, lossdocs.l1_loss_grad, {}),
    (lossdocs.mse_loss, lossdocs.mse_loss_grad, {}),
    (lossdocs.smooth_l1_loss, lossdocs.smooth_l1_loss_grad, {"beta": 0.7}),
    (lossdocs.huber_loss, lossdocs.huber_loss_grad, {"delta": 1.3}),
]
KINKS = {
    "l1_loss": [0.0],
    "mse_loss": [],
    "smooth_l1_loss": [-0.7, 0.7],
    "huber_loss": [-1.3, 1.3],
}
IDS = [loss.__name__ for loss, _, _ in LOSSES]


def of_residual(function, x, **kwargs):
    x = np.asarray(x, dtype=float)
    return function(x, np.zeros_like(x), reduction="none", **kwargs)


@given(residual_arrays, width)
def test_beta_times_smooth_l1_is_huber(x, b):
    smooth_l1 = of_residual(lossdocs.smooth_l1_loss, x, beta=b)
    huber = of_residual(lossdocs.huber_loss, x, delta=b)
    np.testing.assert_allclose(b * smooth_l1, huber, rtol=1e-12, atol=1e-12 * b * b)
    smooth_l1_grad = of_residual(lossdocs.smooth_l1_loss_grad, x, beta=b)
    huber_grad = of_residual(lossdocs.huber_loss_grad, x, delta=b)
    np.testing.assert_allclose(b * smooth_l1_grad, huber_grad, rtol=1e-12, atol=1e-12 * b)


@pytest.mark.parametrize(("loss", "grad", "kwargs"), LOSSES, ids=IDS)
@given(x=finite)
def test_gradient_matches_central_differences_away_from_kinks(loss, grad, kwargs, x):
    step = 1e-6
    assume(all(abs(x - kink) > 10 * step for kink in KINKS[loss.__name__]))
    plus, minus = of_residual(loss, [x + step], **kwargs), of_residual(loss, [x - step], **kwargs)
    numeric = (plus[0] - minus[0]) / (2 * step)
    analytic = of_residual(grad, [x], **kwargs)[0]
    # A central difference of a quadratic is exact up to rounding of the values (~1e-16 * value).
    assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-16 * abs(plus[0]) / step + 1e-8)


@pytest.mark.parametrize(("loss", "grad", "kwargs"), LOSSES, ids=IDS)
@given(x=residual_arrays)
def test_symmetric_in_the_residual(loss, grad, kwargs, x):
    np.testing.assert_array_equal(of_residual(loss, x, **kwargs), of_residual(loss, -x, **kwargs))
    np.testing.assert_array_equal(of_residual(grad, x, **kwargs), -of_residual(grad, -x, **kwargs))


@given(b=width, sign=st.sampled_from([-1.0, 1.0]))
def test_continuous_with_continuous_gradient_at_the_switch_point(b, sign):
    edge = sign * b
    eps = 1e-9 * b
    for loss, grad, kwargs in [
        (lossdocs.smooth_l1_loss, lossdocs.smooth_l1_loss_grad, {"beta": b}),
        (lossdocs.huber_loss, lossdocs.huber_loss_grad, {"delta": b}),
    ]:
        inside, outside = edge - sign * eps, edge + sign * eps
        values = of_residual(loss, [inside, edge, outside], **kwargs)
        grads = of_residual(grad, [inside, edge, outside], **kwargs)
        scale = grads[1]  # the slope at the edge bounds the change over 2 eps
        assert abs(values[2] - values[0]) <= 2.1 * eps * abs(scale) + 1e-12 * b * b
        assert abs(grads[2] - grads[0]) <= 1e-6 * abs(scale)


@given(x=residual_arrays)
def test_smooth_l1_tends_to_l1_as_beta_tends_to_zero(x):
    l1 = of_residual(lossdocs.l1_loss, x)
    previous = None
    for b in (1.0, 1e-2, 1e-4, 1e-6):
        gap = np.max(np.abs(of_residual(lossdocs.smooth_l1_loss, x, beta=b) - l1))
        # |SmoothL1_beta(x) - |x|| <= beta / 2 for every x, with equality far from 0.
        assert gap <= b / 2 * (1 + 1e-9) + 1e-12 * np.max(np.abs(x))
        if previous is not None:
            assert gap <= previous
        previous = gap


@pytest.mark.parametrize(("loss", "grad", "kwargs"), LOSSES, ids=IDS)
@settings(deadline=None)  # a few array calls; on a loaded machine one can take 0.5 s
@given(input=residual_arrays, data=st.data())
def test_sum_is_mean_times_n(loss, grad, kwargs, input, data):
    target = data.draw(arrays(np.float64, input.shape, elements=finite))
    total = loss(input, target, reduction="sum", **kwargs)
    mean = loss(input, target, reduction="mean", **kwargs)
    assert total == pytest.approx(mean * input.size, rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(
        grad(input, target, reduction="sum", **kwargs),
        grad(input, target, reduction="mean", **kwargs) * input.size,
        rtol=1e-12,
        atol=1e-300,  # dividing a subnormal by n and multiplying back is not exact
    )
    np.testing.assert_array_equal(
        loss(input, target, reduction="none", **kwargs).sum(),
        total,
    )
