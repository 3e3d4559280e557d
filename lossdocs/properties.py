"""What a loss is, measured at its own scale: bounded, redescending, convex, vanishing at zero.

:func:`classify` takes any :class:`~lossdocs.catalog.LossSpec` and returns a
:class:`LossProperties`: each verdict with the number it was derived from. Every probe is a
multiple of the loss's own width (``delta``, ``beta`` or ``scale``; 1 for a loss without one),
so the verdicts do not depend on the units of the residual.
"""

import math
from dataclasses import dataclass

import numpy as np

from lossdocs.losses import huber_loss, l1_loss, mse_loss, smooth_l1_loss
from lossdocs.robust import general_loss, log_cosh_loss, pseudo_huber_loss

__all__ = [
    "FAR",
    "NEAR",
    "SLOPE_TOLERANCE",
    "LossProperties",
    "classify",
    "closed_form_convex",
]

FAR = (1e4, 1e8)
"""The residuals, in units of the loss's scale, between which the tail exponent is measured."""
NEAR = (1e-9, 1e-6)
"""The residuals, in units of the loss's scale, between which the exponent near 0 is measured."""
SLOPE_TOLERANCE = 1e-3
"""An exponent within this of 0 counts as 0 (a constant gradient far out)."""
CONVEX_RANGE = (1e-3, 1e3)
"""Second differences are taken for |r| in this range, in units of the loss's scale."""
CURVATURE_TOLERANCE = 1e-9
"""A least curvature above ``-CURVATURE_TOLERANCE`` (relative) counts as convex."""


@dataclass(frozen=True)
class LossProperties:
    """The properties of one loss, each with the measurement behind it.

    Attributes
    ----------
    name : str
        The loss's name.
    scale : float
        Its own width (1 for a loss without one, or with width 0); every probe below is a
        multiple of it.
    tail_exponent : float
        The log-log slope of :math:`|\\psi(r)|` between ``FAR[0] * scale`` and
        ``FAR[1] * scale``: :math:`|\\psi| \\sim r^{p}` far out. ``-inf`` where :math:`\\psi`
        underflows to 0 there (Welsch).
    bounded : bool
        ``tail_exponent <= SLOPE_TOLERANCE``: :math:`|\\psi|` does not grow far out.
    redescending : bool
        ``tail_exponent < -SLOPE_TOLERANCE``: :math:`\\psi \\to 0` far out, so a distant
        outlier pulls less the further it is (but, for every loss here, never exactly 0).
    least_curvature : float
        The smallest :math:`\\rho''` measured (by differences of :math:`\\psi`) for
        :math:`|r|` in ``CONVEX_RANGE * scale``, times ``scale / psi(scale)``: a number without
        units, 0 for L1, negative where the loss bends down.
    convex : bool
        From the closed form where :func:`closed_form_convex` knows one, else
        ``least_curvature > -CURVATURE_TOLERANCE``.
    convex_from_closed_form : bool
        Whether `convex` comes from a closed form.
    zero_exponent : float
        The log-log slope of :math:`|\\psi(r)|` between ``NEAR[0] * scale`` and
        ``NEAR[1] * scale``: :math:`|\\psi| \\sim r^{q}` near 0 (1 for a loss with curvature
        at 0, 0 for L1).
    zero_ratio : float
        :math:`|\\psi(10^{-6} c)| / |\\psi(c)|` with ``c = scale``.
    vanishes_at_zero : bool
        ``zero_exponent > SLOPE_TOLERANCE``: :math:`\\psi(r) / \\psi(c) \\to 0` as
        :math:`r \\to 0`, so the gradient fades near the optimum.

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> from lossdocs.properties import classify
    >>> huber = classify(loss_spec("Huber"))
    >>> huber.bounded, huber.redescending, huber.convex, huber.vanishes_at_zero
    (True, False, True, True)
    >>> welsch = classify(loss_spec("Welsch (α = −∞)"))
    >>> welsch.bounded, welsch.redescending, welsch.convex
    (True, True, False)
    """

    name: str
    scale: float
    tail_exponent: float
    bounded: bool
    redescending: bool
    least_curvature: float
    convex: bool
    convex_from_closed_form: bool
    zero_exponent: float
    zero_ratio: float
    vanishes_at_zero: bool


