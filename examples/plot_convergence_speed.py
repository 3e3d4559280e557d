"""
Does L2 converge faster than L1? A small, honest check
======================================================

The article says most CNNs use L2 because it converges faster than L1. A claim about CNNs
cannot be checked on a toy problem, but a narrower one can: on a small, clean regression,
with each loss given its best fixed learning rate, how many gradient-descent steps does each
need to bring the fitted parameters within a tolerance of its own optimum? One draw of the
data can mislead (on one draw, merely drawing the inputs and the noise in the other order
changed L1's count several-fold), so the check is repeated on many draws.
"""

# %%
# The check
# ---------
# :func:`lossdocs.experiments.convergence_speed` fits a line to clean points by gradient
# descent on the mean loss, tries fixed learning rates from 1 down to 1/256 for each loss,
# and counts the steps until the parameters (intercept, slope) come, and stay, within each
# tolerance (Euclidean distance) of the loss's exact optimum; the best rate counts. A run
# that enters only in the last tenth of the budget counts as never. Huber
# (δ = 1) has Smooth L1's (β = 1) gradient, so the same counts.
import textwrap

import matplotlib.pyplot as plt
import numpy as np

from lossdocs.experiments import Loss, convergence_speed, format_percent

speed = convergence_speed()
n_draws = speed.steps_to(speed.tolerances[0], "L1").n
print(
    f"{speed.n_points} points, {n_draws} draws, at most {speed.max_steps}"
    f" steps, rates {speed.rates.max():g} to {speed.rates.min():g}"
)
drawn = [Loss("L1"), Loss("L2"), Loss("Smooth L1")]
for loss in drawn:
    for tolerance in speed.tolerances:
        steps = speed.steps_to(tolerance, loss)
        never = speed.never_share(tolerance, loss)
        finite = steps.values[np.isfinite(steps.values)]
        spread = (
            f"median {steps.median:.0f}, 5-95% {steps.low:.0f} to"
            f" {steps.high:.0f}"
            if never == 0
            else f"never in {format_percent(never)} of draws"
            + (
                f"; otherwise {finite.min():.0f} to {finite.max():.0f}"
                if finite.size
                else ""
            )
        )
        print(f"{loss.label:>17} within {tolerance:g}: {spread}")

# %%
# The steps over all draws
# ------------------------
# One box per loss and tolerance (middle half of the draws; whiskers 5% to 95%). Draws
# that never got there within the budget are drawn at the budget, above the dotted line,
# and counted in the label.
budget = speed.max_steps
fig, ax = plt.subplots(figsize=(9, 4.4))
width = 0.25
for k, loss in enumerate(drawn):
    positions = np.arange(len(speed.tolerances)) + (k - 1) * width
    data = [
        np.minimum(speed.steps_to(t, loss).values, budget * 1.2)
        for t in speed.tolerances
    ]
    boxes = ax.boxplot(
        data,
        positions=positions,
        widths=width * 0.8,
        whis=(5, 95),
        showfliers=False,
        patch_artist=True,
    )
    for patch in boxes["boxes"]:
        patch.set(facecolor=loss.spec.color, alpha=0.6)
    ax.plot([], [], "s", color=loss.spec.color, label=loss.label)
    for x, t in zip(positions, speed.tolerances, strict=True):
        never = speed.never_share(t, loss)
        if never:
            ax.annotate(
                f"never:\n{format_percent(never, 0)}",
                (x, budget * 1.3),
                ha="center",
                fontsize="x-small",
            )
ax.axhline(budget, color="0.5", linestyle=":")
ax.set(
    xticks=np.arange(len(speed.tolerances)),
    xticklabels=[f"within {t:g}" for t in speed.tolerances],
    yscale="log",
    ylim=(None, budget * 3),
    ylabel="gradient-descent steps (best fixed rate)",
    title=f"Steps to the optimal parameters, over {n_draws} draws",
)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
loose, tight = speed.tolerances[0], speed.tolerances[-1]
l1, l2 = speed.steps_to(loose, "L1"), speed.steps_to(loose, "L2")
print(
    f"To within {loose:g}, L2 needs a median {l2.median:.0f} steps"
    f" ({l2.low:.0f} to {l2.high:.0f}) and L1 {l1.median:.0f}"
    f" ({l1.low:.0f} to {l1.high:.0f})."
)
l2_tight = speed.steps_to(tight, "L2")
print(
    textwrap.fill(
        f"To within {tight:g}, L2 needs {l2_tight.median:.0f}"
        f" ({l2_tight.low:.0f}"
        f" to {l2_tight.high:.0f}); L1 never gets there within {budget}"
        " steps in"
        f" {format_percent(speed.never_share(tight, 'L1'))} of draws: the"
        " fixed step that L1 cannot shrink is what costs it.",
        width=80,
    )
)

# %%
# What this shows, and what it does not: with a fixed rate, L2 (and Smooth L1) converge
# geometrically while L1 needs many more steps, which supports the article's reasoning
# about the gradient. It does not show that L2 trains CNNs faster, that it gives a better
# model, or anything about adaptive optimisers such as Adam, which rescale the gradient.
#
# The same fit in PyTorch (not run here), for L1 with a fixed rate:
#
# .. code-block:: python
#
#    import torch
#
#    x = torch.rand(100) * 2 - 1
#    y = 1 + 2 * x + torch.randn(100)
#    params = torch.zeros(2, requires_grad=True)
#    optimiser = torch.optim.SGD([params], lr=0.25)
#    for _ in range(2000):
#        optimiser.zero_grad()
#        loss = torch.nn.functional.l1_loss(params[0] + params[1] * x, y)
#        loss.backward()
#        optimiser.step()
