"""The article's verdicts (Table 1), each derived from measurements by a stated rule."""

import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import SEED, l1_instability, line_fit_robustness
from lossdocs.fitting import best_constant
from lossdocs.tables import Table

__all__ = ["robustness_stability_table"]

ROBUST_PULL = 0.25
STABLE_SHRINK = 0.01
UNIQUE_WIDTH = 1e-9
BOUNDED_GROWTH = 2.0
VANISHING_RATIO = 0.1


def robustness_stability_table():
    """C8: Table 1 of the article, computed from measurements and extended to four losses.

    Columns, each a measured number and the verdict derived from it by a stated threshold:

    - *robust to outliers*: the pull from :func:`~lossdocs.experiments.line_fit_robustness` at 10% outliers; robust
      if below 0.25 (less than a quarter of the outliers' displacement reaches the line).
    - *stable solution*: from :func:`~lossdocs.experiments.l1_instability`, the largest slope change across a
      bracket of width 1e-9 over the same across one grid step; stable if below 0.01 (the change
      shrinks with the move, so the slope is continuous in the data).
    - *unique minimiser*: the width of the set of best constants for ten standard normal draws
      (:func:`~lossdocs.fitting.best_constant`); unique if below 1e-9.
    - *bounded gradient*: ``|grad(1000)| / |grad(10)|``; bounded if below 2.
    - *gradient vanishes at the optimum*: ``|grad(0.001)| / |grad(1)|``; vanishes if below 0.1.

    Returns
    -------
    Table
        Rows "L1", "L2", "Smooth L1", "Huber"; each cell a ``(number, verdict)`` pair.

    Examples
    --------
    >>> from lossdocs.verdicts import robustness_stability_table
    >>> table = robustness_stability_table()
    >>> table.cell("L1", "robust to outliers")[1], table.cell("L1", "stable solution")[1]
    ('robust', 'unstable')
    >>> table.cell("L2", "robust to outliers")[1], table.cell("L2", "stable solution")[1]
    ('not robust', 'stable')
    """
    sweep = line_fit_robustness(fractions=(0.0, 0.1))
    scan = l1_instability()
    sample = np.random.default_rng(SEED).normal(size=10)
    rows = {}
    for name, spec in LOSSES.items():
        pull = float(sweep.pull[name][1])
        shrink = scan.fine_jump[name] / scan.coarse_jump[name] if scan.coarse_jump[name] else 0.0
        fit = best_constant(sample, name)
        width = fit.upper - fit.lower
        grads = np.abs(spec.grad_of_residual([1e-3, 1.0, 10.0, 1e3]))
        growth, vanishing = grads[3] / grads[2], grads[0] / grads[1]
        rows[name] = [
            (pull, "robust" if pull < ROBUST_PULL else "not robust"),
            (shrink, "stable" if shrink < STABLE_SHRINK else "unstable"),
            (width, "unique" if width < UNIQUE_WIDTH else "not unique"),
            (float(growth), "bounded" if growth < BOUNDED_GROWTH else "unbounded"),
            (float(vanishing), "vanishes" if vanishing < VANISHING_RATIO else "does not vanish"),
        ]
    columns = [
        "robust to outliers",
        "stable solution",
        "unique minimiser",
        "bounded gradient",
        "gradient vanishes at the optimum",
    ]
    notes = [
        f"robust: pull at 10% outliers < {ROBUST_PULL}",
        f"stable: slope change over a 1e-9 move / over a grid step < {STABLE_SHRINK}",
        f"unique: width of the set of best constants < {UNIQUE_WIDTH:g}",
        f"bounded: |gradient(1000)| / |gradient(10)| < {BOUNDED_GROWTH:g}",
        f"vanishes: |gradient(0.001)| / |gradient(1)| < {VANISHING_RATIO:g}",
    ]
    return Table(columns, rows, notes)
