"""Efficiency against robustness for Huber's estimates: the ARE, the MAD, Proposal 2, a proposed δ.

The closed forms here are for Gaussian noise, possibly contaminated by a wider Gaussian. The
Huber loss itself is not re-typed: its derivative comes from :func:`lossdocs.huber_loss_grad`,
its line fit from :func:`lossdocs.fitting.best_line`.
"""

import functools
import math
import numbers
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from lossdocs.catalog import LOSSES
from lossdocs.fitting import best_line
from lossdocs.losses import huber_loss_grad

__all__ = [
    "MAD_TO_SIGMA",
    "HuberRegression",
    "LocationScale",
    "contaminated_fisher_information",
    "huber_asymptotic_variance",
    "huber_efficiency",
    "huber_k",
    "huber_location",
    "huber_proposal2",
    "huber_regression",
    "mad",
    "minimax_k",
    "propose_beta",
    "propose_delta",
]

_NORMAL = NormalDist()
#: The MAD of standard normal noise is the quartile Φ⁻¹(3/4), so MAD × 1/Φ⁻¹(3/4) (1.4826…)
#: estimates σ.
MAD_TO_SIGMA = 1.0 / _NORMAL.inv_cdf(0.75)
_SQRT_2 = math.sqrt(2.0)
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_erf = np.vectorize(math.erf, otypes=[float])
_erfc = np.vectorize(math.erfc, otypes=[float])
# Bisection steps: halving any bracket of doubles this often reaches adjacent floats.
_BISECTIONS = 200


def _pdf(x):
    """φ(x), the standard normal density, elementwise."""
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * x * x) / _SQRT_2PI


def _check_k(k):
    k = np.asarray(k, dtype=float)
    if np.any(np.isnan(k)) or np.any(k < 0):
        raise ValueError("k must hold numbers >= 0 (k = inf is the mean, k = 0 the median)")
    return k


