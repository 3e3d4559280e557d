"""The robust family's properties (convexity, influence, minima), measured at each loss's scale."""

import numpy as np

from lossdocs.catalog import LOSSES, ROBUST_FAMILY
from lossdocs.fitting import best_constant
from lossdocs.properties import classify
from lossdocs.tables import Table
from lossdocs.words import say

__all__ = ["SAMPLE", "family_table", "summed_loss_minima"]

SAMPLE = np.concatenate([np.linspace(-0.5, 0.5, 6), np.linspace(7.7, 8.3, 4)])
"""Ten points in two groups: six near 0 and four near 8."""
_STEP = 1e-3
_TIE = 1e-9  # summed losses within this (relative) of each other are equal


def summed_loss_minima(spec, sample=SAMPLE):
    """The local minima of ``c -> sum(loss(c - sample))``, and the set of global minimisers.

    Parameters
    ----------
    spec : LossSpec
        The loss.
    sample : array_like
        The data; :data:`SAMPLE` by default.

    Returns
    -------
    minima : list of (float, float)
        Each separate local minimum as ``(constant, summed loss)``, lowest first, found on a
        grid of step 0.001 over the data's range plus one unit either side. A flat interval
        of minimisers counts once, at its midpoint.
    lower, upper : float
        The set of global minimisers ``[lower, upper]``: for a convex loss the exact interval
        of :func:`~lossdocs.fitting.best_constant`; otherwise the grid points whose summed
        loss ties the least one (one point, ``lower == upper``, when they do not tie).

    Examples
    --------
    >>> from lossdocs.catalog import loss_spec
    >>> from lossdocs.family import summed_loss_minima
    >>> minima, lower, upper = summed_loss_minima(loss_spec("Cauchy (α = 0)"))
    >>> [(round(c, 1), round(total, 2)) for c, total in minima]
    [(0.2, 14.22), (7.6, 20.75)]
    """
    sample = np.asarray(sample, dtype=float)
    constants = np.arange(sample.min() - 1.0, sample.max() + 1.0 + _STEP / 2, _STEP)
    totals = spec.of_residual(constants[:, None] - sample[None, :]).sum(axis=1)
    tolerance = _TIE * max(1.0, float(np.abs(totals).max()))
    # Runs of equal values (flat stretches) collapse to one sample; a minimum is a run lower
    # than both neighbours.
    change = np.abs(np.diff(totals)) > tolerance
    starts = np.concatenate([[0], np.flatnonzero(change) + 1])
    ends = np.concatenate([starts[1:], [totals.size]])
    run_values = totals[starts]
    minima = []
    for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
        left = k == 0 or run_values[k - 1] > run_values[k]
        right = k == len(starts) - 1 or run_values[k + 1] > run_values[k]
        if left and right:
            middle = 0.5 * (constants[start] + constants[end - 1])
            minima.append((float(middle), float(run_values[k])))
    minima.sort(key=lambda minimum: minimum[1])
    if spec.convex:
        fit = best_constant(sample, spec)
        return minima, fit.lower, fit.upper
    tied = constants[totals <= totals.min() + tolerance]
    return minima, float(tied.min()), float(tied.max())


def _clean(number, digits=6):
    """A measured number rounded to what it means: no -3.55e-11 for a zero, no -0."""
    return float(np.round(number, digits)) + 0.0


def family_table():
    """The robust family's properties, measured: convexity, influence, local and global minima.

    Rows: the four losses of :data:`~lossdocs.catalog.LOSSES` and the five of
    :data:`~lossdocs.catalog.ROBUST_FAMILY` (scale, width and delta 1). Columns:

    - *convexity*: from :func:`lossdocs.properties.classify`: its closed form, with the least
      curvature it measures (:math:`\\rho''` times ``scale / psi(scale)``; 0 where the loss is,
      or tends to, linear).
    - *influence*: the exponent :math:`p` of :math:`|\\psi(r)| \\sim r^p` far beyond the scale:
      unbounded if :math:`p > 0` (L2: 1), bounded if 0, redescending if negative (``-inf``
      where :math:`\\psi` falls faster than any power, Welsch).
    - *local minima*: how many separate local minima the summed loss of a constant has on
      :data:`SAMPLE` (ten points, six near 0 and four near 8), from
      :func:`summed_loss_minima`.
    - *unique global minimiser*: the width of the set of constants that reach the least summed
      loss; unique if 0. Several local minima do not make it non-unique: one of them is lower.
    - *smoothness*: how many derivatives are continuous, as the catalog states it
      (:attr:`LossSpec.smoothness <lossdocs.catalog.LossSpec>`): Smooth L1 and Huber are C¹,
      not smooth.

    Returns
    -------
    Table
        Each cell a ``(number, verdict)`` pair.

    Examples
    --------
    >>> from lossdocs.family import family_table
    >>> table = family_table()
    >>> table.cell("Welsch (α = −∞)", "convexity")[1], table.cell("log-cosh", "convexity")[1]
    ('not convex', 'convex')
    >>> table.cell("Cauchy (α = 0)", "local minima")
    (2.0, 'several')
    >>> table.cell("Cauchy (α = 0)", "unique global minimiser")
    (0.0, 'unique')
    >>> table.cell("Huber", "smoothness")
    (1.0, 'C¹')
    """
    rows = {}
    for name, spec in {**LOSSES, **ROBUST_FAMILY}.items():
        found = classify(spec)
        if found.redescending:
            influence = "redescending"
        else:
            influence = "bounded" if found.bounded else "unbounded"
        minima, lower, upper = summed_loss_minima(spec)
        width = _clean(upper - lower)
        rows[name] = [
            (_clean(found.least_curvature, 3), "convex" if found.convex else "not convex"),
            (_clean(found.tail_exponent, 3), influence),
            (float(len(minima)), "one" if len(minima) == 1 else "several"),
            (width, "unique" if width == 0 else "not unique"),
            (_DERIVATIVES[spec.smoothness], _SMOOTHNESS_NAMES[spec.smoothness]),
        ]
    notes = [
        say(
            "convexity: from the closed form; the number is the least curvature measured over "
            "|r| in [0.001, 1000] × scale, relative to the slope at the scale"
        ),
        say("influence: the exponent p of |gradient(r)| ~ r^p for r from 1e4 to 1e8 × scale"),
        say(
            "local minima: of the summed loss of a constant, for six points near 0 and four near 8"
        ),
        say("unique global minimiser: the width of the set of best constants is 0"),
        say(
            "smoothness: how many derivatives are continuous, as the catalog states it "
            "(C¹: the slope is continuous, the curvature jumps at the width)"
        ),
    ]
    return Table(COLUMNS, rows, notes)


COLUMNS = ["convexity", "influence", "local minima", "unique global minimiser", "smoothness"]
_DERIVATIVES = {"C0": 0.0, "C1": 1.0, "Cinf": float("inf")}
_SMOOTHNESS_NAMES = {"C0": "C⁰", "C1": "C¹", "Cinf": "C^∞"}
