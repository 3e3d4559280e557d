"""
The robust family, measured: convexity, influence, minima
=========================================================

The computed Table 1 compared four losses. This table adds the robust family: pseudo-Huber,
log-cosh, and Barron's Cauchy, Geman-McClure and Welsch losses. Each cell is a number measured
by :func:`lossdocs.family.family_table` at the loss's own scale, with the verdict derived from
it; the figure shows what "several local minima" means for the best constant of one sample.
"""

# %%
# The table
# ---------
from lossdocs.family import family_table
from lossdocs.words import say

table = family_table()
table

# %%
# What the columns measure
# ------------------------
# - **convexity**: from the loss's closed form (:func:`lossdocs.properties.classify`); the
#   number is the least curvature it measures, 0 where the loss is or tends to linear.
# - **influence**: the exponent p of ``|gradient(r)| ~ r^p`` far beyond the scale: 1 for
#   L2 (unbounded), 0 when capped (bounded), negative when the pull falls off
#   (redescending), ``-inf`` when it falls faster than any power (Welsch).
# - **local minima** and **unique global minimiser**: the best constant for ten points in
#   two groups (six near 0, four near 8). A non-convex loss has a local minimum at each
#   group, but one of them is lower: the global minimiser is still unique.
# - **smoothness**: Smooth L1 and Huber are C¹ (their curvature jumps at the width).
for name, cells in table.rows.items():
    print(f"{name}:")
    for column, (value, verdict) in zip(table.columns, cells, strict=True):
        print(f"    {say(column)}: {value:.3g} ({say(verdict)})")

# %%
# Two local minima, one global minimiser
# --------------------------------------
# The summed loss of a constant, for the losses with two local minima, each minimum marked
# with its value.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import ROBUST_FAMILY
from lossdocs.family import SAMPLE, summed_loss_minima

several = [
    name
    for name, cells in table.rows.items()
    if cells[table.columns.index("local minima")][1] == "several"
]
constants = np.linspace(SAMPLE.min() - 1, SAMPLE.max() + 1, 1201)
fig, ax = plt.subplots(figsize=(6.2, 3.6), layout="constrained")
for name in several:
    spec = ROBUST_FAMILY[name]
    totals = spec.of_residual(constants[:, None] - SAMPLE).sum(axis=1)
    ax.plot(
        constants,
        totals,
        color=spec.color,
        linestyle=spec.linestyle,
        label=name,
    )
    minima, _, _ = summed_loss_minima(spec)
    for rank, (where, total) in enumerate(minima):
        marker = "o" if rank == 0 else "s"
        ax.plot(
            where, total, marker, color=spec.color, markerfacecolor="white"
        )
        ax.annotate(
            f"{total:.2f}",
            (where, total),
            textcoords="offset points",
            xytext=(6, -12),
            fontsize=8,
            color=spec.color,
        )
ax.plot(
    SAMPLE,
    np.zeros_like(SAMPLE),
    "|",
    color="black",
    markersize=10,
    label=say("the ten points"),
)
ax.set_xlabel(say("constant c"))
ax.set_ylabel(r"$\sum_i \rho(c - y_i)$")
ax.set_title(say("Two local minima (circle: the global one)"))
_ = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 0.07), fontsize=8)

# %%
# Takeaway
# --------
rows = table.rows
column = table.columns.index
convex_and_bounded = [
    name
    for name, cells in rows.items()
    if cells[column("convexity")][1] == "convex"
    and cells[column("influence")][1] == "bounded"
    and cells[column("unique global minimiser")][1] == "unique"
]
print(say("convex, bounded influence and a unique minimiser here:"))
print(", ".join(convex_and_bounded))
print(say("several local minima:"), ", ".join(several))

# %%
# No loss gets everything: bounded influence with convexity (Smooth L1, Huber, pseudo-Huber,
# log-cosh) still lets gross outliers pull a little; the redescending losses let that pull
# fall off, but give up convexity, and with it the guarantee that a local search from any
# start finds the global minimiser.
