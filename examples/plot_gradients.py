"""
The gradients: how hard each loss pushes
========================================

Training moves a prediction along the gradient of the loss, so the gradient, not the loss,
says how a model reacts to an error. This page plots the derivative of each loss against the
residual :math:`x = \\text{prediction} - \\text{target}`, checks every derivative against a
finite difference of the loss, and tabulates how large the push is for tiny and huge errors.
"""

# %%
# The derivatives
# ---------------
# L1's derivative is :math:`\operatorname{sign}(x)`: the same size for every error (and 0 at
# :math:`x = 0`, the subgradient libraries use). L2's is :math:`2x`: it grows without bound.
# Smooth L1 follows L2's shape, :math:`x / \beta`, up to :math:`|x| = \beta`, then stays at
# :math:`\pm 1`. Huber's is the same shape scaled by :math:`\delta`.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.words import fill, say

residual = np.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(7, 4.5))
for spec in LOSSES.values():
    ax.plot(
        residual,
        spec.grad_of_residual(residual),
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=spec.name,
    )
ax.set(
    xlabel=say(r"residual $x$ = prediction $-$ target"),
    ylabel=say(r"derivative $\ell'(x)$"),
    ylim=(-3.2, 3.2),
    title=say(
        r"The gradient of each loss against the residual"
        r" ($\beta = \delta = 1$)"
    ),
)
ax.axhline(0, color="0.6", linewidth=0.8)
ax.grid(alpha=0.3)
ax.legend(loc="upper left")
plt.show()

# %%
# Each derivative, checked against the loss itself
# ------------------------------------------------
# A central difference :math:`(\ell(x + h) - \ell(x - h)) / 2h` of each loss should match its
# derivative wherever the loss is smooth. In particular L2's derivative is :math:`2x`, that is
# :math:`2 f'(x) (f(x) - Y)` for a model output :math:`f(x)` and target :math:`Y`: the article
# wrote :math:`2 f'(x) f(x)`, which drops the target.
h = 1e-6
away_from_kinks = residual[
    (np.abs(np.abs(residual) - 1) > 1e-3) & (np.abs(residual) > 1e-3)
]
for name, spec in LOSSES.items():
    numeric = (
        spec.of_residual(away_from_kinks + h)
        - spec.of_residual(away_from_kinks - h)
    ) / (2 * h)
    error = np.max(np.abs(numeric - spec.grad_of_residual(away_from_kinks)))
    print(
        say(
            "{name:>9}: largest |finite difference - derivative| = {e:.1e}",
            name=name,
            e=error,
        )
    )

# %%
# The push for tiny and for huge errors
# -------------------------------------
# What matters in training is the size of the gradient at the two ends: near the optimum
# (does the step shrink, so that a fixed learning rate can settle?) and far from it (can one
# bad sample produce a huge step?).
sizes = np.array([1e-3, 0.1, 1.0, 10.0, 1000.0])
print(f"{'|x|':>9}" + "".join(f"{size:>9g}" for size in sizes))
for name, spec in LOSSES.items():
    print(
        f"{name:>9}"
        + "".join(f"{g:>9g}" for g in spec.grad_of_residual(sizes))
    )

# %%
# Takeaway
# --------
big, tiny = 1000.0, 1e-3
at = {
    name: spec.grad_of_residual([tiny, big]) for name, spec in LOSSES.items()
}
print(
    fill(
        say(
            "At an error of {big:g}, L2 pushes with {l2:g}; L1, Smooth L1"
            " (β = 1) and Huber (δ = 1) with {l1:g}, {smooth:g} and"
            " {huber:g}: their push is capped.",
            big=big,
            l2=at["L2"][1],
            l1=at["L1"][1],
            smooth=at["Smooth L1"][1],
            huber=at["Huber"][1],
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "At an error of {tiny:g}, L1 still pushes with {l1:g}, while L2,"
            " Smooth L1 and Huber push with {l2:g}, {smooth:g} and"
            " {huber:g}: only they slow down near the optimum.",
            tiny=tiny,
            l1=at["L1"][0],
            l2=at["L2"][0],
            smooth=at["Smooth L1"][0],
            huber=at["Huber"][0],
        ),
        width=80,
    )
)
