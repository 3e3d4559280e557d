"""
The loss curves: L1, L2 and Smooth L1
=====================================

The source article's Figure 1 plots the three losses against the residual
:math:`x = \\text{prediction} - \\text{target}`. This page first redraws that figure as the
article shows it, then a clearer version that marks where Smooth L1 changes from a parabola
to a line, and checks how Huber loss relates to it. Every curve is computed by :mod:`lossdocs`.
"""

# %%
# The article's Figure 1, redrawn
# -------------------------------
# The residual runs over :math:`[-2, 2]`. The two markers sit at :math:`(\pm 1, 0.5)`, where
# Smooth L1 (with :math:`\beta = 1`) switches from :math:`0.5 x^2` to :math:`|x| - 0.5`; the
# thin dotted line continues the outer branch, L1 shifted down by :math:`\beta / 2`, inside
# :math:`[-1, 1]`, to show that the parabola lies above it. Colours are the article's.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs import l1_loss, mse_loss, smooth_l1_loss
from lossdocs.catalog import LOSSES
from lossdocs.words import say

# sphinx_gallery_thumbnail_number = 2
beta = 1.0
residual = np.linspace(-2, 2, 401)
zero = np.zeros_like(residual)
l1 = l1_loss(residual, zero, reduction="none")
l2 = mse_loss(residual, zero, reduction="none")
smooth_l1 = smooth_l1_loss(residual, zero, reduction="none", beta=beta)

inside = np.abs(residual) <= beta
switch_points = np.array([-beta, beta])
switch_values = smooth_l1_loss(
    switch_points, np.zeros(2), reduction="none", beta=beta
)

fig, ax = plt.subplots(figsize=(6.4, 4.8))
ax.plot(residual, l2, color=LOSSES["L2"].color, linewidth=2, label="L2")
ax.plot(residual, l1, color=LOSSES["L1"].color, linewidth=2, label="L1")
ax.plot(
    residual,
    smooth_l1,
    color=LOSSES["Smooth L1"].color,
    linewidth=2,
    label="Smooth L1",
)
ax.plot(
    residual[inside],
    l1[inside] - beta / 2,
    color=LOSSES["Smooth L1"].color,
    linewidth=1,
    linestyle=":",
)
ax.scatter(switch_points, switch_values, s=80, color="red", zorder=3)
ax.set_ylabel(say("loss value"))
ax.grid(linestyle="-.")
# The article's legend sits at the upper right, over the L2 curve; here it sits
# in the empty space above the minimum.
ax.legend(loc="upper center")
ax.set_title(
    say("Figure 1 of the article: L1, L2 and Smooth L1 loss on [-2, 2]")
)
plt.show()

# %%
# A clearer version
# -----------------
# The same three losses over a wider range, each in the colour and line style it has on every
# page of this site, with the axes named. The band is the quadratic zone :math:`|x| < \beta`;
# the markers, now in Smooth L1's colour, are where it meets the linear zone. The dotted
# continuation is gone: the text below says what it was meant to show.
wide = np.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(7, 5), layout="constrained")
ax.axvspan(
    -beta,
    beta,
    color=LOSSES["Smooth L1"].color,
    alpha=0.08,
    label=r"$|x| < \beta$",
)
for name in ["L1", "L2", "Smooth L1"]:
    spec = LOSSES[name]
    ax.plot(
        wide,
        spec.of_residual(wide),
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=spec.name,
    )
ax.plot(
    switch_points,
    switch_values,
    "o",
    color=LOSSES["Smooth L1"].color,
    label=say("Smooth L1 switches branch"),
)
ax.set(
    xlabel=say(r"residual $x$ = prediction $-$ target"),
    ylabel=say(r"loss $\ell(x)$"),
    ylim=(-0.2, 6),
    title=say("L1, L2 and Smooth L1 loss (β = 1)"),
)
ax.grid(alpha=0.3)
# Below the axes, the legend hides no curve.
fig.legend(loc="outside lower center", ncols=3)
plt.show()

# %%
# Huber loss with :math:`\delta = 1` is the same curve as Smooth L1 with :math:`\beta = 1`
# (in general Huber with :math:`\delta` is :math:`\delta` times Smooth L1 with
# :math:`\beta = \delta`), which is why it is not drawn separately here. Computed on the
# grid above:
huber_gap = np.max(
    np.abs(
        LOSSES["Huber"].of_residual(wide)
        - LOSSES["Smooth L1"].of_residual(wide)
    )
)
print(say("largest |Huber - Smooth L1| on [-3, 3]: {gap:g}", gap=huber_gap))

# %%
# What the curves say
# -------------------
# Near zero Smooth L1 is half of L2; far from zero it runs parallel to L1, half a unit below.
# At a residual of 3 the losses are:
at_three = {
    name: float(spec.of_residual([3.0])[0]) for name, spec in LOSSES.items()
}
for name, value in at_three.items():
    print(f"{name:>9}: {value:g}")

# %%
# L2 charges :math:`x^2`, so a residual three times larger costs nine times more; L1 and
# Smooth L1 charge in proportion to it. Which matters when one residual is an outlier is the
# subject of the other pages of this gallery.
