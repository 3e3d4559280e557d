"""
When every loss fails: 90% of targets at 150, 10% between 0 and 30
==================================================================

The article warns that neither L1 nor L2 is always right: when 90% of the targets are 150 and
10% lie between 0 and 30, a model trained with L1 may predict 150 for everything, and one
trained with L2 is pulled towards the small values. The best *constant* prediction shows why:
under L1 it is the median, under L2 the mean. This page computes where each loss lands.
"""

# %%
# The best constant under each loss
# ---------------------------------
# :func:`lossdocs.experiments.median_vs_mean` finds the exact minimiser of each summed loss
# with :func:`lossdocs.fitting.best_constant`.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import median_vs_mean

result = median_vs_mean()
targets = result.targets
for name, fit in result.best.items():
    print(
        f"{name:>9}: predicts {fit.value:8.3f};  mean error on the 150s "
        f"{result.majority_error[name]:6.2f}, on the small values {result.minority_error[name]:6.2f}"
    )

# %%
# The targets and where each loss lands
# -------------------------------------
# Left: the targets, with each loss's best constant. Right: each summed loss as a function of
# the constant, divided by its minimum so that the four fit on one axis.
constants = np.linspace(100, 160, 601)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.hist(
    targets,
    bins=np.arange(-2.5, 160, 5),
    color="0.75",
    label="targets",
    log=True,
)
right.axhline(1, color="0.6", linewidth=0.8)
for name, spec in LOSSES.items():
    value = result.best[name].value
    left.axvline(
        value,
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=name,
    )
    totals = np.array([spec.of_residual(c - targets).sum() for c in constants])
    right.plot(
        constants,
        totals / totals.min(),
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=name,
    )
left.set(
    xlabel="target",
    ylabel="count (log scale)",
    ylim=(0.5, 300),
    title="Targets and the best constant prediction",
)
left.legend(loc="upper left")
right.set(
    xlabel="constant prediction",
    ylabel="summed loss / its minimum",
    ylim=(0.9, 3),
    title="Each loss as a function of the constant",
)
right.legend(loc="upper left")
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
median, mean = result.best["L1"].value, result.best["L2"].value
smooth = result.best["Smooth L1"].value
print(
    f"L1 predicts the median, {median:g}: exact for 90% of the targets, off by "
    f"{result.minority_error['L1']:.1f} on average for the rest.\n"
    f"L2 predicts the mean, {mean:g}: off by {result.majority_error['L2']:.1f} for 90% of the "
    f"targets, and still off by {result.minority_error['L2']:.1f} for the rest.\n"
    f"Smooth L1 (beta = 1) predicts {smooth:.3f}, next to the median: with residuals this large, "
    f"it behaves like L1."
)

# %%
# Neither constant is a good model of these data: the real fix is a model that can tell the
# two groups apart (or a loss chosen for the quantity you need: the median, the mean, or a
# quantile). The loss only decides which compromise a model that cannot tell them apart makes.
