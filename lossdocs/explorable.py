"""The data behind the explorable page: a loss, its gradient and its fitted line per width.

Everything here is plain numpy data computed with :mod:`lossdocs.losses` (through
:mod:`lossdocs.catalog`) and :func:`lossdocs.fitting.best_line`; the page only draws it. No
formula and no plotting live here.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.experiments import SEED
from lossdocs.fitting import LineFit, best_line

__all__ = ["Explorable", "WidthSweep", "as_page_data", "width_sweeps"]

# The loss of each sweep and the keyword argument its width is passed as.
SWEPT = {"Smooth L1": ("beta", "β"), "Huber": ("delta", "δ")}
# The fixed lines the swept lines move between: L1 (width 0) and L2 (width beyond the data).
REFERENCES = ("L1", "L2")


@dataclass(frozen=True)
class WidthSweep:
    """One loss evaluated at every width of a grid, on a range of residuals and on the data.

    Attributes
    ----------
    name : str
        The loss's name in :data:`lossdocs.catalog.LOSSES`.
    parameter, symbol : str
        Its width's keyword argument (``"beta"``) and symbol (``"β"``).
    widths : numpy.ndarray
        The grid of widths, shape ``(k,)``.
    loss, grad : numpy.ndarray
        The loss and its derivative at the residuals of the :class:`Explorable`, shape ``(k, m)``.
    lines : tuple of LineFit
        The line fitted to the data under the loss at each width.
    data_residuals, data_loss, data_grad : numpy.ndarray
        Each datum's residual ``line(x) - y`` under that line, its loss and its derivative,
        shape ``(k, n)``.
    """

    name: str
    parameter: str
    symbol: str
    widths: np.ndarray
    loss: np.ndarray
    grad: np.ndarray
    lines: tuple
    data_residuals: np.ndarray
    data_loss: np.ndarray
    data_grad: np.ndarray


@dataclass(frozen=True)
class Explorable:
    """A small data set with outliers, the reference lines, and one sweep per swept loss."""

    x: np.ndarray
    y: np.ndarray
    is_outlier: np.ndarray
    residuals: np.ndarray
    references: dict
    sweeps: dict


def width_sweeps(widths=None, n=20, outliers=4, offset=-6.0, noise=0.5, points=121, seed=SEED):
    """Fit a line under Smooth L1 and Huber at every width of a grid, on data with outliers.

    The data are ``y = 1 + 0.5 x + noise`` at `n` evenly spaced ``x`` in [0, 10]; the
    `outliers` points with the largest ``x`` get `offset` added to ``y``, so that they tilt
    a line that follows them. Each loss and its derivative are evaluated on `points` residuals
    spanning every datum's residual under every fitted line, so the page can mark the data on
    the curves.

    Parameters
    ----------
    widths : array_like, optional
        The grid of widths, shared by β (Smooth L1) and δ (Huber); by default 33 values
        log-spaced from 0.01 to 100, eight per decade.
    n, outliers : int
        The number of points, and how many of them are outliers (``0 <= outliers < n``).
    offset, noise : float
        What is added to the outliers' ``y``, and the standard deviation of the noise.
    points : int
        How many residuals the curves are evaluated at; odd, so that 0 is one of them.
    seed : int
        The seed of the noise.

    Returns
    -------
    Explorable
        The data, the residual range, the L1 and L2 lines, and a :class:`WidthSweep` for
        "Smooth L1" and one for "Huber".

    Examples
    --------
    >>> from lossdocs.explorable import width_sweeps
    >>> explorable = width_sweeps(widths=[0.1, 1.0, 10.0])
    >>> sweep = explorable.sweeps["Smooth L1"]
    >>> sweep.symbol, sweep.widths.tolist(), sweep.loss.shape
    ('β', [0.1, 1.0, 10.0], (3, 121))

    Huber with δ is δ times Smooth L1 with β = δ, so both fit the same line:

    >>> huber = explorable.sweeps["Huber"]
    >>> [round(a.slope - b.slope, 9) == 0 for a, b in zip(sweep.lines, huber.lines)]
    [True, True, True]
    """
    widths = np.logspace(-2.0, 2.0, 33) if widths is None else np.asarray(widths, dtype=float)
    if widths.ndim != 1 or widths.size == 0 or not np.all(np.isfinite(widths) & (widths > 0)):
        raise ValueError("widths must be a non-empty 1-D array of finite numbers > 0")
    if not 0 <= outliers < n:
        raise ValueError(f"outliers must be in [0, n) = [0, {n}); got {outliers}")
    if points < 3 or points % 2 == 0:
        raise ValueError(f"points must be an odd number >= 3; got {points}")
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 10.0, n)
    y = 1.0 + 0.5 * x + rng.normal(scale=noise, size=n)
    is_outlier = np.zeros(n, dtype=bool)
    is_outlier[n - outliers :] = True
    y[is_outlier] += offset

    references = {name: best_line(x, y, name) for name in REFERENCES}
    lines = {name: tuple(best_line(x, y, _at(name, width)) for width in widths) for name in SWEPT}
    data_residuals = {
        name: np.array([line(x) - y for line in fits]) for name, fits in lines.items()
    }
    reach = max(float(np.max(np.abs(r))) for r in data_residuals.values())
    residuals = np.linspace(-1.1 * reach, 1.1 * reach, points)

    sweeps = {}
    for name, (parameter, symbol) in SWEPT.items():
        specs = [_at(name, width) for width in widths]
        sweeps[name] = WidthSweep(
            name=name,
            parameter=parameter,
            symbol=symbol,
            widths=widths,
            loss=np.array([spec.of_residual(residuals) for spec in specs]),
            grad=np.array([spec.grad_of_residual(residuals) for spec in specs]),
            lines=lines[name],
            data_residuals=data_residuals[name],
            data_loss=np.array(
                [spec.of_residual(r) for spec, r in zip(specs, data_residuals[name], strict=True)]
            ),
            data_grad=np.array(
                [
                    spec.grad_of_residual(r)
                    for spec, r in zip(specs, data_residuals[name], strict=True)
                ]
            ),
        )
    return Explorable(x, y, is_outlier, residuals, references, sweeps)


def _at(name, width):
    """The catalog's spec of `name` with its width set to `width`."""
    spec = LOSSES[name]
    return dataclasses.replace(spec, kwargs={**spec.kwargs, SWEPT[name][0]: float(width)})


