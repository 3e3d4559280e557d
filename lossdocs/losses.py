"""The four regression losses and their gradients, each formula written once.

The public functions follow ``torch.nn.functional``: same names, same arguments, same values.
Each loss is an elementwise function ρ of the residual ``x = input - target`` (the private
``_rho_*`` functions, which write into the block buffers they are given) and its derivative
ψ = ρ' (the ``_psi_*`` functions); the public API runs them block by block over the input
(``lossdocs._blocks``), with input checks and the reduction. No plotting, fitting or experiment lives here.
"""

import functools

import numpy as np

from lossdocs._blocks import blocked_grad, blocked_loss
from lossdocs._elementwise import shares_parameters
from lossdocs._inputs import check_width

__all__ = [
    "huber_loss",
    "huber_loss_grad",
    "l1_loss",
    "l1_loss_grad",
    "mse_loss",
    "mse_loss_grad",
    "smooth_l1_loss",
    "smooth_l1_loss_grad",
]


# --- Elementwise formulas: ρ(x) and ψ(x) = ρ'(x) of one block of residuals x. ---
# Each writes its result into `out` and returns it; ρ may use `scratch` (a block-sized
# buffer) and overwrite x, a fresh block of residuals. lossdocs._blocks walks them over the
# input block by block, with the input checks and the reduction.


def _rho_l1(x, out, scratch):
    return np.abs(x, out=out)


def _psi_l1(x, out):
    # sign(x), with the subgradient 0 at 0 as PyTorch takes it, and nan at nan. Written as
    # clip(x, -s, s) / s with s the smallest subnormal: every nonzero x becomes +-s, then
    # exactly +-1. 1/s overflows, so the division is two exact multiplications by powers of
    # two. Three branch-free passes: np.sign branches on residuals of random sign.
    smallest, half, rest = _sign_steps(out.dtype)
    x.clip(-smallest, smallest, out=out)
    out *= half
    out *= rest
    return out


