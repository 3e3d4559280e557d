"""The wider robust family: pseudo-Huber, log-cosh and Barron's general loss, with gradients.

Same functional contract as :mod:`lossdocs.losses` (``input``, ``target``, ``reduction``, a
``*_grad`` companion, clear errors). Each formula is written once, in a form that stays
accurate for any finite residual, and finite wherever the true value is a representable float.
"""

import math
import numbers

import numpy as np

from lossdocs._elementwise import grad_of, loss_of, shares_parameters
from lossdocs._inputs import check_width

__all__ = [
    "general_loss",
    "general_loss_grad",
    "log_cosh_loss",
    "log_cosh_loss_grad",
    "pseudo_huber_loss",
    "pseudo_huber_loss_grad",
]

LOG_2 = math.log(2.0)
# Below this |x|, log cosh x = log1p(2 sinh(x/2)^2) (accurate near 0); above it,
# |x| + log1p(exp(-2|x|)) - log 2 (no overflow). Both are accurate at the switch.
_LOG_COSH_SWITCH = 20.0


# --- Elementwise formulas on the residual x (a fresh array, overwritten). ---


def _rho_pseudo_huber(x, delta):
    # delta^2 (sqrt(1 + t^2) - 1) with t = x / delta, written as delta |x| * q with
    # q = |t| / (h + 1), h = hypot(1, t): no cancellation near 0. Where |x| / delta would
    # overflow, q = 1 / (hypot(1 / t, 1) + 1 / |t|) = 1 to rounding, and the value is delta |x|.
    absolute = np.abs(x, out=x)
    with np.errstate(over="ignore"):
        t = absolute / delta
    q = np.divide(t, np.hypot(1.0, t) + 1.0, where=np.isfinite(t), out=np.ones_like(t))
    with np.errstate(over="ignore"):  # inf where delta |x| is past the largest float
        absolute *= delta
    absolute *= q
    return absolute


def _psi_pseudo_huber(x, delta):
    # x / hypot(1, x / delta); where x / delta overflows, psi = delta sign(x) to rounding.
    with np.errstate(over="ignore"):
        t = x / delta
    huge = ~np.isfinite(t) & np.isfinite(x)
    out = np.divide(x, np.hypot(1.0, t, out=t), out=x)
    out[huge] = np.copysign(delta, out[huge])
    return out


def _rho_log_cosh(x):
    absolute = np.abs(x, out=x)
    small = absolute < _LOG_COSH_SWITCH
    out = np.empty_like(absolute)
    half = np.sinh(absolute[small] / 2)
    out[small] = np.log1p(2 * half * half)
    large = absolute[~small]
    out[~small] = large + np.log1p(np.exp(-2 * large)) - LOG_2
    return out


def _psi_log_cosh(x):
    return np.tanh(x, out=x)


# exp overflows past about 709.78 and underflows to a subnormal below about -708.4; between
# these its result is a normal number and the direct forms below are accurate.
_EXP_SAFE = 700.0


def _log_abs_scaled(x, scale):
    """log(|x| / scale), without forming |x| / scale (no overflow for a tiny scale)."""
    # log(0) = -inf is the right answer at x = 0; nan residuals propagate silently.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.abs(x)) - math.log(scale)


def _log1p_scaled_square(log_t, alpha):
    """log(1 + t^2 / |alpha - 2|) from log|t|, without forming the square (no overflow)."""
    with np.errstate(invalid="ignore"):  # nan residuals propagate silently
        return np.logaddexp(0.0, 2 * log_t - math.log(abs(alpha - 2)))


def _minus_half_square(t):
    """-t^2 / 2 in place; |t| is capped at 1e100 first, where exp(-t^2 / 2) is 0 anyway."""
    np.clip(t, -1e100, 1e100, out=t)
    t *= t
    t *= -0.5
    return t