def _rounded(values, digits):
    """`values` as nested lists, rounded to `digits` significant digits of their largest size.

    Never past the units: with `digits` or more digits before the point, to whole numbers.
    """
    values = np.asarray(values, dtype=float)
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    decimals = digits - 1 - (int(np.floor(np.log10(largest))) if largest > 0 else 0)
    rounded = np.round(values, max(decimals, 0)) + 0.0  # + 0.0 turns -0.0 into 0.0
    return rounded.tolist()


def _line(line: LineFit):
    return {"intercept": line.intercept, "slope": line.slope}


def _label(value):
    """A width as a reader writes it: three significant digits, no exponent."""
    return np.format_float_positional(value, precision=3, unique=False, fractional=False, trim="-")


def as_page_data(explorable, digits=4):
    """The explorable as JSON-ready lists and numbers, for the page to embed and draw.

    Curves are rounded to `digits` significant digits of their largest value (enough for a
    drawing a few hundred pixels tall, and it keeps the page small), the data's residuals, losses
    and gradients to two digits more; the data and the lines are kept in full.

    Parameters
    ----------
    explorable : Explorable
        What :func:`width_sweeps` returned.
    digits : int, default 4
        Significant digits kept in the curves.

    Returns
    -------
    dict
        ``x``, ``y``, ``outlier``, ``residuals``, ``references`` (name, colour, line style and
        line of L1 and L2), and ``sweeps``: per swept loss its name, colour, line style,
        parameter and symbol, ``widths`` and their ``labels``, the ``default`` index (the width
        closest to 1), and per width the curves, the line and the data's residuals, losses and
        gradients.

    Examples
    --------
    >>> import json
    >>> from lossdocs.explorable import as_page_data, width_sweeps
    >>> data = as_page_data(width_sweeps(widths=[0.1, 1.0, 10.0]))
    >>> [sweep["name"] for sweep in data["sweeps"]]
    ['Smooth L1', 'Huber']
    >>> data["sweeps"][0]["labels"], data["sweeps"][0]["default"]
    (['0.1', '1', '10'], 1)
    >>> len(json.dumps(data)) < 30_000
    True
    """
    references = [
        {
            "name": name,
            "color": LOSSES[name].color,
            "linestyle": LOSSES[name].linestyle,
            **_line(line),
        }
        for name, line in explorable.references.items()
    ]
    sweeps = []
    for sweep in explorable.sweeps.values():
        spec = LOSSES[sweep.name]
        sweeps.append(
            {
                "name": sweep.name,
                "color": spec.color,
                "linestyle": spec.linestyle,
                "parameter": sweep.parameter,
                "symbol": sweep.symbol,
                "widths": sweep.widths.tolist(),
                "labels": [_label(width) for width in sweep.widths],
                "default": int(np.argmin(np.abs(np.log(sweep.widths)))),
                "loss": _rounded(sweep.loss, digits),
                "grad": _rounded(sweep.grad, digits),
                "lines": [_line(line) for line in sweep.lines],
                "data_residuals": _rounded(sweep.data_residuals, digits + 2),
                "data_loss": _rounded(sweep.data_loss, digits + 2),
                "data_grad": _rounded(sweep.data_grad, digits + 2),
            }
        )
    return {
        "x": explorable.x.tolist(),
        "y": explorable.y.tolist(),
        "outlier": explorable.is_outlier.tolist(),
        "residuals": _rounded(explorable.residuals, digits),
        "references": references,
        "sweeps": sweeps,
    }
