"""The losses by name: one name, one colour and one line style per loss, shared by every table and figure.

This is the only place a loss's display name, colour or line style is chosen; the formulas
themselves live in :mod:`lossdocs.losses`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lossdocs.losses import (
    huber_loss,
    huber_loss_grad,
    l1_loss,
    l1_loss_grad,
    mse_loss,
    mse_loss_grad,
    smooth_l1_loss,
    smooth_l1_loss_grad,
)

__all__ = ["LOSSES", "LossSpec", "loss_spec"]


@dataclass(frozen=True)
class LossSpec:
    """A named loss: its functions, keyword arguments, and colour and line style in every figure.

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> smooth_l1 = loss_spec("Smooth L1")
    >>> smooth_l1.of_residual([0.5, 1.0, 3.0])
    array([0.125, 0.5  , 2.5  ])
    >>> smooth_l1.grad_of_residual([0.5, 1.0, 3.0])
    array([0.5, 1. , 1. ])
    """

    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    color: str
    linestyle: str
    kwargs: dict = field(default_factory=dict)

    def of_residual(self, residual):
        """Elementwise loss of the residuals ``input - target`` (``reduction="none"``)."""
        residual = np.asarray(residual, dtype=float)
        return self.loss(residual, np.zeros_like(residual), reduction="none", **self.kwargs)

    def grad_of_residual(self, residual):
        """Elementwise derivative of the loss at the residuals (``reduction="none"``)."""
        residual = np.asarray(residual, dtype=float)
        return self.grad(residual, np.zeros_like(residual), reduction="none", **self.kwargs)


# Colours follow the source article's Figure 1 (L1 red, L2 blue, Smooth L1 green), in the
# tones of matplotlib's default cycle; Huber, which the article lacks, is purple. Figures also
# tell the losses apart by line style, so red and green are never the only cue.
LOSSES = {
    spec.name: spec
    for spec in (
        LossSpec("L1", l1_loss, l1_loss_grad, "#d62728", "-"),
        LossSpec("L2", mse_loss, mse_loss_grad, "#1f77b4", "--"),
        LossSpec("Smooth L1", smooth_l1_loss, smooth_l1_loss_grad, "#2ca02c", "-.", {"beta": 1.0}),
        LossSpec("Huber", huber_loss, huber_loss_grad, "#9467bd", ":", {"delta": 1.0}),
    )
}


def loss_spec(name):
    """Return the :class:`LossSpec` called `name` ("L1", "L2", "Smooth L1" or "Huber")."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; known losses are {list(LOSSES)}") from None
