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
from lossdocs.robust import (
    general_loss,
    general_loss_grad,
    log_cosh_loss,
    log_cosh_loss_grad,
    pseudo_huber_loss,
    pseudo_huber_loss_grad,
)

__all__ = ["LOSSES", "ROBUST_FAMILY", "SMOOTHNESS", "LossSpec", "loss_spec"]


SMOOTHNESS = ("C0", "C1", "Cinf")
"""The smoothness classes a :class:`LossSpec` states, from rough to smooth.

``"C0"``: continuous with a kink; in this catalog a convex ``"C0"`` loss is linear on either
side of its only kink at 0 (L1). ``"C1"``: a continuous slope whose curvature jumps; here,
quadratic for ``|x| <= scale`` and linear beyond (Smooth L1, Huber). ``"Cinf"``: every
derivative continuous.
"""

# The keyword argument that sets a loss's width, where it has one.
_SCALE_ARGUMENTS = ("delta", "beta", "scale")


@dataclass(frozen=True)
class LossSpec:
    """A named loss: its functions, keyword arguments, stated shape, colour and line style.

    `convex` and `smoothness` state what the formula is, from its closed form;
    :mod:`lossdocs.fitting` picks its solver from them, and the tests check each statement
    against :func:`lossdocs.properties.classify`, which measures it.

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> smooth_l1 = loss_spec("Smooth L1")
    >>> smooth_l1.of_residual([0.5, 1.0, 3.0])
    array([0.125, 0.5  , 2.5  ])
    >>> smooth_l1.grad_of_residual([0.5, 1.0, 3.0])
    array([0.5, 1. , 1. ])
    >>> smooth_l1.convex, smooth_l1.smoothness, smooth_l1.scale
    (True, 'C1', 1.0)
    """

    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    color: str
    linestyle: str
    kwargs: dict = field(default_factory=dict)
    convex: bool = field(default=True, kw_only=True)
    smoothness: str = field(default="Cinf", kw_only=True)

    def __post_init__(self):
        if self.smoothness not in SMOOTHNESS:
            raise ValueError(f"smoothness must be one of {SMOOTHNESS}; got {self.smoothness!r}")
        if not isinstance(self.convex, bool):
            raise TypeError(f"convex must be True or False; got {self.convex!r}")

    @property
    def scale(self):
        """The loss's own width (``delta``, ``beta`` or ``scale``), or 1.0 if it has none."""
        for argument in _SCALE_ARGUMENTS:
            if argument in self.kwargs:
                return float(self.kwargs[argument])
        return 1.0

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
#: The article's four losses by display name: L1, L2, Smooth L1 (β = 1) and Huber (δ = 1).
LOSSES = {
    spec.name: spec
    for spec in (
        LossSpec("L1", l1_loss, l1_loss_grad, "#d62728", "-", smoothness="C0"),
        LossSpec("L2", mse_loss, mse_loss_grad, "#1f77b4", "--"),
        LossSpec("Smooth L1", smooth_l1_loss, smooth_l1_loss_grad, "#2ca02c", "-.", {"beta": 1.0},
                 smoothness="C1"),
        LossSpec("Huber", huber_loss, huber_loss_grad, "#9467bd", ":", {"delta": 1.0},
                 smoothness="C1"),
    )
}  # fmt: skip


# The wider robust family (lossdocs.robust), in colours the four losses above do not use.
#: The wider robust family by display name: Pseudo-Huber, log-cosh and three members of the
#: general loss (Cauchy, Geman-McClure, Welsch).
ROBUST_FAMILY = {
    spec.name: spec
    for spec in (
        LossSpec("Pseudo-Huber", pseudo_huber_loss, pseudo_huber_loss_grad, "#ff7f0e", "-",
                 {"delta": 1.0}),
        LossSpec("log-cosh", log_cosh_loss, log_cosh_loss_grad, "#8c564b", "--"),
        LossSpec("Cauchy (α = 0)", general_loss, general_loss_grad, "#e377c2", "-.",
                 {"alpha": 0.0}, convex=False),
        LossSpec("Geman-McClure (α = −2)", general_loss, general_loss_grad, "#bcbd22", ":",
                 {"alpha": -2.0}, convex=False),
        LossSpec("Welsch (α = −∞)", general_loss, general_loss_grad, "#17becf", "-",
                 {"alpha": -float("inf")}, convex=False),
    )
}  # fmt: skip


def loss_spec(name):
    """Return the :class:`LossSpec` called `name`, from :data:`LOSSES` or :data:`ROBUST_FAMILY`.

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> spec = loss_spec("L2")
    >>> spec.name, spec.color
    ('L2', '#1f77b4')
    >>> spec.of_residual([3.0])
    array([9.])
    """
    try:
        return {**LOSSES, **ROBUST_FAMILY}[name]
    except KeyError:
        known = [*LOSSES, *ROBUST_FAMILY]
        raise ValueError(f"unknown loss {name!r}; known losses are {known}") from None
