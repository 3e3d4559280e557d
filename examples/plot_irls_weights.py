"""
Why robust losses down-weight outliers: the IRLS weights
========================================================

Minimising a sum of losses :math:`\\sum_i \\rho(r_i)` can be done by iteratively reweighted least
squares: at each step, solve a weighted L2 problem with weight :math:`w(r) = \\psi(r) / r` for
each residual, where :math:`\\psi = \\rho'`. The weight says how much a sample counts relative to
plain least squares. Plotting it against the residual shows, in one picture, how each loss
treats small errors and outliers.
"""

# %%
# The weights
# -----------
# L2's weight is constant: every sample counts the same however wrong it is. L1's is
# :math:`1/|r|`: large residuals count less. Huber keeps the L2 weight up to δ and then falls
# like L1. The redescending losses (Cauchy, Geman-McClure, Welsch) drop faster still. Near
# zero every loss but L1 has weight 1 (each is normalised to its value there), and far out
# Smooth L1, Huber, pseudo-Huber and log-cosh all share L1's :math:`1/|r|` line: they differ
# only around the width 1, where their curves bend.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES, ROBUST_FAMILY
from lossdocs.words import say

residual = np.logspace(-2, 2, 400)
specs = {**LOSSES, **ROBUST_FAMILY}


def weight(spec, r):
    """IRLS weight psi(r) / r, relative to its value at r = 1e-6.

    (L1's, at r = 1.)
    """
    reference = (
        1.0 if spec.name == "L1" else 1e-6
    )  # L1's weight 1/|r| is infinite at 0
    return (
        spec.grad_of_residual(r)
        / r
        / (spec.grad_of_residual([reference])[0] / reference)
    )


# Some losses have identical weights at these widths (Smooth L1 with β = 1
# and Huber with δ = 1 differ only by the factor β); such a curve is drawn
# wide, with its twin on top and named in the legend, so that no loss hides
# behind another.
curves = {name: weight(spec, residual) for name, spec in specs.items()}
twin_of = {}
for name, values in curves.items():
    for earlier in list(curves)[: list(curves).index(name)]:
        if earlier not in twin_of and np.allclose(
            values, curves[earlier], rtol=1e-9
        ):
            twin_of[name] = earlier
            break

fig, ax = plt.subplots(figsize=(6.2, 4.4), layout="constrained")
for name, spec in specs.items():
    twinned = name in twin_of.values()
    ax.loglog(
        residual,
        curves[name],
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=5 if twinned else 2,
        alpha=0.5 if twinned else 1.0,
        label=f"{name} (= {twin_of[name]})" if name in twin_of else name,
    )
ax.set(
    xlabel=say("|residual|"),
    ylabel=say("IRLS weight ψ(r) / r (relative)"),
    ylim=(1e-5, 200),
    title=say("How much each loss lets a sample count, against its residual"),
)
ax.grid(alpha=0.3, which="both")
ax.legend(loc="lower left", fontsize="x-small", ncols=2)
plt.show()

# %%
# An outlier's weight
# -------------------
# The weight of a sample with residual 10 relative to one with residual 0.1: how much less an
# outlier counts than a good sample.
for name, spec in specs.items():
    w = spec.grad_of_residual([0.1, 10.0]) / np.array([0.1, 10.0])
    print(f"{name:>24}: w(10) / w(0.1) = {w[1] / w[0]:.3g}")

# %%
# Where convexity ends
# --------------------
# L1's and Huber's weights go to zero far out too. What breaks convexity is how fast:
# the pull is :math:`|\psi(r)| = w(r)\,|r|`, so the loss stays convex while
# :math:`w(r)\,|r|` does not fall, that is while the weight falls no faster than
# :math:`1/|r|`. Measured on a log grid out to 1000 times each loss's scale, next to the
# verdict of :func:`lossdocs.properties.classify`:
from lossdocs.properties import classify

for name, spec in specs.items():
    r = np.geomspace(1e-3, 1e3, 2001) * (spec.scale or 1.0)
    weight = spec.grad_of_residual(r) / r
    pull = weight * r
    falls = bool(np.any(np.diff(pull) < -1e-12 * pull.max()))
    print(
        say(
            "{name:>24}: w(r)|r| falls somewhere: {falls!s:>5}; convex:"
            " {convex}",
            name=name,
            falls=falls,
            convex=classify(spec).convex,
        )
    )

# %%
# Takeaway
# --------
# Every robust loss here gives an outlier at residual 10 far less weight than least squares
# does (ratio 1). The convex ones (Huber and Smooth L1, which are C¹, and pseudo-Huber and
# log-cosh, which are smooth) let the weight fall like L1's :math:`1/|r|` far out, so an
# outlier's pull stays constant; the redescending ones (every :math:`\alpha < 1`) let it fall
# faster, so the pull itself fades, and exactly there the loss stops being convex.
