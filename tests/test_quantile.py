"""The pinball loss against scikit-learn, brute-force minimisers and half of L1."""

import numpy as np
import pytest
from sklearn.metrics import mean_pinball_loss

import lossdocs
from lossdocs.quantile import pinball_loss, pinball_loss_grad

QUANTILES = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
SCALES = [1e-6, 1.0, 1e3, 1e8]


@pytest.mark.parametrize("quantile", QUANTILES)
@pytest.mark.parametrize("scale", SCALES)
def test_mean_matches_sklearn_mean_pinball_loss(quantile, scale):
    rng = np.random.default_rng(7)
    target, prediction = scale * rng.normal(size=(2, 200))
    ours = pinball_loss(prediction, target, quantile=quantile)
    theirs = mean_pinball_loss(target, prediction, alpha=quantile)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13)
    ours_sum = pinball_loss(prediction, target, reduction="sum", quantile=quantile)
    np.testing.assert_allclose(ours_sum, 200 * theirs, rtol=1e-13)


@pytest.mark.parametrize("quantile", QUANTILES)
def test_elementwise_matches_sklearn_one_sample_at_a_time(quantile):
    x = np.concatenate([-np.logspace(-6, 6, 25), [0.0], np.logspace(-6, 6, 25)])
    values = pinball_loss(x, np.zeros_like(x), reduction="none", quantile=quantile)
    reference = [mean_pinball_loss([0.0], [v], alpha=quantile) for v in x]
    np.testing.assert_allclose(values, reference, rtol=1e-15)


@pytest.mark.parametrize("scale", SCALES)
def test_half_quantile_is_half_of_l1_loss_and_its_gradient(scale):
    rng = np.random.default_rng(3)
    x = scale * np.append(rng.normal(size=50), 0.0)
    zero = np.zeros_like(x)
    for reduction in ("none", "mean", "sum"):
        np.testing.assert_array_equal(
            pinball_loss(x, zero, reduction=reduction, quantile=0.5),
            lossdocs.l1_loss(x, zero, reduction=reduction) / 2,
        )
        np.testing.assert_array_equal(
            pinball_loss_grad(x, zero, reduction=reduction, quantile=0.5),
            lossdocs.l1_loss_grad(x, zero, reduction=reduction) / 2,
        )


@pytest.mark.parametrize("quantile", QUANTILES)
@pytest.mark.parametrize("scale", SCALES)
def test_gradient_matches_central_differences_away_from_zero(quantile, scale):
    x = scale * np.array([-3.0, -0.5, 0.2, 4.0])
    zero = np.zeros_like(x)
    step = 1e-3 * scale
    numeric = (
        pinball_loss(x + step, zero, reduction="none", quantile=quantile)
        - pinball_loss(x - step, zero, reduction="none", quantile=quantile)
    ) / (2 * step)
    grad = pinball_loss_grad(x, zero, reduction="none", quantile=quantile)
    np.testing.assert_allclose(grad, numeric, rtol=1e-9)
    # By hand: 1 - q above the target, -q below it.
    np.testing.assert_array_equal(grad, [-quantile, -quantile, 1 - quantile, 1 - quantile])


@pytest.mark.parametrize("quantile", QUANTILES)
def test_gradient_at_zero_is_zero_and_in_the_subdifferential(quantile):
    grad = pinball_loss_grad([0.0], [0.0], reduction="none", quantile=quantile)
    assert grad[0] == 0.0
    assert -quantile <= grad[0] <= 1 - quantile


@pytest.mark.parametrize("quantile", QUANTILES)
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e5])
def test_the_best_constant_is_a_quantile(quantile, scale):
    # Brute force: the summed pinball loss is piecewise linear with kinks at the data, so its
    # minimum is attained at a data point; every minimiser is a q-quantile of the data.
    rng = np.random.default_rng(11)
    data = scale * rng.standard_t(3, size=101)
    totals = [pinball_loss(np.full_like(data, c), data, "sum", quantile) for c in data]
    best = data[int(np.argmin(totals))]
    assert best == np.quantile(data, quantile, method="inverted_cdf")
    # The mean gradient changes sign there: it is a subgradient condition for the minimum.
    left = pinball_loss_grad(np.full_like(data, best - 1e-9 * scale), data, quantile=quantile)
    right = pinball_loss_grad(np.full_like(data, best + 1e-9 * scale), data, quantile=quantile)
    assert left.sum() <= 0 <= right.sum()


def test_dtypes_and_nan():
    x32 = np.array([1.0, -2.0, 0.0], dtype=np.float32)
    assert pinball_loss(x32, np.zeros_like(x32), "none", 0.3).dtype == np.float32
    assert pinball_loss_grad(x32, np.zeros_like(x32), "none", 0.3).dtype == np.float32
    assert pinball_loss_grad([1, 2], [0, 0], "none", 0.3).dtype == np.float64
    assert np.isnan(pinball_loss([np.nan], [0.0], "none", 0.3)[0])
    assert np.isnan(pinball_loss_grad([np.nan], [0.0], "none", 0.3)[0])
    assert np.isnan(pinball_loss([], [], quantile=0.3))
    assert pinball_loss([], [], "sum", 0.3) == 0


@pytest.mark.parametrize("function", [pinball_loss, pinball_loss_grad])
@pytest.mark.parametrize("quantile", [0.0, 1.0, -0.1, 1.5, np.nan, np.inf])
def test_quantile_outside_the_open_interval_is_a_clear_error(function, quantile):
    with pytest.raises(ValueError, match=r"quantile must be in \(0, 1\)"):
        function([1.0], [0.0], quantile=quantile)


@pytest.mark.parametrize("function", [pinball_loss, pinball_loss_grad])
def test_other_bad_input_is_a_clear_error(function):
    with pytest.raises(TypeError, match="quantile must be a real number"):
        function([1.0], [0.0], quantile="0.5")
    with pytest.raises(TypeError, match="quantile must be a real number"):
        function([1.0], [0.0], quantile=True)
    with pytest.raises(ValueError, match="same shape"):
        function([1.0, 2.0], [0.0], quantile=0.5)
    with pytest.raises(ValueError, match="reduction must be one of"):
        function([1.0], [0.0], reduction="max", quantile=0.5)


def test_no_negative_zero():
    values = pinball_loss([-0.0, 0.0], [0.0, -0.0], "none", 0.3)
    assert not np.any(np.signbit(values))
