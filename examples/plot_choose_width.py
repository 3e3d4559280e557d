"""
Choosing δ from the data, and scikit-learn's HuberRegressor
===========================================================

Huber's δ is a width in the units of the residuals: it only means something relative to the
scale of the noise. This page estimates that scale robustly (the MAD, and Huber's joint
estimate of line and scale), turns it into a width with
:func:`lossdocs.efficiency.propose_delta`, and fits the same data with scikit-learn's
``HuberRegressor``, whose default ``epsilon = 1.35`` comes from the
same 95%-efficiency argument, to compare the lines and the scales side by side.
"""

# %%
# Data: a line, Gaussian noise, and 10% gross errors
# --------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.efficiency import (
    huber_efficiency,
    huber_k,
    huber_regression,
    mad,
    propose_delta,
)
from lossdocs.fitting import best_line
from lossdocs.words import fill, pad, say

rng = np.random.default_rng(3)
n, intercept, slope, sigma, share, wide = 200, 1.0, 0.5, 0.3, 0.10, 10.0
x = rng.uniform(-3.0, 3.0, n)
gross = rng.random(n) < share
y = (
    intercept
    + slope * x
    + sigma * rng.normal(size=n) * np.where(gross, wide, 1)
)

# %%
# A width from the residuals
# --------------------------
# Fit a first line with L2, take its residuals, and propose δ: k = 1.345 for 95% efficiency
# (:func:`lossdocs.efficiency.huber_k`) times the MAD of the residuals, which estimates σ
# without being pulled by the gross errors. Refit with Huber at that δ, and propose again
# from the new residuals. The same number serves as Smooth L1's β
# (:func:`lossdocs.efficiency.propose_beta`), since Huber with δ is δ times Smooth L1 with
# β = δ.
from dataclasses import replace

huber = LOSSES["Huber"]
first = best_line(x, y, "L2")
delta = propose_delta(y - first(x))
line = best_line(x, y, replace(huber, kwargs={"delta": delta}))
delta = propose_delta(y - line(x))
line = best_line(x, y, replace(huber, kwargs={"delta": delta}))
print(
    fill(
        say(
            "The noise has σ = {sigma:g}; the MAD of the L2 residuals"
            " estimates {l2:.3f}, the MAD of the Huber residuals {huber:.3f}.",
            sigma=sigma,
            l2=mad(y - first(x)),
            huber=mad(y - line(x)),
        ),
        width=80,
    )
)
print(
    say(
        "The proposed δ is {delta:.3f}, that is {k:.3f} × the MAD.",
        delta=delta,
        k=huber_k(0.95),
    )
)

# %%
# Line and scale together, and scikit-learn
# -----------------------------------------
# :func:`lossdocs.efficiency.huber_regression` estimates the line and the scale jointly
# (Huber's Proposal 2): the scale is defined so that it estimates σ for Gaussian noise.
# scikit-learn's ``HuberRegressor`` also fits a scale, by
# minimising :math:`\sum_i s + s\,H_\epsilon(r_i / s)` (Owen 2007). Its stationarity condition
# in :math:`s` is :math:`\sum_i \min(r_i^2/s^2, \epsilon^2) = n`, not Proposal 2's, so its
# scale is smaller than σ. ``huber_regression(..., consistent=False)`` solves scikit-learn's
# equations instead, as an independent check of both.
from sklearn.linear_model import HuberRegressor

joint = huber_regression(x, y)
reference = HuberRegressor(epsilon=1.35, alpha=0.0, tol=1e-10, max_iter=10_000)
reference.fit(x[:, None], y)
same = huber_regression(x, y, k=1.35, consistent=False)

rows = [
    (say("truth"), intercept, slope, sigma, huber_k(0.95) * sigma),
    ("L2 (lossdocs)", first.intercept, first.slope, np.nan, np.nan),
    (
        say("Huber, proposed δ"),
        line.intercept,
        line.slope,
        mad(y - line(x)),
        delta,
    ),
    (
        say("Proposal 2 (lossdocs)"),
        joint.intercept,
        joint.slope,
        joint.scale,
        joint.delta,
    ),
    (
        "HuberRegressor",
        reference.intercept_,
        reference.coef_[0],
        reference.scale_,
        1.35 * reference.scale_,
    ),
    (
        say("its equations (lossdocs)"),
        same.intercept,
        same.slope,
        same.scale,
        same.delta,
    ),
]
print(
    f"{pad(say('fit'), 24)} | {pad(say('intercept'), 9)}"
    f" | {pad(say('slope'), 6)} |"
    f" {pad(say('scale'), 6)} | {'δ':>6}"
)
for name, a, b, scale, width in rows:
    scale_text = "" if np.isnan(scale) else f"{scale:.4f}"
    width_text = "" if np.isnan(width) else f"{width:.4f}"
    print(
        f"{pad(name, 24)} | {a:>9.4f} | {b:>6.4f} | {scale_text:>6} |"
        f" {width_text:>6}"
    )

