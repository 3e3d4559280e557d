"""
The L1 line can jump: moving one datum sideways
===============================================

The article's second sense of stability: slide one data point a little along :math:`x`, and
the L1 (least absolute deviations) line can jump to a different position, while the L2 line
only moves a little, because its parameters are continuous functions of the data. This page
slides one point across the plot, refits every loss at each position, and measures the
largest change of slope, on many draws of the data. Smooth L1 is measured at several β: as
β shrinks it becomes L1, and so does its behaviour.
"""

# %%
# One draw: the slope as one datum moves
# --------------------------------------
# :func:`lossdocs.experiments.l1_instability` refits each loss exactly at evenly spaced
# positions of the moved point (the one with the largest :math:`y`). On the draw shown, it
# also bisects the largest change of slope down to a bracket 1e-9 wide: a continuous slope
# changes less and less across a narrower bracket; a jump does not.
import matplotlib.pyplot as plt

from lossdocs.experiments import Loss, l1_instability
from lossdocs.fitting import best_line
from lossdocs.words import fill, say

scan = l1_instability()
drawn = [loss for loss in scan.losses if loss.name != "Huber"]
dashes = {1.0: "-.", 1 / 3: "--", 1 / 9: ":"}
print(
    say(
        "{n} points, {draws} draws; positions {positions}, {step:g} apart",
        n=scan.x.shape[1],
        draws=scan.y.shape[0],
        positions=scan.positions.size,
        step=scan.step,
    )
)
for loss in drawn:
    print(
        say(
            "{label:>19} (one draw): largest slope change {jump:.4f} over"
            " {step:g},\n{pad:>19} {fine:.1e} over {width:g}",
            label=loss.label,
            jump=scan.jump(loss).first,
            step=scan.step,
            pad="",
            fine=scan.fine_jump[loss],
            width=scan.fine_width,
        )
    )

fig, ax = plt.subplots(figsize=(7.5, 4.4))
for loss in drawn:
    ax.plot(
        scan.positions,
        scan.slope(loss),
        color=loss.spec.color,
        linestyle=dashes.get(loss.width, loss.spec.linestyle),
        linewidth=2,
        label=loss.label,
    )
ax.set(
    xlabel=say("x position of the moved point"),
    ylabel=say("fitted slope"),
    title=say("One draw: fitted slope as one point slides along x"),
)
ax.grid(alpha=0.3)
ax.legend(loc="best", fontsize="small")
plt.show()

# %%
# The jump over all draws
# -----------------------
# For each draw, the largest change of slope between neighbouring positions. Boxes span
# the middle half of the draws, whiskers 5% to 95%.
fig, ax = plt.subplots(figsize=(7.5, 3.8))
boxes = ax.boxplot(
    [scan.jump(loss).values for loss in drawn],
    orientation="horizontal",
    whis=(5, 95),
    showfliers=False,
    patch_artist=True,
    tick_labels=[loss.label for loss in drawn],
)
for patch, loss in zip(boxes["boxes"], drawn, strict=True):
    patch.set(facecolor=loss.spec.color, alpha=0.5)
ax.invert_yaxis()
ax.set(
    xscale="log",
    xlabel=say("largest slope change for a move of {step:g}", step=scan.step),
    title=say("How far the slope jumps, over {n} draws", n=scan.y.shape[0]),
)
ax.grid(alpha=0.3, axis="x", which="both")
fig.tight_layout()
plt.show()

# %%
# The two L1 lines either side of the jump
# ----------------------------------------
# Just before and just after the jump, the two L1 lines have the same summed absolute
# error (to the width of the bracket): at the jump itself both are optimal, and so is every
# line between them. That is the article's "many solutions spanning a region".
l1 = Loss("L1")
jump_at = scan.jump_position[l1]
before, after = scan.lines_at_jump[l1]
x, y, moved = scan.x[0], scan.y[0], scan.moved[0]
l2_at_jump = best_line(scan.moved_x(jump_at), y, "L2")
others = x != x[moved]
fig, ax = plt.subplots(figsize=(7, 4.2))
ax.scatter(x[others], y[others], s=20, color="0.4", label=say("data"))
ax.scatter(
    [jump_at],
    [y[moved]],
    s=80,
    facecolors="none",
    edgecolors="black",
    label=say("moved point, at x = {x:.4f}", x=jump_at),
)
ax.scatter(
    x[moved],
    y[moved],
    s=20,
    marker="x",
    color="0.6",
    label=say("its original position"),
)
grid = scan.positions
color = l1.spec.color
ax.plot(
    grid,
    before(grid),
    color=color,
    linewidth=2,
    label=say("L1 just before: slope {s:.3f}", s=before.slope),
)
ax.plot(
    grid,
    after(grid),
    color=color,
    linewidth=2,
    linestyle=":",
    label=say("L1 just after: slope {s:.3f}", s=after.slope),
)
ax.plot(
    grid,
    l2_at_jump(grid),
    color=Loss("L2").spec.color,
    linestyle=Loss("L2").spec.linestyle,
    label=say("L2 at the same position: slope {s:.3f}", s=l2_at_jump.slope),
)
ax.set(
    xlabel="x", ylabel="y", title=say("One draw: the L1 line around the jump")
)
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# Takeaway
# --------
jumps = {loss: scan.jump(loss) for loss in drawn}
l2 = Loss("L2")
print(
    fill(
        say(
            "Moving one point by {step:g} changes the L1 slope by up to a"
            " median {median:.3f} (5-95% of draws: {low:.3f} to {high:.3f});"
            " the L2 slope by {l2:.4f}.",
            step=scan.step,
            median=jumps[l1].median,
            low=jumps[l1].low,
            high=jumps[l1].high,
            l2=jumps[l2].median,
        ),
        width=80,
    )
)
for width in (1.0, 1 / 9):
    loss = Loss("Smooth L1", width)
    kept = scan.continuity(loss)
    shape = (
        say(
            "a jump, as L1's: with few residuals inside its narrow quadratic"
            " zone a whole segment of lines can tie"
        )
        if kept > 0.5
        else say("a continuous change")
    )
    print(
        fill(
            say(
                "{label} changes by a median {median:.4f} (5-95%: {low:.4f}"
                " to {high:.4f}); on the draw shown, {kept:.0%} of its"
                " largest change remains over a move of {width:g}: {shape}.",
                label=loss.label,
                median=jumps[loss].median,
                low=jumps[loss].low,
                high=jumps[loss].high,
                kept=kept,
                width=scan.fine_width,
                shape=shape,
            ),
            width=80,
        )
    )
print(
    fill(
        say(
            "On the draw shown the L1 jump does not shrink with the move"
            " ({jump:.3f} over {width:g}), and the two L1 lines' summed"
            " absolute errors tie: {before:.6f} and {after:.6f}.",
            jump=scan.fine_jump[l1],
            width=scan.fine_width,
            before=before.objective,
            after=after.objective,
        ),
        width=80,
    )
)

# %%
# The same fit in PyTorch (not run here), for Smooth L1 with β = 1/9:
#
# .. code-block:: python
#
#    import torch
#
#    x, y = torch.tensor(scan.moved_x(5.0)), torch.tensor(scan.y[0])
#    params = torch.zeros(2, dtype=x.dtype, requires_grad=True)
#    optimiser = torch.optim.LBFGS([params], max_iter=500)
#
#    def closure():
#        optimiser.zero_grad()
#        fit = params[0] + params[1] * x
#        loss = torch.nn.functional.smooth_l1_loss(fit, y, beta=1 / 9)
#        loss.backward()
#        return loss
#
#    optimiser.step(closure)
