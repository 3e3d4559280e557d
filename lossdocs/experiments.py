"""The measurements behind the source article's claims: one function per claim, results as dataclasses.

Every number the site quotes about a claim is computed here, once: the gallery draws these
results, the article quotes them, :mod:`lossdocs.verdicts` turns them into verdicts and the
tests check them. Data sets are small, synthetic and seeded. A seeded experiment is repeated on
many independent draws at once (one array operation across draws, not a loop per draw) and
reports each statistic as a :class:`Spread` over the draws; draw 0 is the one the gallery draws
as an illustration ("one draw"). No plotting lives here; the loss formulas come from
:mod:`lossdocs.catalog`.
"""

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property

import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.fitting import LineFit, best_constant
from lossdocs.words import say

__all__ = [
    "FIXED_LARGE",
    "FIXED_SMALL",
    "GEOMETRIC",
    "INVERSE",
    "INVERSE_SQRT",
    "N_SEEDS",
    "SCHEDULES",
    "SEED",
    "WIDTHS",
    "BoxRegression",
    "ConvergenceSpeed",
    "DescentRun",
    "DescentRuns",
    "InstabilityScan",
    "Loss",
    "MedianVsMean",
    "OutlierShares",
    "RobustnessSweep",
    "Schedule",
    "ScheduleReach",
    "Spread",
    "box_regression",
    "convergence_speed",
    "descent_runs",
    "format_percent",
    "format_width",
    "l1_instability",
    "line_fit_robustness",
    "median_vs_mean",
    "outlier_shares",
    "schedule_reach",
]

#: The seed of every experiment's random numbers: rerunning an experiment gives the same data.
SEED = 20260601
#: How many independent draws a seeded experiment makes by default.
N_SEEDS = 200
#: The widths (Smooth L1's β, Huber's δ) the experiments compare: 1 (Fast R-CNN, PyTorch's
#: default), 1/3 and 1/9 (Faster R-CNN's region proposal network, σ = 3).
WIDTHS = (1.0, 1.0 / 3.0, 1.0 / 9.0)

_WIDTH_NAME = {"Smooth L1": "beta", "Huber": "delta"}
_WIDTH_SYMBOL = {"Smooth L1": "β", "Huber": "δ"}


def format_width(width):
    """Write a width as a reader would: ``1``, ``1/9``, ``0.25``.

    Examples
    --------
    >>> from lossdocs.experiments import format_width
    >>> format_width(1.0), format_width(1 / 9), format_width(0.25), format_width(3.0)
    ('1', '1/9', '1/4', '3')
    """
    fraction = Fraction(float(width)).limit_denominator(1000)
    if abs(float(fraction) - width) > 1e-12 * max(1.0, abs(width)):
        return f"{width:g}"
    return str(fraction)


def format_percent(share, digits=1):
    """Write a share in [0, 1] as a percentage that never rounds to 0% or 100% unless it is.

    Examples
    --------
    >>> from lossdocs.experiments import format_percent
    >>> format_percent(0.1), format_percent(0.99999), format_percent(1.0), format_percent(2e-6)
    ('10.0%', '> 99.9%', '100%', '< 0.1%')
    """
    share = float(share)
    if share == 1.0:
        return "100%"
    if share == 0.0:
        return "0%"
    step = 10.0**-digits
    text = f"{100 * share:.{digits}f}"
    if float(text) >= 100.0:
        return f"> {100 - step:.{digits}f}%"
    if float(text) <= 0.0:
        return f"< {step:.{digits}f}%"
    return f"{text}%"


@dataclass(frozen=True)
class Loss:
    """A loss of :data:`lossdocs.catalog.LOSSES` at a given width and scale.

    ``Loss("Smooth L1", 1/9)`` is Smooth L1 with β = 1/9; ``Loss("L2", scale=0.5)`` is half of
    L2, ½·x². A width left out is the catalog's (1); L1 and L2 take none.

    Examples
    --------
    >>> from lossdocs.experiments import Loss
    >>> Loss("Smooth L1", 1 / 9).label
    'Smooth L1 (β = 1/9)'
    >>> Loss("Smooth L1") == Loss("Smooth L1", 1.0)
    True
    >>> Loss("L2", scale=0.5).label, Loss("L2", scale=0.5).curvature
    ('½·L2', 1.0)
    """

    name: str
    width: float | None = None
    scale: float = 1.0

    def __post_init__(self):
        if self.name not in LOSSES:
            raise ValueError(f"unknown loss {self.name!r}; known losses are {list(LOSSES)}")
        if self.name in _WIDTH_NAME:
            key = _WIDTH_NAME[self.name]
            width = LOSSES[self.name].kwargs[key] if self.width is None else self.width
            if not (isinstance(width, int | float) and math.isfinite(width) and width > 0):
                raise ValueError(f"{self.name}'s {key} must be a finite number > 0; got {width!r}")
            object.__setattr__(self, "width", float(width))
        elif self.width is not None:
            raise ValueError(f"{self.name} takes no width; got width={self.width!r}")
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise ValueError(f"scale must be a finite number > 0; got {self.scale!r}")

    @cached_property
    def spec(self):
        """The catalog entry with this width (its colour and line style are the loss's)."""
        base = LOSSES[self.name]
        if self.name not in _WIDTH_NAME:
            return base
        return replace(base, kwargs={_WIDTH_NAME[self.name]: self.width})

    @property
    def label(self):
        """The name shown to readers, with the width when there is one."""
        name = self.name if self.scale == 1.0 else f"{_scale_text(self.scale)}·{self.name}"
        if self.name in _WIDTH_SYMBOL:
            return f"{name} ({_WIDTH_SYMBOL[self.name]} = {format_width(self.width)})"
        return name

    @property
    def curvature(self):
        """The second derivative at a zero residual: 2 for L2, 1/β for Smooth L1, 1 for Huber."""
        closed_form = {"L1": math.inf, "L2": 2.0, "Huber": 1.0}
        value = 1.0 / self.width if self.name == "Smooth L1" else closed_form[self.name]
        return self.scale * value

    def loss(self, residual):
        """The elementwise loss of the residuals."""
        return self.scale * self.spec.of_residual(residual)

    def psi(self, residual):
        """The elementwise derivative ψ of the loss at the residuals (0 at 0 for L1)."""
        return self.scale * self.spec.grad_of_residual(residual)


def _scale_text(scale):
    return {0.5: "½"}.get(scale, format_width(scale))


