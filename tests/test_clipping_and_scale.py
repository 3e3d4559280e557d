"""The claims of the gradient-clipping and normalised-targets examples, from closed forms."""

import numpy as np
import pytest

from lossdocs import huber_loss_grad, mse_loss_grad, smooth_l1_loss, smooth_l1_loss_grad
from lossdocs.catalog import LOSSES
from lossdocs.fitting import best_constant, gradient_descent

RESIDUALS = np.concatenate([-np.logspace(-8, 8, 81), [0.0], np.logspace(-8, 8, 81)])
ZERO = np.zeros_like(RESIDUALS)


@pytest.mark.parametrize("c", [1e-6, 1e-2, 1.0, 7.5, 1e4])
def test_clipping_the_half_l2_gradient_is_the_huber_gradient(c):
    # By hand: d/dx (x^2 / 2) = x, clipped to [-c, c]; Huber's derivative is the same clip.
    clipped = np.clip(mse_loss_grad(RESIDUALS, ZERO, "none") / 2, -c, c)
    np.testing.assert_array_equal(clipped, huber_loss_grad(RESIDUALS, ZERO, "none", delta=c))
    np.testing.assert_array_equal(clipped, np.clip(RESIDUALS, -c, c))
    # Clipping the gradient 2x of mse_loss at c is twice Huber's at delta = c / 2.
    np.testing.assert_array_equal(
        np.clip(mse_loss_grad(RESIDUALS, ZERO, "none"), -c, c),
        2 * huber_loss_grad(RESIDUALS, ZERO, "none", delta=c / 2),
    )


def test_global_norm_clipping_ends_at_the_least_squares_line():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 30)
    y = 2 + 0.5 * x + rng.normal(scale=0.5, size=30)
    y[:3] += 30
    design = np.column_stack([np.ones_like(x), x])
    rate = 1 / np.linalg.eigvalsh(design.T @ design / x.size).max()

    def grad(theta):
        g = design.T @ (mse_loss_grad(design @ theta, y, "mean") / 2)
        return g * min(1.0, 1.0 / np.linalg.norm(g))

    end = gradient_descent(grad, [0.0, 0.0], rate, 20_000)[-1]
    slope, intercept = np.polyfit(x, y, 1)
    np.testing.assert_allclose(end, [intercept, slope], rtol=1e-8)


@pytest.mark.parametrize("scale", [1e-3, 0.1, 10.0, 1e3])
def test_smooth_l1_on_scaled_targets_is_scaled_smooth_l1_with_scaled_beta(scale):
    # By hand: SmoothL1(s x; beta) = s SmoothL1(x; beta / s), so its gradient in x is the same.
    x = np.linspace(-5, 5, 101)
    zero = np.zeros_like(x)
    np.testing.assert_allclose(
        smooth_l1_loss(scale * x, zero, "none", beta=1.0),
        scale * smooth_l1_loss(x, zero, "none", beta=1.0 / scale),
        rtol=1e-12,
        atol=1e-300,
    )
    np.testing.assert_allclose(
        smooth_l1_loss_grad(scale * x, zero, "none", beta=1.0),
        smooth_l1_loss_grad(x, zero, "none", beta=1.0 / scale),
        rtol=1e-12,
    )


def test_smooth_l1_fit_moves_from_the_mean_to_the_median_as_the_targets_grow():
    rng = np.random.default_rng(9)
    raw = rng.normal(size=201) + 4.0 * (rng.random(201) < 0.1)
    targets = (raw - raw.mean()) / raw.std()
    spec = LOSSES["Smooth L1"]
    # Tiny scale: every residual is inside |x| < beta, so the loss is x^2 / 2: the mean.
    small = 1e-3
    assert best_constant(small * targets, spec).value / small == pytest.approx(
        np.mean(targets), abs=1e-7
    )
    # Huge scale: the quadratic zone holds at most the median point; the fit is the median
    # (n is odd), to within beta / scale.
    big = 1e6
    assert best_constant(big * targets, spec).value / big == pytest.approx(
        np.median(targets), abs=2 / big
    )
