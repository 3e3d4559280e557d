"""
The quantile (pinball) loss: L1 made asymmetric
===============================================

L1 charges an error the same on both sides, and its best constant is the median. The pinball
loss charges an under-prediction :math:`q` per unit and an over-prediction :math:`1 - q`, and
its best constant is the :math:`q`-quantile. This page draws the loss, checks which constant it
picks, and fits two quantile lines, at 10% and 90%, that together give a prediction interval.
"""

# %%
# The loss and its gradient
# -------------------------
# :func:`lossdocs.pinball_loss` with residual :math:`x = \text{input} - \text{target}`:
# below the target (:math:`x < 0`) the slope is :math:`-q`, above it :math:`1 - q`. At
# :math:`q = 1/2` it is half of L1, drawn in L1's colour and line style.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs import l1_loss, l1_loss_grad, pinball_loss, pinball_loss_grad
from lossdocs.catalog import LOSSES
from lossdocs.words import fill, say

LOW, HIGH = 0.1, 0.9
l1 = LOSSES["L1"]
# q = 0.5 is half of L1 and takes L1's colour; the other quantiles are in
# neutral tones, because every colour of the catalog belongs to a loss.
STYLES = {
    LOW: ("k", "--"),
    0.5: (l1.color, l1.linestyle),
    HIGH: ("0.45", "-."),
}
x = np.linspace(-3, 3, 601)
zero = np.zeros_like(x)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
for q, (color, style) in STYLES.items():
    kwargs = {"color": color, "linestyle": style, "linewidth": 2}
    left.plot(x, pinball_loss(x, zero, "none", q), label=f"q = {q}", **kwargs)
    right.plot(x, pinball_loss_grad(x, zero, "none", q), **kwargs)
left.set(
    title=say("Pinball loss"),
    xlabel=say("residual x = input − target"),
    ylabel=say("loss"),
)
right.set(
    title=say("Its gradient: −q below, 1 − q above, 0 at 0"),
    xlabel=say("residual x"),
    ylabel=say("gradient"),
)
for ax in (left, right):
    ax.grid(alpha=0.3)
left.legend(loc="upper center")
fig.tight_layout()
plt.show()

same_loss = np.array_equal(
    pinball_loss(x, zero, "none", 0.5), l1_loss(x, zero, "none") / 2
)
same_grad = np.array_equal(
    pinball_loss_grad(x, zero, "none", 0.5), l1_loss_grad(x, zero, "none") / 2
)
print(
    fill(
        say(
            "At q = 0.5 the pinball loss is exactly half of L1 at every x"
            " drawn: {loss}; so is its gradient: {grad}.",
            loss=same_loss,
            grad=same_grad,
        ),
        width=80,
    )
)

# %%
# Its best constant is a quantile
# -------------------------------
# The summed pinball loss of a constant :math:`c` is piecewise linear with kinks at the data,
# so its minimum sits at a data point. Trying every data point as :math:`c` finds it; it
# matches numpy's quantile (the "inverted CDF" definition, which always returns a data point).
rng = np.random.default_rng(20260601)
sample = rng.lognormal(size=501)
for q in STYLES:
    totals = [
        pinball_loss(np.full_like(sample, c), sample, "sum", q) for c in sample
    ]
    best = sample[int(np.argmin(totals))]
    quantile = np.quantile(sample, q, method="inverted_cdf")
    print(
        say(
            "q = {q}: the best constant is {best:.4f}; the {q:.0%} quantile"
            " of the sample is {quantile:.4f}.",
            q=q,
            best=best,
            quantile=quantile,
        )
    )

# %%
# A prediction interval from two quantile lines
# ---------------------------------------------
# The noise below grows with :math:`x`, so a single line with a fixed band cannot describe it.
# Two linear fits, one minimising the pinball loss at :math:`q = 0.1` and one at
# :math:`q = 0.9`, bound an interval meant to hold 80% of new targets. The fits are
# scikit-learn's ``QuantileRegressor`` with ``alpha=0`` (no
# penalty), which solves the exact linear programme; the pinball values come from lossdocs.
# Coverage is measured on fresh data, over many seeds.
from sklearn.linear_model import QuantileRegressor
from sklearn.metrics import mean_pinball_loss

N, SEEDS = 200, 100