def _rho_general(x, alpha, scale):
    if alpha == 2:  # inf, without a warning, where t^2 / 2 is past the largest float
        t = np.divide(x, scale, out=x)
        with np.errstate(over="ignore"):
            return np.multiply(t, 0.5 * t, out=t)
    if alpha == -math.inf:
        t = _minus_half_square(np.divide(x, scale, out=x))
        return np.negative(np.expm1(t, out=t), out=t)
    log_base = _log1p_scaled_square(_log_abs_scaled(x, scale), alpha)
    if alpha == 0:
        return log_base
    # |alpha - 2| / alpha * expm1(alpha / 2 * log_base). For alpha > 0 and a huge residual
    # expm1 would overflow before the product does; there the value is
    # exp(alpha / 2 * log_base + log(|alpha - 2| / alpha)) (the -1 is below its rounding).
    exponent = np.multiply(log_base, alpha / 2, out=log_base)
    factor = abs(alpha - 2) / alpha
    if alpha < 0:
        return np.multiply(np.expm1(exponent), factor, out=exponent)
    huge = exponent > _EXP_SAFE
    out = np.expm1(np.minimum(exponent, _EXP_SAFE)) * factor
    with np.errstate(over="ignore"):
        out[huge] = np.exp(exponent[huge] + math.log(factor))
    return out


def _psi_general(x, alpha, scale):
    if alpha == 2:
        return np.divide(np.divide(x, scale, out=x), scale, out=x)
    # psi = sign(x) exp(log|psi|): the direct product of x / scale^2 and a power of the base
    # underflows or overflows in an intermediate (0 * inf, or 1e300 * 0) far out, while
    # log|psi| = log(|x| / scale) - log(scale) + (alpha / 2 - 1) log(base) stays accurate.
    log_t = _log_abs_scaled(x, scale)
    if alpha == -math.inf:
        log_power = _minus_half_square(np.divide(x, scale))
    else:
        log_power = _log1p_scaled_square(log_t, alpha)
        log_power *= alpha / 2 - 1
    log_psi = log_t - math.log(scale) + log_power
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        out = np.exp(log_psi)
        np.copysign(out, x, out=out)
        # Where every intermediate is a normal number, the direct product is more accurate
        # (exp of a large log|psi| carries its rounding, about |log|psi|| * 1e-16).
        slope = x / scale / scale
        direct = (np.abs(log_power) < _EXP_SAFE) & (np.abs(log_t) < _EXP_SAFE - 10)
        out[direct] = slope[direct] * np.exp(log_power[direct])
    return out


def _check_alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a real number or -inf; got {alpha!r}")
    alpha = float(alpha)
    if math.isnan(alpha) or alpha == math.inf:
        raise ValueError(f"alpha must be a finite real number or -inf; got {alpha!r}")
    return alpha


# --- The functional API. ---


@shares_parameters
def pseudo_huber_loss(input, target, reduction="mean", delta=1.0):
    r"""Pseudo-Huber (Charbonnier) loss: a smooth Huber loss.
    {parameters}
    delta : float, default 1.0
        Where the loss turns from quadratic to linear; must be finite and ``> 0``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The reduced loss, or the elementwise loss for ``reduction="none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `delta` is not finite and positive.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `delta` is not a real number.

    See Also
    --------
    pseudo_huber_loss_grad : Its gradient.
    lossdocs.huber_loss : The piecewise loss it smooths.
    general_loss : ``alpha=1`` is this loss divided by ``delta**2`` (with ``scale=delta``).

    Notes
    -----
    .. math::

        \ell_\delta(x) = \delta^2 \left( \sqrt{1 + (x / \delta)^2} - 1 \right)

    About :math:`x^2 / 2` near zero and :math:`\delta (|x| - \delta)` far from it, with every
    derivative continuous. Also called the Charbonnier loss.

    Examples
    --------
    >>> from lossdocs import pseudo_huber_loss
    >>> pseudo_huber_loss([0.0, 3.0, 4.0], [0.0, 3.0, 0.0], reduction="none", delta=3.0)
    array([0., 0., 6.])
    """
    delta = check_width("delta", delta, allow_zero=False)
    return loss_of(_rho_pseudo_huber, input, target, reduction, delta)