def _check_contamination(epsilon, tau):
    for name, value in (("epsilon", epsilon), ("tau", tau)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number; got {value!r}")
    if not 0.0 <= epsilon < 1.0:
        raise ValueError(f"epsilon must satisfy 0 <= epsilon < 1; got {epsilon!r}")
    if not (math.isfinite(tau) and tau > 0):
        raise ValueError(f"tau must be finite and > 0; got {tau!r}")
    return float(epsilon), float(tau)


def _truncated_square(u):
    """E[Y²; |Y| <= u] for standard normal Y, elementwise, for u >= 0.

    Integrating y · yφ(y) by parts (d/dy φ = -yφ) gives 2Φ(u) - 1 - 2uφ(u), but below u = 1
    its two terms agree to O(u³) and their difference loses digits (all of them near
    u = 1e-16). There the Taylor series √(2/π) Σ_n (-u²/2)^n u³ / (n! (2n + 3)) is summed
    instead: it alternates, its terms fall at least as fast as 2^-n / n!, and 20 of them
    reach rounding.
    """
    u = np.asarray(u, dtype=float)
    with np.errstate(invalid="ignore"):  # u = inf: u φ(u) is 0, evaluated as inf * 0
        # 2Φ(u) - 1 = erf(u/√2), accurate on its own.
        square = np.asarray(_erf(u / _SQRT_2) - np.where(np.isinf(u), 0.0, 2.0 * u * _pdf(u)))
    small = u < 1.0
    v = u[small]
    term, series = 2.0 * _pdf(0.0) * v**3, np.zeros_like(v)
    for n in range(20):
        series += term / (2 * n + 3)
        term *= -0.5 * v * v / (n + 1)
    square[small] = series
    return square


def _psi_moments(k, s):
    """E ψ'(X) and E ψ(X)² for X ~ N(0, s²) and Huber's ψ(x) = clip(x, -k, k).

    With u = k / s and Y = X / s standard normal: E ψ' = P(|X| <= k) = 2Φ(u) - 1, and
    E ψ² = s² E[Y²; |Y| <= u] + k² P(|X| > k).
    """
    u = k / s
    # 2Φ(u) - 1 = erf(u/√2) and 2(1 - Φ(u)) = erfc(u/√2), each accurate on its own.
    inside = _erf(u / _SQRT_2)
    tail_mass = _erfc(u / _SQRT_2)
    inner = s * s * _truncated_square(u)
    with np.errstate(invalid="ignore"):  # k = inf: k² times a tail mass of 0
        square = inner + np.where(tail_mass > 0, k * k * tail_mass, 0.0)
    return inside, square


def huber_asymptotic_variance(k, epsilon=0.0, tau=3.0):
    r"""Asymptotic variance of Huber's location estimate, times n, in units of σ².

    Parameters
    ----------
    k : float or array_like
        Huber's width in units of the noise scale, ``k = δ / σ``; ``>= 0``. ``k = inf`` is the
        mean, and ``k = 0`` the limit at which the estimate becomes the median.
    epsilon : float, default 0.0
        The share of gross errors, ``0 <= epsilon < 1``.
    tau : float, default 3.0
        The standard deviation of the gross errors, in units of σ (Tukey's contaminated
        normal uses 3).

    Returns
    -------
    numpy.ndarray or float
        :math:`V(k) = E_F[\psi_k^2] / (E_F[\psi_k'])^2` for
        :math:`F = (1 - \varepsilon)\,N(0, 1) + \varepsilon\,N(0, \tau^2)`.

    Raises
    ------
    ValueError
        If `k` is negative or nan, `epsilon` is outside ``[0, 1)``, or `tau` is not finite
        and positive.

    See Also
    --------
    huber_efficiency : The same, as an efficiency.

    Notes
    -----
    An M-estimate with derivative :math:`\psi` has asymptotic variance
    :math:`E\psi^2 / (E\psi')^2` (Huber 1964). For a Gaussian of scale :math:`s` and
    :math:`u = k / s`, :math:`E\psi' = 2\Phi(u) - 1` and
    :math:`E\psi^2 = s^2 (2\Phi(u) - 1 - 2u\varphi(u)) + 2k^2 (1 - \Phi(u))`; a mixture
    averages the two moments with its weights. As :math:`k \to 0` the ratio tends to
    :math:`1 / (4 f(0)^2)`, the median's.

    Examples
    --------
    >>> import math
    >>> from lossdocs.efficiency import huber_asymptotic_variance
    >>> float(huber_asymptotic_variance(math.inf))  # the mean: variance σ²/n
    1.0
    >>> round(float(huber_asymptotic_variance(0.0)), 6) == round(math.pi / 2, 6)  # the median
    True
    """
    k = _check_k(k)
    epsilon, tau = _check_contamination(epsilon, tau)
    weights, scales = (1.0 - epsilon, epsilon), (1.0, tau)
    slope = sum(w * _psi_moments(k, s)[0] for w, s in zip(weights, scales, strict=True))
    square = sum(w * _psi_moments(k, s)[1] for w, s in zip(weights, scales, strict=True))
    density_at_0 = sum(w / (s * _SQRT_2PI) for w, s in zip(weights, scales, strict=True))
    # Below k = 1e-150 the moments underflow (both are about k²). There V(k) is the median's
    # V(0) to rounding: V(k) = V(0) (1 + O(k / min(1, tau))), for tau above 1e-130.
    median = k < 1e-150
    variance = np.where(
        median, 1.0 / (4.0 * density_at_0**2), square / np.where(median, 1.0, slope) ** 2
    )
    return variance[()] if variance.ndim == 0 else variance


@functools.lru_cache(maxsize=64)
def contaminated_fisher_information(epsilon=0.0, tau=3.0):
    r"""Fisher information for location of :math:`(1 - \varepsilon) N(0, 1) + \varepsilon N(0, \tau^2)`.

    Parameters
    ----------
    epsilon : float, default 0.0
        The share of gross errors, ``0 <= epsilon < 1``.
    tau : float, default 3.0
        Their standard deviation, in units of σ.

    Returns
    -------
    float
        :math:`I(F) = \int f'(x)^2 / f(x)\,dx`; the best possible (Cramér-Rao) asymptotic
        variance of a location estimate is :math:`1 / I(F)`. 1 for the standard normal.

    Notes
    -----
    The integrand is smooth and decays like a Gaussian, so the trapezoidal rule on a fine
    grid over :math:`[0, 40 \max(1, \tau)]` is accurate to rounding.

    Examples
    --------
    >>> from lossdocs.efficiency import contaminated_fisher_information
    >>> round(contaminated_fisher_information(0.0), 12)
    1.0
    """
    epsilon, tau = _check_contamination(epsilon, tau)
    x = np.linspace(0.0, 40.0 * max(1.0, tau), 200_001)
    core, wide = (1.0 - epsilon) * _pdf(x), epsilon * _pdf(x / tau) / tau
    density = core + wide
    slope = -x * (core + wide / (tau * tau))
    with np.errstate(invalid="ignore", divide="ignore"):
        integrand = np.where(density > 0, slope * slope / density, 0.0)
    return float(2.0 * np.trapezoid(integrand, x))


def huber_efficiency(k, epsilon=0.0, tau=3.0):
    r"""Asymptotic efficiency of Huber's location estimate: the best variance over its own.

    Parameters
    ----------
    k : float or array_like
        ``δ / σ``, ``>= 0`` (``inf`` is the mean, 0 the median).
    epsilon, tau : float
        The contamination, as in :func:`huber_asymptotic_variance`. With ``epsilon = 0`` the
        noise is Gaussian and the best estimate is the mean.

    Returns
    -------
    numpy.ndarray or float
        :math:`1 / (I(F)\, V(k))`, between 0 and 1.

    Notes
    -----
    For Gaussian noise (:math:`\varepsilon = 0`) this is the asymptotic relative efficiency
    against the mean,

    .. math::

        \mathrm{ARE}(k) = \frac{(2\Phi(k) - 1)^2}
            {2\Phi(k) - 1 - 2k\varphi(k) + 2k^2 (1 - \Phi(k))},

    which rises from :math:`2/\pi` (the median, :math:`k = 0`) to 1 (the mean).

    Examples
    --------
    >>> from lossdocs.efficiency import huber_efficiency
    >>> round(float(huber_efficiency(1.345)), 3)
    0.95
    """
    # Gaussian noise: I = 1 exactly (the integral below returns it to rounding).
    information = 1.0 if epsilon == 0 else contaminated_fisher_information(epsilon, tau)
    # A float for a scalar k (NumPy's scalar arithmetic), an array for an array.
    return 1.0 / (information * huber_asymptotic_variance(k, epsilon, tau))


def _bisect_scalar(increasing, target, lo, hi):
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if increasing(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


def _check_efficiency(efficiency):
    if isinstance(efficiency, bool) or not isinstance(efficiency, numbers.Real):
        raise TypeError(f"efficiency must be a real number; got {efficiency!r}")
    low = 2.0 / math.pi
    if not low < efficiency < 1.0:
        raise ValueError(
            f"efficiency must lie strictly between 2/pi = {low:.4f} (the median's) and 1 "
            f"(the mean's); got {efficiency!r}"
        )
    return float(efficiency)


def huber_k(efficiency=0.95):
    """The width ``k = δ / σ`` at which Huber's estimate has a given efficiency at the normal.

    Parameters
    ----------
    efficiency : float, default 0.95
        The target asymptotic relative efficiency under Gaussian noise, strictly between
        ``2 / pi`` (the median's) and 1 (the mean's).

    Returns
    -------
    float
        The root of ``huber_efficiency(k) = efficiency``, found by bisection (the efficiency
        rises with `k`).

    Raises
    ------
    ValueError
        If `efficiency` is outside ``(2 / pi, 1)``.

    Examples
    --------
    >>> from lossdocs.efficiency import huber_k
    >>> round(huber_k(0.95), 3)
    1.345
    """
    efficiency = _check_efficiency(efficiency)
    hi = 1.0
    while float(huber_efficiency(hi)) < efficiency:
        hi *= 2.0
    return _bisect_scalar(lambda k: float(huber_efficiency(k)), efficiency, 0.0, hi)


def minimax_k(epsilon):
    r"""Huber's minimax width for ε-contaminated Gaussian noise (Huber 1964).

    Parameters
    ----------
    epsilon : float
        The share of arbitrary gross errors, ``0 < epsilon < 1``.

    Returns
    -------
    float
        The `k` solving :math:`2\varphi(k)/k - 2(1 - \Phi(k)) = \varepsilon / (1 - \varepsilon)`.
        Huber's loss with this width minimises the worst asymptotic variance over all
        distributions :math:`(1 - \varepsilon)\Phi + \varepsilon H`; the worst case (the least
        favourable distribution) is Gaussian in the middle with Laplace tails beyond
        :math:`\pm k`, and Huber's loss is its negative log-likelihood.

    Examples
    --------
    >>> from lossdocs.efficiency import minimax_k
    >>> round(minimax_k(0.05), 2)
    1.4
    """
    epsilon, _ = _check_contamination(epsilon, 1.0)
    if epsilon == 0:
        raise ValueError("epsilon must be > 0: without contamination the minimax width is inf")
    target = epsilon / (1.0 - epsilon)

    def excess(k):  # decreasing in k, so bisect on its negative
        return -(2.0 * float(_pdf(k)) / k - math.erfc(k / _SQRT_2))

    hi = 1.0
    while -excess(hi) > target:
        hi *= 2.0
    return _bisect_scalar(excess, -target, 0.0, hi)


def _as_samples(data, name="data"):
    array = np.asarray(data, dtype=float)
    if array.ndim == 0 or array.shape[-1] < 2:
        raise ValueError(
            f"{name} must have at least 2 values along its last axis; got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite; it holds nan or inf")
    return array


def mad(data):
    """The median absolute deviation along the last axis, scaled to estimate σ for normal noise.

    Parameters
    ----------
    data : array_like
        Shape ``(..., n)`` with ``n >= 2``, finite; each row along the last axis is a sample.

    Returns
    -------
    numpy.ndarray or float
        ``MAD_TO_SIGMA * median(|x - median(x)|)`` per row, where ``MAD_TO_SIGMA =
        1 / Φ⁻¹(3/4)`` (1.4826…) makes it consistent for σ under Gaussian noise.

    Examples
    --------
    >>> from lossdocs.efficiency import MAD_TO_SIGMA, mad
    >>> round(MAD_TO_SIGMA, 4)
    1.4826
    >>> round(float(mad([1.0, 2.0, 3.0, 4.0, 100.0])) / MAD_TO_SIGMA, 12)
    1.0
    """
    data = _as_samples(data)
    centre = np.median(data, axis=-1, keepdims=True)
    return MAD_TO_SIGMA * np.median(np.abs(data - centre), axis=-1)[()]


def huber_location(data, delta):
    """Huber's location estimate of each row: the ``c`` with ``sum(ψ_δ(c - x)) = 0``.

    Vectorised: every row along the last axis is solved at once, by bisection on the summed
    derivative (which is monotone), with :func:`lossdocs.huber_loss_grad` as ψ.

    Parameters
    ----------
    data : array_like
        Shape ``(..., n)``, finite, ``n >= 2``.
    delta : float or array_like
        The width, ``> 0``; a scalar, or one per row (shape ``data.shape[:-1]``).

    Returns
    -------
    numpy.ndarray or float
        The estimate per row, shape ``data.shape[:-1]``. When the minimisers form an interval
        (possible for tiny δ), its midpoint.

    Examples
    --------
    >>> from lossdocs.efficiency import huber_location
    >>> float(huber_location([0.0, 1.0, 2.0, 100.0], 1.0))
    1.5
    >>> huber_location([[0.0, 1.0, 2.0], [0.0, 0.0, 9.0]], [10.0, 1.0])
    array([1. , 0.5])
    """
    data = _as_samples(data)
    delta = np.asarray(delta, dtype=float)
    if not (np.all(np.isfinite(delta)) and np.all(delta > 0)):
        raise ValueError("delta must be finite and > 0")
    delta = np.broadcast_to(delta, data.shape[:-1])
    rows, width = data.reshape(-1, data.shape[-1]), delta.reshape(-1, 1)
    lower = _huber_boundary(rows, width, strict=False)
    # Where the summed derivative is already positive just above `lower`, the minimiser is
    # unique; elsewhere (no data within δ of it) the minimisers form an interval.
    above = np.nextafter(lower, np.inf)
    flat = _huber_slope(above, rows, width) <= 0
    upper = lower.copy()
    if np.any(flat):
        upper[flat] = _huber_boundary(rows[flat], width[flat], strict=True)
    return (0.5 * (lower + upper)).reshape(data.shape[:-1])[()]


def _huber_slope(c, rows, width):
    """Sum over each row of ψ_δ(c - x) = δ ψ_1((c - x) / δ), ψ from lossdocs.huber_loss_grad."""
    scaled = (c[:, None] - rows) / width
    psi = huber_loss_grad(scaled, np.zeros_like(scaled), reduction="none", delta=1.0)
    return np.sum(psi * width, axis=-1)


def _huber_boundary(rows, width, strict):
    """Per row, where the summed derivative turns >= 0 (or > 0 if strict), by bisection."""
    lo, hi = rows.min(axis=-1), rows.max(axis=-1)
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        if np.all((mid == lo) | (mid == hi)):
            break
        value = _huber_slope(mid, rows, width)
        right = value > 0 if strict else value >= 0
        lo, hi = np.where(right, lo, mid), np.where(right, mid, hi)
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class LocationScale:
    """Huber's joint estimate: a location and a scale per sample, and the width used.

    Examples
    --------
    >>> from lossdocs.efficiency import LocationScale
    >>> LocationScale(location=0.0, scale=1.0, k=1.345).delta
    1.345
    """

    location: np.ndarray
    scale: np.ndarray
    k: float

    @property
    def delta(self):
        """The width in the data's units, ``k * scale``."""
        return self.k * self.scale


def _psi_square_target(k):
    """E ψ_k(Z)² for standard normal Z: Proposal 2's consistency constant."""
    return float(_psi_moments(np.float64(k), 1.0)[1])


def huber_proposal2(data, k=None, *, max_iterations=1000):
    r"""Huber's Proposal 2: the location and scale of each row, estimated jointly.

    Parameters
    ----------
    data : array_like
        Shape ``(..., n)``, finite, ``n >= 2``; each row along the last axis is a sample.
    k : float, optional
        The width in units of the scale; default :func:`huber_k` (0.95), that is 1.345.
    max_iterations : int, default 1000
        Iterations of the scale update before giving up.

    Returns
    -------
    LocationScale
        ``location`` and ``scale``, each of shape ``data.shape[:-1]``.

    Raises
    ------
    ValueError
        If a row's MAD is zero (more than half its values equal), where no scale can start.
    RuntimeError
        If the iteration does not converge.

    Notes
    -----
    The estimates solve, with :math:`z_i = (x_i - \mu) / s` and :math:`\psi = \mathrm{clip}(\cdot, -k, k)`,

    .. math::

        \sum_i \psi(z_i) = 0, \qquad
        \frac{1}{n - 1} \sum_i \psi(z_i)^2 = E_\Phi[\psi(Z)^2],

    the second making :math:`s` estimate σ for Gaussian noise. Starting from the median and
    the MAD, the location is solved exactly for the current scale (:func:`huber_location`)
    and the scale is updated by :math:`s^2 \leftarrow s^2 \sum_i \psi(z_i)^2 /
    ((n - 1) E_\Phi \psi^2)` (Huber 1981, section 6.7), until it changes by less than 1e-12.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.efficiency import huber_proposal2
    >>> fit = huber_proposal2(np.random.default_rng(0).normal(5.0, 2.0, size=10_000))
    >>> round(float(fit.location), 1), round(float(fit.scale), 1)
    (5.0, 2.0)
    """
    data = _as_samples(data)
    k = huber_k(0.95) if k is None else float(k)
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"k must be finite and > 0; got {k!r}")
    n = data.shape[-1]
    target = (n - 1) * _psi_square_target(k)
    scale = np.asarray(mad(data), dtype=float)
    if np.any(scale == 0):
        raise ValueError("a row's MAD is 0 (more than half its values are equal); no scale")
    for _ in range(max_iterations):
        location = huber_location(data, k * scale)
        z = (data - np.asarray(location)[..., None]) / scale[..., None]
        psi = huber_loss_grad(z, np.zeros_like(z), reduction="none", delta=k)
        new_scale = scale * np.sqrt(np.sum(psi * psi, axis=-1) / target)
        done = np.all(np.abs(new_scale - scale) <= 1e-12 * scale)
        scale = new_scale
        if done:
            break
    else:
        raise RuntimeError(f"Proposal 2 did not converge in {max_iterations} iterations")
    location = huber_location(data, k * scale)
    return LocationScale(location, scale[()], k)


@dataclass(frozen=True)
class HuberRegression:
    """A line ``y = intercept + slope * x`` and a scale, fitted jointly with Huber's loss.

    Examples
    --------
    >>> from lossdocs.efficiency import HuberRegression
    >>> HuberRegression(intercept=1.0, slope=2.0, scale=0.5, k=1.35).delta
    0.675
    """

    intercept: float
    slope: float
    scale: float
    k: float

    @property
    def delta(self):
        """The width in the residuals' units, ``k * scale``."""
        return self.k * self.scale


def huber_regression(x, y, k=None, *, consistent=True, max_iterations=1000):
    r"""Fit a line and the noise scale jointly with Huber's loss (Proposal 2 for regression).

    Parameters
    ----------
    x, y : array_like
        1-D arrays of the same length ``n >= 3``.
    k : float, optional
        The width in units of the scale; default :func:`huber_k` (0.95), that is 1.345.
    consistent : bool, default True
        True solves :math:`\sum_i \psi(r_i/s)^2 = (n - 2)\,E_\Phi\psi^2`, so the scale
        estimates σ for Gaussian noise. False solves :math:`\sum_i \psi(r_i/s)^2 = n`, the
        stationarity condition of the joint objective :math:`\sum_i s + s\,H_k(r_i / s)` of
        Owen (2007) that ``sklearn.linear_model.HuberRegressor`` minimises (with
        :math:`H_k(z) = z^2` inside, :math:`2k|z| - k^2` outside).
    max_iterations : int, default 1000
        Alternations of line fit and scale update before giving up.

    Returns
    -------
    HuberRegression
        The line, the scale and `k`; the line is the Huber line of :func:`lossdocs.fitting.best_line`
        with ``delta = k * scale``.

    Raises
    ------
    ValueError
        If the residuals of the least-squares line have a zero MAD (to rounding: at most
        1e-13 of the largest ``|y|``), or the inputs are invalid.
    RuntimeError
        If the alternation does not converge.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.efficiency import huber_regression
    >>> rng = np.random.default_rng(0)
    >>> x = np.linspace(0.0, 1.0, 2000)
    >>> fit = huber_regression(x, 1.0 + 2.0 * x + rng.normal(0.0, 0.5, x.size))
    >>> round(fit.intercept, 1), round(fit.slope, 1), round(fit.scale, 1)
    (1.0, 2.0, 0.5)
    """
    k = huber_k(0.95) if k is None else float(k)
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"k must be finite and > 0; got {k!r}")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 3:
        raise ValueError(f"x and y must be 1-D of the same length >= 3; got {x.shape}, {y.shape}")
    n = x.size
    target = (n - 2) * _psi_square_target(k) if consistent else float(n)
    line = best_line(x, y, "L2")
    scale = float(mad(y - line(x)))
    # Data on an exact line leave residuals of a few units in the last place of y, not 0.
    if scale <= 1e-13 * float(np.max(np.abs(y))):
        raise ValueError("the residuals of the least-squares line have a zero MAD; no scale")
    huber = LOSSES["Huber"]
    for _ in range(max_iterations):
        line = best_line(x, y, replace(huber, kwargs={"delta": k * scale}))
        # The scale that solves the equation for this line, exactly: a fixed-point step
        # towards it crawls where its slope is near 1 (hundreds of steps on a few points).
        new_scale = _huber_scale(line(x) - y, k, target)
        if new_scale is None:
            raise RuntimeError(
                "Huber regression did not converge: no scale solves its equation for the line "
                "found (too many residuals are exactly 0)"
            )
        done = abs(new_scale - scale) <= 1e-12 * scale
        scale = new_scale
        if done:
            break
    else:
        raise RuntimeError(f"Huber regression did not converge in {max_iterations} iterations")
    line = best_line(x, y, replace(huber, kwargs={"delta": k * scale}))
    return HuberRegression(line.intercept, line.slope, scale, k)


