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
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.experiments import Loss, convergence_speed, format_percent
from lossdocs.words import fill, say

speed = convergence_speed()
n_draws = speed.steps_to(speed.tolerances[0], "L1").n
print(
    say(
        "{n} points, {draws} draws, at most {steps} steps, rates {high:g}"
        " to {low:g}",
        n=speed.n_points,
        draws=n_draws,
        steps=speed.max_steps,
        high=speed.rates.max(),
        low=speed.rates.min(),
    )
)
drawn = [Loss("L1"), Loss("L2"), Loss("Smooth L1")]
for loss in drawn:
    for tolerance in speed.tolerances:
        steps = speed.steps_to(tolerance, loss)
        never = speed.never_share(tolerance, loss)
        finite = steps.values[np.isfinite(steps.values)]
        spread = (
            say(
                "median {median:.0f}, 5-95% {low:.0f} to {high:.0f}",
                median=steps.median,
                low=steps.low,
                high=steps.high,
            )
            if never == 0
            else say("never in {share} of draws", share=format_percent(never))
            + (
                say(
                    "; otherwise {low:.0f} to {high:.0f}",
                    low=finite.min(),
                    high=finite.max(),
                )
                if finite.size
                else ""
            )
        )
        print(
            say(
                "{label:>17} within {tolerance:g}: {spread}",
                label=loss.label,
                tolerance=tolerance,
                spread=spread,
            )
        )

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
                say("never:\n{share}", share=format_percent(never, 0)),
                (x, budget * 1.3),
                ha="center",
                fontsize="x-small",
            )
ax.axhline(budget, color="0.5", linestyle=":")
ax.set(
    xticks=np.arange(len(speed.tolerances)),
    xticklabels=[say("within {t:g}", t=t) for t in speed.tolerances],
    yscale="log",
    ylim=(None, budget * 3),
    ylabel=say("gradient-descent steps (best fixed rate)"),
    title=say("Steps to the optimal parameters, over {n} draws", n=n_draws),
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
    say(
        "To within {loose:g}, L2 needs a median {l2:.0f} steps"
        " ({l2_low:.0f} to {l2_high:.0f}) and L1 {l1:.0f}"
        " ({l1_low:.0f} to {l1_high:.0f}).",
        loose=loose,
        l2=l2.median,
        l2_low=l2.low,
        l2_high=l2.high,
        l1=l1.median,
        l1_low=l1.low,
        l1_high=l1.high,
    )
)
l2_tight = speed.steps_to(tight, "L2")
print(
    fill(
        say(
            "To within {tight:g}, L2 needs {median:.0f} ({low:.0f} to"
            " {high:.0f}); L1 never gets there within {budget} steps in"
            " {share} of draws: the fixed step that L1 cannot shrink is what"
            " costs it.",
            tight=tight,
            median=l2_tight.median,
            low=l2_tight.low,
            high=l2_tight.high,
            budget=budget,
            share=format_percent(speed.never_share(tight, "L1")),
        ),
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