def _as_loss(loss, width=None):
    if isinstance(loss, Loss):
        if width is not None and width != loss.width:
            raise ValueError(f"width={width!r} given for {loss.label}, which has its own width")
        return loss
    return Loss(loss, width)


def _default_losses(widths):
    """L1, L2, then Smooth L1 and Huber at each width."""
    return (
        Loss("L1"),
        Loss("L2"),
        *(Loss("Smooth L1", w) for w in widths),
        *(Loss("Huber", w) for w in widths),
    )


def _lookup(table, loss, width):
    key = _as_loss(loss, width)
    try:
        return table[key]
    except KeyError:
        known = [k.label for k in table]
        raise ValueError(f"{key.label} was not measured; measured: {known}") from None


@dataclass(frozen=True)
class Spread:
    """A statistic measured on many independent draws: its values and their summary.

    Examples
    --------
    >>> from lossdocs.experiments import Spread
    >>> spread = Spread(np.arange(101.0))
    >>> spread.median, spread.low, spread.high, spread.first
    (50.0, 5.0, 95.0, 0.0)
    >>> spread.describe("{:.0f}")
    '50 (5-95% of 101 draws: 5 to 95)'
    """

    values: np.ndarray

    @property
    def n(self):
        """The number of draws."""
        return int(np.size(self.values))

    @property
    def median(self):
        """The median over the draws."""
        return float(np.median(self.values))

    @property
    def low(self):
        """The 5th percentile over the draws."""
        return float(np.percentile(self.values, 5, method="inverted_cdf"))

    @property
    def high(self):
        """The 95th percentile over the draws."""
        return float(np.percentile(self.values, 95, method="inverted_cdf"))

    @property
    def minimum(self):
        """The smallest value over the draws."""
        return float(np.min(self.values))

    @property
    def maximum(self):
        """The largest value over the draws."""
        return float(np.max(self.values))

    @property
    def first(self):
        """The value on draw 0, the one the gallery shows as an illustration."""
        return float(np.ravel(self.values)[0])

    def describe(self, fmt="{:.3g}"):
        """The median and the 5-95% range, as text, each number formatted with `fmt`."""
        return (
            f"{fmt.format(self.median)} (5-95% of {self.n} draws: "
            f"{fmt.format(self.low)} to {fmt.format(self.high)})"
        )


# --- Batched fitting: one array operation across draws (the exact solvers of fitting.py,
#     vectorised; tests check them against fitting.best_line draw by draw). ---


def _l2_lines(x, y):
    x, y = np.broadcast_arrays(x, y)
    xm, ym = x.mean(-1, keepdims=True), y.mean(-1, keepdims=True)
    slope = np.sum((x - xm) * (y - ym), -1) / np.sum((x - xm) ** 2, -1)
    return ym[..., 0] - slope * xm[..., 0], slope


def _weighted_median_through(x, y, k):
    """Lines through point `k` (per row) with the best L1 slope, and the other point they hit.

    Through point k the summed absolute error is ``sum_j |x_j - x_k| |s_j - b|`` with ``s_j``
    the slope from k to j: a weighted median of the ``s_j``.
    """
    rows = np.arange(x.shape[0])
    dx = x - x[rows, k][:, None]
    dy = y - y[rows, k][:, None]
    weight = np.abs(dx)
    slopes = np.divide(dy, dx, out=np.zeros_like(dy), where=weight > 0)
    order = np.argsort(slopes, axis=-1)
    cumulative = np.cumsum(np.take_along_axis(weight, order, -1), -1)
    position = np.argmax(cumulative >= 0.5 * cumulative[:, -1:], axis=-1)
    other = order[rows, position]
    return slopes[rows, other], other


def _lad_by_every_pivot(x, y):
    """Exact least-absolute-deviations lines for each row of 2-D `x`, `y`.

    An optimal line passes through a data point; the best line through each point is a
    weighted median (:func:`_weighted_median_through`); the best of those is the optimum.
    """
    n = x.shape[1]
    best = np.full(x.shape[0], np.inf)
    intercept, slope = np.zeros(x.shape[0]), np.zeros(x.shape[0])
    for k in range(n):
        b, _ = _weighted_median_through(x, y, np.full(x.shape[0], k))
        a = y[:, k] - b * x[:, k]
        objective = np.abs(a[:, None] + b[:, None] * x - y).sum(1)
        better = objective < best
        best[better], intercept[better], slope[better] = objective[better], a[better], b[better]
    return intercept, slope


def _lad_lines(x, y):
    """Exact least-absolute-deviations lines, batched over the leading axes."""
    x, y = np.broadcast_arrays(x, y)
    shape = x.shape[:-1]
    a, b = _lad_by_every_pivot(x.reshape(-1, x.shape[-1]), y.reshape(-1, y.shape[-1]))
    return a.reshape(shape), b.reshape(shape)


def _best_offset(u, loss):
    """The exact minimiser of ``sum_i loss(a - u_i)`` over ``a``, for each row of `u`.

    Its derivative in ``a`` is piecewise linear and non-decreasing, with kinks at
    ``u_i +- width``: evaluate it at every kink and interpolate between the two around 0.
    """
    kinks = np.sort(np.concatenate([u - loss.width, u + loss.width], axis=-1), axis=-1)
    slope = loss.psi(kinks[..., :, None] - u[..., None, :]).sum(-1)
    k = np.argmax(slope >= 0, axis=-1)[..., None]
    lo, hi = np.take_along_axis(kinks, k - 1, -1), np.take_along_axis(kinks, k, -1)
    g_lo, g_hi = np.take_along_axis(slope, k - 1, -1), np.take_along_axis(slope, k, -1)
    return (lo - g_lo * (hi - lo) / (g_hi - g_lo))[..., 0]


def _huber_lines_nested(x, y, loss, iterations=200):
    """Smooth L1 / Huber lines by bisection on the slope, each with its exact best intercept.

    ``F(b) = min_a sum loss(a + b x - y)`` is convex; its derivative ``sum psi(r) x`` (at the
    best ``a``) is non-decreasing in ``b``, so bisection finds the best slope.
    """
    # Every pairwise slope, hence the best slope, is at most range(y) / (smallest x gap).
    gaps = np.diff(np.sort(x, axis=-1), axis=-1)
    smallest_gap = np.min(np.where(gaps > 0, gaps, np.inf), axis=-1)
    spread = np.ptp(y, axis=-1) / smallest_gap
    lo, hi = -spread - 1.0, spread + 1.0
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        a = _best_offset(y - mid[:, None] * x, loss)
        slope = (loss.psi(a[:, None] + mid[:, None] * x - y) * x).sum(-1)
        lo, hi = np.where(slope < 0, mid, lo), np.where(slope < 0, hi, mid)
    b = 0.5 * (lo + hi)
    return _best_offset(y - b[:, None] * x, loss), b


