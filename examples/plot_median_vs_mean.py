"""
When every loss fails: 90% of targets at 150, 10% between 0 and 30
==================================================================

The article warns that neither L1 nor L2 is always right: when 90% of the targets are 150 and
10% lie between 0 and 30, a model trained with L1 may predict 150 for everything, and one
trained with L2, it says, gives many predictions between 0 and 30. The best *constant*
prediction shows what each loss does: under L1 it is the median, under L2 the mean. This
page computes where each loss lands. The data are fixed, not drawn, so there is nothing to
repeat over seeds.
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
from lossdocs.words import fill, say

result = median_vs_mean()
targets = result.targets
majority = say("the {value:g}s", value=result.majority[0])
minority = say(
    "the values in [{low:g}, {high:g}]",
    low=result.minority.min(),
    high=result.minority.max(),
)
for loss in result.losses:
    print(
        say(
            "{label:>13}: predicts {p:.3f}; mean error on {majority}"
            " {major:.2f},\n{pad:>13}  on {minority} {minor:.2f}",
            label=loss.label,
            p=result.prediction(loss),
            majority=majority,
            major=result.majority_error(loss),
            pad="",
            minority=minority,
            minor=result.minority_error(loss),
        )
    )

# %%
# The targets and where each loss lands
# -------------------------------------
# Left: the targets, with each loss's best constant. Right: each summed loss as a function
# of the constant, divided by its minimum so that the four fit on one axis; the range runs
# from a little below the lowest best constant to a little above the majority.
predictions = [result.prediction(name) for name in LOSSES]
low, high = min(predictions), float(result.majority.max())
margin = 0.25 * (high - low)
constants = np.linspace(low - margin, high + margin, 601)
# One bin per step between the minority's evenly spread values.
bin_width = float(np.diff(result.minority).min())
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.hist(
    targets,
    bins=np.arange(targets.min(), targets.max() + 2 * bin_width, bin_width),
    color="0.75",
    label=say("targets"),
    log=True,
)
right.axhline(1, color="0.6", linewidth=0.8)
for name, spec in LOSSES.items():
    style = {"color": spec.color, "linestyle": spec.linestyle, "linewidth": 2}
    left.axvline(result.prediction(name), label=name, **style)
    totals = np.array([spec.of_residual(c - targets).sum() for c in constants])
    right.plot(constants, totals / totals.min(), label=name, **style)
left.set(
    xlabel=say("target"),
    ylabel=say("count (log scale)"),
    title=say("Targets and the best constant prediction"),
)
left.legend(loc="upper left")
right.set(
    xlabel=say("constant prediction"),
    ylabel=say("summed loss / its minimum"),
    ylim=(0.95, 2),
    title=say("Each loss as a function of the constant"),
)
right.legend(loc="upper left")
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
median, mean = result.prediction("L1"), result.prediction("L2")
smooth = result.prediction("Smooth L1")
print(
    fill(
        say(
            "L1 predicts the median, {median:g}: exact for {share:.0%} of"
            " the targets, off by {error:.1f} on average for the rest.",
            median=median,
            share=result.is_majority.mean(),
            error=result.minority_error("L1"),
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "L2 predicts the mean, {mean:g}: off by {major:.1f} for"
            " {majority}, and still off by {minor:.1f} for {minority}. It"
            " does not predict values between {low:g} and {high:g}, as the"
            " source says: a constant model cannot.",
            mean=mean,
            major=result.majority_error("L2"),
            majority=majority,
            minor=result.minority_error("L2"),
            minority=minority,
            low=result.minority.min(),
            high=result.minority.max(),
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "Smooth L1 (β = 1) predicts {smooth:.2f}, next to the median:"
            " with residuals this large it behaves like L1.",
            smooth=smooth,
        ),
        width=80,
    )
)

# %%
# Neither constant is a good model of these data: the real fix is a model that can tell
# the two groups apart (or a loss chosen for the quantity you need: the median, the mean,
# or a quantile). The loss only decides which compromise a model that cannot tell them
# apart makes.
#
# The same best constant in PyTorch (not run here), for Smooth L1:
#
# .. code-block:: python
#
#    import torch
#
#    targets = torch.tensor(result.targets)
#    c = torch.zeros((), requires_grad=True)
#    optimiser = torch.optim.Adam([c], lr=1.0)
#    for _ in range(2000):
#        optimiser.zero_grad()
#        loss = torch.nn.functional.smooth_l1_loss(
#            c.expand_as(targets), targets, beta=1.0, reduction="sum"
#        )
#        loss.backward()
#        optimiser.step()
