"""The measurements behind the article's claims, one function per claim, as plain data.

Every number the site quotes about a claim is computed here, once: the gallery draws these
results, the article quotes them and the tests assert them. Data sets are small, synthetic and
seeded. No plotting lives here; losses come from :mod:`lossdocs.catalog`, fits from
:mod:`lossdocs.fitting`.
"""

from dataclasses import dataclass

import numpy as np

from lossdocs.catalog import LOSSES, loss_spec
from lossdocs.fitting import best_constant, best_line, gradient_descent

__all__ = [
    "SEED",
    "BoxRegression",
    "ConvergenceSpeed",
    "DescentRun",
    "InstabilityScan",
    "MedianVsMean",
    "OutlierShare",
    "RobustnessSweep",
    "box_regression",
    "convergence_speed",
    "descent_runs",
    "l1_instability",
    "line_fit_robustness",
    "median_vs_mean",
    "outlier_shares",
]

#: The seed of every experiment's random numbers: rerunning an experiment gives the same data.
SEED = 20260601
NAMES = tuple(LOSSES)


# --- C14: one outlier among ten predictions. ---


@dataclass(frozen=True)
class OutlierShare:
    """How much of a loss, and of its gradient, one outlier accounts for."""

    losses: np.ndarray
    grads: np.ndarray
    loss_share: float
    grad_share: float


def outlier_shares(true_value=1.0, outlier=1000.0, n=10, spread=0.1, seed=SEED):
    """C14: the share of the total loss and of the total gradient that comes from one outlier.

    Ten predictions of a true value of 1: nine lie within about `spread` of it, one is 1000.
    For each loss, the *loss share* is the outlier's loss over the summed loss; the *gradient
    share* is the size of the outlier's gradient over the summed sizes of all gradients, which
    is how much of the push on a shared model comes from the outlier.

    Returns
    -------
    tuple of (numpy.ndarray, dict)
        The predictions (the outlier last), and for each loss name an :class:`OutlierShare`.

    Examples
    --------
    >>> from lossdocs.experiments import outlier_shares
    >>> predictions, shares = outlier_shares()
    >>> round(shares["L1"].grad_share, 3)
    0.1
    >>> shares["L2"].loss_share > 0.9999
    True
    """
    rng = np.random.default_rng(seed)
    predictions = np.append(true_value + rng.normal(scale=spread, size=n - 1), outlier)
    residual = predictions - true_value
    result = {}
    for name, spec in LOSSES.items():
        losses, grads = spec.of_residual(residual), spec.grad_of_residual(residual)
        result[name] = OutlierShare(
            losses=losses,
            grads=grads,
            loss_share=float(losses[-1] / losses.sum()),
            grad_share=float(abs(grads[-1]) / np.abs(grads).sum()),
        )
    return predictions, result


# --- C15: 90% of targets at 150, 10% spread over [0, 30]. ---


@dataclass(frozen=True)
class MedianVsMean:
    """The best constant prediction under each loss, and its error on each group."""

    targets: np.ndarray
    is_majority: np.ndarray
    best: dict
    majority_error: dict
    minority_error: dict


def median_vs_mean(n=100, majority_value=150.0, majority_share=0.9, minority_range=(0.0, 30.0)):
    """C15: what a constant model predicts when 90% of targets are 150 and 10% lie in [0, 30].

    The minority is spread evenly over `minority_range`. L1's best constant is the median, L2's
    the mean; Smooth L1 and Huber (with the catalog's width 1) land between.

    Returns
    -------
    MedianVsMean
        The targets, a mask of the majority, and for each loss name: the best constant
        (:class:`~lossdocs.fitting.ConstantFit`) and the mean absolute error it makes on the
        majority and on the minority.

    Examples
    --------
    >>> from lossdocs.experiments import median_vs_mean
    >>> result = median_vs_mean()
    >>> result.best["L1"].value, round(result.best["L2"].value, 6)
    (150.0, 136.5)
    """
    n_majority = round(n * majority_share)
    targets = np.concatenate(
        [np.full(n_majority, majority_value), np.linspace(*minority_range, n - n_majority)]
    )
    is_majority = np.arange(n) < n_majority
    best, majority_error, minority_error = {}, {}, {}
    for name in NAMES:
        fit = best_constant(targets, name)
        best[name] = fit
        majority_error[name] = float(np.mean(np.abs(fit.value - targets[is_majority])))
        minority_error[name] = float(np.mean(np.abs(fit.value - targets[~is_majority])))
    return MedianVsMean(targets, is_majority, best, majority_error, minority_error)


# --- C9: robustness of a line fit to a growing share of gross outliers. ---


