"""
The L1 line can jump: moving one datum sideways
===============================================

The article's second sense of stability: slide one data point a little along :math:`x`, and
the L1 (least absolute deviations) line can jump to a different position, while the L2 line
only moves a little, because its parameters are continuous functions of the data. This page
slides one point across the plot, refits every loss at each position, and measures the largest
change of slope for a tiny move.
"""

# %%
# The slope as one datum moves
# ----------------------------
# :func:`lossdocs.experiments.l1_instability` refits each loss at 201 positions of the moved
# point, then bisects the largest change of slope down to a bracket 1e-9 wide. A continuous
# slope changes less and less across a narrower bracket; a jump does not.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import l1_instability
from lossdocs.fitting import best_line

scan = l1_instability()
print(
    f"{scan.x.size} points; point {scan.moved} (y = {scan.y[scan.moved]:.2f}) moves along x"
)
for name in LOSSES:
    print(
        f"{name:>9}: largest slope change {scan.coarse_jump[name]:.2e} over a step of "
        f"{scan.coarse_width:g}, {scan.fine_jump[name]:.2e} over {scan.fine_width:g} "
        f"(at x = {scan.jump_position[name]:.6f})"
    )

# %%
fig, ax = plt.subplots(figsize=(7, 4.2))
for name, spec in LOSSES.items():
    ax.plot(
        scan.positions,
        scan.slopes[name],
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=name,
    )
jump_at = scan.jump_position["L1"]
before, after = scan.lines_at_jump["L1"]
ax.annotate(
    f"L1 jumps by {scan.fine_jump['L1']:.2f}\nfor a move of {scan.fine_width:g}",
    xy=(jump_at, 0.5 * (before.slope + after.slope)),
    xytext=(0.35, 0.2),
    textcoords="axes fraction",
    arrowprops={"arrowstyle": "->"},
)
ax.set(
    xlabel="x position of the moved point",
    ylabel="fitted slope",
    title="Fitted slope as one point slides along x",
)
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
plt.show()

# %%
# The two L1 lines either side of the jump
# ----------------------------------------
# Just before and just after the jump, the two L1 lines have the same summed absolute error
# (to the width of the bracket): at the jump itself both are optimal, and so is every line
# between them. That is the article's "many solutions spanning a region".
others = np.arange(scan.x.size) != scan.moved
moved_x = scan.x.copy()
moved_x[scan.moved] = jump_at
l2_at_jump = best_line(moved_x, scan.y, "L2")
fig, ax = plt.subplots(figsize=(7, 4.2))
ax.scatter(scan.x[others], scan.y[others], s=20, color="0.4", label="data")
ax.scatter(
    [jump_at],
    [scan.y[scan.moved]],
    s=80,
    facecolors="none",
    edgecolors="black",
    label=f"moved point, at x = {jump_at:.4f}",
)
ax.scatter(
    scan.x[scan.moved],
    scan.y[scan.moved],
    s=20,
    marker="x",
    color="0.6",
    label="its original position",
)
grid = scan.positions
ax.plot(
    grid,
    before(grid),
    color=LOSSES["L1"].color,
    linewidth=2,
    label=f"L1 just before: slope {before.slope:.3f}",
)
ax.plot(
    grid,
    after(grid),
    color=LOSSES["L1"].color,
    linewidth=2,
    linestyle=":",
    label=f"L1 just after: slope {after.slope:.3f}",
)
ax.plot(
    grid,
    l2_at_jump(grid),
    color=LOSSES["L2"].color,
    linestyle=LOSSES["L2"].linestyle,
    label=f"L2 at the same position: slope {l2_at_jump.slope:.3f}",
)
ax.set(
    xlabel="x",
    ylabel="y",
    title="The L1 line just before and just after the jump",
)
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# Takeaway
# --------
print(
    f"Moving one point by {scan.fine_width:g} changes the L1 slope by {scan.fine_jump['L1']:.3f}; "
    f"the L2 slope by at most {scan.fine_jump['L2']:.1e} and the Smooth L1 slope by "
    f"{scan.fine_jump['Smooth L1']:.1e}.\n"
    f"Either side of the jump, the two L1 lines' summed absolute errors are "
    f"{before.objective:.9f} and {after.objective:.9f}: a tie, so the minimiser is not unique there."
)