def draw(rng, size):
    """Inputs on [0, 10]; targets 2 + 0.5 x, noise sd growing from 0.2."""
    x = rng.uniform(0, 10, size=size)
    y = 2 + 0.5 * x + rng.normal(size=size) * (0.2 + 0.3 * x)
    return x, y


def fit(x, y, q):
    return QuantileRegressor(quantile=q, alpha=0, solver="highs").fit(
        x[:, None], y
    )


rng = np.random.default_rng(20260601)
coverage, below = np.empty(SEEDS), np.empty((2, SEEDS))
for seed in range(SEEDS):
    x_train, y_train = draw(rng, N)
    x_test, y_test = draw(rng, N)
    low, high = (fit(x_train, y_train, q) for q in (LOW, HIGH))
    low_test = low.predict(x_test[:, None])
    high_test = high.predict(x_test[:, None])
    coverage[seed] = np.mean((low_test <= y_test) & (y_test <= high_test))
    below[0, seed] = np.mean(y_test < low_test)
    below[1, seed] = np.mean(y_test < high_test)
    if seed == 0:
        example = x_train, y_train, low, high

q5, q50, q95 = np.percentile(coverage, [5, 50, 95])
print(
    fill(
        say(
            "Over {seeds} seeds of {n} training and {n} test points, the"
            " {low:.0%}-{high:.0%} interval held {q50:.1%} of the new targets"
            " (median; 5th-95th percentile {q5:.1%} to {q95:.1%}), against"
            " {intended:.0%} intended.",
            seeds=SEEDS,
            n=N,
            low=LOW,
            high=HIGH,
            q50=q50,
            q5=q5,
            q95=q95,
            intended=HIGH - LOW,
        ),
        width=80,
    )
)
print(
    fill(
        say(
            "The share of new targets below the lower line was {lower:.1%}"
            " on average, and below the upper line {upper:.1%}.",
            lower=np.mean(below[0]),
            upper=np.mean(below[1]),
        ),
        width=80,
    )
)

# %%
# One of those seeds, drawn. Each line's pinball loss on its training data, from lossdocs,
# agrees with scikit-learn's ``mean_pinball_loss``.
x_train, y_train, low, high = example
grid = np.linspace(x_train.min(), x_train.max(), 2)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.scatter(x_train, y_train, s=12, color="0.5", label=say("training data"))
for model, q in ((low, LOW), (high, HIGH)):
    color, style = STYLES[q]
    ax.plot(
        grid,
        model.predict(grid[:, None]),
        color=color,
        linestyle=style,
        linewidth=2,
        label=say("q = {q} line", q=q),
    )
    prediction = model.predict(x_train[:, None])
    ours = pinball_loss(prediction, y_train, quantile=q)
    theirs = mean_pinball_loss(y_train, prediction, alpha=q)
    print(
        say(
            "q = {q}: mean pinball loss {ours:.6f} (lossdocs), {theirs:.6f}"
            " (scikit-learn).",
            q=q,
            ours=ours,
            theirs=theirs,
        )
    )
ax.fill_between(
    grid,
    low.predict(grid[:, None]),
    high.predict(grid[:, None]),
    color="0.85",
    zorder=0,
    label=say("{low:.0%}-{high:.0%} interval", low=LOW, high=HIGH),
)
ax.set(
    title=say("Two quantile lines give a prediction interval"),
    xlabel="x",
    ylabel="y",
)
ax.legend(loc="upper left")
ax.grid(alpha=0.3)
_ = fig.tight_layout()

# %%
# The same loss in PyTorch
# ------------------------
# PyTorch has no built-in pinball loss; two lines write it. Autograd gives the slopes
# :math:`-q` and :math:`1 - q` away from zero; its value at exactly zero depends on how the loss
# is written (lossdocs takes 0, as PyTorch's ``l1_loss`` does).
#
# .. code-block:: python
#
#     import torch
#
#     def pinball_loss(input, target, quantile):
#         diff = input - target
#         return torch.maximum((1 - quantile) * diff, -quantile * diff).mean()
#
# Takeaway
# --------
# The pinball loss is L1 with its two slopes set by :math:`q`; its minimiser is the
# :math:`q`-quantile, so two fits give an interval whose coverage is close to the intended
# one on new data, as measured above.