def _huber_scale(residuals, k, target):
    """The scale s with ``sum(psi_k(r / s) ** 2) == target``, by bisection in 1 / s (None if none).

    The sum grows with 1 / s: at most ``(1 / s) ** 2 * sum(r ** 2)``, and ``k ** 2`` times the
    number of nonzero r once all of them are beyond the width, so there is one solution if that
    number times ``k ** 2`` exceeds `target`, and none (or, at equality, every small enough s)
    otherwise.
    """
    size = np.abs(residuals[residuals != 0])
    if k * k * size.size <= target:
        return None

    def total(inverse):
        psi = huber_loss_grad(size * inverse, np.zeros_like(size), reduction="none", delta=k)
        return float(np.sum(psi * psi))

    low, high = math.sqrt(target / float(np.sum(size * size))), k / float(np.min(size))
    return 1.0 / _bisect_scalar(total, target, low, high)


def propose_delta(residuals, efficiency=0.95):
    r"""Propose Huber's δ for given residuals: the width with a target efficiency at the normal.

    Parameters
    ----------
    residuals : array_like
        1-D, finite, at least 2 values: the errors of a first fit (or the data around a
        rough centre). Their MAD estimates the scale σ of the noise, ignoring outliers.
    efficiency : float, default 0.95
        The asymptotic efficiency wanted if the noise were Gaussian, strictly between
        ``2 / pi`` and 1. Lower buys more robustness.

    Returns
    -------
    float
        ``δ = k σ̂``, with ``k = huber_k(efficiency)`` and ``σ̂ = mad(residuals)``.

    Raises
    ------
    ValueError
        If `residuals` is not 1-D with at least 2 finite values, its MAD is 0, or
        `efficiency` is outside ``(2 / pi, 1)``.

    See Also
    --------
    propose_beta : The same width for Smooth L1.
    huber_k : `k` for an efficiency.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.efficiency import propose_delta
    >>> residuals = np.random.default_rng(0).normal(0.0, 3.0, size=100_000)
    >>> round(propose_delta(residuals) / 3.0, 1)  # k = 1.345 times σ = 3
    1.3
    >>> propose_delta(residuals, efficiency=0.5)
    Traceback (most recent call last):
    ...
    ValueError: efficiency must lie strictly between 2/pi = 0.6366 (the median's) and 1 (the mean's); got 0.5
    """
    array = np.asarray(residuals, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"residuals must be 1-D; got shape {array.shape}")
    k = huber_k(efficiency)
    scale = float(mad(_as_samples(array, "residuals")))
    if scale == 0:
        raise ValueError("residuals have a MAD of 0 (more than half are equal); no scale")
    return k * scale


def propose_beta(residuals, efficiency=0.95):
    r"""Propose Smooth L1's β for given residuals: the same width as :func:`propose_delta`.

    Huber with width δ is δ times Smooth L1 with β = δ, so the two losses have the same
    minimiser, and the same efficiency, when β = δ. Smooth L1's gradient is Huber's divided
    by β: with a small β, scale the learning rate accordingly.

    Parameters
    ----------
    residuals : array_like
        As for :func:`propose_delta`.
    efficiency : float, default 0.95
        As for :func:`propose_delta`.

    Returns
    -------
    float
        β, equal to the δ that :func:`propose_delta` returns.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs.efficiency import propose_beta, propose_delta
    >>> residuals = np.random.default_rng(1).standard_cauchy(1001)
    >>> propose_beta(residuals) == propose_delta(residuals)
    True
    """
    return propose_delta(residuals, efficiency)
