"""The quantile (pinball) loss and its gradient: L1 made asymmetric, minimised by a quantile.

Same functional contract as :mod:`lossdocs.losses` (``input``, ``target``, ``reduction``, a
``*_grad`` companion, clear errors); the formula is written once, here.
"""

import math
import numbers

import numpy as np

# The shared checks, reductions and Parameters block, imported in one place as robust.py does.
from lossdocs._elementwise import grad_of, loss_of, shares_parameters

__all__ = ["pinball_loss", "pinball_loss_grad"]


# --- Elementwise formulas on the residual x = input - target (a fresh array, overwritten). ---


def _rho_pinball(x, quantile):
    # (1 - q) x above the target (over-prediction), -q x below it (under-prediction).
    kind = x.dtype.type
    slope = np.where(x >= 0, kind(1.0 - quantile), kind(-quantile))
    np.multiply(x, slope, out=x)
    x += kind(0.0)  # -0.0 (from input -0.0) becomes 0.0, as abs gives for L1
    return x


def _psi_pinball(x, quantile):
    # 1 - q above, -q below, and 0 at x = 0 (sign(0) = 0, PyTorch's choice for l1_loss):
    # 0 lies in the subdifferential [-q, 1 - q]. NaN propagates through sign.
    kind = x.dtype.type
    size = np.where(x > 0, kind(1.0 - quantile), kind(quantile))
    np.sign(x, out=x)
    return np.multiply(x, size, out=x)


def _check_quantile(quantile):
    if isinstance(quantile, bool) or not isinstance(quantile, numbers.Real):
        raise TypeError(f"quantile must be a real number in (0, 1); got {quantile!r}")
    quantile = float(quantile)
    if not (0.0 < quantile < 1.0) or math.isnan(quantile):
        raise ValueError(f"quantile must be in (0, 1), 0 and 1 excluded; got {quantile!r}")
    return quantile


# --- The functional API. ---


@shares_parameters
def pinball_loss(input, target, reduction="mean", quantile=0.5):
    r"""Quantile (pinball) loss: L1 with different slopes above and below the target.
    {parameters}
    quantile : float, default 0.5
        The quantile :math:`q` the loss targets; must satisfy ``0 < quantile < 1``.

    Returns
    -------
    numpy.ndarray or numpy.floating
        The reduced loss, or the elementwise loss for ``reduction="none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `quantile` is not in (0, 1).
    TypeError
        If `input` or `target` is not real-valued numeric data, or `quantile` is not a real
        number.

    See Also
    --------
    pinball_loss_grad : Its gradient.
    lossdocs.l1_loss : ``quantile=0.5`` is half of it.

    Notes
    -----
    With the residual :math:`x = \text{input} - \text{target}`,

    .. math::

        \ell_q(x) = \begin{cases} (1 - q)\, x & x \ge 0 \\ -q\, x & x < 0 \end{cases}
                  = \max\bigl((1 - q)\, x,\; -q\, x\bigr) .

    An under-prediction costs :math:`q` per unit, an over-prediction :math:`1 - q`. The
    constant that minimises :math:`\sum_i \ell_q(c - y_i)` is a :math:`q`-quantile of the
    :math:`y_i`, so a model trained with it predicts a conditional quantile. At
    :math:`q = 1/2` the loss is :math:`|x| / 2`. The mean over samples equals scikit-learn's
    ``mean_pinball_loss(target, input, alpha=quantile)``.

    Examples
    --------
    >>> from lossdocs.quantile import pinball_loss
    >>> pinball_loss([1.0, -1.0, 0.0], [0.0, 0.0, 0.0], reduction="none", quantile=0.9)
    array([0.1, 0.9, 0. ])
    >>> float(pinball_loss([2.0, 0.0], [0.0, 2.0], quantile=0.5))
    1.0
    """
    quantile = _check_quantile(quantile)
    return loss_of(_rho_pinball, input, target, reduction, quantile)


@shares_parameters
def pinball_loss_grad(input, target, reduction="mean", quantile=0.5):
    r"""Gradient of :func:`pinball_loss` with respect to `input`.
    {parameters}
    quantile : float, default 0.5
        The quantile :math:`q`; must satisfy ``0 < quantile < 1``.

    Returns
    -------
    numpy.ndarray
        The gradient, with the shape of `input`.

    Raises
    ------
    ValueError
        If the shapes differ, `reduction` is unknown, or `quantile` is not in (0, 1).
    TypeError
        If `input` or `target` is not real-valued numeric data, or `quantile` is not a real
        number.

    See Also
    --------
    pinball_loss : The loss itself.

    Notes
    -----
    .. math::

        \ell_q'(x) = \begin{cases} 1 - q & x > 0 \\ 0 & x = 0 \\ -q & x < 0 \end{cases}

    At :math:`x = 0` the loss has a kink; its subgradients fill :math:`[-q, 1 - q]`, and 0 is
    taken, the convention PyTorch uses for ``l1_loss`` (``sign(0) = 0``). So ``quantile=0.5``
    gives exactly half of :func:`lossdocs.l1_loss_grad`, at 0 too.

    Examples
    --------
    >>> from lossdocs.quantile import pinball_loss_grad
    >>> pinball_loss_grad([1.0, -1.0, 0.0], [0.0, 0.0, 0.0], reduction="none", quantile=0.9)
    array([ 0.1, -0.9,  0. ])
    """
    quantile = _check_quantile(quantile)
    return grad_of(_psi_pinball, input, target, reduction, quantile)