def _huber_lines(x, y, loss, tolerance=1e-10, max_iterations=100):
    """Smooth L1 / Huber lines, exact, batched over the rows of 2-D `x`, `y`.

    The loss is quadratic inside its width and linear outside, so once the points inside are
    known the minimiser solves a 2 x 2 linear system (a Newton step). Each iteration takes the
    Newton step from the current split, or an iteratively-reweighted-least-squares step where
    that is lower (or the system is singular); it stops when the step is below `tolerance`,
    which happens as soon as the split stops changing. Only unconverged rows are iterated.
    """
    a, b = _l2_lines(x, y)
    active = np.arange(a.size)

    def objective(xa, ya, aa, ba):
        return loss.loss(aa[:, None] + ba[:, None] * xa - ya).sum(-1)

    def solve(w, xa, rhs0, rhs1):
        sw, swx, swxx = w.sum(-1), (w * xa).sum(-1), (w * xa * xa).sum(-1)
        det = sw * swxx - swx**2
        with np.errstate(divide="ignore", invalid="ignore"):
            return (swxx * rhs0 - swx * rhs1) / det, (sw * rhs1 - swx * rhs0) / det

    for _ in range(max_iterations):
        xa, ya, aa, ba = x[active], y[active], a[active], b[active]
        residual = aa[:, None] + ba[:, None] * xa - ya
        psi = loss.psi(residual)
        # Newton: curvature inside the width, 0 outside; solves H d = -gradient.
        inside = np.where(np.abs(residual) < loss.width, loss.curvature, 0.0)
        da, db = solve(inside, xa, -psi.sum(-1), -(psi * xa).sum(-1))
        newton_a, newton_b = aa + da, ba + db
        # IRLS: weights psi(r) / r (the curvature where r = 0).
        safe = np.where(residual == 0, 1.0, residual)
        w = np.where(residual == 0, loss.curvature, psi / safe)
        irls_a, irls_b = solve(w, xa, (w * ya).sum(-1), (w * xa * ya).sum(-1))
        with np.errstate(invalid="ignore"):
            use_newton = np.isfinite(newton_a) & np.isfinite(newton_b)
            use_newton &= objective(
                xa, ya, np.where(use_newton, newton_a, aa), np.where(use_newton, newton_b, ba)
            ) <= objective(xa, ya, irls_a, irls_b)
        a_new = np.where(use_newton, newton_a, irls_a)
        b_new = np.where(use_newton, newton_b, irls_b)
        step = np.maximum(np.abs(a_new - aa), np.abs(b_new - ba))
        before, after = objective(xa, ya, aa, ba), objective(xa, ya, a_new, b_new)
        a[active], b[active] = a_new, b_new
        scale = np.maximum(1.0, np.maximum(np.abs(a_new), np.abs(b_new)))
        # Done when the step is negligible, or the objective no longer falls (a flat minimum:
        # a segment of lines ties, and the current one is on it).
        moving = (step > tolerance * scale) & (before - after > 1e-15 * np.maximum(1.0, before))
        active = active[moving]
        if active.size == 0:
            return a, b
    # Rows still moving (IRLS crawls where few residuals lie inside the width): solve them by
    # nested bisection instead.
    a[active], b[active] = _huber_lines_nested(x[active], y[active], loss)
    return a, b


def _fit_lines(x, y, loss):
    """The best line ``(intercept, slope)`` under `loss`, for every draw along leading axes."""
    if loss.name == "L1":
        return _lad_lines(x, y)
    if loss.name == "L2":
        return _l2_lines(x, y)
    x, y = np.broadcast_arrays(x, y)
    shape = x.shape[:-1]
    a, b = _huber_lines(x.reshape(-1, x.shape[-1]), y.reshape(-1, y.shape[-1]), loss)
    return a.reshape(shape), b.reshape(shape)


def _minimiser_key(loss):
    # Huber with δ = w is w times Smooth L1 with β = w: the same minimiser, so fit once.
    return Loss("Smooth L1", loss.width) if loss.name == "Huber" else replace(loss, scale=1.0)


# --- C14: one outlier among ten predictions. ---


@dataclass(frozen=True)
class OutlierShares:
    """How much of each loss, and of its gradient, one outlier accounts for, over many draws.

    ``predictions[k]`` is draw k: the outlier is last.
    """

    predictions: np.ndarray
    true_value: float
    outlier: float
    spread: float
    losses: tuple
    _loss_share: dict = field(repr=False)
    _grad_share: dict = field(repr=False)

    def loss_share(self, loss, width=None):
        """The outlier's loss over the summed loss, as a :class:`Spread` over draws."""
        return Spread(_lookup(self._loss_share, loss, width))

    def grad_share(self, loss, width=None):
        """The outlier's gradient size over the summed gradient sizes, over draws."""
        return Spread(_lookup(self._grad_share, loss, width))


def outlier_shares(
    true_value=1.0, outlier=1000.0, n=10, spread=0.1, n_seeds=N_SEEDS, widths=WIDTHS, seed=SEED
):
    """C14: the share of the total loss and of the total gradient that comes from one outlier.

    `n` predictions of `true_value`: ``n - 1`` are the true value plus normal noise of standard
    deviation `spread`, the last is `outlier`. For each loss, the *loss share* is the outlier's
    loss over the summed loss; the *gradient share* is the size of the outlier's gradient over
    the summed sizes of all gradients: how much of the push on a shared model comes from it.
    Repeated on `n_seeds` draws of the noise.

    Returns
    -------
    OutlierShares
        The predictions of every draw, and per loss (L1, L2, Smooth L1 and Huber at each of
        `widths`) the two shares over the draws.

    Examples
    --------
    >>> from lossdocs.experiments import outlier_shares
    >>> shares = outlier_shares()
    >>> shares.grad_share("L1").median
    0.1
    >>> shares.loss_share("L2").minimum > 0.9999
    True
    """
    rng = np.random.default_rng(seed)
    noise = rng.normal(scale=spread, size=(n_seeds, n - 1))
    predictions = np.concatenate([true_value + noise, np.full((n_seeds, 1), outlier)], axis=1)
    residual = predictions - true_value
    losses = _default_losses(widths)
    loss_share, grad_share = {}, {}
    for loss in losses:
        values, grads = loss.loss(residual), np.abs(loss.psi(residual))
        loss_share[loss] = values[:, -1] / values.sum(1)
        grad_share[loss] = grads[:, -1] / grads.sum(1)
    return OutlierShares(
        predictions,
        float(true_value),
        float(outlier),
        float(spread),
        losses,
        loss_share,
        grad_share,
    )