# %%
# The fits, and the residuals against the widths
# ----------------------------------------------
l2 = LOSSES["L2"]
grid = np.linspace(x.min(), x.max(), 2)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.4))
left.plot(x[~gross], y[~gross], ".", color="grey", label=say("data"))
left.plot(x[gross], y[gross], "x", color="black", label=say("gross errors"))
left.plot(
    grid,
    intercept + slope * grid,
    color="grey",
    linewidth=1,
    label=say("true line"),
)
left.plot(
    grid,
    first(grid),
    color=l2.color,
    linestyle=l2.linestyle,
    linewidth=2,
    label="L2",
)
left.plot(
    grid,
    joint.intercept + joint.slope * grid,
    color=huber.color,
    linestyle="-",
    linewidth=2,
    label=say("Huber, Proposal 2"),
)
left.plot(
    grid,
    reference.intercept_ + reference.coef_[0] * grid,
    color=huber.color,
    linestyle=huber.linestyle,
    linewidth=2,
    label="HuberRegressor",
)
inliers = y[~gross]
pad = np.ptp(inliers)
left.set(
    ylim=(inliers.min() - pad, inliers.max() + pad),
    xlabel="x",
    ylabel="y",
    title=say("Lines (gross errors partly off the plot)"),
)
left.legend(loc="upper left", fontsize="small")

residual = y - (joint.intercept + joint.slope * x)
bins = np.linspace(-4 * joint.delta, 4 * joint.delta, 61)
right.hist(np.clip(residual, bins[0], bins[-1]), bins=bins, color="grey")
for width, style, label in [
    (joint.delta, "-", say("δ, Proposal 2")),
    (1.35 * reference.scale_, huber.linestyle, "δ, HuberRegressor"),
]:
    for sign in (-1, 1):
        right.axvline(
            sign * width,
            color=huber.color,
            linestyle=style,
            label=label if sign > 0 else None,
        )
right.set(
    xlabel=say("residual (clipped to the plot)"),
    ylabel=say("count"),
    title=say("Residuals beyond ±δ count as outliers"),
)
right.legend(loc="upper left", fontsize="small")
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
gap = max(
    abs(same.intercept - reference.intercept_),
    abs(same.slope - reference.coef_[0]),
    abs(same.scale - reference.scale_),
)
print(
    fill(
        say(
            "Solving scikit-learn's equations reproduces HuberRegressor's"
            " intercept, slope and scale to {n} decimal places.",
            n=int(-np.log10(gap)),
        ),
        width=80,
    )
)
k_effective = 1.35 * reference.scale_ / sigma
print(
    fill(
        say(
            "HuberRegressor's scale is {ratio:.0%} of the true σ, so its"
            " default epsilon = 1.35 is a width of {k:.2f} σ here, with an"
            " efficiency of {here:.0%} on Gaussian noise rather than"
            " {nominal:.0%}.",
            ratio=reference.scale_ / sigma,
            k=k_effective,
            here=float(huber_efficiency(k_effective)),
            nominal=float(huber_efficiency(1.35)),
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "The proposed δ ({delta:.3f}) and the Proposal-2 width"
            " ({joint:.3f}) both sit near k σ = {k:.3f}; use either as"
            " Huber's delta or Smooth L1's beta.",
            delta=delta,
            joint=joint.delta,
            k=huber_k(0.95) * sigma,
        ),
        width=80,
    )
)

# %%
# In PyTorch, the width goes straight into the loss:
#
# .. code-block:: python
#
#     import torch
#
#     delta = 1.345 * sigma_hat  # sigma_hat: the MAD of the residuals
#     loss = torch.nn.functional.huber_loss(prediction, target, delta=delta)
#     # or, with the same minimiser and a gradient divided by delta:
#     loss = torch.nn.functional.smooth_l1_loss(prediction, target, beta=delta)
