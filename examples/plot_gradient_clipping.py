"""
Gradient clipping is Huber
==========================

Clipping each sample's gradient of the half squared error :math:`\\tfrac12 x^2` at :math:`c`
gives exactly the Huber gradient with :math:`\\delta = c`. This page checks it value by value
with lossdocs' functions, then trains a line both ways and compares the runs, and shows what
clipping the norm of the whole batch's gradient does instead.
"""

# %%
# Per-sample clipping, value by value
# -----------------------------------
# Mind the factor. :func:`lossdocs.mse_loss` is :math:`x^2` (no half), with gradient
# :math:`2x`; the half squared error :math:`\tfrac12 x^2` has gradient :math:`x`, which is
# ``mse_loss_grad / 2``. Clipping that at :math:`\pm c` is
# :func:`lossdocs.huber_loss_grad` with ``delta=c``. Clipping ``mse_loss_grad`` itself at
# :math:`c` gives twice the Huber gradient with :math:`\delta = c / 2`.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs import huber_loss_grad, mse_loss_grad
from lossdocs.catalog import LOSSES
from lossdocs.words import fill, say

residuals = np.concatenate(
    [-np.logspace(-6, 6, 121), [0.0], np.logspace(-6, 6, 121)]
)
zero = np.zeros_like(residuals)
half_l2_grad = mse_loss_grad(residuals, zero, "none") / 2
for c in (1e-3, 1.0, 1e3):
    clipped = np.clip(half_l2_grad, -c, c)
    huber = huber_loss_grad(residuals, zero, "none", delta=c)
    full = np.clip(mse_loss_grad(residuals, zero, "none"), -c, c)
    twice = 2 * huber_loss_grad(residuals, zero, "none", delta=c / 2)
    print(
        fill(
            say(
                "c = {c:g}: clip(gradient of x²/2) equals Huber's gradient"
                " with δ = c at all {n} residuals: {same}; clip(gradient of"
                " x²) equals twice Huber's with δ = c/2: {twice}.",
                c=c,
                n=residuals.size,
                same=np.array_equal(clipped, huber),
                twice=np.array_equal(full, twice),
            ),
            width=80,
        )
    )

# %%
# Training a line both ways
# -------------------------
# A line :math:`y = a + b x` is fitted by gradient descent to data with a few gross errors in
# :math:`y`. Run 1 clips each sample's gradient of the half squared error at :math:`c = 1` and
# averages; run 2 uses :func:`lossdocs.huber_loss_grad` with ``delta=1`` and
# ``reduction="mean"``. Run 3 clips instead the norm of the averaged gradient of the half
# squared error at :math:`c`, as ``torch.nn.utils.clip_grad_norm_`` does. The step size is
# the inverse of the largest curvature of the half squared error, read off the data.
from lossdocs.fitting import best_line, gradient_descent

C = 1.0
rng = np.random.default_rng(20260601)
x = rng.uniform(0, 10, size=40)
y = 2 + 0.5 * x + rng.normal(scale=0.5, size=x.size)
y[:4] += 30  # four gross errors in y
design = np.column_stack([np.ones_like(x), x])
rate = 1 / np.linalg.eigvalsh(design.T @ design / x.size).max()
steps = 20_000


def per_sample_clip(theta):
    g = np.clip(mse_loss_grad(design @ theta, y, "none") / 2, -C, C)
    return design.T @ (g / x.size)


def huber(theta):
    return design.T @ huber_loss_grad(design @ theta, y, "mean", delta=C)


def global_norm_clip(theta):
    g = design.T @ (mse_loss_grad(design @ theta, y, "mean") / 2)
    return g * min(1.0, C / np.linalg.norm(g))


runs = {
    name: gradient_descent(grad, [0.0, 0.0], rate, steps)
    for name, grad in (
        ("per-sample clipping", per_sample_clip),
        ("Huber gradient", huber),
        ("global-norm clipping", global_norm_clip),
    )
}
gap = np.abs(runs["per-sample clipping"] - runs["Huber gradient"]).max()
print(
    fill(
        say(
            "Over {steps} steps, the per-sample clipping run and the Huber"
            " run differ by at most {gap:.1e} in a or b: rounding only"
            " (the library's mean multiplies by 1/n where this code"
            " divides by n).",
            steps=steps,
            gap=gap,
        ),
        width=80,
    )
)
for loss, run in (
    ("Huber", "per-sample clipping"),
    ("L2", "global-norm clipping"),
):
    fit = best_line(x, y, loss)
    a, b = runs[run][-1]
    print(
        fill(
            say(
                "{run} ends at a = {a:.4f}, b = {b:.4f}; the exact {loss} line"
                " (lossdocs.fitting.best_line) is a = {fit_a:.4f},"
                " b = {fit_b:.4f}.",
                run=say(run).capitalize(),
                a=a,
                b=b,
                loss=loss,
                fit_a=fit.intercept,
                fit_b=fit.slope,
            ),
            width=80,
        )
    )

# %%
# The left panel shows the clipped gradient lying on Huber's; the right panel the fitted
# lines. Global-norm clipping only slows the start: once the averaged gradient is shorter
# than :math:`c` it does nothing, so it ends at the least-squares line, outliers and all.
huber_spec, l2_spec = LOSSES["Huber"], LOSSES["L2"]
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
r = np.linspace(-3 * C, 3 * C, 601)
left.plot(
    r,
    mse_loss_grad(r, np.zeros_like(r), "none") / 2,
    color=l2_spec.color,
    linestyle=l2_spec.linestyle,
    linewidth=2,
    label=say("gradient of x²/2"),
)
left.plot(
    r,
    np.clip(mse_loss_grad(r, np.zeros_like(r), "none") / 2, -C, C),
    color="0.6",
    linewidth=6,
    label=say("clipped at c = {c:g}", c=C),
)
left.plot(
    r,
    huber_loss_grad(r, np.zeros_like(r), "none", delta=C),
    color=huber_spec.color,
    linestyle=huber_spec.linestyle,
    linewidth=2,
    label=say("Huber gradient, δ = {c:g}", c=C),
)
left.set(
    title=say("Clipping the gradient of x²/2"),
    xlabel=say("residual x"),
    ylabel=say("gradient"),
)
left.legend(loc="upper left")
grid = np.linspace(x.min(), x.max(), 2)
right.scatter(x, y, s=12, color="0.5", label=say("data"))
for run, spec in (
    ("per-sample clipping", huber_spec),
    ("global-norm clipping", l2_spec),
):
    a, b = runs[run][-1]
    right.plot(
        grid,
        a + b * grid,
        color=spec.color,
        linestyle=spec.linestyle,
        linewidth=2,
        label=say("{run} (= {name} line)", run=say(run), name=spec.name),
    )
right.set(
    title=say("Where the two clipping rules end"), xlabel="x", ylabel="y"
)
right.legend(loc="center right")
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %%
# The same loss in PyTorch
# ------------------------
# ``huber_loss`` with ``delta=c`` has the per-sample clipped gradient of the half squared
# error; ``clip_grad_norm_`` clips the norm of the summed gradient, a different rule.
#
# .. code-block:: python
#
#     import torch.nn.functional as F
#
#     loss = F.huber_loss(model(x), y, delta=c)  # per-sample clipping of x²/2
#     loss.backward()
#     # not the same: torch.nn.utils.clip_grad_norm_(model.parameters(), c)
#
# Takeaway
# --------
# Per-sample gradient clipping of the half squared error is the Huber loss with
# :math:`\delta = c`, exactly, in every step. Clipping the norm of the batch gradient is not:
# it changes the path, not the minimiser.
