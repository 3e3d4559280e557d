"""
Fitting a line with outliers: how far each loss lets them pull
==============================================================

The article calls L1 robust: since L2 squares the errors, a single outlier pulls an L2 model
towards it at the cost of every other sample. This page fits a line under each loss while a
growing share of the points gets a gross error, and measures how far each fitted line moves,
on many draws of the noise and of which points become outliers.
"""

# %%
# One draw: the data and the fits
# -------------------------------
# Sixty points on :math:`y = 2 + 0.5 x` with a little noise; in each round a larger share
# of them (the same points, plus more) gets 50 added to :math:`y`.
# :func:`lossdocs.experiments.line_fit_robustness` fits every line exactly, on every draw.
# The figure shows one draw, fitted again with :func:`lossdocs.fitting.best_line`.
import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter

from lossdocs.catalog import LOSSES
from lossdocs.experiments import Loss, line_fit_robustness
from lossdocs.fitting import best_line
from lossdocs.words import fill, say

sweep = line_fit_robustness()
n_draws = sweep.y.shape[0]
print(
    say(
        "{n} points, {draws} draws, outlier offset {offset:g}",
        n=sweep.x.size,
        draws=n_draws,
        offset=sweep.offset,
    )
)
shown = [f for f in sweep.fractions if f > 0][1::2][:2]

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, fraction in zip(axes, shown, strict=True):
    y, outlier = sweep.dirty_y(fraction), sweep.is_outlier(fraction)
    ax.scatter(
        sweep.x[~outlier], y[~outlier], s=12, color="0.4", label=say("data")
    )
    ax.scatter(
        sweep.x[outlier],
        y[outlier],
        s=18,
        marker="x",
        color="0.1",
        label=say("outliers"),
    )
    for name, spec in LOSSES.items():
        line = best_line(sweep.x, y, name)
        ax.plot(
            sweep.x,
            line(sweep.x),
            color=spec.color,
            linestyle=spec.linestyle,
            linewidth=2,
            label=say("{name} (slope {s:.2f})", name=name, s=line.slope),
        )
    ax.set(
        xlabel="x",
        title=say(
            "one draw: {f:.0%} outliers (+{offset:g})",
            f=fraction,
            offset=sweep.offset,
        ),
    )
    ax.legend(
        loc="center", bbox_to_anchor=(0.5, 0.6), fontsize="small", ncols=2
    )
axes[0].set_ylabel("y")
fig.suptitle(say("Lines fitted under each loss, with outliers"))
fig.tight_layout()
plt.show()

# %%
# The pull, over all draws
# ------------------------
# The outliers raise the data's mean by (number of outliers × offset) / n. The **pull** is
# how far the fitted line's mean height rises, as a share of that: 1 means the line rises
# with the data's mean, 0 that it ignores the outliers. Least squares' fitted values always
# have the data's mean, so its pull is exactly 1. Lines show the median over draws, bands
# the 5-95% range. Huber with δ = w fits the same lines as Smooth L1 with β = w.
drawn = [
    loss for loss in sweep.losses if loss.name in ("L1", "L2", "Smooth L1")
]
dashes = {1.0: "-.", 1 / 3: "--", 1 / 9: ":"}
fractions = sweep.fractions[1:]
fig, ax = plt.subplots(figsize=(7, 4.2))
for loss in drawn:
    pulls = [sweep.pull_at(f, loss) for f in fractions]
    style = dashes.get(loss.width, loss.spec.linestyle)
    ax.plot(
        fractions,
        [p.median for p in pulls],
        "o",
        color=loss.spec.color,
        linestyle=style,
        linewidth=2,
        label=loss.label,
    )
    ax.fill_between(
        fractions,
        [p.low for p in pulls],
        [p.high for p in pulls],
        color=loss.spec.color,
        alpha=0.15,
    )
ax.set(
    xlabel=say("fraction of points that are outliers"),
    ylabel=say("pull (line's rise / data's rise)"),
    yscale="log",
    title=say(
        "How far each loss's line follows the outliers ({n} draws)",
        n=n_draws,
    ),
)
ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
ax.grid(alpha=0.3, which="both")
ax.legend(loc="lower right", fontsize="small")
plt.show()

# %%
# Takeaway
# --------
tenth = fractions[1]
l2, l1 = sweep.pull_at(tenth, "L2"), sweep.pull_at(tenth, "L1")
smooth = sweep.pull_at(tenth, Loss("Smooth L1", 1.0))
print(
    say(
        "With {f:.0%} outliers the L2 line rises with the data's mean: pull"
        " {pull:.2f} in every draw.",
        f=tenth,
        pull=l2.median,
    )
)
print(
    fill(
        say(
            "The L1 line rises by a median {l1:.3f} of it (5-95%:"
            " {l1_low:.3f} to {l1_high:.3f}), the Smooth L1 (β = 1) line by"
            " {smooth:.3f} ({smooth_low:.3f} to {smooth_high:.3f}).",
            l1=l1.median,
            l1_low=l1.low,
            l1_high=l1.high,
            smooth=smooth.median,
            smooth_low=smooth.low,
            smooth_high=smooth.high,
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "At {f:.0%} outliers the robust lines still rise by a median"
            " {l1:.3f} (L1) and {smooth:.3f} (Smooth L1).",
            f=fractions[-1],
            l1=sweep.pull_at(fractions[-1], "L1").median,
            smooth=sweep.pull_at(fractions[-1], "Smooth L1").median,
        ),
        width=80,
    )
)

# %%
# The same fit in PyTorch (not run here), for Smooth L1:
#
# .. code-block:: python
#
#    import torch
#
#    x, y = torch.tensor(sweep.x), torch.tensor(sweep.dirty_y(0.1))
#    params = torch.zeros(2, dtype=x.dtype, requires_grad=True)
#    optimiser = torch.optim.LBFGS([params], max_iter=500)
#
#    def closure():
#        optimiser.zero_grad()
#        fit = params[0] + params[1] * x
#        loss = torch.nn.functional.smooth_l1_loss(fit, y, beta=1.0)
#        loss.backward()
#        return loss
#
#    optimiser.step(closure)
