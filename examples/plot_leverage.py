"""
Leverage: robust losses resist outliers in y, not in x
======================================================

L1, Huber and Smooth L1 bound how hard one residual can pull, and so they shrug off a bad
target. They do nothing about a bad input. A single point far out along :math:`x` (a point of
high *leverage*) tilts their lines as much as it tilts the least-squares line. This page fits
all four losses to the same clean data plus one bad point, placed once in the middle of the
inputs and once ten times their range away, over many seeds.
"""

# %%
# One seed, drawn
# ---------------
# Twenty clean points follow :math:`y = 2 + 0.5 x` with noise of sd 0.5, :math:`x` in
# [0, 10]. One bad point lies 50 below the true line: at the middle of the inputs (left) or
# far out at :math:`x = 100` (right). Each line is :func:`lossdocs.fitting.best_line`; the
# numbers come from :func:`lossdocs.leverage.leverage_tilt`. Huber with δ = 1 and Smooth L1
# with β = 1 are the same loss, so their lines coincide.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.leverage import SLOPE, leverage_tilt
from lossdocs.words import fill, pad, say

tilt = leverage_tilt()
titles = {
    "y": say("Bad target at the middle of the inputs"),
    "x": say("Bad point far out, at x = {x:g}", x=tilt.x_far),
}
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
for ax, (where, example) in zip(axes, tilt.example.items(), strict=True):
    x, y = example["x"], example["y"]
    ax.scatter(x[:-1], y[:-1], s=14, color="0.5", label=say("clean points"))
    ax.scatter(
        x[-1], y[-1], s=60, marker="X", color="k", label=say("bad point")
    )
    grid = np.linspace(x.min(), x.max(), 2)
    for name, spec in LOSSES.items():
        ax.plot(
            grid,
            example["lines"][name](grid),
            color=spec.color,
            linestyle=spec.linestyle,
            linewidth=2,
            label=name,
        )
    ax.set(title=titles[where], xlabel="x", ylabel="y")
    ax.grid(alpha=0.3)
axes[0].legend(loc="lower right", fontsize="small")
fig.tight_layout()
plt.show()

# %%
# Over many seeds
# ---------------
# The slope error (fitted minus true slope, 0.5) of each loss over
# the seeds, for each place of the bad point. With the bad target in the middle, the robust
# lines stay on the clean points, while L2's slope scatters: the bad point pulls it in proportion
# to its distance from the mean of the inputs, which varies from seed to seed. With the bad point far out, all four errors pile up at the same value: each
# line swings to pass (nearly) through the bad point.
names = list(LOSSES)
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
for ax, where in zip(axes, ("y", "x"), strict=True):
    errors = [tilt.slope_error[where][name] for name in names]
    parts = ax.boxplot(
        errors,
        whis=(5, 95),
        showfliers=False,
        patch_artist=True,
        medianprops={"color": "k"},
    )
    for box, name in zip(parts["boxes"], names, strict=True):
        box.set(facecolor=LOSSES[name].color, alpha=0.5)
    ax.set_xticks(range(1, len(names) + 1), names)
    ax.axhline(0.0, color="0.4", linewidth=1)
    ax.set(title=titles[where])
    ax.grid(alpha=0.3, axis="y")
axes[0].set(ylabel=say("slope error (5%, 25%, 50%, 75%, 95%)"))
fig.tight_layout()
plt.show()

print(
    say(
        "Slope errors over {seeds} seeds of {n} clean points + 1 bad:",
        seeds=tilt.seeds,
        n=tilt.n,
    )
)
print(
    f"{pad(say('loss'), 10)}  {pad(say('bad target, middle'), 26)}"
    f"  {pad(say('bad point far out'), 26)}"
)
for name in names:
    cells = []
    for where in ("y", "x"):
        low, mid, high = np.percentile(
            tilt.slope_error[where][name], [5, 50, 95]
        )
        cells.append(
            say(
                "{mid:+.3f} ({low:+.3f} to {high:+.3f})",
                mid=mid,
                low=low,
                high=high,
            )
        )
    print(f"{name:>10}  {pad(cells[0], 26)}  {pad(cells[1], 26)}")

far = {name: np.median(tilt.slope_error["x"][name]) for name in names}
print(
    fill(
        say(
            "With one point at x = {x:g}, the median slope error is"
            " {l2:+.3f} for L2 and between {low:+.3f} and {high:+.3f} for"
            " all four losses: the true slope is {slope}, so every line has"
            " lost it.",
            x=tilt.x_far,
            l2=far["L2"],
            low=min(far.values()),
            high=max(far.values()),
            slope=SLOPE,
        ),
        width=80,
    )
)

# %%
# Why
# ---
# A loss bounds the pull of a residual :math:`r_i` on the fit through :math:`\psi(r_i)`, but
# the pull on the slope is :math:`\psi(r_i)\,x_i`. A point at :math:`x = 100` multiplies even a
# bounded :math:`\psi` by 100, so it outweighs the twenty clean points together; the fit
# lowers its residual until that balance is restored, which means nearly passing through it.
# The :ref:`breakdown page <sphx_glr_auto_examples_plot_breakdown.py>` measures how many such
# points each fit takes, and what resists.
#
# The same losses in PyTorch
# --------------------------
# The losses are PyTorch's; the leverage problem is the same there.
#
# .. code-block:: python
#
#     import torch.nn.functional as F
#
#     pred = a + b * x
#     loss = F.huber_loss(pred, y, delta=1.0)  # or l1_loss, smooth_l1_loss, mse_loss
#
# Takeaway
# --------
# A robust loss protects against bad targets only. For bad inputs, clean or down-weight them
# by their leverage, or use a fit built for it (next page).
