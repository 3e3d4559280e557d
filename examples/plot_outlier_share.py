"""
One outlier among ten predictions: its share of the loss and of the gradient
============================================================================

The article's box-regression example: the true value is 1, nine predictions are close to it
and one is 1000. It says that under L2 the loss is dominated by the 1000. This page measures
that share for each loss, and also the outlier's share of the *gradient*, which is what
actually moves a model during training, on many draws of the nine good predictions.
"""

# %%
# The measurement
# ---------------
# :func:`lossdocs.experiments.outlier_shares` computes, for each loss, the outlier's loss
# over the summed loss, and the size of its gradient over the summed sizes of all ten
# gradients, on each of many draws of the nine good predictions. Smooth L1 and Huber are
# measured at several widths (β, δ), since the share depends on them.
import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter

from lossdocs.experiments import Loss, format_percent, outlier_shares
from lossdocs.words import fill, pad, say

shares = outlier_shares()
draw = shares.predictions[0]
print(say("one draw of the predictions:"))
print(", ".join(f"{p:.2f}" for p in draw))
print(
    f"{pad(say('loss'), 19)}  {pad(say('loss share (median)'), 19)}"
    f"  {say('gradient share (median, 5-95%)')}"
)
for loss in shares.losses:
    grad = shares.grad_share(loss)
    print(
        say(
            "{label:>19}  {loss:>19}  {grad:>7} ({low} to {high})",
            label=loss.label,
            loss=format_percent(shares.loss_share(loss).median),
            grad=format_percent(grad.median),
            low=format_percent(grad.low),
            high=format_percent(grad.high),
        )
    )

# %%
# The gradient share over all draws
# ---------------------------------
# Each box spans the middle half of the draws, its whiskers 5% to 95%. Huber with δ = w has
# Smooth L1 (β = w)'s gradient times w, so the same shares; only Smooth L1 is drawn.
drawn = [
    loss for loss in shares.losses if loss.name in ("L1", "L2", "Smooth L1")
]
fig, ax = plt.subplots(figsize=(8, 3.8))
boxes = ax.boxplot(
    [shares.grad_share(loss).values for loss in drawn],
    orientation="horizontal",
    whis=(5, 95),
    showfliers=False,
    patch_artist=True,
    tick_labels=[loss.label for loss in drawn],
)
for patch, loss in zip(boxes["boxes"], drawn, strict=True):
    patch.set(facecolor=loss.spec.color, alpha=0.5)
ax.invert_yaxis()
ax.xaxis.set_major_formatter(PercentFormatter(1.0))
ax.set(
    xlabel=say(
        "share of the summed gradient sizes that comes from the outlier"
    ),
    title=say(
        "The outlier's share of the gradient, over {n} draws",
        n=shares.grad_share("L1").n,
    ),
)
ax.grid(alpha=0.3, axis="x")
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
# Under every loss the outlier dominates the *loss*: a residual of 999 is much larger than
# nine residuals of about 0.1. The losses differ in the *gradient*.
l2, l1 = shares.grad_share("L2"), shares.grad_share("L1")
smooth = shares.grad_share(Loss("Smooth L1", 1.0))
narrow = shares.grad_share(Loss("Smooth L1", 1 / 9))
print(
    fill(
        say(
            "Under L2 the outlier supplies {share} of the gradient (median"
            " over draws): training follows it.",
            share=format_percent(l2.median),
        ),
        width=80,
    )
)
print(
    say(
        "Under L1 it supplies {share} in every draw, one vote among ten.",
        share=format_percent(l1.median),
    )
)
print(
    fill(
        say(
            "Under Smooth L1 with β = 1 it still supplies a median {share}"
            " ({low} to {high}): its gradient is capped at 1, but the nine"
            " good predictions sit in the quadratic zone, where their"
            " gradients are small.",
            share=format_percent(smooth.median),
            low=format_percent(smooth.low),
            high=format_percent(smooth.high),
        ),
        width=80,
    )
)
print(
    say(
        "A narrower β = 1/9 brings it down to {share}, closer to L1.",
        share=format_percent(narrow.median),
    )
)