# --- C15: 90% of targets at 150, 10% spread over [0, 30]. ---


@dataclass(frozen=True)
class MedianVsMean:
    """The best constant prediction under each loss, and its error on each group."""

    targets: np.ndarray
    is_majority: np.ndarray
    losses: tuple
    fits: dict = field(repr=False)

    def fit(self, loss, width=None):
        """The set of best constants (:class:`~lossdocs.fitting.ConstantFit`)."""
        return _lookup(self.fits, loss, width)

    def prediction(self, loss, width=None):
        """The best constant (the midpoint of the set of best constants)."""
        return self.fit(loss, width).value

    def majority_error(self, loss, width=None):
        """The mean absolute error of the best constant on the majority."""
        return float(np.mean(np.abs(self.prediction(loss, width) - self.majority)))

    def minority_error(self, loss, width=None):
        """The mean absolute error of the best constant on the minority."""
        return float(np.mean(np.abs(self.prediction(loss, width) - self.minority)))

    @property
    def majority(self):
        """The majority's targets."""
        return self.targets[self.is_majority]

    @property
    def minority(self):
        """The minority's targets."""
        return self.targets[~self.is_majority]


def median_vs_mean(
    n=100, majority_value=150.0, majority_share=0.9, minority_range=(0.0, 30.0), widths=(1.0,)
):
    """C15: what a constant model predicts when 90% of targets are 150 and 10% lie in [0, 30].

    The minority is spread evenly over `minority_range`. L1's best constant is the median, L2's
    the mean; Smooth L1 and Huber (at each of `widths`) land between.

    Returns
    -------
    MedianVsMean
        The targets, a mask of the majority, and per loss the set of best constants
        (:func:`~lossdocs.fitting.best_constant`).

    Examples
    --------
    >>> from lossdocs.experiments import median_vs_mean
    >>> result = median_vs_mean()
    >>> result.prediction("L1"), round(result.prediction("L2"), 6)
    (150.0, 136.5)
    """
    n_majority = round(n * majority_share)
    targets = np.concatenate(
        [np.full(n_majority, majority_value), np.linspace(*minority_range, n - n_majority)]
    )
    is_majority = np.arange(n) < n_majority
    losses = _default_losses(widths)
    fits = {loss: best_constant(targets, loss.spec) for loss in losses}
    return MedianVsMean(targets, is_majority, losses, fits)


# --- C9: robustness of a line fit to a growing share of gross outliers. ---


@dataclass(frozen=True)
class RobustnessSweep:
    """How far each loss's fitted line moves as outliers are added, over many draws.

    ``y[k]`` and ``outlier_order[k]`` are draw k; ``intercepts[loss]`` and ``slopes[loss]`` have
    shape ``(len(fractions), n_draws)``.
    """

    x: np.ndarray
    y: np.ndarray
    outlier_order: np.ndarray
    offset: float
    fractions: np.ndarray
    losses: tuple
    intercepts: dict = field(repr=False)
    slopes: dict = field(repr=False)

    def _index(self, fraction):
        matches = np.flatnonzero(np.isclose(self.fractions, fraction))
        if matches.size == 0:
            raise ValueError(f"fraction {fraction!r} was not measured; measured: {self.fractions}")
        return int(matches[0])

    def n_outliers(self, fraction):
        """How many points are outliers at `fraction`."""
        return round(self.fractions[self._index(fraction)] * self.x.size)

    def dirty_y(self, fraction, draw=0):
        """Draw `draw`'s ``y`` with the outliers of `fraction` added."""
        y = self.y[draw].copy()
        y[self.outlier_order[draw, : self.n_outliers(fraction)]] += self.offset
        return y

    def is_outlier(self, fraction, draw=0):
        """A mask of the points that are outliers at `fraction` in draw `draw`."""
        mask = np.zeros(self.x.size, dtype=bool)
        mask[self.outlier_order[draw, : self.n_outliers(fraction)]] = True
        return mask

    def rise(self, fraction, loss, width=None):
        """How far the line's mean height over the data rises, over draws."""
        key = _as_loss(loss, width)
        i, x_mean = self._index(fraction), self.x.mean()
        height = _lookup(self.intercepts, key, None) + _lookup(self.slopes, key, None) * x_mean
        return Spread(height[i] - height[0])

    def pull_at(self, fraction, loss, width=None):
        """The pull at `fraction`: the line's rise over the data's (``n_outliers * offset / n``).

        1 means the line rises with the data's mean (as least squares does, exactly); 0 means
        it ignores the outliers.
        """
        data_rise = self.n_outliers(fraction) * self.offset / self.x.size
        if data_rise == 0:
            raise ValueError("the pull is undefined without outliers (fraction 0)")
        return Spread(self.rise(fraction, loss, width).values / data_rise)

    def slope_change(self, fraction, loss, width=None):
        """How much the outliers change the fitted slope, over draws."""
        slopes = _lookup(self.slopes, loss, width)
        return Spread(slopes[self._index(fraction)] - slopes[0])