@dataclass(frozen=True)
class RobustnessSweep:
    """How far each loss's fitted line moves as outliers are added."""

    x: np.ndarray
    y: np.ndarray
    outlier_order: np.ndarray
    offset: float
    fractions: np.ndarray
    lines: dict
    shift: dict
    pull: dict


def line_fit_robustness(
    fractions=(0.0, 0.05, 0.1, 0.2, 0.3, 0.4), n=60, offset=50.0, noise=0.5, seed=SEED
):
    """C9: fit a line under each loss while a growing fraction of points gets a gross error.

    Clean data are ``y = 2 + 0.5 x + noise`` on ``x`` in [0, 10]; for each fraction ``f``, the
    first ``round(f n)`` points of a fixed random order get `offset` added to ``y`` (the sets
    are nested). The *shift* is the root-mean-square distance, over the data's ``x``, between
    the line fitted with outliers and the same loss's line on the clean data. The *pull* is
    the shift divided by ``f * offset``: the share of the outliers' displacement that reaches
    the line. Least squares passes on about all of it (pull near 1); a robust loss little.

    Returns
    -------
    RobustnessSweep
        The clean data, the outlier order, and for each loss name the fitted lines, shifts and
        pulls, one per fraction (the pull is nan at ``f = 0``).

    Examples
    --------
    >>> from lossdocs.experiments import line_fit_robustness
    >>> sweep = line_fit_robustness(fractions=(0.0, 0.1))
    >>> round(float(sweep.pull["L2"][1]), 1)
    1.0
    >>> bool(sweep.pull["L1"][1] < 0.1)
    True
    """
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n)
    y = 2.0 + 0.5 * x + rng.normal(scale=noise, size=n)
    order = rng.permutation(n)
    fractions = np.asarray(fractions, dtype=float)
    lines = {name: [] for name in NAMES}
    for fraction in fractions:
        dirty = y.copy()
        dirty[order[: round(fraction * n)]] += offset
        for name in NAMES:
            lines[name].append(best_line(x, dirty, name))
    shift, pull = {}, {}
    for name in NAMES:
        clean = lines[name][0] if fractions[0] == 0 else best_line(x, y, name)
        shift[name] = np.array([np.sqrt(np.mean((fit(x) - clean(x)) ** 2)) for fit in lines[name]])
        with np.errstate(divide="ignore", invalid="ignore"):
            pull[name] = np.where(fractions > 0, shift[name] / (fractions * offset), np.nan)
    return RobustnessSweep(x, y, order, offset, fractions, lines, shift, pull)


# --- C11: stability of the fitted line when one datum moves sideways. ---


@dataclass(frozen=True)
class InstabilityScan:
    """The fitted slope as one datum moves along x, and the largest jump in it."""

    x: np.ndarray
    y: np.ndarray
    moved: int
    positions: np.ndarray
    slopes: dict
    jump_position: dict
    coarse_jump: dict
    fine_jump: dict
    lines_at_jump: dict
    coarse_width: float
    fine_width: float


