"""The wrapper every loss shares: checks, residual, reduction, and the shared Parameters block."""

from lossdocs._inputs import check_reduction, reduce_grad, reduce_values, residual

__all__ = ["grad_of", "loss_of", "shares_parameters"]


def loss_of(rho, input, target, reduction, *width):
    """Check the arguments, apply the elementwise loss `rho` to the residual, reduce."""
    check_reduction(reduction)
    return reduce_values(rho(residual(input, target), *width), reduction)


def grad_of(psi, input, target, reduction, *width):
    """Check the arguments, apply the elementwise derivative `psi` to the residual, reduce."""
    check_reduction(reduction)
    return reduce_grad(psi(residual(input, target), *width), reduction)


PARAMETERS = """
    Parameters
    ----------
    input : array_like
        Predictions. Integers and lists are computed in float64; floating arrays keep their
        dtype (float32 stays float32).
    target : array_like
        Targets, with the same shape as `input` (no broadcasting).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"none"`` returns the elementwise values with the shape of `input`; ``"mean"`` their
        mean (nan for an empty input); ``"sum"`` their sum (0 for an empty input)."""


def shares_parameters(function):
    """Put the Parameters block every loss shares where its docstring says ``{parameters}``."""
    function.__doc__ = function.__doc__.replace("{parameters}", PARAMETERS)
    return function
