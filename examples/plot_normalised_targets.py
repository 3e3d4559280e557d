"""
Normalised targets: why β = 1 works in Fast R-CNN
=================================================

Fast R-CNN standardises its box-regression targets (zero mean, unit variance) before it applies
Smooth L1 with β = 1. On that scale most residuals fall inside the quadratic zone
:math:`|x| < \\beta`. This page measures what the same loss does when the targets are left in
pixels: the quadratic zone becomes a sliver, the loss behaves like L1, and its fit moves from
between the mean and the median to the median.
"""

# %%
# The data and the scales
# -----------------------
# Standardised targets are drawn from a skewed mixture: 90% from a unit Gaussian and 10% from
# a Gaussian shifted by four, mislabelled boxes say, then standardised. The same targets in
# pixels are the standardised ones times a scale :math:`s`, the targets' standard deviation in
# pixels. For each scale and seed, the best constant under Smooth L1 with β = 1 (from
# :data:`lossdocs.catalog.LOSSES`) is found with :func:`lossdocs.fitting.best_constant`, and
# compared with the mean (L2) and the median (L1).
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.fitting import best_constant
from lossdocs.words import fill, pad, say

N, SEEDS = 200, 100
SCALES = np.logspace(-1, 2, 13)
smooth_l1 = LOSSES["Smooth L1"]
beta = smooth_l1.kwargs["beta"]

rng = np.random.default_rng(20260601)
shifted = rng.random((SEEDS, N)) < 0.1
raw = rng.normal(size=(SEEDS, N)) + 4.0 * shifted
targets = (raw - raw.mean(axis=1, keepdims=True)) / raw.std(
    axis=1, keepdims=True
)
mean = targets.mean(axis=1)
median = np.median(targets, axis=1)

# Where the fit sits, in standardised units: 0 at the median, 1 at the mean.
position = np.empty((SCALES.size, SEEDS))
inside = np.empty((SCALES.size, SEEDS))
for i, scale in enumerate(SCALES):
    for seed in range(SEEDS):
        pixels = scale * targets[seed]
        fit = best_constant(pixels, smooth_l1).value / scale
        position[i, seed] = (fit - median[seed]) / (mean[seed] - median[seed])
        inside[i, seed] = np.mean(np.abs(fit * scale - pixels) < beta)

# %%
# What the scale does
# -------------------
# Left: the share of residuals at the fit that lie inside the quadratic zone
# :math:`|x| < \beta`. Right: where the fit sits between the median (0) and the mean (1). Bands
# are the 5th to 95th percentiles over seeds; the dotted line marks scale 1, the
# standardised targets Fast R-CNN uses.
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
for ax, values, title in (
    (left, inside, say("Share of residuals inside |x| < β at the fit")),
    (right, position, say("Fit: 0 = median (L1), 1 = mean (L2)")),
):
    low, mid, high = np.percentile(values, [5, 50, 95], axis=1)
    ax.fill_between(SCALES, low, high, color=smooth_l1.color, alpha=0.2)
    ax.plot(
        SCALES,
        mid,
        color=smooth_l1.color,
        linestyle=smooth_l1.linestyle,
        linewidth=2,
        marker="o",
        label=say("Smooth L1, β = {beta:g} (median over seeds)", beta=beta),
    )
    ax.axvline(1.0, color="0.4", linestyle=":", linewidth=1)
    ax.set(
        xscale="log",
        title=title,
        xlabel=say("target scale s (standard deviation, in pixels)"),
    )
    ax.grid(alpha=0.3)
left.set(ylabel=say("share"), ylim=(0, 1))
right.set(ylabel=say("position between median and mean"))
right.legend(loc="upper right")
fig.tight_layout()
plt.show()

for scale in (1.0, 10.0, 100.0):
    i = int(np.argmin(np.abs(SCALES - scale)))
    print(
        fill(
            say(
                "Targets with a standard deviation of {s:g}: {inside:.0%} of"
                " the residuals lie in the quadratic zone at the fit (median"
                " over {seeds} seeds), and the fit sits at {where:.2f} of the"
                " way from the median to the mean.",
                s=SCALES[i],
                inside=np.median(inside[i]),
                seeds=SEEDS,
                where=np.round(np.median(position[i]), 2) + 0.0,
            ),
            width=80,
        )
    )

# %%
# The gradient forgets the size of the error
# ------------------------------------------
# Inside the quadratic zone Smooth L1's gradient is :math:`x / \beta`: a large error pushes
# harder. Outside it is :math:`\pm 1`, whatever the error. In pixels nearly every residual is
# outside, so the gradient is at most 1 per sample while the errors are :math:`s` times larger.
# Gradient descent on a shared offset, with the step size β that suits standardised targets
# (the inverse curvature of the quadratic zone), starts three standard deviations too high;
# the table counts the steps until it is within 1% of a standard deviation of the best
# constant (:func:`lossdocs.fitting.gradient_descent`, all seeds at once).
from lossdocs.fitting import gradient_descent

STEPS = 5000
print(
    f"{pad(say('scale s'), 8)}"
    f"  {pad(say('steps to within 0.01 s (median, 5%-95%)'), 40)}"
)
for scale in (1.0, 10.0, 100.0):
    pixels = scale * targets
    best = np.array([best_constant(row, smooth_l1).value for row in pixels])

    def grad(theta, pixels=pixels):
        residual = theta[:, None] - pixels
        return smooth_l1.grad_of_residual(residual).mean(axis=1)

    path = gradient_descent(grad, best + 3 * scale, beta, STEPS)
    close = np.abs(path - best) < 0.01 * scale
    # The first step after which the run stays close (STEPS + 1 if never).
    never_again = close[::-1].cumprod(axis=0)[::-1]
    steps = np.where(
        never_again.any(axis=0), never_again.argmax(axis=0), STEPS + 1
    )
    low, mid, high = np.percentile(steps, [5, 50, 95])
    print(
        say(
            "{scale:>8g}  {mid:>20.0f} ({low:.0f} to {high:.0f})",
            scale=scale,
            mid=mid,
            low=low,
            high=high,
        )
    )
    if scale == 1.0:
        standardised = mid
print(
    fill(
        say(
            "With targets in pixels at s = {scale:g}, the run needs"
            " {ratio:.0f} times the steps it needs on standardised targets:"
            " each step moves the offset by at most β, whatever the error.",
            scale=scale,
            ratio=mid / standardised,
        ),
        width=80,
    )
)

# %%
# The same loss in PyTorch
# ------------------------
# Standardise the targets with the training set's statistics, as Fast R-CNN does, before the
# loss; un-standardise the predictions after.
#
# .. code-block:: python
#
#     import torch.nn.functional as F
#
#     mean, std = targets.mean(0), targets.std(0)  # from the training set
#     loss = F.smooth_l1_loss(pred, (targets - mean) / std, beta=1.0)
#     boxes = pred * std + mean  # back to pixels
#
# Takeaway
# --------
# β is a length in the units of the targets. β = 1 suits targets of unit spread; on targets
# in pixels the same β makes Smooth L1 nearly L1: its fit is the median and its gradient has a
# constant size. Either standardise the targets, or scale β with them
# (:math:`\beta_\text{pixels} = s\,\beta`), which gives the same fit up to the factor
# :math:`s`.
