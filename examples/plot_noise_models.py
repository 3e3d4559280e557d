"""
Which loss is best depends on the noise
=======================================

L2 is the negative log-likelihood of Gaussian noise, and L1 that of Laplace noise; Huber's
loss is the negative log-likelihood of Huber's least-favourable distribution (Gaussian in the
middle, Laplace in the tails), which makes it the minimax choice when a share of the data are
gross errors. So "which loss?" becomes "what noise do I have?". This page draws samples from
four noise distributions, estimates their centre under each loss for a thousand seeds at
once, and compares how much the estimates scatter.
"""

# %%
# Four kinds of noise, a thousand samples each
# --------------------------------------------
# Every distribution is centred at 0 and scaled so that its middle half spans the same width
# as a standard normal's (the same interquartile range), so the comparison is about the
# shape of the tails, not the size of the noise. The contaminated Gaussian mixes 10% of
# values from a normal ten times wider.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.efficiency import huber_k, huber_location, mad
from lossdocs.words import fill, pad, say

rng = np.random.default_rng(0)
seeds, n = 1000, 100
share, wide = 0.10, 10.0
shape = (seeds, n)
contaminated = rng.normal(size=shape) * np.where(
    rng.random(shape) < share, wide, 1
)
raw = {
    "Gaussian": rng.normal(size=shape),
    "Laplace": rng.laplace(size=shape),
    "contaminated Gaussian": contaminated,
    "Student-t, 3 d.o.f.": rng.standard_t(3, size=shape),
}
# Rescale each to the interquartile range of the standard normal, measured on
# all of its values pooled (their MAD).
noise = {name: data / mad(data.ravel()) for name, data in raw.items()}

# %%
# The estimates
# -------------
# L2's best constant is the mean and L1's is the median (see
# :func:`lossdocs.fitting.best_constant`). Huber's is computed for all 1000 rows at once by
# :func:`lossdocs.efficiency.huber_location`, with the width chosen from each sample as a
# practitioner would: δ = 1.345 × the sample's MAD, for 95% efficiency if the noise were
# Gaussian.
k = huber_k(0.95)
estimates = {
    name: {
        "L2": data.mean(axis=1),
        "L1": np.median(data, axis=1),
        "Huber": huber_location(data, k * mad(data)),
    }
    for name, data in noise.items()
}

fig, axes = plt.subplots(1, len(noise), figsize=(11, 4), sharey=True)
for ax, (name, by_loss) in zip(axes, estimates.items(), strict=True):
    parts = ax.boxplot(
        list(by_loss.values()),
        tick_labels=list(by_loss),
        whis=(5, 95),
        showfliers=False,
        patch_artist=True,
        medianprops={"color": "black"},
    )
    for box, loss in zip(parts["boxes"], by_loss, strict=True):
        box.set(facecolor=LOSSES[loss].color, alpha=0.6)
    ax.set_title(say(name), fontsize="medium")
    ax.grid(alpha=0.3, axis="y")
axes[0].set_ylabel(say("estimated centre (true centre 0)"))
fig.suptitle(
    say(
        "Spread of the estimate over {seeds} samples of n = {n}"
        " (boxes: quartiles; whiskers: 5% to 95%)",
        seeds=seeds,
        n=n,
    )
)
fig.tight_layout()
plt.show()

# %%
# The variances, relative to the best
# -----------------------------------
# Each row divides every loss's variance (over the 1000 seeds) by the smallest one in that
# row: 1.00 marks the best loss for that noise, 1.50 a loss whose estimate scatters 50% more.
losses = [LOSSES[name].name for name in ("L2", "L1", "Huber")]
print(
    f"{pad(say('noise'), 22)} | " + " | ".join(f"{loss:>5}" for loss in losses)
)
winners = {}
for name, by_loss in estimates.items():
    variance = {loss: by_loss[loss].var() for loss in losses}
    best = min(variance.values())
    winners[name] = min(variance, key=variance.get)
    ratios = " | ".join(f"{variance[loss] / best:>5.2f}" for loss in losses)
    print(f"{pad(say(name), 22)} | {ratios}")

# %%
# Takeaway
# --------
for name, loss in winners.items():
    print(
        say(
            "Under {name} noise, {loss} gives the least scattered estimate.",
            name=say(name),
            loss=loss,
        )
    )
if len(set(winners.values())) > 1:
    print(
        fill(
            say(
                "The best loss changes with the noise: the likelihood of the"
                " noise, not a general ranking, decides."
            ),
            width=80,
        )
    )
else:
    print(say("The same loss wins under all four kinds of noise here."))

# %%
# In PyTorch, each of these estimates is the minimiser of the matching loss:
#
# .. code-block:: python
#
#     import torch
#     import torch.nn.functional as F
#
#     c = torch.zeros((), requires_grad=True)
#     optimizer = torch.optim.LBFGS([c])
#
#     def closure():
#         optimizer.zero_grad()
#         loss = F.huber_loss(c.expand_as(x), x, delta=delta)  # or mse, l1
#         loss.backward()
#         return loss
#
#     optimizer.step(closure)
