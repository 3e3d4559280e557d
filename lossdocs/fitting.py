"""Minimisers the experiments need: the best constant, the best line, gradient descent.

Each is exact enough that an experiment measures the loss, not the solver: L1 fits are exact
(order statistics for a constant, exhaustive search over pairs of points for a line), L2 fits
are closed-form, and Smooth L1 / Huber fits converge to 1e-10. No loss formula lives here; the
losses come from :mod:`lossdocs.catalog`.
"""

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from lossdocs.catalog import LossSpec, loss_spec

__all__ = ["ConstantFit", "LineFit", "best_constant", "best_line", "gradient_descent"]

TOLERANCE = 1e-10


def _spec(loss):
    # The solvers need a convex loss (a monotone derivative); which solver runs follows from
    # the smoothness class the loss's catalog entry states (lossdocs.catalog.SMOOTHNESS).
    spec = loss if isinstance(loss, LossSpec) else loss_spec(loss)
    if not spec.convex:
        raise ValueError(
            f"this solver needs a convex loss (LossSpec.convex); {spec.name!r} is not convex"
        )
    return spec


def _as_data(values, name):
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array; got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite; it holds nan or inf")
    return array


@dataclass(frozen=True)
class ConstantFit:
    """The set of best constants ``[lower, upper]`` (a single point when unique).

    Examples
    --------
    >>> from lossdocs.fitting import ConstantFit
    >>> fit = ConstantFit(2.0, 4.0)
    >>> fit.value, fit.unique
    (3.0, False)
    """

    lower: float
    upper: float

    @property
    def value(self):
        """The midpoint of the set of minimisers."""
        return 0.5 * (self.lower + self.upper)

    @property
    def unique(self):
        """Whether the minimiser is a single point (to the solver's tolerance)."""
        return self.upper - self.lower <= TOLERANCE * max(1.0, abs(self.value))