@functools.cache
def _sign_steps(dtype):
    # The smallest subnormal s = 2**-(nmant - minexp), and 1/s split into two powers of two.
    info = np.finfo(dtype)
    bits = info.nmant - info.minexp
    return (
        info.smallest_subnormal,
        np.ldexp(dtype.type(1), bits // 2),
        np.ldexp(dtype.type(1), bits - bits // 2),
    )


def _rho_l2(x, out, scratch):
    return np.multiply(x, x, out=out)


def _psi_l2(x, out):
    return np.multiply(x, 2, out=out)


def _times_psi(psi, x, out, kappa):
    # psi (x - kappa psi): the Huber and Smooth L1 losses written with their own derivative.
    np.multiply(psi, -kappa, out=out)
    out += x
    out *= psi
    return out


def _rho_huber(x, out, scratch, delta):
    # 0.5 x^2 for |x| < delta, delta (|x| - 0.5 delta) otherwise, written with its derivative
    # psi = clip(x, -delta, delta) as psi (x - 0.5 psi): branch-free, four passes.
    return _times_psi(_psi_huber(x, scratch, delta), x, out, 0.5)


def _psi_huber(x, out, delta):
    # The method, not np.clip: the same ufunc without the wrapper's cost (about 2 us a call).
    return x.clip(-delta, delta, out=out)


def _rho_smooth_l1(x, out, scratch, beta):
    # 0.5 x^2 / beta for |x| < beta, |x| - 0.5 beta otherwise: psi (x - 0.5 beta psi).
    # beta = 0 is exactly L1 (no division by zero).
    if beta == 0:
        return _rho_l1(x, out, scratch)
    return _times_psi(_psi_smooth_l1(x, scratch, beta), x, out, 0.5 * beta)


def _psi_smooth_l1(x, out, beta):
    # x / beta inside (-beta, beta), sign(x) outside; exactly +-1 at |x| = beta (beta / beta).
    if beta == 0:
        return _psi_l1(x, out)
    _psi_huber(x, out, beta)
    out /= beta
    return out


# --- The functional API. ---


@shares_parameters
def l1_loss(input, target, reduction="mean"):
    r"""L1 loss (absolute error; its mean is the MAE), as ``torch.nn.functional.l1_loss``.
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
    l1_loss_grad : Its gradient with respect to `input`.
    smooth_l1_loss : L1 with a quadratic piece near zero.

    Notes
    -----
    With the residual :math:`x = \text{input} - \text{target}`,

    .. math:: \ell_{L1}(x) = |x| .

    Also known as least absolute deviations (LAD) or least absolute error (LAE).

    Examples
    --------
    >>> from lossdocs import l1_loss
    >>> l1_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([0.5, 1. , 3. ])
    >>> float(l1_loss([1.0, 2.0, 3.0], [1.5, 2.0, 0.0]))
    1.1666666666666667
    """
    return blocked_loss(_rho_l1, input, target, reduction)


@shares_parameters
def l1_loss_grad(input, target, reduction="mean"):
    r"""Gradient of :func:`l1_loss` with respect to `input`, with the shape of `input`.
    {parameters}

    Returns
    -------
    numpy.ndarray
        :math:`\partial L / \partial \text{input}`; for ``reduction="none"`` the elementwise
        derivative (the gradient of the sum).

    Raises
    ------
    ValueError
        If the shapes of `input` and `target` differ, or `reduction` is unknown.
    TypeError
        If `input` or `target` is not real-valued numeric data.

    See Also
    --------
    l1_loss : The loss itself.

    Notes
    -----
    .. math:: \ell_{L1}'(x) = \operatorname{sign}(x),

    with the subgradient 0 at :math:`x = 0`, as in PyTorch. With ``reduction="mean"`` each
    entry is divided by the number of elements.

    Examples
    --------
    >>> from lossdocs import l1_loss_grad
    >>> l1_loss_grad([-2.0, 0.0, 3.0], [0.0, 0.0, 0.0], reduction="sum")
    array([-1.,  0.,  1.])
    >>> l1_loss_grad([-2.0, 0.0, 3.0, 1.0], [0.0, 0.0, 0.0, 0.0])
    array([-0.25,  0.  ,  0.25,  0.25])
    """
    return blocked_grad(_psi_l1, input, target, reduction)


@shares_parameters
def mse_loss(input, target, reduction="mean"):
    r"""L2 loss (squared error; its mean is the MSE), as ``torch.nn.functional.mse_loss``.
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
    mse_loss_grad : Its gradient with respect to `input`.
    huber_loss : L2 near zero, linear far from it.

    Notes
    -----
    .. math:: \ell_{L2}(x) = x^2 .

    Also known as least squares error (LSE). Note there is no factor 1/2 (unlike Optax's
    ``l2_loss``).

    Examples
    --------
    >>> from lossdocs import mse_loss
    >>> mse_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([0.25, 1.  , 9.  ])
    >>> float(mse_loss([1.0, 2.0, 3.0], [1.0, 2.0, 0.0]))
    3.0
    """
    return blocked_loss(_rho_l2, input, target, reduction)


@shares_parameters
def mse_loss_grad(input, target, reduction="mean"):
    r"""Gradient of :func:`mse_loss` with respect to `input`, with the shape of `input`.
    {parameters}

    Returns
    -------
    numpy.ndarray
        :math:`\partial L / \partial \text{input}`; for ``reduction="none"`` the elementwise
        derivative (the gradient of the sum).

    Raises
    ------
    ValueError
        If the shapes of `input` and `target` differ, or `reduction` is unknown.
    TypeError
        If `input` or `target` is not real-valued numeric data.

    See Also
    --------
    mse_loss : The loss itself.

    Notes
    -----
    .. math:: \ell_{L2}'(x) = 2x .

    By the chain rule, for a model output :math:`f(x)` and target :math:`Y` the derivative of
    :math:`(f(x) - Y)^2` is :math:`2 f'(x) (f(x) - Y)`: it grows with the error.

    Examples
    --------
    >>> from lossdocs import mse_loss_grad
    >>> mse_loss_grad([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([1., 2., 6.])
    """
    return blocked_grad(_psi_l2, input, target, reduction)


@shares_parameters
def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    r"""Smooth L1 loss, as ``torch.nn.functional.smooth_l1_loss``.
    {parameters}
    beta : float, default 1.0
        Where the loss changes from quadratic to linear; must be finite and ``>= 0``.
        ``beta=0`` is exactly the L1 loss.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The reduced loss, or the elementwise loss for ``reduction="none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `beta` is negative or not finite.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `beta` is not a real number.

    See Also
    --------
    smooth_l1_loss_grad : Its gradient with respect to `input`.
    huber_loss : The same shape scaled by :math:`\beta`: ``huber_loss(delta=b) == b * smooth_l1_loss(beta=b)``.

    Notes
    -----
    .. math::

        \ell_{\beta}(x) = \begin{cases}
            \dfrac{0.5\, x^2}{\beta} & |x| < \beta \\
            |x| - 0.5\, \beta & \text{otherwise}
        \end{cases}

    Quadratic near zero, a shifted L1 far from it, continuous with a continuous derivative at
    :math:`|x| = \beta`. Introduced with :math:`\beta = 1` in Fast R-CNN.

    Examples
    --------
    >>> from lossdocs import smooth_l1_loss
    >>> smooth_l1_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([0.125, 0.5  , 2.5  ])
    >>> smooth_l1_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none", beta=2.0)
    array([0.0625, 0.25  , 2.    ])
    """
    beta = check_width("beta", beta, allow_zero=True)
    return blocked_loss(_rho_smooth_l1, input, target, reduction, beta)


@shares_parameters
def smooth_l1_loss_grad(input, target, reduction="mean", beta=1.0):
    r"""Gradient of :func:`smooth_l1_loss` with respect to `input`, with the shape of `input`.
    {parameters}
    beta : float, default 1.0
        Where the loss changes from quadratic to linear; must be finite and ``>= 0``.

    Returns
    -------
    numpy.ndarray
        :math:`\partial L / \partial \text{input}`; for ``reduction="none"`` the elementwise
        derivative (the gradient of the sum).

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `beta` is negative or not finite.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `beta` is not a real number.

    See Also
    --------
    smooth_l1_loss : The loss itself.

    Notes
    -----
    .. math::

        \ell_{\beta}'(x) = \begin{cases}
            x / \beta & |x| < \beta \\
            \operatorname{sign}(x) & \text{otherwise}
        \end{cases}

    The gradient is capped at :math:`\pm 1`, reached exactly at :math:`|x| = \beta`.

    Examples
    --------
    >>> from lossdocs import smooth_l1_loss_grad
    >>> smooth_l1_loss_grad([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([0.5, 1. , 1. ])
    """
    beta = check_width("beta", beta, allow_zero=True)
    return blocked_grad(_psi_smooth_l1, input, target, reduction, beta)


@shares_parameters
def huber_loss(input, target, reduction="mean", delta=1.0):
    r"""Huber loss, as ``torch.nn.functional.huber_loss``.
    {parameters}
    delta : float, default 1.0
        Where the loss changes from quadratic to linear; must be finite and ``> 0``.

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
    huber_loss_grad : Its gradient with respect to `input`.
    smooth_l1_loss : The same shape divided by :math:`\delta`.

    Notes
    -----
    .. math::

        \ell_{\delta}(x) = \begin{cases}
            0.5\, x^2 & |x| < \delta \\
            \delta\, (|x| - 0.5\, \delta) & \text{otherwise}
        \end{cases}

    Huber (1964). Exactly L2/2 inside :math:`[-\delta, \delta]` and linear with slope
    :math:`\delta` outside; :math:`\ell_\delta = \delta\, \ell_{\beta=\delta}`.

    Examples
    --------
    >>> from lossdocs import huber_loss
    >>> huber_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none")
    array([0.125, 0.5  , 2.5  ])
    >>> huber_loss([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none", delta=2.0)
    array([0.125, 0.5  , 4.   ])
    """
    delta = check_width("delta", delta, allow_zero=False)
    return blocked_loss(_rho_huber, input, target, reduction, delta)


@shares_parameters
def huber_loss_grad(input, target, reduction="mean", delta=1.0):
    r"""Gradient of :func:`huber_loss` with respect to `input`, with the shape of `input`.
    {parameters}
    delta : float, default 1.0
        Where the loss changes from quadratic to linear; must be finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        :math:`\partial L / \partial \text{input}`; for ``reduction="none"`` the elementwise
        derivative (the gradient of the sum).

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `delta` is not finite and positive.
    TypeError
        If `input` or `target` is not real-valued numeric data, or `delta` is not a real number.

    See Also
    --------
    huber_loss : The loss itself.

    Notes
    -----
    .. math:: \ell_{\delta}'(x) = \operatorname{clip}(x, -\delta, \delta) .

    Examples
    --------
    >>> from lossdocs import huber_loss_grad
    >>> huber_loss_grad([0.5, 1.0, 3.0], [0.0, 0.0, 0.0], reduction="none", delta=2.0)
    array([0.5, 1. , 2. ])
    """
    delta = check_width("delta", delta, allow_zero=False)
    return blocked_grad(_psi_huber, input, target, reduction, delta)