@shares_parameters
def pseudo_huber_loss_grad(input, target, reduction="mean", delta=1.0):
    r"""Gradient of :func:`pseudo_huber_loss` with respect to `input`.
    {parameters}
    delta : float, default 1.0
        Where the loss turns from quadratic to linear; must be finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        The gradient, with the shape of `input`.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `delta` is not finite and positive.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `delta` is not a real number.

    See Also
    --------
    pseudo_huber_loss : The loss itself.

    Notes
    -----
    .. math:: \ell_\delta'(x) = \frac{x}{\sqrt{1 + (x / \delta)^2}}

    bounded by :math:`\delta`, approached as :math:`|x| \to \infty`.

    Examples
    --------
    >>> from lossdocs import pseudo_huber_loss_grad
    >>> pseudo_huber_loss_grad([4.0], [0.0], reduction="none", delta=3.0)
    array([2.4])
    """
    delta = check_width("delta", delta, allow_zero=False)
    return grad_of(_psi_pseudo_huber, input, target, reduction, delta)


@shares_parameters
def log_cosh_loss(input, target, reduction="mean"):
    r"""Log-cosh loss, computed without overflow for any finite residual.
    {parameters}

    Returns
    -------
    numpy.ndarray or numpy.floating
        The reduced loss, or the elementwise loss for ``reduction="none"``.

    Raises
    ------
    ValueError
        If the shapes of `input` and `target` differ, or `reduction` is unknown.
    TypeError
        If `input` or `target` is not real-valued numeric data.

    See Also
    --------
    log_cosh_loss_grad : Its gradient.

    Notes
    -----
    .. math:: \ell(x) = \log \cosh x

    About :math:`x^2/2` near zero and :math:`|x| - \log 2` far from it. ``cosh`` overflows past
    :math:`|x| \approx 710`, so the loss is computed as :math:`\log(1 + 2\sinh^2(x/2))` for
    small :math:`|x|` and :math:`|x| + \log(1 + e^{-2|x|}) - \log 2` for large :math:`|x|`.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs import log_cosh_loss
    >>> values = log_cosh_loss([1e-8, 1.0, 1000.0], [0.0, 0.0, 0.0], reduction="none")
    >>> np.allclose(values, [5e-17, np.log(np.cosh(1.0)), 1000.0 - np.log(2.0)], rtol=1e-15)
    True
    """
    return loss_of(_rho_log_cosh, input, target, reduction)


@shares_parameters
def log_cosh_loss_grad(input, target, reduction="mean"):
    r"""Gradient of :func:`log_cosh_loss` with respect to `input`: :math:`\tanh x`.
    {parameters}

    Returns
    -------
    numpy.ndarray
        The gradient, with the shape of `input`.

    Raises
    ------
    ValueError
        If the shapes of `input` and `target` differ, or `reduction` is unknown.
    TypeError
        If `input` or `target` is not real-valued numeric data.

    See Also
    --------
    log_cosh_loss : The loss itself.

    Notes
    -----
    .. math:: \ell'(x) = \tanh x, \quad |\ell'(x)| < 1 .

    Examples
    --------
    >>> from lossdocs import log_cosh_loss_grad
    >>> log_cosh_loss_grad([0.0, 1000.0], [0.0, 0.0], reduction="none")
    array([0., 1.])
    """
    return grad_of(_psi_log_cosh, input, target, reduction)