def l1_instability(
    n=9, moved=None, span=(0.0, 10.0), grid=201, fine_width=1e-9, noise=1.0, seed=SEED
):
    """C11: move one datum horizontally and watch each loss's fitted slope.

    The data are ``y = 1 + 0.8 x + noise`` at `n` points; datum `moved` (by default the one
    with the largest ``y``) slides along ``x`` over `span`. For each loss the slope is computed
    on a grid of positions; the largest change between neighbouring positions is then bracketed
    by bisection down to `fine_width`. A continuous solution changes by less and less across
    a narrower bracket; a jump does not shrink. The two lines either side of the narrowest
    bracket are kept, with their summed L1 losses, which tie at a jump.

    Returns
    -------
    InstabilityScan
        Positions and slopes per loss, and per loss: where the largest change is, its size over
        a grid step (``coarse_jump``) and over `fine_width` (``fine_jump``), and the two lines.

    Examples
    --------
    >>> from lossdocs.experiments import l1_instability
    >>> scan = l1_instability(grid=41)
    >>> bool(scan.fine_jump["L1"] > 0.1), bool(scan.fine_jump["L2"] < 1e-6)
    (True, True)
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*span, size=n))
    y = 1.0 + 0.8 * x + rng.normal(scale=noise, size=n)
    moved = int(np.argmax(y)) if moved is None else int(moved)
    positions = np.linspace(*span, grid)

    def fit_at(name, position):
        moved_x = x.copy()
        moved_x[moved] = position
        return best_line(moved_x, y, name)

    slopes, jump_position, coarse_jump, fine_jump, lines_at_jump = {}, {}, {}, {}, {}
    for name in NAMES:
        fits = [fit_at(name, p) for p in positions]
        slopes[name] = np.array([fit.slope for fit in fits])
        k = int(np.argmax(np.abs(np.diff(slopes[name]))))
        coarse_jump[name] = float(abs(slopes[name][k + 1] - slopes[name][k]))
        lo, hi, left, right = positions[k], positions[k + 1], fits[k], fits[k + 1]
        while hi - lo > fine_width:
            mid = 0.5 * (lo + hi)
            middle = fit_at(name, mid)
            if abs(middle.slope - left.slope) >= abs(right.slope - middle.slope):
                hi, right = mid, middle
            else:
                lo, left = mid, middle
        jump_position[name] = 0.5 * (lo + hi)
        fine_jump[name] = float(abs(right.slope - left.slope))
        lines_at_jump[name] = (left, right)
    return InstabilityScan(
        x, y, moved, positions, slopes, jump_position, coarse_jump, fine_jump, lines_at_jump,
        float(positions[1] - positions[0]), fine_width,
    )  # fmt: skip


# --- C10, C12, C17, C18: gradient descent with a fixed and a decaying learning rate. ---


@dataclass(frozen=True)
class DescentRun:
    """One gradient-descent run on a single residual, and what became of it."""

    loss: str
    schedule: str
    trajectory: np.ndarray
    first_step: float
    final_error: float
    late_amplitude: float


SCHEDULES = {
    "fixed 0.3": 0.3,
    "fixed 1.05": 1.05,
    "decaying 0.3 x 0.95^t": lambda t: 0.3 * 0.95**t,
}


def descent_runs(start=5.0, steps=100, schedules=None, late=20):
    """C10/C12/C18: minimise each loss of one residual by gradient descent.

    The parameter is the prediction itself; the target is 0, so the residual is the parameter
    and the optimum is 0. Each loss is run from `start` for `steps` steps under each learning
    rate schedule (by default: fixed 0.3, fixed 1.05, and 0.3 decaying by 5% a step).

    Returns
    -------
    dict
        ``(loss name, schedule name) -> DescentRun`` with the trajectory, the size of the first
        step, the final distance to the optimum and the largest distance over the last `late`
        steps (the amplitude of any oscillation).

    Examples
    --------
    >>> from lossdocs.experiments import descent_runs
    >>> runs = descent_runs()
    >>> round(runs["L1", "fixed 0.3"].late_amplitude, 6)
    0.2
    >>> runs["L2", "fixed 1.05"].final_error > 1e3
    True
    """
    schedules = SCHEDULES if schedules is None else schedules
    runs = {}
    for name, spec in LOSSES.items():
        for label, rate in schedules.items():
            trajectory = gradient_descent(spec.grad_of_residual, [start], rate, steps)[:, 0]
            runs[name, label] = DescentRun(
                loss=name,
                schedule=label,
                trajectory=trajectory,
                first_step=float(abs(trajectory[1] - trajectory[0])),
                final_error=float(abs(trajectory[-1])),
                late_amplitude=float(np.max(np.abs(trajectory[-late:]))),
            )
    return runs


# --- C13: does L2 converge faster than L1? ---


@dataclass(frozen=True)
class ConvergenceSpeed:
    """Steps gradient descent needs to get within each tolerance of each loss's optimum."""

    tolerances: tuple
    rates: np.ndarray
    steps_needed: dict
    best_rate: dict
    max_steps: int


