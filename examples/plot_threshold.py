"""
The threshold: Smooth L1's β and Huber's δ
==========================================

The source article fixes Smooth L1's threshold at 1. In practice it is a hyperparameter:
PyTorch calls it ``beta`` for Smooth L1 and ``delta`` for Huber, and detectors set it in yet
another way. This page shows both losses for several thresholds, their limits, the identity
that links them, and what the threshold does to the gradient.
"""

# %%
# Smooth L1 and Huber for several thresholds
# ------------------------------------------
# Both are quadratic for :math:`|x|` below the threshold and linear beyond. They differ in
# scale: Smooth L1's slope beyond β is always 1, Huber's is δ.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs import (
    huber_loss,
    huber_loss_grad,
    l1_loss,
    mse_loss,
    smooth_l1_loss,
    smooth_l1_loss_grad,
)
from lossdocs.catalog import LOSSES
from lossdocs.words import say

x = np.linspace(-3, 3, 601)
zero = np.zeros_like(x)
widths = [1 / 9, 0.5, 1.0, 2.0]
shades = np.linspace(0.35, 1.0, len(widths))
smooth_color, huber_color = LOSSES["Smooth L1"].color, LOSSES["Huber"].color

fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharex=True)
for width, shade in zip(widths, shades, strict=True):
    label = f"{width:.3g}" if width != 1 / 9 else "1/9"
    axes[0, 0].plot(
        x,
        smooth_l1_loss(x, zero, reduction="none", beta=width),
        color=smooth_color,
        alpha=shade,
        linewidth=2,
        label=f"β = {label}",
    )
    axes[0, 1].plot(
        x,
        huber_loss(x, zero, reduction="none", delta=width),
        color=huber_color,
        alpha=shade,
        linewidth=2,
        label=f"δ = {label}",
    )
    axes[1, 0].plot(
        x,
        smooth_l1_loss_grad(x, zero, reduction="none", beta=width),
        color=smooth_color,
        alpha=shade,
        linewidth=2,
    )
    axes[1, 1].plot(
        x,
        huber_loss_grad(x, zero, reduction="none", delta=width),
        color=huber_color,
        alpha=shade,
        linewidth=2,
    )
axes[0, 0].plot(
    x,
    l1_loss(x, zero, reduction="none"),
    color=LOSSES["L1"].color,
    linestyle="--",
    linewidth=1,
    label="L1 (β = 0)",
)
axes[0, 1].plot(
    x,
    0.5 * mse_loss(x, zero, reduction="none"),
    color=LOSSES["L2"].color,
    linestyle="--",
    linewidth=1,
    label="L2 / 2 (δ → ∞)",
)
axes[0, 0].set(
    title=say("Smooth L1 loss for several β"),
    ylabel=say("loss"),
    ylim=(0, 4.5),
)
axes[0, 1].set(title=say("Huber loss for several δ"), ylim=(0, 4.5))
axes[1, 0].set(
    title=say("Smooth L1 gradient: capped at ±1"),
    xlabel=say("residual x"),
    ylabel=say("gradient"),
)
axes[1, 1].set(
    title=say("Huber gradient: capped at ±δ"), xlabel=say("residual x")
)
for ax in axes.flat:
    ax.grid(alpha=0.3)
axes[0, 0].legend(loc="upper center", fontsize="small")
axes[0, 1].legend(loc="upper center", fontsize="small")
fig.tight_layout()
plt.show()

# %%
# The identity, and the limits
# ----------------------------
# Huber with δ is δ times Smooth L1 with β = δ, at every residual. As β shrinks, Smooth L1
# tends to L1 (it is never more than β/2 below it); as β grows it flattens towards 0 on any
# fixed range, while Huber with a growing δ tends to L2 / 2.
for width in (1 / 9, 0.5, 2.0, 10.0):
    gap = np.max(
        np.abs(
            width * smooth_l1_loss(x, zero, reduction="none", beta=width)
            - huber_loss(x, zero, reduction="none", delta=width)
        )
    )
    print(
        say(
            "β = δ = {width:<6.3g} largest |β·SmoothL1 - Huber| on [-3, 3]:"
            " {gap:.1e}",
            width=width,
            gap=gap,
        )
    )
l1 = l1_loss(x, zero, reduction="none")
for beta in (1.0, 0.1, 0.01, 0.001):
    gap = np.max(
        np.abs(smooth_l1_loss(x, zero, reduction="none", beta=beta) - l1)
    )
    print(
        say(
            "β = {beta:<6g} largest |SmoothL1 - L1| = {gap:.4g} (β/2 ="
            " {half:g})",
            beta=beta,
            gap=gap,
            half=beta / 2,
        )
    )
half_l2 = 0.5 * mse_loss(x, zero, reduction="none")
for delta in (1.0, 3.0):
    gap = np.max(
        np.abs(huber_loss(x, zero, reduction="none", delta=delta) - half_l2)
    )
    print(
        say(
            "δ = {delta:<6g} largest |Huber - L2/2| on [-3, 3] = {gap:.4g}",
            delta=delta,
            gap=gap,
        )
    )
print(
    say(
        "β = 100: largest Smooth L1 on [-3, 3] = {top:.3g}",
        top=smooth_l1_loss(x, zero, "none", 100.0).max(),
    )
)

# %%
# Faster R-CNN's σ
# ----------------
# Faster R-CNN's paper uses the Smooth L1 loss of Fast R-CNN, with threshold 1. Its
# reference code writes Smooth L1 with a parameter σ: :math:`0.5 (\sigma x)^2` for
# :math:`|x| < 1/\sigma^2`, else :math:`|x| - 0.5/\sigma^2`. That is Smooth L1 with
# :math:`\beta = 1/\sigma^2` (checked numerically on the :doc:`names page </names>`); the
# code's region proposal network uses σ = 3, so β = 1/9, and its detection head σ = 1, so
# β = 1.
for sigma in (1.0, 3.0):
    beta = 1 / sigma**2
    at_one = smooth_l1_loss_grad(
        np.array([0.05, 1.0]), np.zeros(2), reduction="none", beta=beta
    )
    print(
        say(
            "σ = {sigma:g}: β = {beta:.4g}; gradient at residuals 0.05 and"
            " 1: {at_one}",
            sigma=sigma,
            beta=beta,
            at_one=at_one,
        )
    )

# %%
# Takeaway
# --------
# The threshold sets where an error stops counting as noise and starts counting as an outlier.
# A small β (1/9 in the RPN) makes Smooth L1 almost L1: a gradient of ±1 for all but the
# smallest errors, and a steep parabola (curvature 1/β = 9) inside. Switching between Smooth L1
# and Huber with the same threshold rescales the loss and its gradient by that threshold,
# which acts like changing the learning rate.
