"""Leverage and breakdown: which line fits survive outliers in the targets, and in the inputs.

The measurements behind the leverage and breakdown examples, as plain data. Losses come from
:mod:`lossdocs.catalog`; single fits from :func:`lossdocs.fitting.best_line`. For the breakdown
sweep, which needs thousands of fits, this module has its own solvers vectorised across seeds
(an exact L1 line by trying every pair of points, iteratively reweighted least squares for the
others, a redescending loss included); the tests check them against ``best_line``.
scikit-learn's ``RANSACRegressor`` and ``TheilSenRegressor`` are imported only by
:func:`breakdown`, which is the one place they are used.
"""

import functools
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from lossdocs.catalog import LOSSES, loss_spec
from lossdocs.fitting import best_line

__all__ = [
    "ESTIMATORS",
    "WELSCH",
    "Breakdown",
    "LeverageTilt",
    "batch_lines",
    "breakdown",
    "contaminate",
    "irls_lines",
    "leverage_tilt",
]

#: The seed of every random number here.
SEED = 20260601
#: The redescending loss of the breakdown sweep (Barron's general loss at α = -inf, scale 1).
WELSCH = "Welsch (α = −∞)"
#: The clean data of every experiment here: ``y = INTERCEPT + SLOPE x + noise`` on [0, 10].
INTERCEPT, SLOPE, NOISE, X_RANGE = 2.0, 0.5, 0.5, 10.0
#: Every outlier is 50 below the true line (the offset of the article's line-fit example).
OFFSET = 50.0
#: An input outlier sits at this multiple of the clean inputs' range.
FAR = 10.0
TOLERANCE = 1e-10


def _true_line(x):
    return INTERCEPT + SLOPE * x


# --- One high-leverage point against one outlier in y, with best_line. ---


@dataclass(frozen=True)
class LeverageTilt:
    """Slope errors of each loss's line with one bad point, over seeds.

    ``slope_error[where][name]`` holds one slope error (fitted minus true slope) per seed,
    for ``where`` in ``("y", "x")``: the bad point is an outlier in the target at the middle
    of the inputs (``"y"``) or a high-leverage point far out in the input (``"x"``). Both sit
    `offset` below the true line. ``example`` holds one seed's data and lines, to draw.
    """

    n: int
    seeds: int
    offset: float
    x_far: float
    slope_error: dict
    example: dict


