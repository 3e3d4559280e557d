"""
Gradient descent with a fixed and a decaying learning rate
==========================================================

The article argues (and refers to a figure it does not contain) that with a fixed learning
rate L1 keeps overshooting the optimum, because its gradient has the same size however small
the error, while L2's gradient shrinks near the optimum so that it settles; that L2's steps are
huge when the error is large; and that a learning rate that decays fixes L1. This page runs
gradient descent on one residual, starting at an error of 5, and shows the missing figure.
"""

# %%
# The runs
# --------
# :func:`lossdocs.experiments.descent_runs` minimises each loss of a single residual (the
# optimum is 0) with :func:`lossdocs.fitting.gradient_descent`, under three learning-rate
# schedules: fixed at 0.3, fixed at 1.05, and 0.3 shrinking by 5% a step.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import SCHEDULES, descent_runs

runs = descent_runs()
print(
    f"{'loss':>9} {'schedule':>22} {'first step':>11} {'final error':>12} {'last 20 steps':>14}"
)
for (name, schedule), run in runs.items():
    print(
        f"{name:>9} {schedule:>22} {run.first_step:11.3g} {run.final_error:12.3g} "
        f"{run.late_amplitude:14.3g}"
    )

# %%
# The trajectories
# ----------------
# Each panel shows the distance to the optimum, :math:`|x_t|`, on a log scale. Huber with
# :math:`\delta = 1` follows exactly the same path as Smooth L1 with :math:`\beta = 1` (its
# gradient is identical), so it is not drawn. Distances below 1e-12 are drawn at 1e-12.
fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharey=True)
floor = 1e-12
for ax, schedule in zip(axes, SCHEDULES, strict=True):
    for name in ("L1", "L2", "Smooth L1"):
        spec, run = LOSSES[name], runs[name, schedule]
        ax.semilogy(
            np.maximum(np.abs(run.trajectory), floor),
            color=spec.color,
            linestyle=spec.linestyle,
            linewidth=2,
            label=name,
        )
    ax.set(
        xlabel="step",
        title=f"learning rate: {schedule}",
        ylim=(floor / 2, 1e6),
    )
    ax.grid(alpha=0.3)
axes[0].set_ylabel("distance to the optimum |x|")
axes[0].legend(loc="lower left")
fig.suptitle("Gradient descent from an error of 5 under each loss")
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
l1, l2, smooth = (
    runs[name, "fixed 0.3"] for name in ("L1", "L2", "Smooth L1")
)
print(
    f"Fixed rate 0.3: L1 ends up bouncing around the optimum at a distance of up to "
    f"{l1.late_amplitude:.2f}, while L2 and Smooth L1 reach {l2.final_error:.0e} and "
    f"{smooth.final_error:.0e}."
)
l2_big, l1_big, smooth_big = (
    runs[name, "fixed 1.05"] for name in ("L2", "L1", "Smooth L1")
)
print(
    f"Fixed rate 1.05: L2's first step is {l2_big.first_step:g} (twice the rate times the "
    f"error) and it diverges to {l2_big.final_error:.3g}; L1 bounces with amplitude "
    f"{l1_big.late_amplitude:.2f}; Smooth L1 converges to {smooth_big.final_error:.0e}."
)
decaying = list(SCHEDULES)[2]
print(
    f"Decaying rate: L1 now converges, to {runs['L1', decaying].final_error:.1e}; the price is "
    f"that Smooth L1, whose own steps already shrink, slows down (final error "
    f"{runs['Smooth L1', decaying].final_error:.2f})."
)

# %%
# On this one-dimensional problem L2 diverges because the rate exceeds 1 (its curvature is 2),
# whatever the starting error; a large error alone makes the first step large, not the run
# unstable. In a real network, large errors from a few samples do produce large, erratic
# steps, which is the "gradient explosion" the article means.
