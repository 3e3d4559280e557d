"""
Table 1, computed: robustness and stability of each loss
========================================================

The article's Table 1 says that L2 is "not very robust" with a "stable solution", and L1
"robust" with an "unstable solution". Here every cell is measured: each is a number from an
experiment in :mod:`lossdocs.experiments`, with the verdict derived from it by a threshold
stated below the table. Smooth L1 and Huber are added.
"""

# %%
# The table
# ---------
# :func:`lossdocs.verdicts.robustness_stability_table` runs the experiments of the other
# gallery pages (the line fit with outliers, the sliding datum) and a few direct
# measurements of each gradient. Each cell shows the verdict and, below it, the number.
from lossdocs.verdicts import robustness_stability_table

table = robustness_stability_table()
table

# %%
# What each column measures
# -------------------------
# - **robust to outliers**: the pull at 10% outliers from
#   :ref:`the line-fit page <sphx_glr_auto_examples_plot_line_fit_outliers.py>`, the share of
#   the outliers' displacement that reaches the fitted line.
# - **stable solution**: from :ref:`the sliding-datum page
#   <sphx_glr_auto_examples_plot_l1_instability.py>`, the largest slope change for a move of
#   1e-9 divided by the same for a grid step: near 1 for a jump, near 0 for a continuous slope.
# - **unique minimiser**: the width of the set of best constants for ten normal draws. L1's is
#   the interval between the two middle values; Smooth L1 and Huber are unique here because
#   residuals fall inside their quadratic zone (with every residual outside it, they too can
#   have a whole interval of minimisers).
# - **bounded gradient** and **gradient vanishes at the optimum**: ratios of gradient sizes,
#   from :ref:`the gradients page <sphx_glr_auto_examples_plot_gradients.py>`.
#
# The same table as text, for copying:
print(table)

# %%
# Takeaway
# --------
verdicts = {
    name: [verdict for _, verdict in cells]
    for name, cells in table.rows.items()
}
for name in ("L1", "L2", "Smooth L1"):
    robust, stable = verdicts[name][0], verdicts[name][1]
    print(f"{name}: {robust} and {stable}")
print(
    "The article's verdicts for L1 and L2 come out of the measurements; Smooth L1 gets both."
)
