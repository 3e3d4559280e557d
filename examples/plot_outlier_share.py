"""
One outlier among ten predictions: its share of the loss and of the gradient
============================================================================

The article's box-regression example: the true value is 1, nine predictions are close to it
and one is 1000. It says that under L2 the loss is dominated by the 1000. This page measures
that share for each loss, and also the outlier's share of the *gradient*, which is what
actually moves a model during training.
"""

# %%
# The measurement
# ---------------
# :func:`lossdocs.experiments.outlier_shares` computes, for each loss, the outlier's loss over
# the summed loss, and the size of its gradient over the summed sizes of all ten gradients.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import outlier_shares

predictions, shares = outlier_shares()
print("predictions:", np.array2string(predictions, precision=3))
for name, share in shares.items():
    print(
        f"{name:>9}: loss share {share.loss_share:8.3%}   gradient share {share.grad_share:8.3%}"
    )

# %%
# Loss share and gradient share, side by side
# -------------------------------------------
names = list(shares)
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
for ax, attribute, title in [
    (axes[0], "loss_share", "share of the total loss"),
    (axes[1], "grad_share", "share of the total gradient"),
]:
    values = [getattr(shares[name], attribute) for name in names]
    bars = ax.barh(names, values, color=[LOSSES[name].color for name in names])
    ax.bar_label(bars, labels=[f"{v:.1%}" for v in values], padding=3)
    ax.set(xlim=(0, 1.25), title=title)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
axes[0].invert_yaxis()
fig.suptitle(
    "How much of the loss and of the gradient comes from the one outlier at 1000"
)
fig.tight_layout()
plt.show()

# %%
# Takeaway
# --------
# The article's claim holds for the loss under every loss function here: a residual of 999 is
# simply much larger than nine residuals of about 0.1. The difference between the losses
# shows in the gradient.
l2, l1, smooth = shares["L2"], shares["L1"], shares["Smooth L1"]
print(
    f"Under L2 the outlier supplies {l2.grad_share:.2%} of the gradient: training follows it.\n"
    f"Under L1 it supplies {l1.grad_share:.1%}, one vote among ten.\n"
    f"Under Smooth L1 it supplies {smooth.grad_share:.1%}: its gradient is capped at 1, but the\n"
    f"nine good predictions sit in the quadratic zone, where their gradients are small."
)