def closed_form_convex(spec):
    """Whether `spec`'s loss is convex, from its closed form; None if none is known here.

    The four losses of :mod:`lossdocs.losses`, pseudo-Huber and log-cosh are convex at every
    width. Barron's general loss has, with :math:`z = (x/c)^2 / |\\alpha - 2|`,
    :math:`\\rho'' = c^{-2} (1 + z)^{\\alpha/2 - 2} (1 + (\\alpha - 1) z)`, which is
    :math:`\\ge 0` for every :math:`z \\ge 0` exactly when :math:`\\alpha \\ge 1`; at
    :math:`\\alpha = -\\infty`, :math:`\\rho'' = c^{-2} (1 - t^2) e^{-t^2/2}` changes sign.

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> from lossdocs.properties import closed_form_convex
    >>> closed_form_convex(loss_spec("Cauchy (α = 0)")), closed_form_convex(loss_spec("L1"))
    (False, True)
    """
    if spec.loss in (l1_loss, mse_loss, smooth_l1_loss, huber_loss, pseudo_huber_loss):
        return True
    if spec.loss is log_cosh_loss:
        return True
    if spec.loss is general_loss:
        return float(spec.kwargs.get("alpha", 1.0)) >= 1.0
    return None


def _log_log_slope(spec, lower, upper):
    """Least-squares slope of log|psi| against log r on [lower, upper]; -inf if psi is 0."""
    r = np.geomspace(lower, upper, 25)
    psi = np.abs(spec.grad_of_residual(r))
    if np.any(psi == 0):
        return -math.inf
    return float(np.polyfit(np.log(r), np.log(psi), 1)[0])


def classify(spec):
    """Measure whether `spec`'s loss is bounded, redescending, convex and vanishing at zero.

    Parameters
    ----------
    spec : LossSpec
        Any loss of :mod:`lossdocs.catalog`, or one built the same way (for example
        ``LossSpec("Huber", huber_loss, huber_loss_grad, "k", "-", {"delta": 20.0})``).

    Returns
    -------
    LossProperties
        The verdicts and the measurements behind them.

    Notes
    -----
    With :math:`c` the loss's scale:

    - *bounded* and *redescending* come from the exponent :math:`p` of the tail,
      :math:`|\\psi(r)| \\sim r^p`, fitted over :math:`r \\in [10^4 c, 10^8 c]`: bounded if
      :math:`p \\le 10^{-3}`, redescending if :math:`p < -10^{-3}`. Barron's loss has
      :math:`p = \\alpha - 1`; pseudo-Huber's departs from 0 by about :math:`r^{-2}`, far
      below the tolerance there.
    - *convex* comes from :func:`closed_form_convex` where it knows the loss; otherwise (and
      always, for `least_curvature`) from the differences of :math:`\\psi` on a grid of
      :math:`|r|` from :math:`10^{-3} c` to :math:`10^3 c`, log-spaced.
    - *vanishes at zero* comes from the exponent :math:`q` of :math:`|\\psi(r)| \\sim r^q`
      over :math:`r \\in [10^{-9} c, 10^{-6} c]`: vanishes if :math:`q > 10^{-3}`.

    Examples
    --------
    >>> from lossdocs import general_loss, general_loss_grad
    >>> from lossdocs.catalog import LossSpec
    >>> from lossdocs.properties import classify
    >>> spec = LossSpec("α = 1.05", general_loss, general_loss_grad, "k", "-",
    ...                 {"alpha": 1.05, "scale": 100.0})
    >>> found = classify(spec)
    >>> found.bounded, round(found.tail_exponent, 3)
    (False, 0.05)
    """
    scale = spec.scale if spec.scale > 0 else 1.0  # Smooth L1 with beta = 0 is L1
    tail = _log_log_slope(spec, FAR[0] * scale, FAR[1] * scale)
    near = _log_log_slope(spec, NEAR[0] * scale, NEAR[1] * scale)
    at_scale = abs(float(spec.grad_of_residual([scale])[0]))
    zero_ratio = abs(float(spec.grad_of_residual([NEAR[1] * scale])[0])) / at_scale

    r = np.geomspace(CONVEX_RANGE[0], CONVEX_RANGE[1], 4001) * scale
    r = np.concatenate([-r[::-1], [0.0], r])
    psi = spec.grad_of_residual(r)
    least = float(np.min(np.diff(psi) / np.diff(r))) * scale / at_scale
    closed = closed_form_convex(spec)
    convex = closed if closed is not None else least > -CURVATURE_TOLERANCE
    return LossProperties(
        name=spec.name,
        scale=scale,
        tail_exponent=tail,
        bounded=tail <= SLOPE_TOLERANCE,
        redescending=tail < -SLOPE_TOLERANCE,
        least_curvature=least,
        convex=bool(convex),
        convex_from_closed_form=closed is not None,
        zero_exponent=near,
        zero_ratio=zero_ratio,
        vanishes_at_zero=near > SLOPE_TOLERANCE,
    )