def best_constant(data, loss):
    """Return the constant ``c`` that minimises ``sum(loss(c - data))``, as an interval.

    Parameters
    ----------
    data : array_like
        A non-empty 1-D array of finite numbers.
    loss : str or LossSpec
        A convex loss (:attr:`LossSpec.convex <lossdocs.catalog.LossSpec>`): "L1", "L2",
        "Smooth L1", "Huber", "Pseudo-Huber" or "log-cosh".

    Returns
    -------
    ConstantFit
        ``[lower, upper]``: every constant in it is a minimiser. The solver follows the
        loss's stated smoothness: a ``"C0"`` loss (L1) gives the median, which is a whole
        interval when ``len(data)`` is even and the middle values differ; a ``"C1"`` loss
        (Smooth L1, Huber) its M-estimate, by bisection on the derivative to 1e-10, which
        finds an interval where the derivative is zero on one; a ``"Cinf"`` loss (strictly
        convex) its one minimiser, by iteratively reweighted means (for L2 the first is the
        mean).

    Examples
    --------
    >>> from lossdocs.fitting import best_constant
    >>> best_constant([1.0, 2.0, 10.0], "L1")
    ConstantFit(lower=2.0, upper=2.0)
    >>> best_constant([1.0, 2.0, 4.0, 10.0], "L1")
    ConstantFit(lower=2.0, upper=4.0)
    >>> best_constant([1.0, 2.0, 10.0], "L2").value
    4.333333333333333
    >>> round(best_constant([1.0, 2.0, 10.0], "Smooth L1").value, 10)
    2.0
    """
    data = _as_data(data, "data")
    spec = _spec(loss)
    if spec.smoothness == "C0":  # a multiple of |r|: the median interval
        ordered = np.sort(data)
        n = ordered.size
        return ConstantFit(float(ordered[(n - 1) // 2]), float(ordered[n // 2]))
    if spec.smoothness == "Cinf":  # strictly convex: one minimiser, a fixed point of IRLS
        value = _irls_constant(data, spec)
        return ConstantFit(value, value)

    def slope(c):  # d/dc sum(loss(c - data)): non-decreasing in c for a convex loss
        return float(np.sum(spec.grad_of_residual(c - data)))

    lo, hi = float(data.min()), float(data.max())
    lower = _bisect(lambda c: slope(c) >= 0, lo, hi)
    upper = _bisect(lambda c: slope(c) > 0, lo, hi)
    return ConstantFit(lower, max(lower, upper))


def _irls_constant(data, spec, max_iterations=10_000):
    # c <- weighted mean of the data with weights psi(r) / r: for L2 the weights are equal and
    # the first step is the mean itself.
    value = float(np.mean(data))
    for _ in range(max_iterations):
        weights = _weights(spec, value - data, float(np.ptp(data)))
        new = float(np.sum(weights * data) / np.sum(weights))
        # A small step alone is not convergence: where IRLS contracts slowly (heavy tails,
        # about 1,000 steps) it stops far from the root; the derivative must vanish too.
        if abs(new - value) <= TOLERANCE * max(1.0, abs(new)) and _stationary(
            spec, new - data, np.ones_like(data), data
        ):
            return new
        value = new
    raise RuntimeError(f"{spec.name} constant fit did not converge in {max_iterations} steps")


def _stationary(spec, residual, design, y):
    """Whether sum(psi(r) * design) vanishes, to TOLERANCE relative to the data's size."""
    gradient = spec.grad_of_residual(residual) @ design
    size = max(1.0, float(np.max(np.abs(y)))) * np.maximum(1.0, np.max(np.abs(design), axis=0))
    return bool(np.all(np.abs(gradient) <= TOLERANCE * size))


def _weights(spec, residual, spread):
    """IRLS weights psi(r) / r; at r = 0 the loss's curvature there, from a tiny r."""
    tiny = 1e-12 * max(1.0, spread)
    safe = np.where(np.abs(residual) < tiny, tiny, residual)
    return spec.grad_of_residual(safe) / safe


def _bisect(is_right, lo, hi):
    """The boundary in [lo, hi] where the monotone predicate `is_right` turns true."""
    scale = max(1.0, abs(lo), abs(hi))
    while hi - lo > TOLERANCE * scale * 1e-2:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if is_right(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class LineFit:
    """A fitted line ``y = intercept + slope * x`` and whether it is the only minimiser.

    Examples
    --------
    >>> from lossdocs.fitting import LineFit
    >>> line = LineFit(intercept=1.0, slope=2.0, unique=True, objective=0.0)
    >>> line([0.0, 1.5])
    array([1., 4.])
    """

    intercept: float
    slope: float
    unique: bool
    objective: float

    def __call__(self, x):
        """The line's value at `x`."""
        return self.intercept + self.slope * np.asarray(x, dtype=float)


def best_line(x, y, loss):
    """Fit ``y = a + b x`` by minimising ``sum(loss(a + b x - y))``.

    Parameters
    ----------
    x, y : array_like
        1-D arrays of the same length, at least two distinct values in `x`.
    loss : str or LossSpec
        A convex loss, as for :func:`best_constant`.

    Returns
    -------
    LineFit
        The line, the minimal summed loss, and whether the minimiser is unique. L1 is solved
        exactly: a least-absolute-deviations line passes through two of the points, so every
        pair is tried (O(n^3); fine for the small samples of the gallery); it is not unique when
        two different lines tie. Every other convex loss uses iteratively reweighted least squares
        (from the least-squares line) until the parameters change by less than 1e-10
        relative to the larger of them and of 1 (or of the loss's width, if below 1); a
        ``"Cinf"`` loss is strictly convex, so its line is unique, and a ``"C1"`` loss (Smooth
        L1, Huber) is unique exactly when no direction keeps the residuals inside the
        quadratic zone fixed and those on its edge moving outwards (proved in the code).

    Examples
    --------
    >>> from lossdocs.fitting import best_line

    One gross outlier among five points: the L1 line goes through the other four, the L2 line
    is dragged towards it.

    >>> x, y = [0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0, 40.0]
    >>> best_line(x, y, "L1")
    LineFit(intercept=0.0, slope=1.0, unique=True, objective=36.0)
    >>> fit = best_line(x, y, "L2")
    >>> round(fit.intercept, 6), round(fit.slope, 6)
    (-7.2, 8.2)

    With four points the L1 line is not unique: these two lines tie, and so does every line
    between them.

    >>> best_line([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 30.0], "L1").unique
    False
    """
    x, y = _as_data(x, "x"), _as_data(y, "y")
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length; got {x.size} and {y.size}")
    if np.ptp(x) == 0:
        raise ValueError("x must hold at least two distinct values to fit a line")
    spec = _spec(loss)
    if spec.smoothness == "C0":
        return _lad_line(x, y, spec)
    return _irls_line(x, y, spec)


def _line(spec, x, y, a, b, unique):
    objective = float(np.sum(spec.of_residual(a + b * x - y)))
    return LineFit(float(a), float(b), bool(unique), objective)


def _lad_line(x, y, spec):
    pairs = np.array([(i, j) for i, j in combinations(range(x.size), 2) if x[i] != x[j]])
    i, j = pairs[:, 0], pairs[:, 1]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    residuals = intercepts[:, None] + slopes[:, None] * x[None, :] - y[None, :]
    objectives = np.sum(spec.of_residual(residuals), axis=1)
    best = objectives.min()
    tied = objectives <= best + 1e-12 * max(1.0, best)
    k = int(np.argmin(objectives))
    # Several pairs may give the same line (three collinear points); only distinct lines tie.
    same = np.abs(intercepts[tied] - intercepts[k]) + np.abs(slopes[tied] - slopes[k])
    unique = bool(np.all(same <= 1e-9 * (1.0 + abs(intercepts[k]) + abs(slopes[k]))))
    return LineFit(float(intercepts[k]), float(slopes[k]), unique, float(best))


def _irls_line(x, y, spec, max_iterations=10_000):
    design = np.column_stack([np.ones_like(x), x])
    (a, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    for _ in range(max_iterations):
        weights = _weights(spec, a + b * x - y, float(np.ptp(y)))
        sqrt_w = np.sqrt(weights)
        (a_new, b_new), *_ = np.linalg.lstsq(design * sqrt_w[:, None], y * sqrt_w, rcond=None)
        step = max(abs(a_new - a), abs(b_new - b))
        a, b = a_new, b_new
        # As for a constant: a small step and a vanishing derivative (see _irls_constant).
        if step <= TOLERANCE * max(min(1.0, spec.scale), abs(a), abs(b)) and _stationary(
            spec, a + b * x - y, design, y
        ):
            break
    else:
        raise RuntimeError(f"{spec.name} line fit did not converge in {max_iterations} steps")
    # A "Cinf" convex loss of the catalog is strictly convex (rho'' > 0), so with two distinct
    # x values its minimiser is unique; a "C1" one (quadratic inside its width, linear beyond)
    # needs the test below.
    unique = spec.smoothness == "Cinf" or _piecewise_unique(x, a + b * x - y, spec.scale)
    return _line(spec, x, y, a, b, unique=unique)


def _piecewise_unique(x, residual, width):
    """Whether the minimiser of a Huber-type line fit is unique, at a minimiser's residuals.

    Proof. F(theta) = sum rho(r_i(theta)), rho convex, quadratic (strictly convex) on
    [-w, w] and affine on each side. Let theta and theta' both minimise F, d = theta' - theta,
    d_i = x_i . d. F is constant on the segment between them, and a sum of convex functions
    that is affine has every term affine there; so each rho(r_i + t d_i), t in [0, 1], is
    affine. For a residual strictly inside (-w, w) that forces d_i = 0 (Q: the rows with
    |r_i| < w); for one on the edge |r_i| = w (E) it forces r_i d_i >= 0 (moving outwards,
    into the affine piece). Conversely, if some d != 0 has d_i = 0 on Q and r_i d_i >= 0 on E,
    then for small t > 0 every term is affine in t and F(theta + t d) = F + t grad F . d = F:
    another minimiser. So the minimiser is unique iff no d != 0 satisfies
    X_Q d = 0 and r_i x_i . d >= 0 on E; in particular iff X_Q has full column rank when E is
    empty. With two parameters: rank 2 (two distinct x in Q) settles it; rank 1 (one x value
    x0 in Q) leaves d = +-(-x0, 1); rank 0 leaves the directions perpendicular to some
    r_i x_i on E (the edges of the cone), or every direction when E is empty.
    """
    tolerance = 1e-7 * width
    inside = np.abs(residual) < width - tolerance
    edge = np.abs(np.abs(residual) - width) <= tolerance
    xs = np.unique(x[inside])
    if xs.size >= 2:
        return True
    normals = np.column_stack([np.ones_like(x), x])[edge] * residual[edge, None]
    if xs.size == 1:
        candidates = np.array([[-xs[0], 1.0], [xs[0], -1.0]])
    elif normals.size == 0:
        return False
    else:
        perpendicular = np.column_stack([-normals[:, 1], normals[:, 0]])
        candidates = np.concatenate([perpendicular, -perpendicular])
    scale = np.linalg.norm(normals, axis=1) * np.linalg.norm(candidates, axis=1)[:, None]
    feasible = np.all(candidates @ normals.T >= -1e-12 * scale, axis=1)
    return not bool(np.any(feasible))


def gradient_descent(grad, start, learning_rate, steps):
    """Run gradient descent ``theta <- theta - rate(t) * grad(theta)`` and keep every iterate.

    Parameters
    ----------
    grad : callable
        ``grad(theta)`` returns the gradient, an array shaped like `theta`.
    start : array_like
        The first iterate.
    learning_rate : float or callable
        A fixed step size, or ``learning_rate(t)`` giving the step size at step ``t = 0, 1, ...``.
    steps : int
        How many steps to take.

    Returns
    -------
    numpy.ndarray
        The trajectory, shape ``(steps + 1,) + np.shape(start)``; row 0 is `start`.

    Examples
    --------
    >>> from lossdocs import l1_loss_grad
    >>> from lossdocs.fitting import gradient_descent
    >>> gradient_descent(lambda t: l1_loss_grad(t, [0.0]), [1.0], 0.4, 4).ravel()
    array([ 1. ,  0.6,  0.2, -0.2,  0.2])
    """
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer; got {steps!r}")
    rate = learning_rate if callable(learning_rate) else (lambda t: learning_rate)
    theta = np.array(start, dtype=float)
    trajectory = np.empty((int(steps) + 1, *theta.shape))
    trajectory[0] = theta
    for t in range(int(steps)):
        theta = theta - rate(t) * np.asarray(grad(theta))
        trajectory[t + 1] = theta
    return trajectory
