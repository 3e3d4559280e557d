"""The robust family's properties (convexity, bounded influence, uniqueness), measured."""

import numpy as np

from lossdocs.catalog import LOSSES, ROBUST_FAMILY
from lossdocs.tables import Table

__all__ = ["family_table"]

BOUNDED_GROWTH = 2.0


def family_table():
    """The robust family's properties, measured: convexity, bounded influence, uniqueness.

    Rows: the four losses of :data:`~lossdocs.catalog.LOSSES` and the five of
    :data:`~lossdocs.catalog.ROBUST_FAMILY` (scale, width and delta 1). Columns:

    - *convex*: the smallest second difference of the loss over [-10, 10] (step 0.01), divided
      by the step squared (the least curvature); convex if above -1e-9.
    - *bounded influence*: ``|grad(1e6)| / |grad(1e3)|``; bounded if below 2. A bounded
      gradient caps how hard one outlier can pull.
    - *unique minimiser*: the best constant for ten points, six spread around 0 and four around
      8, on a grid over [-2, 10] (step 0.001): the number of separate local minima of the
      summed loss; unique if there is one and it is a single grid point, not a flat interval
      (more than two points within 1e-9 of the least value).

    Returns
    -------
    Table
        Each cell a ``(number, verdict)`` pair.

    Examples
    --------
    >>> from lossdocs.family import family_table
    >>> table = family_table()
    >>> table.cell("Welsch (α = -inf)", "convex")[1], table.cell("log-cosh", "convex")[1]
    ('not convex', 'convex')
    """
    step = 0.01
    grid = np.arange(-10.0, 10.0 + step / 2, step)
    sample = np.concatenate([np.linspace(-0.5, 0.5, 6), np.linspace(7.7, 8.3, 4)])
    constants = np.arange(-2.0, 10.0, 0.001)
    rows = {}
    for name, spec in {**LOSSES, **ROBUST_FAMILY}.items():
        values = spec.of_residual(grid)
        curvature = float(np.min(values[2:] - 2 * values[1:-1] + values[:-2]) / step**2)
        grads = np.abs(spec.grad_of_residual([1e3, 1e6]))
        growth = float(grads[1] / grads[0]) if grads[0] > 0 else float("inf")
        if grads[0] == 0 and grads[1] == 0:
            growth = 0.0
        totals = np.array([spec.of_residual(c - sample).sum() for c in constants])
        minima, flat = _count_minima(totals)
        if minima > 1:
            unique = f"not unique ({minima} local minima)"
        elif flat > 2:
            unique = "not unique (a flat interval)"
        else:
            unique = "unique"
        rows[name] = [
            (curvature, "convex" if curvature > -1e-9 else "not convex"),
            (growth, "bounded" if growth < BOUNDED_GROWTH else "unbounded"),
            (float(minima), unique),
        ]
    notes = [
        "convex: least curvature over [-10, 10] > -1e-9",
        f"bounded: |gradient(1e6)| / |gradient(1e3)| < {BOUNDED_GROWTH:g}",
        "unique: one local minimum, not a flat interval, for a two-cluster sample",
    ]
    return Table(["convex", "bounded influence", "unique minimiser"], rows, notes)


def _count_minima(totals):
    """Separate minima of a sampled function, and how many samples the lowest one spans."""
    tolerance = 1e-9 * max(1.0, abs(float(totals.min())))
    steps = np.diff(totals)
    signs = np.sign(np.where(np.abs(steps) < tolerance, 0.0, steps))
    signs = signs[signs != 0]
    minima = int(np.sum((signs[:-1] < 0) & (signs[1:] > 0)))
    flat = int(np.sum(totals <= totals.min() + tolerance))
    return max(minima, 1), flat