def line_fit_robustness(
    fractions=(0.0, 0.05, 0.1, 0.2, 0.3, 0.4),
    n=60,
    offset=50.0,
    noise=0.5,
    n_seeds=100,
    widths=WIDTHS,
    seed=SEED,
):
    """C9: fit a line under each loss while a growing fraction of points gets a gross error.

    Clean data are ``y = 2 + 0.5 x + noise`` on `n` points evenly spaced over ``x`` in [0, 10];
    for each fraction ``f``, the first ``round(f n)`` points of a random order get `offset`
    added to ``y`` (the sets are nested). The outliers raise the data's mean by
    ``round(f n) offset / n``; the *pull* is how far the fitted line's mean height rises, as a
    share of that. Least squares' fitted values have the data's mean, so its pull is exactly 1;
    a robust loss's is near 0. Every fit is exact (L1 by its pivots, L2 in closed form, Smooth
    L1 and Huber to 1e-10), repeated on `n_seeds` draws of the noise and of the order.

    Returns
    -------
    RobustnessSweep
        The data of every draw and, per loss and fraction, the fitted lines over draws.

    Examples
    --------
    >>> from lossdocs.experiments import line_fit_robustness
    >>> sweep = line_fit_robustness(fractions=(0.0, 0.1), n_seeds=20)
    >>> round(sweep.pull_at(0.1, "L2").median, 9)
    1.0
    >>> sweep.pull_at(0.1, "L1").high < 0.1
    True
    """
    fractions = np.asarray(fractions, dtype=float)
    if fractions[0] != 0:
        raise ValueError(
            f"fractions must start with 0 (the clean fit); got {float(fractions[0])!r}"
        )
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n)
    y = 2.0 + 0.5 * x + rng.normal(scale=noise, size=(n_seeds, n))
    order = rng.permuted(np.tile(np.arange(n), (n_seeds, 1)), axis=1)
    counts = np.round(fractions * n).astype(int)
    is_outlier = np.argsort(order, axis=1)[None, :, :] < counts[:, None, None]
    dirty = y[None] + offset * is_outlier  # (fractions, draws, n)
    losses = _default_losses(widths)
    intercepts, slopes, cache = {}, {}, {}
    for loss in losses:
        key = _minimiser_key(loss)
        if key not in cache:
            cache[key] = _fit_lines(x, dirty, key)
        intercepts[loss], slopes[loss] = cache[key]
    return RobustnessSweep(x, y, order, float(offset), fractions, losses, intercepts, slopes)


# --- C11: stability of the fitted line when one datum moves sideways. ---


@dataclass(frozen=True)
class InstabilityScan:
    """The fitted slope as one datum slides along x, over many draws.

    ``slopes[loss]`` has shape ``(n_draws, len(positions))``. The bisection fields
    (``fine_jump``, ``jump_position``, ``lines_at_jump``) are for draw 0 only.
    """

    x: np.ndarray
    y: np.ndarray
    moved: np.ndarray
    positions: np.ndarray
    losses: tuple
    slopes: dict = field(repr=False)
    fine_width: float
    fine_jump: dict = field(repr=False)
    jump_position: dict = field(repr=False)
    lines_at_jump: dict = field(repr=False)

    @property
    def step(self):
        """The distance between neighbouring positions."""
        return float(self.positions[1] - self.positions[0])

    def slope(self, loss, width=None, draw=0):
        """The fitted slope at each position, on draw `draw`."""
        return _lookup(self.slopes, loss, width)[draw]

    def jump(self, loss, width=None):
        """The largest slope change between neighbouring positions, over draws."""
        return Spread(np.max(np.abs(np.diff(_lookup(self.slopes, loss, width), axis=1)), 1))

    def continuity(self, loss, width=None):
        """Draw 0: the slope change across `fine_width` over the largest across one step.

        Near 1 where the slope jumps (the change does not shrink with the move), near 0 where
        it is continuous.
        """
        coarse = self.jump(loss, width).first
        return _lookup(self.fine_jump, loss, width) / coarse if coarse else 0.0

    def moved_x(self, position, draw=0):
        """Draw `draw`'s ``x`` with the moved datum at `position`."""
        x = self.x[draw].copy()
        x[self.moved[draw]] = position
        return x


def l1_instability(
    n=9,
    span=(0.0, 10.0),
    grid=201,
    fine_width=1e-9,
    noise=1.0,
    n_seeds=100,
    widths=WIDTHS,
    seed=SEED,
):
    """C11: slide one datum horizontally and watch each loss's fitted slope.

    The data are ``y = 1 + 0.8 x + noise`` at `n` uniform points in `span`; the datum with the
    largest ``y`` slides along ``x`` over `span`. Each loss's slope is fitted exactly at `grid`
    positions, on each of `n_seeds` draws; the statistic is the largest slope change between
    neighbouring positions. On draw 0 that largest change is also bracketed by bisection down
    to `fine_width`: a continuous slope changes less and less across a narrower bracket, a jump
    does not. Huber with δ = w has the same lines as Smooth L1 with β = w.

    Returns
    -------
    InstabilityScan
        Positions and slopes per loss and draw, and draw 0's bisection.

    Examples
    --------
    >>> from lossdocs.experiments import l1_instability
    >>> scan = l1_instability(grid=41, n_seeds=10)
    >>> scan.continuity("L1") > 0.99, scan.continuity("L2") < 1e-6
    (True, True)
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*span, size=(n_seeds, n)), axis=1)
    y = 1.0 + 0.8 * x + rng.normal(scale=noise, size=(n_seeds, n))
    moved = np.argmax(y, axis=1)
    positions = np.linspace(*span, grid)
    scan_x = np.repeat(x[:, None, :], grid, axis=1)
    scan_x[np.arange(n_seeds), :, moved] = positions
    losses = _default_losses(widths)
    slopes, fine_jump, jump_position, lines_at_jump, cache = {}, {}, {}, {}, {}
    for loss in losses:
        key = _minimiser_key(loss)
        if key not in cache:
            slope = _fit_lines(scan_x, y[:, None, :], key)[1]
            cache[key] = (
                slope,
                *_bisect_jump(x[0], y[0], moved[0], positions, slope[0], key, fine_width),
            )
        slopes[loss], fine_jump[loss], jump_position[loss], lines_at_jump[loss] = cache[key]
    return InstabilityScan(
        x,
        y,
        moved,
        positions,
        losses,
        slopes,
        fine_width,
        fine_jump,
        jump_position,
        lines_at_jump,
    )


def _bisect_jump(x, y, moved, positions, slopes, loss, fine_width):
    def fit_at(position):
        moved_x = x.copy()
        moved_x[moved] = position
        a, b = (float(v) for v in _fit_lines(moved_x, y, loss))
        objective = float(np.sum(loss.loss(a + b * moved_x - y)))
        return LineFit(a, b, unique=loss.name != "L1", objective=objective)

    k = int(np.argmax(np.abs(np.diff(slopes))))
    lo, hi = positions[k], positions[k + 1]
    left, right = fit_at(lo), fit_at(hi)
    while hi - lo > fine_width:
        mid = 0.5 * (lo + hi)
        middle = fit_at(mid)
        if abs(middle.slope - left.slope) >= abs(right.slope - middle.slope):
            hi, right = mid, middle
        else:
            lo, left = mid, middle
    return float(abs(right.slope - left.slope)), 0.5 * (lo + hi), (left, right)


# --- C10, C12, C17, C18: gradient descent under learning-rate schedules. ---


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule: ``kind`` with first rate `rate` (and `decay` if geometric).

    - ``"fixed"``: ``rate``;
    - ``"geometric"``: ``rate * decay**t``, whose rates sum to ``rate / (1 - decay)``;
    - ``"inverse"``: ``rate / (t + 1)``;
    - ``"inverse sqrt"``: ``rate / sqrt(t + 1)``.

    Examples
    --------
    >>> from lossdocs.experiments import Schedule
    >>> geometric = Schedule("geometric", 0.3, 0.95)
    >>> geometric.label, round(geometric.total(), 6)
    ('0.3 × 0.95^t', 6.0)
    >>> Schedule("inverse sqrt", 0.3).total()
    inf
    """

    kind: str
    rate: float
    decay: float | None = None

    def __post_init__(self):
        kinds = ("fixed", "geometric", "inverse", "inverse sqrt")
        if self.kind not in kinds:
            raise ValueError(f"unknown schedule kind {self.kind!r}; known kinds are {kinds}")
        if not (math.isfinite(self.rate) and self.rate > 0):
            raise ValueError(f"rate must be a finite number > 0; got {self.rate!r}")
        if (self.kind == "geometric") != (self.decay is not None):
            raise ValueError("decay is required for a geometric schedule and only for it")
        if self.decay is not None and not 0 < self.decay < 1:
            raise ValueError(f"decay must lie in (0, 1); got {self.decay!r}")

    def __call__(self, t):
        """The rate at step `t` (``t = 0, 1, ...``; scalar or array)."""
        t = np.asarray(t, dtype=float)
        if self.kind == "fixed":
            return self.rate * np.ones_like(t)
        if self.kind == "geometric":
            return self.rate * self.decay**t
        if self.kind == "inverse":
            return self.rate / (t + 1.0)
        return self.rate / np.sqrt(t + 1.0)

    @property
    def label(self):
        """The schedule as a reader reads it: ``fixed 0.3``, ``0.3 × 0.95^t``, ``0.3/√(t+1)``."""
        if self.kind == "fixed":
            return say("fixed {rate:g}", rate=self.rate)
        if self.kind == "geometric":
            return f"{self.rate:g} × {self.decay:g}^t"
        return f"{self.rate:g}/(t+1)" if self.kind == "inverse" else f"{self.rate:g}/√(t+1)"

    @property
    def decays(self):
        """Whether the rates go to zero."""
        return self.kind != "fixed"

    def total(self, steps=None):
        """The sum of the first `steps` rates (all of them if None: inf unless geometric).

        With a gradient of size at most 1 (L1, Smooth L1 with β ≤ 1), the parameter can move
        at most this far in total.
        """
        if steps is None:
            return self.rate / (1 - self.decay) if self.kind == "geometric" else math.inf
        return float(np.sum(self(np.arange(steps))))

    @property
    def meets_condition(self):
        """Whether the rates go to zero and sum to infinity (the classical condition)."""
        return self.decays and math.isinf(self.total())