def leverage_tilt(n=20, seeds=200, seed=SEED):
    """Fit L1, L2, Smooth L1 and Huber lines to clean data plus one bad point, over seeds.

    Each seed draws `n` clean points ``y = 2 + 0.5 x + noise`` (noise sd 0.5) with ``x``
    uniform on [0, 10], and adds one point 50 below the true line: at ``x = 5`` (an outlier in
    ``y`` only), or at ``x = 100`` (a point of high leverage, ten times the inputs' range out).
    Each line is :func:`lossdocs.fitting.best_line`.

    Returns
    -------
    LeverageTilt
        Slope errors per place of the bad point, per loss, one per seed.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.leverage import leverage_tilt
    >>> tilt = leverage_tilt(seeds=5)
    >>> bool(np.all(np.abs(tilt.slope_error["y"]["L1"]) < 0.2))
    True
    >>> bool(np.all(tilt.slope_error["x"]["L1"] < -0.4))
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, X_RANGE, size=(seeds, n))
    y = _true_line(x) + rng.normal(scale=NOISE, size=(seeds, n))
    x_far = FAR * X_RANGE
    bad = {"y": X_RANGE / 2, "x": x_far}
    slope_error = {where: {name: np.empty(seeds) for name in LOSSES} for where in bad}
    example = {}
    for where, bad_x in bad.items():
        for s in range(seeds):
            xs = np.append(x[s], bad_x)
            ys = np.append(y[s], _true_line(bad_x) - OFFSET)
            for name in LOSSES:
                fit = best_line(xs, ys, name)
                slope_error[where][name][s] = fit.slope - SLOPE
                if s == 0:
                    example.setdefault(where, {"x": xs, "y": ys, "lines": {}})
                    example[where]["lines"][name] = fit
    return LeverageTilt(n, seeds, OFFSET, x_far, slope_error, example)


# --- Line fits vectorised across seeds: rows of x and y are independent data sets. ---


def _lad_lines(x, y):
    """The exact L1 line of each row: the best of the lines through two of its points."""
    pairs = np.array(list(combinations(range(x.shape[1]), 2)))
    i, j = pairs[:, 0], pairs[:, 1]
    dx = x[:, j] - x[:, i]
    # A pair with dx = 0 (a repeated x) gives no line: its inf or nan slope is ruled out below.
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes = (y[:, j] - y[:, i]) / dx
        intercepts = y[:, i] - slopes * x[:, i]
        residuals = intercepts[..., None] + slopes[..., None] * x[:, None, :] - y[:, None, :]
        objectives = np.abs(residuals).sum(axis=2)
    objectives[dx == 0] = np.inf
    best = np.argmin(objectives, axis=1)
    rows = np.arange(x.shape[0])
    return intercepts[rows, best], slopes[rows, best]


def _weighted_lines(x, y, w):
    """Weighted least-squares line of each row, in closed form (the 2 x 2 normal equations)."""
    sw, swx, swy = w.sum(1), (w * x).sum(1), (w * y).sum(1)
    swxx, swxy = (w * x * x).sum(1), (w * x * y).sum(1)
    det = sw * swxx - swx * swx
    slope = (sw * swxy - swx * swy) / det
    return (swy - slope * swx) / sw, slope


def irls_lines(x, y, loss, start, max_iterations=10_000):
    """Iteratively reweighted least squares for each row, from a given start.

    Parameters
    ----------
    x, y : numpy.ndarray
        Shape ``(rows, n)``: one data set per row.
    loss : str
        A loss name from :mod:`lossdocs.catalog`. For a convex loss the result is its line; for
        a redescending loss (Cauchy, Geman-McClure, Welsch) it is the local minimum IRLS
        reaches from `start`, which is why the start matters.
    start : tuple of numpy.ndarray
        Intercepts and slopes, shape ``(rows,)`` each.

    Returns
    -------
    tuple of numpy.ndarray
        Intercepts and slopes, when every row's step is below 1e-10 (relative). A row whose
        weights all vanish (a redescending loss with every residual far out, where the loss
        is flat) stays at its start.

    Raises
    ------
    RuntimeError
        If some row has not converged after `max_iterations`.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.leverage import irls_lines
    >>> x = np.array([[0.0, 1.0, 2.0, 3.0, 4.0]])
    >>> y = np.array([[0.0, 1.0, 2.0, 3.0, 40.0]])
    >>> a, b = irls_lines(x, y, "Welsch (α = −∞)", (np.zeros(1), np.ones(1)))
    >>> round(float(a[0]), 6), round(float(b[0]), 6)
    (0.0, 1.0)
    """
    spec = loss_spec(loss)
    a, b = (np.array(v, dtype=float) for v in start)
    tiny = 1e-12 * max(1.0, float(np.ptp(y)))
    for _ in range(max_iterations):
        residual = a[:, None] + b[:, None] * x - y
        safe = np.where(np.abs(residual) < tiny, tiny, residual)
        weights = spec.grad_of_residual(safe) / safe
        with np.errstate(divide="ignore", invalid="ignore"):
            a_new, b_new = _weighted_lines(x, y, weights)
        # A redescending loss far from every point gives every weight 0 (exp underflows): the
        # loss is flat there, and the row stays where it is.
        stuck = ~(np.isfinite(a_new) & np.isfinite(b_new))
        a_new, b_new = np.where(stuck, a, a_new), np.where(stuck, b, b_new)
        step = np.maximum(np.abs(a_new - a), np.abs(b_new - b))
        a, b = a_new, b_new
        if np.all(step <= TOLERANCE * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))):
            return a, b
    raise RuntimeError(f"{spec.name} IRLS did not converge in {max_iterations} steps")


def batch_lines(x, y, loss):
    """The line of each row under a convex loss of :data:`lossdocs.catalog.LOSSES`.

    Solves what :func:`lossdocs.fitting.best_line` solves, for many data sets at once: L1
    exactly over all pairs of points, L2 in closed form, Smooth L1 and Huber by IRLS from the
    L2 line.

    Parameters
    ----------
    x, y : numpy.ndarray
        Shape ``(rows, n)``: one data set per row.
    loss : str
        "L1", "L2", "Smooth L1" or "Huber".

    Returns
    -------
    tuple of numpy.ndarray
        Intercepts and slopes, shape ``(rows,)`` each.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.leverage import batch_lines
    >>> x = np.array([[0.0, 1.0, 2.0, 3.0, 4.0]])
    >>> y = np.array([[0.0, 1.0, 2.0, 3.0, 40.0]])
    >>> batch_lines(x, y, "L1")
    (array([0.]), array([1.]))
    >>> np.round(batch_lines(x, y, "L2"), 6)
    array([[-7.2],
           [ 8.2]])
    """
    if loss not in LOSSES:
        raise ValueError(f"batch_lines solves the convex losses {list(LOSSES)}; got {loss!r}")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if loss == "L1":
        return _lad_lines(x, y)
    least_squares = _weighted_lines(x, y, np.ones_like(x))
    if loss == "L2":
        return least_squares
    return irls_lines(x, y, loss, least_squares)


# --- The breakdown sweep. ---

#: The fits of the breakdown sweep, in the order of its table.
ESTIMATORS = (*LOSSES, "RANSAC", "Theil-Sen", f"{WELSCH} from L1", f"{WELSCH} from Theil-Sen")


@dataclass(frozen=True)
class Breakdown:
    """How each fit fares as the share of outliers grows, for outliers in ``y`` and in ``x``.

    ``slopes[where][name]`` has shape ``(len(fractions), seeds)``; ``lost[where][name]`` is
    the share of seeds lost at each fraction; ``breakdown[where][name]`` the smallest fraction
    at which more than half of the seeds are lost (nan if none up to the largest fraction).
    A seed's fit is *lost* when its slope differs from the same estimator's slope on that
    seed's clean data by more than ``threshold * |true slope|``.
    """

    n: int
    seeds: int
    fractions: np.ndarray
    threshold: float
    slopes: dict
    lost: dict
    breakdown: dict


def contaminate(x, y, k, where, rng):
    """Replace the first `k` points of each row with outliers, in ``y`` or in ``x``.

    ``where="y"``: the input stays, the target drops `OFFSET` below the true line.
    ``where="x"``: the point moves to a cluster at ``x = 100`` (ten times the range) with a
    target on the true line's level at ``x = 0`` (so 50 below the line there), jittered by
    the noise.
    """
    x, y = x.copy(), y.copy()
    jitter = rng.normal(scale=NOISE, size=(2, x.shape[0], k))
    if where == "y":
        y[:, :k] = _true_line(x[:, :k]) - OFFSET + jitter[0]
    else:
        x_far = FAR * X_RANGE
        x[:, :k] = x_far + jitter[0]
        y[:, :k] = _true_line(x_far) - OFFSET + jitter[1]
    return x, y


@functools.cache
def _lean_line():
    """The least-squares line that RANSAC fits to each trial's points, as a scikit-learn class.

    The same fit as ``LinearRegression`` (the default estimator of ``RANSACRegressor``) on one
    feature, and its R² score, without the input checks that cost it milliseconds per call;
    RANSAC calls it up to a hundred times per data set. (Made on first use: scikit-learn is
    needed by this experiment only.)
    """
    from sklearn.base import BaseEstimator, RegressorMixin

    class LeanLine(RegressorMixin, BaseEstimator):
        def fit(self, X, y):
            x = X[:, 0]
            dx = x - x.mean()
            self.coef_ = np.array([np.dot(dx, y - y.mean()) / np.dot(dx, dx)])
            self.intercept_ = y.mean() - self.coef_[0] * x.mean()
            return self

        def predict(self, X):
            return self.intercept_ + self.coef_[0] * X[:, 0]

        def score(self, X, y):
            residual = np.sum((y - self.predict(X)) ** 2)
            total = np.sum((y - y.mean()) ** 2)
            if total == 0.0:  # as scikit-learn's r2_score scores a constant target
                return 1.0 if residual == 0.0 else 0.0
            return 1.0 - residual / total

    return LeanLine


def _ransac():
    """scikit-learn's RANSAC with its defaults (min_samples 2 is its default for a line)."""
    from sklearn.linear_model import RANSACRegressor

    return RANSACRegressor(estimator=_lean_line()(), min_samples=2, random_state=0)