def convergence_speed(
    n=200,
    tolerances=(1e-2, 1e-4, 1e-6),
    max_steps=2000,
    rates=tuple(2.0**-k for k in range(11)),
    seed=SEED,
):
    """C13: fit a line to clean data by gradient descent on the mean loss; count the steps.

    Data: ``y = 1 + 2 x + noise``, ``x`` uniform in [-1, 1], standard normal noise. For each
    loss, gradient descent starts at zero with each fixed learning rate in `rates`, and counts
    the steps until the mean loss is within each relative tolerance of the exact optimum from
    :func:`~lossdocs.fitting.best_line`. For each loss and tolerance, the best rate is kept.

    This checks one thing: on one small, clean, well-conditioned problem, with each loss given
    its best fixed learning rate, how many steps each needs to come close to its own optimum.
    It says nothing about CNNs, about test error, or about adaptive optimisers.

    Returns
    -------
    ConvergenceSpeed
        For each loss name, lists over `tolerances`: the fewest steps over the rates
        (``None`` if no rate got there within `max_steps`), and the rate that achieved it.

    Examples
    --------
    >>> from lossdocs.experiments import convergence_speed
    >>> speed = convergence_speed()
    >>> speed.tolerances
    (0.01, 0.0001, 1e-06)
    >>> speed.steps_needed["L2"][-1] < speed.steps_needed["L1"][-1]
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    y = 1.0 + 2.0 * x + rng.normal(size=n)
    design = np.column_stack([np.ones(n), x])
    steps_needed, best_rate = {}, {}
    for name, spec in LOSSES.items():
        optimum = best_line(x, y, name).objective / n

        def mean_loss_grad(theta, spec=spec):
            return design.T @ spec.grad_of_residual(design @ theta - y) / n

        first_reached = {}
        for rate in rates:
            trajectory = gradient_descent(mean_loss_grad, [0.0, 0.0], rate, max_steps)
            excess = np.mean(spec.of_residual(trajectory @ design.T - y), axis=1) / optimum - 1
            first_reached[rate] = [
                int(np.argmax(excess <= tol)) if np.any(excess <= tol) else None
                for tol in tolerances
            ]
        steps_needed[name], best_rate[name] = [], []
        for i in range(len(tolerances)):
            reached = {r: s[i] for r, s in first_reached.items() if s[i] is not None}
            rate = min(reached, key=reached.get) if reached else None
            steps_needed[name].append(reached.get(rate))
            best_rate[name].append(rate)
    return ConvergenceSpeed(
        tuple(tolerances), np.asarray(rates), steps_needed, best_rate, max_steps
    )


# --- Beyond the article: box regression. ---


@dataclass(frozen=True)
class BoxRegression:
    """Linear box regression trained by gradient descent under each loss."""

    losses: dict
    rates: np.ndarray
    largest_stable_rate: dict
    pull: dict
    final_loss: dict


BOX_LOSSES = {
    "L2": ("L2", {}),
    "Smooth L1 (β = 1)": ("Smooth L1", {"beta": 1.0}),
    "Smooth L1 (β = 1/9)": ("Smooth L1", {"beta": 1.0 / 9.0}),
}


def box_regression(
    n=400, features=6, outlier_share=0.03, outlier_offset=4.0, steps=400,
    rates=tuple(2.0**k for k in range(-8, 4)), seed=SEED,
):  # fmt: skip
    """Fast R-CNN's setting in miniature: regress box offsets (dx, dy, dw, dh) from features.

    A linear model maps `features` standard normal features (plus a bias) to four offsets; the
    targets are the true model's offsets plus small noise, and a share `outlier_share` of the
    boxes is mislabelled, with `outlier_offset` added to every offset. The mean loss over all
    boxes and offsets is minimised by gradient descent from zero for `steps` steps, under L2
    and under Smooth L1 with β = 1 and β = 1/9 (Faster R-CNN's RPN), at each learning rate.

    - *largest stable rate*: the largest rate whose run ends with a finite loss no larger than
      1.01 times the smallest final loss any rate reached under that loss.
    - *pull*: the root-mean-square difference between the weights fitted with and without the
      mislabelled boxes (each at the loss's largest stable rate).

    Returns
    -------
    BoxRegression
        Per loss label: the largest stable rate, the pull, and the final loss at each rate.

    Examples
    --------
    >>> from lossdocs.experiments import box_regression
    >>> result = box_regression()
    >>> result.largest_stable_rate["L2"] < result.largest_stable_rate["Smooth L1 (β = 1)"]
    True
    """
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=(n, features))])
    true_weights = rng.normal(scale=0.3, size=(features + 1, 4))
    clean = x @ true_weights + rng.normal(scale=0.05, size=(n, 4))
    dirty = clean.copy()
    mislabelled = rng.choice(n, size=round(outlier_share * n), replace=False)
    dirty[mislabelled] += outlier_offset
    rates = np.asarray(rates, dtype=float)

    def train(name, kwargs, targets, rate):
        spec = loss_spec(name)

        def grad(weights):
            return x.T @ spec.grad(x @ weights, targets, reduction="mean", **kwargs)

        with np.errstate(over="ignore", invalid="ignore"):
            trajectory = gradient_descent(grad, np.zeros_like(true_weights), rate, steps)
            final = float(spec.loss(x @ trajectory[-1], targets, **kwargs))
        return trajectory[-1], final

    largest, pull, final_loss = {}, {}, {}
    for label, (name, kwargs) in BOX_LOSSES.items():
        finals = np.array([train(name, kwargs, dirty, rate)[1] for rate in rates])
        best = np.nanmin(np.where(np.isfinite(finals), finals, np.nan))
        stable = np.isfinite(finals) & (finals <= 1.01 * best)
        largest[label] = float(rates[stable].max())
        fitted_dirty = train(name, kwargs, dirty, largest[label])[0]
        fitted_clean = train(name, kwargs, clean, largest[label])[0]
        pull[label] = float(np.sqrt(np.mean((fitted_dirty - fitted_clean) ** 2)))
        final_loss[label] = finals
    return BoxRegression(BOX_LOSSES, rates, largest, pull, final_loss)