#: A small fixed rate, where L1 keeps bouncing and L2 settles.
FIXED_SMALL = Schedule("fixed", 0.3)
#: A fixed rate above 1 / L2's curvature (2): L2 diverges.
FIXED_LARGE = Schedule("fixed", 1.05)
#: A rate that decays geometrically: its rates sum to 6, so it cannot travel further.
GEOMETRIC = Schedule("geometric", 0.3, 0.95)
#: Rates that go to zero but sum to infinity.
INVERSE_SQRT = Schedule("inverse sqrt", 0.3)
INVERSE = Schedule("inverse", 0.3)
#: The schedules of :func:`descent_runs`.
SCHEDULES = (FIXED_SMALL, FIXED_LARGE, GEOMETRIC)


@dataclass(frozen=True)
class DescentRun:
    """One gradient-descent run on a single residual, and what became of it."""

    loss: Loss
    schedule: Schedule
    trajectory: np.ndarray
    late: int

    @property
    def first_step(self):
        """The size of the first step."""
        return float(abs(self.trajectory[1] - self.trajectory[0]))

    @property
    def final_error(self):
        """The final distance to the optimum, 0."""
        return float(abs(self.trajectory[-1]))

    @property
    def late_amplitude(self):
        """The largest distance to the optimum over the last `late` steps."""
        return float(np.max(np.abs(self.trajectory[-self.late :])))


@dataclass(frozen=True)
class DescentRuns:
    """Gradient descent on one residual, for each loss and schedule."""

    start: float
    steps: int
    losses: tuple
    schedules: tuple
    runs: dict = field(repr=False)

    def run(self, loss, schedule, width=None):
        """The :class:`DescentRun` of `loss` under `schedule`."""
        key = (_as_loss(loss, width), schedule)
        if key not in self.runs:
            raise ValueError(f"{key[0].label} under {schedule!r} was not run")
        return self.runs[key]


def _descend(loss, schedule, starts, steps):
    """Gradient descent on ``loss(theta)`` (target 0) from each of `starts`, batched."""
    rates = schedule(np.arange(steps))
    theta = np.array(starts, dtype=float)
    trajectory = np.empty((steps + 1, *theta.shape))
    trajectory[0] = theta
    for t in range(steps):
        theta = theta - rates[t] * loss.psi(theta)
        trajectory[t + 1] = theta
    return trajectory


def descent_runs(start=5.0, steps=100, schedules=SCHEDULES, late=20, widths=(1.0,)):
    """C10/C12/C18: minimise each loss of one residual by gradient descent.

    The parameter is the prediction itself and the target is 0, so the residual is the
    parameter and the optimum is 0. Each loss runs from `start` for `steps` steps under each
    :class:`Schedule` in `schedules`. No randomness: one run says all.

    Returns
    -------
    DescentRuns
        Per loss and schedule, the :class:`DescentRun`.

    Examples
    --------
    >>> from lossdocs.experiments import FIXED_LARGE, FIXED_SMALL, descent_runs
    >>> runs = descent_runs()
    >>> round(runs.run("L1", FIXED_SMALL).late_amplitude, 6)
    0.2
    >>> runs.run("L2", FIXED_LARGE).final_error > 1e3
    True
    """
    losses = _default_losses(widths)
    runs = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for loss in losses:
            for schedule in schedules:
                trajectory = _descend(loss, schedule, start, steps)
                runs[loss, schedule] = DescentRun(loss, schedule, trajectory, late)
    return DescentRuns(float(start), int(steps), losses, tuple(schedules), runs)