@shares_parameters
def general_loss(input, target, reduction="mean", alpha=1.0, scale=1.0):
    r"""Barron's general and adaptive robust loss :math:`\rho(x, \alpha, c)`.
    {parameters}
    alpha : float, default 1.0
        The shape: any real number, or ``-inf``. 2 is half of L2 (:math:`t^2/2`), 1
        pseudo-Huber, 0 Cauchy, -2 Geman-McClure, ``-inf`` Welsch.
    scale : float, default 1.0
        The width :math:`c` of the quadratic bowl near zero; must be finite and ``> 0``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The reduced loss, or the elementwise loss for ``reduction="none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, `alpha` is nan or ``+inf``, or `scale`
        is not finite and positive.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `alpha` or `scale` is not
        a real number.

    See Also
    --------
    general_loss_grad : Its gradient.
    pseudo_huber_loss : ``alpha=1``, up to the factor ``scale**2``.

    Notes
    -----
    With :math:`t = x / c`,

    .. math::

        \rho(x, \alpha, c) = \frac{|\alpha - 2|}{\alpha}
            \left( \left( \frac{t^2}{|\alpha - 2|} + 1 \right)^{\alpha/2} - 1 \right),

    and at the limits of the formula

    .. math::

        \rho(x, 2, c) = \tfrac12 t^2, \quad
        \rho(x, 0, c) = \log\left(\tfrac12 t^2 + 1\right), \quad
        \rho(x, -\infty, c) = 1 - e^{-t^2/2} .

    Every member is :math:`\approx t^2/2` near zero; :math:`\alpha = 2` is exactly
    :math:`t^2/2`, half of :func:`~lossdocs.mse_loss` at ``scale=1``. Far from zero the
    gradient grows like :math:`|x|^{\alpha - 1}`: it is unbounded for :math:`\alpha > 1`,
    bounded for :math:`\alpha \le 1` (tending to :math:`1/c` at :math:`\alpha = 1`), and for
    every :math:`\alpha < 1` it falls back towards zero as :math:`|x|` grows
    ("redescending"): a gross outlier pulls less the further out it is, though never not at
    all, since the gradient is non-zero at every finite :math:`x \ne 0` (at
    :math:`\alpha = -\infty` it underflows to 0 in floating point past :math:`|t| \approx
    38.6`). The loss is convex exactly for :math:`\alpha \ge 1` (see
    :func:`lossdocs.properties.closed_form_convex`). The power is evaluated in logarithms
    (``expm1`` of a ``logaddexp``), so the loss and its gradient are accurate for every finite
    residual, and finite wherever the true value is a representable float; for
    :math:`\alpha > 1` it overflows to ``inf`` where the true value is past the largest float
    (at :math:`\alpha = 2`, once :math:`|x|/c > 1.9 \times 10^{154}`). J. T. Barron, "A
    General and Adaptive Robust Loss Function", CVPR 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from lossdocs import general_loss
    >>> x, zero = np.array([0.0, 1.0, 2.0]), np.zeros(3)
    >>> general_loss(x, zero, reduction="none", alpha=2.0)
    array([0. , 0.5, 2. ])
    >>> general_loss(x, zero, reduction="none", alpha=-2.0)
    array([0. , 0.4, 1. ])
    >>> np.allclose(general_loss(x, zero, reduction="none", alpha=0.0), np.log1p(x * x / 2))
    True
    """
    alpha = _check_alpha(alpha)
    scale = check_width("scale", scale, allow_zero=False)
    return loss_of(_rho_general, input, target, reduction, alpha, scale)


@shares_parameters
def general_loss_grad(input, target, reduction="mean", alpha=1.0, scale=1.0):
    r"""Gradient of :func:`general_loss` with respect to `input`.
    {parameters}
    alpha : float, default 1.0
        The shape: any real number, or ``-inf``.
    scale : float, default 1.0
        The width :math:`c`; must be finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        The gradient, with the shape of `input`.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, `alpha` is nan or ``+inf``, or `scale`
        is not finite and positive.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `alpha` or `scale` is not
        a real number.

    See Also
    --------
    general_loss : The loss itself.

    Notes
    -----
    .. math::

        \frac{\partial \rho}{\partial x} = \frac{x}{c^2}
            \left( \frac{(x/c)^2}{|\alpha - 2|} + 1 \right)^{\alpha/2 - 1},

    with :math:`x / c^2` at :math:`\alpha = 2` and :math:`(x/c^2)\, e^{-(x/c)^2/2}` at
    :math:`\alpha = -\infty`.

    Examples
    --------
    >>> from lossdocs import general_loss_grad
    >>> general_loss_grad([0.0, 2.0], [0.0, 0.0], reduction="none", alpha=0.0)
    array([0.        , 0.66666667])
    """
    alpha = _check_alpha(alpha)
    scale = check_width("scale", scale, allow_zero=False)
    return grad_of(_psi_general, input, target, reduction, alpha, scale)
