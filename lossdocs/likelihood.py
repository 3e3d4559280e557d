"""Barron's general loss as a likelihood: the partition function Z(α), the NLL, and fitting α.

The loss itself comes from :func:`lossdocs.general_loss`; this module only normalises it into
a probability density, :math:`p(x \\mid \\alpha, c) = e^{-\\rho(x, \\alpha, c)} / (c\\,Z(\\alpha))`.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np

from lossdocs._inputs import check_reduction, check_width, reduce_values, residual
from lossdocs.robust import general_loss, general_loss_grad

__all__ = ["AlphaFit", "fit_alpha", "general_nll", "log_partition", "partition"]

# The exp-sinh rule for the half line: x = exp(π/2 sinh t), trapezoidal in t. The integrand
# exp(-ρ(x)) is smooth and even; its tail decays at least like 2 / x² (α = 0), so nodes from
# x ≈ 1e-38 to x ≈ 1e38 leave out less than 1e-37 of Z, and a step of 1/32 in t is accurate
# to rounding (checked against scipy.integrate.quad in the tests).
_STEP = 1.0 / 32.0
_T = np.arange(-4.5, 4.5 + _STEP / 2, _STEP)
_NODES = np.exp(0.5 * math.pi * np.sinh(_T))
_WEIGHTS = 2.0 * _STEP * 0.5 * math.pi * np.cosh(_T) * _NODES  # 2: both halves of the line


def _check_likelihood_alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a real number; got {alpha!r}")
    alpha = float(alpha)
    if not (math.isfinite(alpha) and alpha >= 0):
        raise ValueError(
            "the general loss is a likelihood only for finite alpha >= 0 (for alpha < 0 the "
            f"loss is bounded, exp(-loss) does not decay, and Z(alpha) is infinite); got {alpha!r}"
        )
    return alpha


def _rho(t, alpha):
    """ρ(t, α, 1) from :func:`lossdocs.general_loss`; overflow to inf is the right answer."""
    with np.errstate(over="ignore"):
        return general_loss(t, np.zeros_like(t), reduction="none", alpha=alpha)


def partition(alpha):
    r"""The partition function :math:`Z(\alpha) = \int_{-\infty}^{\infty} e^{-\rho(x, \alpha, 1)}\,dx`.

    Parameters
    ----------
    alpha : float
        The shape, finite and ``>= 0``.

    Returns
    -------
    float
        :math:`Z(\alpha)`; with it, :math:`e^{-\rho(x, \alpha, c)} / (c Z(\alpha))` is a
        probability density.

    Raises
    ------
    ValueError
        If `alpha` is negative, nan or infinite: for :math:`\alpha < 0` the loss is bounded,
        so :math:`e^{-\rho}` does not decay and the integral diverges.
    TypeError
        If `alpha` is not a real number.

    See Also
    --------
    log_partition : Its logarithm, the constant in the negative log-likelihood.

    Notes
    -----
    Integrated numerically, once, with the exp-sinh rule (a double-exponential change of
    variable, :math:`x = e^{\pi \sinh(t) / 2}`, then the trapezoidal rule in :math:`t`), which
    handles both the sharp tails of large :math:`\alpha` and the slow :math:`2/x^2` tail of
    :math:`\alpha = 0`. Two values are known in closed form: :math:`\alpha = 2` is the standard
    normal, :math:`Z = \sqrt{2\pi}`; :math:`\alpha = 0` is a Cauchy density,
    :math:`\int (1 + x^2/2)^{-1} dx = \sqrt{2}\,\pi`. J. T. Barron, "A General and Adaptive
    Robust Loss Function", CVPR 2019, section 2.

    Examples
    --------
    >>> import math
    >>> from lossdocs.likelihood import partition
    >>> math.isclose(partition(2.0), math.sqrt(2 * math.pi), rel_tol=1e-13)
    True
    >>> math.isclose(partition(0.0), math.sqrt(2) * math.pi, rel_tol=1e-13)
    True
    """
    alpha = _check_likelihood_alpha(alpha)
    return float(np.dot(_WEIGHTS, np.exp(-_rho(_NODES.copy(), alpha))))


def log_partition(alpha):
    r""":math:`\log Z(\alpha)`, the normalising constant of the negative log-likelihood.

    Parameters
    ----------
    alpha : float
        The shape, finite and ``>= 0``.

    Returns
    -------
    float

    Examples
    --------
    >>> import math
    >>> from lossdocs.likelihood import log_partition
    >>> math.isclose(log_partition(2.0), 0.5 * math.log(2 * math.pi), rel_tol=1e-13)
    True
    """
    return math.log(partition(alpha))


def general_nll(input, target, reduction="mean", alpha=1.0, scale=1.0):
    r"""Negative log-likelihood of the residuals under Barron's density.

    Parameters
    ----------
    input : array_like
        Predictions.
    target : array_like
        Targets, with the same shape as `input`.
    reduction : {"mean", "sum", "none"}, default "mean"
        As for the losses.
    alpha : float, default 1.0
        The shape, finite and ``>= 0``.
    scale : float, default 1.0
        The scale :math:`c`, finite and ``> 0``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        :math:`\rho(x, \alpha, c) + \log c + \log Z(\alpha)` for each residual
        :math:`x` = ``input - target``, reduced.

    Raises
    ------
    ValueError
        If `alpha` is negative or not finite, `scale` is not finite and positive, the shapes
        differ, or `reduction` is unknown.

    Notes
    -----
    The loss :func:`lossdocs.general_loss` is this NLL without its constant. With the scale
    fixed, minimising the loss over :math:`\alpha` would always choose the smallest
    :math:`\alpha` (the loss falls as :math:`\alpha` does); :math:`\log Z(\alpha)` is the price
    that makes :math:`\alpha` learnable. :math:`\alpha = 2` is the Gaussian NLL with
    :math:`\sigma = c`.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.likelihood import general_nll
    >>> x = np.array([-1.0, 0.0, 2.5])
    >>> gaussian = 0.5 * x**2 + 0.5 * np.log(2 * np.pi)
    >>> np.allclose(general_nll(x, np.zeros(3), reduction="none", alpha=2.0), gaussian)
    True
    """
    check_reduction(reduction)
    alpha = _check_likelihood_alpha(alpha)
    scale = check_width("scale", scale, allow_zero=False)
    x = residual(input, target)
    values = _rho(x / scale, alpha) + (math.log(scale) + log_partition(alpha))
    return reduce_values(values, reduction)


@dataclass(frozen=True)
class AlphaFit:
    """The maximum-likelihood shape and scale of each sample, and the mean NLL there.

    Examples
    --------
    >>> from lossdocs.likelihood import AlphaFit
    >>> AlphaFit(alpha=2.0, scale=1.0, nll=1.42).alpha
    2.0
    """

    alpha: np.ndarray
    scale: np.ndarray
    nll: np.ndarray


def _profile_scale(t, alpha, log_lo, log_hi):
    """For each row of residuals t (..., n), the log-scale that solves the score equation.

    d/d(log c) of the mean NLL is 1 - mean(z ρ'(z)) with z = t / c; z ρ'(z) rises with |z|
    for α >= 0, so the score rises with log c and has one root, bracketed by [log_lo, log_hi].
    The Illinois variant of regula falsi keeps the bracket and converges superlinearly.
    """

    def score(log_scale):
        z = t / np.exp(log_scale)[..., None]
        slope = general_loss_grad(z, np.zeros_like(z), reduction="none", alpha=alpha)
        return 1.0 - np.mean(z * slope, axis=-1)

    lo, hi = np.array(log_lo, dtype=float), np.array(log_hi, dtype=float)
    f_lo, f_hi = score(lo), score(hi)
    for _ in range(100):  # widen the bracket where it misses the root
        if not (np.any(f_lo > 0) or np.any(f_hi < 0)):
            break
        lo = np.where(f_lo > 0, lo - 4.0, lo)
        hi = np.where(f_hi < 0, hi + 4.0, hi)
        f_lo, f_hi = score(lo), score(hi)
    side = np.zeros(lo.shape, dtype=int)
    for _ in range(100):
        mid = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        f_mid = score(mid)
        right = f_mid > 0  # the root lies left of mid
        # Illinois: an end kept twice in a row has its score halved.
        f_lo = np.where(right & (side == 1), 0.5 * f_lo, f_lo)
        f_hi = np.where(~right & (side == -1), 0.5 * f_hi, f_hi)
        hi, f_hi = np.where(right, mid, hi), np.where(right, f_mid, f_hi)
        lo, f_lo = np.where(right, lo, mid), np.where(right, f_lo, f_mid)
        side = np.where(right, 1, -1)
        if np.all((hi - lo <= 1e-10) | (np.abs(f_mid) <= 1e-13)):
            break
    log_scale = mid
    z = t / np.exp(log_scale)[..., None]
    nll = np.mean(_rho(z, alpha), axis=-1) + log_scale + log_partition(alpha)
    return log_scale, nll


def fit_alpha(residuals, alphas=None):
    r"""Fit the shape α and scale c of Barron's density to each row of residuals, by maximum likelihood.

    Parameters
    ----------
    residuals : array_like
        Shape ``(..., n)``, finite, ``n >= 2``, centred at 0 (the location is not fitted).
        Every row along the last axis is fitted, all at once.
    alphas : array_like, optional
        The grid of shapes searched, all ``>= 0``, evenly spaced and increasing; default 0 to 4
        in steps of 0.25.

    Returns
    -------
    AlphaFit
        ``alpha``, ``scale`` and the mean ``nll`` per row, shape ``residuals.shape[:-1]``.

    Raises
    ------
    ValueError
        If the residuals are not finite, have fewer than 2 values per row, or are all 0 in
        a row; or if `alphas` is not an evenly spaced increasing grid of values ``>= 0``.

    Notes
    -----
    For each α the scale is profiled out exactly: the derivative of the mean NLL in
    :math:`\log c` is :math:`1 - \overline{z \rho'(z)}` with :math:`z = x / c`, and
    :math:`z \rho'(z)` rises with :math:`|z|` for :math:`\alpha \ge 0`, so it has one root,
    found by regula falsi for every row at once. The profiled NLL is evaluated on the grid
    of α; a parabola through the best grid point and its two neighbours refines it, and two
    parabolas on narrower stencils (1/5 and 1/50 of the grid step) refine it again; where a
    vertex falls outside its stencil, α moves one width towards it and the stencil follows.
    A best grid point at an end is refined the same way: α stays at the end only if the
    maximum lies beyond it (it may: α is searched within the grid only).

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.likelihood import fit_alpha
    >>> rng = np.random.default_rng(0)
    >>> fit = fit_alpha(rng.normal(0.0, 3.0, size=(2, 20_000)))
    >>> np.round(fit.alpha, 1), np.round(fit.scale)
    (array([2., 2.]), array([3., 3.]))
    """
    t = np.asarray(residuals, dtype=float)
    if t.ndim == 0 or t.shape[-1] < 2 or not np.all(np.isfinite(t)):
        raise ValueError(
            "residuals must be finite, with at least 2 values along the last axis; "
            f"got shape {t.shape}"
        )
    spread = np.max(np.abs(t), axis=-1)
    if np.any(spread == 0):
        raise ValueError("a row of residuals is all 0; no scale can be fitted")
    grid = np.linspace(0.0, 4.0, 17) if alphas is None else np.asarray(alphas, float)
    if grid.ndim != 1 or grid.size < 3 or not np.allclose(np.diff(grid), grid[1] - grid[0]):
        raise ValueError("alphas must be an evenly spaced 1-D grid of at least 3 values")
    if grid[1] <= grid[0]:
        raise ValueError("alphas must be increasing")
    for alpha in grid:
        _check_likelihood_alpha(float(alpha))
    # The scale is near the typical |residual|: start from a bracket of e^±4 around the
    # median |residual| (each profile widens it where it misses).
    typical = np.median(np.abs(t), axis=-1)
    typical = np.where(typical > 0, typical, spread)
    log_lo, log_hi = np.log(typical) - 4.0, np.log(typical) + 4.0
    nll = np.stack([_profile_scale(t, float(a), log_lo, log_hi)[1] for a in grid])
    best = np.argmin(nll, axis=0)
    inner = np.clip(best, 1, grid.size - 2)
    left, middle, right = (np.take_along_axis(nll, (inner + d)[None], 0)[0] for d in (-1, 0, 1))
    curvature = left - 2.0 * middle + right
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(curvature > 0, 0.5 * (left - right) / curvature, 0.0)
    step = grid[1] - grid[0]
    refined = grid[inner] + np.clip(shift, -1.0, 1.0) * step
    at_end = (best == 0) | (best == grid.size - 1)
    alpha = np.where(at_end, grid[best], refined)
    # Two more parabolas, on stencils 1/5 and 1/50 of the grid step around each row's α, the
    # stencil kept inside the grid. α moves to the vertex, or by one width towards the smaller
    # NLL where the vertex lies beyond the stencil (or the stencil is not convex), and the
    # stencil is centred again there, until the vertex lies in the stencil's middle half (a
    # three-point parabola is accurate there) or α stops at an end of the grid. A maximum
    # beyond an end of the grid leaves α at that end.
    for width in (step / 5, step / 50):
        active = np.ones(np.shape(alpha), dtype=bool)
        for _ in range(100):
            if not np.any(active):
                break
            centre = np.clip(alpha[active], grid[0] + width, grid[-1] - width)
            left, middle, right = (
                _profile_rows(t[active], centre + d * width, log_lo[active], log_hi[active])[1]
                for d in (-1, 0, 1)
            )
            curvature = left - 2.0 * middle + right
            with np.errstate(invalid="ignore", divide="ignore"):
                vertex = 0.5 * (left - right) / curvature
            shift = np.where(curvature > 0, vertex, 2.0 * np.sign(left - right))
            moved = centre + np.clip(shift, -1.0, 1.0) * width
            still = (np.abs(shift) > 0.5) & (moved != alpha[active])
            alpha[active] = moved
            active[active] = still
    log_scale, fitted_nll = _profile_rows(t, alpha, log_lo, log_hi)
    return AlphaFit(alpha[()], np.exp(log_scale)[()], fitted_nll[()])


def _profile_rows(t, alphas, log_lo, log_hi):
    """The profiled log-scale and mean NLL of each row at its own α (rows grouped by α)."""
    shape = t.shape[:-1]
    flat_t = t.reshape(-1, t.shape[-1])
    flat_alpha = np.broadcast_to(alphas, shape).reshape(-1)
    lo, hi = (np.broadcast_to(v, shape).reshape(-1) for v in (log_lo, log_hi))
    log_scale, nll = np.empty(flat_alpha.size), np.empty(flat_alpha.size)
    for alpha in np.unique(flat_alpha):
        rows = flat_alpha == alpha
        log_scale[rows], nll[rows] = _profile_scale(flat_t[rows], alpha, lo[rows], hi[rows])
    return log_scale.reshape(shape), nll.reshape(shape)