@dataclass(frozen=True)
class ScheduleReach:
    """L1 gradient descent from several starting errors under several schedules."""

    starts: np.ndarray
    steps: int
    schedules: tuple
    trajectories: dict = field(repr=False)

    def final_error(self, schedule):
        """The final distance to the optimum from each start."""
        return np.abs(self.trajectories[schedule][-1])

    def distance(self, schedule):
        """The distance to the optimum at every step (rows) from each start (columns)."""
        return np.abs(self.trajectories[schedule])


def schedule_reach(
    starts=(2.0, 5.0, 7.0, 10.0, 20.0),
    steps=2000,
    schedules=(GEOMETRIC, INVERSE_SQRT),
    loss="L1",
):
    """C12: can a decaying rate bring L1 to its optimum from any start?

    L1's gradient has size 1, so under rates ``r_t`` the parameter moves by at most
    ``sum(r_t)`` in total. Rates that decay geometrically (0.3 × 0.95^t) sum to 6: from a start
    further than 6 the run stops short however long it runs. Rates that go to zero *and* sum to
    infinity (0.3/√(t+1), 0.3/(t+1)) reach any start, given enough steps, and then close in on
    the optimum because the steps shrink.

    Returns
    -------
    ScheduleReach
        Per schedule, the trajectories from every start.

    Examples
    --------
    >>> from lossdocs.experiments import GEOMETRIC, INVERSE_SQRT, schedule_reach
    >>> reach = schedule_reach()
    >>> [round(float(e), 2) for e in reach.final_error(GEOMETRIC)]
    [0.0, 0.0, 1.0, 4.0, 14.0]
    >>> bool(np.all(reach.final_error(INVERSE_SQRT) < 0.01))
    True
    """
    loss = _as_loss(loss)
    starts = np.asarray(starts, dtype=float)
    trajectories = {s: _descend(loss, s, starts, steps) for s in schedules}
    return ScheduleReach(starts, int(steps), tuple(schedules), trajectories)


# --- C13: does L2 converge faster than L1? ---


@dataclass(frozen=True)
class ConvergenceSpeed:
    """Steps gradient descent needs to come within each tolerance of each loss's optimum.

    ``steps[loss]`` has shape ``(len(tolerances), n_draws)``: for each draw the fewest steps
    over `rates` after which the parameters stay within the tolerance (inf if no rate did so
    within `max_steps`).
    """

    tolerances: tuple
    rates: np.ndarray
    max_steps: int
    n_points: int
    losses: tuple
    steps: dict = field(repr=False)

    def steps_to(self, tolerance, loss, width=None):
        """The steps to `tolerance` over draws (inf where the budget ran out)."""
        i = self.tolerances.index(tolerance)
        return Spread(_lookup(self.steps, loss, width)[i])

    def never_share(self, tolerance, loss, width=None):
        """The share of draws in which no rate got within `tolerance` in `max_steps` steps."""
        return float(np.mean(np.isinf(self.steps_to(tolerance, loss, width).values)))


def convergence_speed(
    n=100,
    tolerances=(1e-2, 1e-4, 1e-6),
    max_steps=2000,
    rates=tuple(2.0**-k for k in range(9)),
    n_seeds=100,
    seed=SEED,
):
    """C13: fit a line to clean data by gradient descent on the mean loss; count the steps.

    Data: ``y = 1 + 2 x + noise`` at `n` points, ``x`` uniform in [-1, 1], standard normal
    noise, drawn `n_seeds` times. For each loss and draw, gradient descent starts at zero with
    each fixed rate in `rates`, and counts the steps until the *parameters* (intercept, slope)
    are, and stay, within each tolerance (Euclidean distance) of that loss's exact optimum;
    a run that enters only in the last tenth of `max_steps` counts as never.
    The best rate is kept per draw. Huber (δ = 1) has Smooth L1's (β = 1) gradient, so the
    same runs.

    This checks one thing: on a small, clean, well-conditioned problem, with each loss given
    its best fixed learning rate, how many steps each needs to come close to its own optimum.
    It says nothing about CNNs, about test error, or about adaptive optimisers.

    Returns
    -------
    ConvergenceSpeed
        Per loss, the steps to each tolerance over draws.

    Examples
    --------
    >>> from lossdocs.experiments import convergence_speed
    >>> speed = convergence_speed(n_seeds=10)
    >>> speed.steps_to(1e-6, "L2").maximum < speed.steps_to(1e-6, "L1").median
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, (n_seeds, n))
    y = 1.0 + 2.0 * x + rng.normal(size=(n_seeds, n))
    design = np.stack([np.ones_like(x), x], axis=-1)  # (draws, n, 2)
    design_t = np.swapaxes(design, 1, 2) / n
    rates = np.asarray(rates, dtype=float)
    tolerances = tuple(float(t) for t in tolerances)
    losses = (Loss("L1"), Loss("L2"), Loss("Smooth L1"), Loss("Huber"))
    steps = {}
    for loss in losses:
        if loss.name == "Huber":  # the same gradient as Smooth L1 (beta = 1): the same runs
            steps[loss] = steps[Loss("Smooth L1")]
            continue
        optimum = np.stack(_fit_lines(x, y, loss), axis=-1)[..., None]  # (draws, 2, 1)
        theta = np.zeros((n_seeds, 2, rates.size))  # one column per rate
        distance = np.empty((max_steps + 1, n_seeds, rates.size))
        with np.errstate(over="ignore", invalid="ignore"):
            for t in range(max_steps + 1):
                distance[t] = np.sqrt(np.sum((theta - optimum) ** 2, axis=1))
                settled = (distance[t] < 1e-3 * min(tolerances)) | ~(distance[t] < 1e6)
                if loss.name != "L1" and settled.all():
                    # Every run has converged far below the tolerances (where the loss is a
                    # contraction) or blown up: the rest of the trajectory changes nothing.
                    distance[t:] = distance[t]
                    break
                theta -= rates * (design_t @ loss.psi(design @ theta - y[..., None]))
        distance = np.where(np.isfinite(distance), distance, np.inf)
        # The last step at which the run is outside the tolerance; it stays inside after it.
        worst_after = np.maximum.accumulate(distance[::-1], axis=0)[::-1]
        needed = []
        for tolerance in tolerances:
            inside = worst_after <= tolerance
            first = np.where(inside.any(0), np.argmax(inside, axis=0), np.inf)
            # Count it only if the run then stays inside for the last tenth of the budget or
            # more: entering just before the budget ends proves nothing.
            first[first > 0.9 * max_steps] = np.inf
            needed.append(first.min(axis=-1))  # the best rate, per draw
        steps[loss] = np.array(needed, dtype=float)
    return ConvergenceSpeed(tuple(tolerances), rates, int(max_steps), int(n), losses, steps)


# --- Beyond the article: box regression. ---


@dataclass(frozen=True)
class BoxRegression:
    """Linear box regression trained by gradient descent, over rates and draws.

    ``errors[loss, targets]`` has shape ``(len(rates), n_draws)``: the final root-mean-square
    distance between the trained and the true weights, with ``targets`` "clean" or "dirty".
    """

    rates: np.ndarray
    steps: int
    losses: tuple
    start_error: np.ndarray
    errors: dict = field(repr=False)
    final_loss: dict = field(repr=False)

    def _rate(self, rate):
        matches = np.flatnonzero(np.isclose(self.rates, rate))
        if matches.size == 0:
            raise ValueError(f"rate {rate!r} was not run; rates run: {self.rates}")
        return int(matches[0])

    def error(self, loss, rate, targets="dirty", width=None):
        """The final weight error at `rate` over draws."""
        key = (_as_loss(loss, width), targets)
        return Spread(self.errors[key][self._rate(rate)])

    def diverged_share(self, loss, rate, targets="dirty", width=None):
        """The share of draws whose final weight error exceeds the starting one."""
        return float(np.mean(~(self.error(loss, rate, targets, width).values <= self.start_error)))

    def largest_stable_rate(self, loss, targets="dirty", width=None):
        """The largest rate at which no draw diverged (nan if none)."""
        stable = [r for r in self.rates if self.diverged_share(loss, r, targets, width) == 0]
        return float(max(stable)) if stable else math.nan

    def pull(self, loss, rate, width=None):
        """How far the mislabelled boxes move the trained weights (dirty minus clean error).

        nan for a draw where both runs diverged (both errors infinite): no pull is measured.
        """
        dirty = self.error(loss, rate, "dirty", width).values
        clean = self.error(loss, rate, "clean", width).values
        with np.errstate(invalid="ignore"):
            return Spread(dirty - clean)


def _weight_error(by_rate, true_weights):
    """The root-mean-square distance of each draw's weights at each rate to the true ones."""
    return np.sqrt(np.mean((by_rate - true_weights[:, :, None]) ** 2, axis=(1, 3)))


