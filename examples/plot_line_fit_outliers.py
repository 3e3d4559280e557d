"""
Fitting a line with outliers: how far each loss lets them pull
==============================================================

The article calls L1 robust: since L2 squares the errors, a single outlier pulls an L2 model
towards it at the cost of every other sample. This page fits a line under each loss while a
growing share of the points gets a gross error, and measures how far each fitted line moves.
"""

# %%
# The data and the fits at 10% outliers
# -------------------------------------
# Sixty points on :math:`y = 2 + 0.5 x` with a little noise; in each round a larger share of
# them (the same points, plus more) gets 50 added to :math:`y`.
# :func:`lossdocs.experiments.line_fit_robustness` fits every line with
# :func:`lossdocs.fitting.best_line`: L1 exactly, the others to 1e-10.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import line_fit_robustness

sweep = line_fit_robustness()
print("outlier fractions:", sweep.fractions)

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, fraction in zip(axes, [0.1, 0.3], strict=True):
    i = int(np.flatnonzero(np.isclose(sweep.fractions, fraction))[0])
    outliers = sweep.outlier_order[: round(fraction * sweep.x.size)]
    y = sweep.y.copy()
    y[outliers] += sweep.offset
    inlier = np.ones(sweep.x.size, dtype=bool)
    inlier[outliers] = False
    ax.scatter(sweep.x[inlier], y[inlier], s=12, color="0.4", label="data")
    ax.scatter(
        sweep.x[~inlier],
        y[~inlier],
        s=18,
        marker="x",
        color="0.1",
        label="outliers",
    )
    for name, spec in LOSSES.items():
        line = sweep.lines[name][i]
        ax.plot(
            sweep.x,
            line(sweep.x),
            color=spec.color,
            linestyle=spec.linestyle,
            linewidth=2,
            label=f"{name} (slope {line.slope:.2f})",
        )
    ax.set(
        xlabel="x",
        title=f"{fraction:.0%} of the points are outliers (+{sweep.offset:g})",
    )
    ax.legend(
        loc="center", bbox_to_anchor=(0.5, 0.6), fontsize="small", ncols=2
    )
axes[0].set_ylabel("y")
fig.suptitle("Lines fitted under each loss, with outliers")
fig.tight_layout()
plt.show()

# %%
# How far the line moves as outliers are added
# --------------------------------------------
# The shift is the root-mean-square distance between the line fitted with outliers and the
# same loss's line on the clean data. Least squares moves by about the outliers' average
# displacement; the robust losses hardly move.
fig, ax = plt.subplots(figsize=(7, 4.2))
for name, spec in LOSSES.items():
    ax.plot(
        sweep.fractions,
        sweep.shift[name],
        "o",
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=name,
    )
ax.plot(
    sweep.fractions,
    sweep.fractions * sweep.offset,
    color="0.6",
    linewidth=1,
    label="fraction × offset (all of the pull)",
)
ax.set(
    xlabel="fraction of points that are outliers",
    ylabel="shift of the fitted line",
    title="How far each loss's line moves as outliers are added",
)
ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
ax.grid(alpha=0.3)
ax.legend(loc="upper left")
plt.show()

# %%
# Takeaway
# --------
# The *pull* is the shift divided by fraction × offset: the share of the outliers'
# displacement that reaches the line.
for name in LOSSES:
    pulls = ", ".join(f"{p:.3f}" for p in sweep.pull[name][1:])
    print(
        f"{name:>9}: pull {pulls}  (fractions {', '.join(f'{f:g}' for f in sweep.fractions[1:])})"
    )
print(
    f"\nAt 10% outliers the L2 line passes on {sweep.pull['L2'][2]:.0%} of their displacement, "
    f"the L1 line {sweep.pull['L1'][2]:.1%} and the Smooth L1 line {sweep.pull['Smooth L1'][2]:.1%}."
)