def _sklearn_lines(x, y, make):
    """Fit a scikit-learn estimator to each row; RANSAC keeps its line in ``estimator_``."""
    fits = [make().fit(row_x[:, None], row_y) for row_x, row_y in zip(x, y, strict=True)]
    fits = [getattr(f, "estimator_", f) for f in fits]
    return np.array([f.intercept_ for f in fits]), np.array([f.coef_[0] for f in fits])


def breakdown(n=20, seeds=50, threshold=0.5, seed=SEED):
    """Measure the breakdown point of each line fit, for outliers in ``y`` and in ``x``.

    Each seed draws `n` clean points as in :func:`leverage_tilt` (in random order); at
    contamination ``k / n``, ``k = 0 ... n // 2``, the first ``k`` are replaced by outliers
    (:func:`contaminate`). The fits: L1, L2, Smooth L1 and Huber (:func:`batch_lines`);
    scikit-learn's ``RANSACRegressor(random_state=0)`` with its other defaults (its trials'
    least-squares lines fitted by a lean equivalent of its default estimator) and
    ``TheilSenRegressor(random_state=0, max_iter=1000)`` (its spatial median can need more than
    the default 300 iterations when the outliers form a cluster); and Welsch (Barron's α = -inf, scale 1, from
    :data:`lossdocs.catalog.ROBUST_FAMILY`) by IRLS, started once from the L1 line and once
    from the Theil-Sen line.

    Parameters
    ----------
    n : int
        Points per data set.
    seeds : int
        Data sets per contamination level. Fifty by default: the L1, L2, Smooth L1, Huber and
        Welsch fits are vectorised across seeds, but scikit-learn fits one data set at a
        time.
    threshold : float
        A fit is lost when its slope moves by more than ``threshold * 0.5`` (the true slope
        is 0.5) from the same estimator's fit on the clean data.

    Returns
    -------
    Breakdown
    """
    from sklearn.linear_model import TheilSenRegressor

    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, X_RANGE, size=(seeds, n))
    y = _true_line(x) + rng.normal(scale=NOISE, size=(seeds, n))
    ks = np.arange(n // 2 + 1)
    wheres = ("y", "x")
    slopes = {w: {name: np.empty((ks.size, seeds)) for name in ESTIMATORS} for w in wheres}
    for where in wheres:
        for row, k in enumerate(ks):
            xs, ys = contaminate(x, y, int(k), where, rng)
            fits = {name: batch_lines(xs, ys, name) for name in LOSSES}
            fits["RANSAC"] = _sklearn_lines(xs, ys, _ransac)
            fits["Theil-Sen"] = _sklearn_lines(
                xs, ys, lambda: TheilSenRegressor(random_state=0, max_iter=1000)
            )
            fits[f"{WELSCH} from L1"] = irls_lines(xs, ys, WELSCH, fits["L1"])
            fits[f"{WELSCH} from Theil-Sen"] = irls_lines(xs, ys, WELSCH, fits["Theil-Sen"])
            for name in ESTIMATORS:
                slopes[where][name][row] = fits[name][1]
    lost, points = {}, {}
    for where in wheres:
        lost[where], points[where] = {}, {}
        for name in ESTIMATORS:
            moved = np.abs(slopes[where][name] - slopes[where][name][0])
            share = np.mean(moved > threshold * abs(SLOPE), axis=1)
            lost[where][name] = share
            broken = np.flatnonzero(share > 0.5)
            points[where][name] = ks[broken[0]] / n if broken.size else np.nan
    return Breakdown(n, seeds, ks / n, threshold, slopes, lost, points)
