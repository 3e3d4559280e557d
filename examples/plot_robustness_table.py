"""
Table 1, computed: robustness and stability of each loss
========================================================

The article's Table 1 says that L2 is "not very robust" with a "stable solution", and L1
"robust" with an "unstable solution". Here every cell is measured: each is a number from an
experiment in :mod:`lossdocs.experiments`, over many draws where the experiment is random,
with the verdict derived from it by a threshold stated below the table. Smooth L1 and Huber
are added, each at several widths (β, δ), because their verdicts depend on it.
"""

# %%
# The two measurements behind the article's verdicts
# --------------------------------------------------
# :func:`lossdocs.verdicts.robustness_stability_table` runs the experiments of the other
# gallery pages. Its two main columns are drawn here: the **pull** (how far a fitted line
# rises with 10% gross outliers, as a share of how far they raise the data's mean; see
# :ref:`the line-fit page <sphx_glr_auto_examples_plot_line_fit_outliers.py>`) against the
# **jump** (the largest slope change when one point moves a little; see
# :ref:`the sliding-datum page <sphx_glr_auto_examples_plot_l1_instability.py>`), each the
# median over draws. The dotted lines are the thresholds of the verdicts.
import matplotlib.pyplot as plt

from lossdocs.experiments import Loss
from lossdocs.verdicts import (
    ROBUST_PULL,
    STABLE_JUMP,
    robustness_stability_table,
)
from lossdocs.words import fill, say

table = robustness_stability_table()
losses = {
    loss.label: loss
    for loss in (
        Loss("L1"),
        Loss("L2"),
        *(Loss("Smooth L1", w) for w in (1.0, 1 / 3, 1 / 9)),
    )
}
markers = {"L1": "s", "L2": "D", 1.0: "o", 1 / 3: "^", 1 / 9: "v"}
fig, ax = plt.subplots(figsize=(7, 4.5))
for label, loss in losses.items():
    pull = table.cell(label, "robust to outliers")[0]
    jump = table.cell(label, "stable solution")[0]
    ax.scatter(
        jump,
        pull,
        s=80,
        color=loss.spec.color,
        marker=markers.get(loss.width, markers.get(loss.name)),
        label=label,
        zorder=3,
    )
ax.axhline(ROBUST_PULL, color="0.5", linestyle=":")
ax.axvline(STABLE_JUMP, color="0.5", linestyle=":")
ax.set(
    xscale="log",
    yscale="log",
    xlabel=say("jump: median largest slope change (lower is more stable)"),
    ylabel=say("pull at 10% outliers (lower is more robust)"),
    title=say("Table 1, measured: Huber (δ = w) sits on Smooth L1 (β = w)"),
)
ax.grid(alpha=0.3, which="both")
ax.legend(loc="center left", fontsize="small")
plt.show()

# %%
# The table
# ---------
# Each cell shows the verdict and, below it, the number.
table

# %%
# What each column measures
# -------------------------
# - **robust to outliers**: the median pull at 10% outliers.
# - **stable solution**: the median largest slope change when one point moves by one grid
#   step.
# - **unique minimiser**: the width of the set of best constants for ten normal draws. L1's
#   is the interval between the two middle values; Smooth L1 and Huber are unique here
#   because residuals fall inside their quadratic zone (with every residual outside it,
#   they too can have a whole interval of minimisers).
# - **bounded gradient** and **ψ → 0 near a zero residual**: ratios of gradient sizes,
#   from :ref:`the gradients page <sphx_glr_auto_examples_plot_gradients.py>`. The last
#   measures the derivative ψ next to a zero residual: whether the push fades as an error
#   vanishes.
#
# The same table as text, for copying:
for name, cells in table.rows.items():
    print(f"{name}:")
    for column, (value, verdict) in zip(table.columns, cells, strict=True):
        print(f"    {say(column)}: {value:.3g} ({say(verdict)})")

# %%
# Takeaway
# --------
for label in table.rows:
    robust = table.cell(label, "robust to outliers")[1]
    stable = table.cell(label, "stable solution")[1]
    print(
        say(
            "{label}: {robust} and {stable}.",
            label=label,
            robust=say(robust),
            stable=say(stable),
        )
    )
smooth = [loss for loss in losses.values() if loss.name == "Smooth L1"]
robust = [
    loss.label
    for loss in smooth
    if table.cell(loss.label, "robust to outliers")[1] == "robust"
]
unstable = [
    loss.label
    for loss in smooth
    if table.cell(loss.label, "stable solution")[1] == "unstable"
]
print(
    fill(
        say(
            "Smooth L1 is robust at {robust} of the {widths} widths"
            " measured; unstable at: {unstable}. Which of the article's"
            " columns it shares depends on β.",
            robust=len(robust),
            widths=len(smooth),
            unstable=say(", ").join(unstable) or say("none"),
        ),
        width=80,
    )
)