BOX_LOSSES = (Loss("L2"), Loss("L2", scale=0.5), Loss("Smooth L1", 1.0), Loss("Smooth L1", 1 / 9))


def box_regression(
    n=100,
    features=4,
    outlier_share=0.03,
    outlier_offset=4.0,
    steps=200,
    rates=tuple(2.0**k for k in range(-2, 4)),
    losses=BOX_LOSSES,
    n_seeds=100,
    seed=SEED,
):
    """Fast R-CNN's setting in miniature: regress box offsets (dx, dy, dw, dh) from features.

    A linear model maps `features` standard normal features (plus a bias) to four offsets; the
    targets are the true model's offsets plus small noise ("clean"), and in the "dirty" copy a
    share `outlier_share` of the boxes is mislabelled, with `outlier_offset` added to every
    offset. The mean loss over boxes and offsets is minimised by gradient descent from zero for
    `steps` steps at each rate, on `n_seeds` draws. The losses compared: L2, half of L2 (the
    same curvature as Smooth L1 with β = 1 near zero) and Smooth L1 with β = 1 and 1/9.

    Gradient descent on a quadratic diverges when the rate times the curvature exceeds 2 (in
    the direction of the largest eigenvalue): the limit depends on the loss's curvature, not
    on the targets. A run *diverged* if its final weight error exceeds its starting one.

    Returns
    -------
    BoxRegression
        Per loss and targets, the final weight error and mean loss at each rate over draws.

    Examples
    --------
    >>> from lossdocs.experiments import Loss, box_regression
    >>> result = box_regression(n_seeds=10)
    >>> result.largest_stable_rate("L2", "clean"), result.largest_stable_rate("L2", "dirty")
    (2.0, 2.0)
    >>> result.largest_stable_rate(Loss("L2", scale=0.5), "clean")
    4.0
    """
    rng = np.random.default_rng(seed)
    x = np.concatenate([np.ones((n_seeds, n, 1)), rng.normal(size=(n_seeds, n, features))], 2)
    true_weights = rng.normal(scale=0.3, size=(n_seeds, features + 1, 4))
    clean = x @ true_weights + rng.normal(scale=0.05, size=(n_seeds, n, 4))
    mislabelled = np.argsort(rng.random((n_seeds, n)), axis=1) < round(outlier_share * n)
    dirty = clean + outlier_offset * mislabelled[..., None]
    rates = np.asarray(rates, dtype=float)
    # The error of the starting weights (zero), computed as the final errors are, at every rate
    # side by side: summed in the same order, a run that does not move ends exactly where it
    # started, not an ulp above (which would count as diverged).
    start_error = _weight_error(np.zeros((n_seeds, features + 1, rates.size, 4)), true_weights)
    start_error = start_error[:, 0]
    x_t = np.swapaxes(x, 1, 2) / (4 * n)
    # The weights of every rate side by side: (draws, features + 1, rates * 4).
    step_size = np.repeat(rates, 4)
    errors, final_loss = {}, {}
    with np.errstate(over="ignore", invalid="ignore"):
        for loss in losses:
            for label, targets in (("clean", clean), ("dirty", dirty)):
                tiled = np.tile(targets, (1, 1, rates.size))
                weights = np.zeros((n_seeds, features + 1, 4 * rates.size))
                for _ in range(steps):
                    weights -= step_size * (x_t @ loss.psi(x @ weights - tiled))
                by_rate = weights.reshape(n_seeds, features + 1, rates.size, 4)
                error = _weight_error(by_rate, true_weights)
                errors[loss, label] = np.where(np.isfinite(error), error, np.inf).T
                values = loss.loss(x @ weights - tiled).reshape(n_seeds, n, rates.size, 4)
                final_loss[loss, label] = np.mean(values, axis=(1, 3)).T
    return BoxRegression(rates, int(steps), tuple(losses), start_error, errors, final_loss)
