"""
The robust family: Barron's general loss as α varies
====================================================

Smooth L1 and Huber are two members of a larger family of robust losses. Barron's general loss
:math:`\\rho(x, \\alpha, c)` covers many of them with one shape parameter α: α = 2 is L2 (halved),
α = 1 pseudo-Huber (Charbonnier), α = 0 Cauchy, α = -2 Geman-McClure, α = -∞ Welsch. This page
plots the family and its gradients, with log-cosh, another smooth relative of Huber, beside it.
"""

# %%
# The losses and their gradients
# ------------------------------
# All members agree near zero (about :math:`x^2 / 2` with scale :math:`c = 1`). Far from zero,
# lowering α makes the loss grow more slowly: like :math:`|x|^\alpha` for :math:`0 < \alpha
# \le 2`, logarithmically at α = 0, and not at all (it saturates) for α < 0.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs import general_loss, general_loss_grad
from lossdocs.catalog import LOSSES, ROBUST_FAMILY
from lossdocs.words import say

x = np.linspace(-6, 6, 1201)
zero = np.zeros_like(x)
l2 = LOSSES["L2"]
fig, (left, right) = plt.subplots(
    2, 1, figsize=(6.2, 7.0), sharex=True, layout="constrained"
)
# alpha = 2 is half of L2: drawn in L2's colour and style.
left.plot(
    x,
    general_loss(x, zero, reduction="none", alpha=2.0),
    color=l2.color,
    linestyle=l2.linestyle,
    linewidth=2,
    label="α = 2 (L2 / 2)",
)
right.plot(
    x,
    general_loss_grad(x, zero, reduction="none", alpha=2.0),
    color=l2.color,
    linestyle=l2.linestyle,
    linewidth=2,
)
# Pseudo-Huber (delta = 1) is alpha = 1; Cauchy, Geman-McClure and Welsch
# are alpha = 0, -2, -inf.
for spec in ROBUST_FAMILY.values():
    left.plot(
        x,
        spec.of_residual(x),
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=spec.name,
    )
    right.plot(
        x,
        spec.grad_of_residual(x),
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
    )
left.set(
    title=say("Barron's general loss ρ(x, α, 1) and log-cosh"),
    ylabel=say("loss"),
    ylim=(0, 4),
)
right.set(
    title=say("Their gradients"),
    xlabel=say("residual x"),
    ylabel=say("gradient"),
    ylim=(-2.2, 2.2),
)
for ax in (left, right):
    ax.grid(alpha=0.3)
# The legend sits below the panels, where it hides no curve.
fig.legend(loc="outside lower center", ncols=3, fontsize="small")
plt.show()

# %%
# How hard a gross error pulls
# ----------------------------
# The gradient at a residual of 1000 measures how much a gross outlier still pulls. It grows
# like :math:`|x|^{\alpha - 1}`: for α = 2 it is the residual itself; α = 1 and log-cosh cap
# it near 1; every α < 1 "redescends": the pull falls back towards zero, slowly for α
# between 0 and 1 (α = 1/2 below), fast for α ≤ 0. It never reaches exactly zero at a finite
# residual, so a gross outlier pulls little, but not nothing.
far = np.array([1.0, 10.0, 1000.0])


def show(label, grads):
    """One row: the gradients at 1, 10 and 1000, to four significant digits."""
    values = ", ".join(f"{g:.4g}" for g in grads)
    print(
        say(
            "{label:>24}: gradient at 1, 10, 1000 = {values}",
            label=label,
            values=values,
        )
    )


show("α = 2 (L2 / 2)", general_loss_grad(far, 0 * far, "none", alpha=2.0))
show("α = 1/2", general_loss_grad(far, 0 * far, "none", alpha=0.5))
for spec in ROBUST_FAMILY.values():
    show(spec.name, spec.grad_of_residual(far))

# %%
# Welsch's gradient at 1000 is :math:`1000\, e^{-500\,000}`: positive, but far below the
# smallest floating-point number, so it prints as 0.

# %%
# Takeaway
# --------
# The price of ignoring outliers is convexity: below α = 1 the losses are not convex, so a fit
# can have several local minima, and the result depends on where the optimiser starts. The
# :ref:`family table <sphx_glr_auto_examples_plot_family_table.py>` measures both sides of that
# trade. The scale :math:`c` sets the residual size at which the loss turns away from L2, in the
# same way as Smooth L1's β.
big = 1e300
print(
    say("finite far out: ρ({big:g}, α) = ", big=big)
    + ", ".join(
        f"{general_loss([big], [0.0], alpha=a):.4g}"
        for a in (1.0, 0.0, -2.0, -np.inf)
    )
)
