"""Validation and reduction shared by every loss; no loss formula lives here."""

import math
import numbers

import numpy as np

REDUCTIONS = ("none", "mean", "sum")


def residual(input, target):
    """Return ``input - target`` as a fresh floating array, after checking both.

    Integer and floating inputs are accepted; integers are computed in
    float64, floating dtypes keep their precision (float32 stays float32).
    """
    first, second, shape, dtype = operands(input, target)
    return np.subtract(first, second, dtype=dtype).reshape(shape)


def operands(input, target):
    """Check `input` and `target`; return them flattened, their shape and the working dtype.

    The flat arrays are views where the inputs are contiguous (no copy, no conversion): the
    caller subtracts them with ``dtype``, which is float64 where either is an integer array
    (no wrap-around), else the floating dtype that holds both (float32 with float32 stays
    float32; float32 with float64 is float64, as in PyTorch).
    """
    first = np.asarray(input)
    second = np.asarray(target)
    dtype = np.result_type(_real_dtype(first, "input"), _real_dtype(second, "target"))
    if first.shape != second.shape:
        raise ValueError(
            f"input and target must have the same shape; got input shape "
            f"{first.shape} and target shape {second.shape}"
        )
    return first.reshape(-1), second.reshape(-1), first.shape, dtype


def _real_dtype(array, name):
    """The dtype `array` is computed in: float64 for integers, its own for floating arrays."""
    kind = array.dtype.kind
    if kind in "iu":
        return np.dtype(np.float64)
    if kind == "f":
        return array.dtype
    raise TypeError(
        f"{name} must hold real numbers (an integer or floating dtype); got dtype {array.dtype}"
    )


def check_reduction(reduction):
    """Raise ValueError unless `reduction` is one of "none", "mean", "sum"."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}; got {reduction!r}")


def check_width(name, value, *, allow_zero):
    """Return `value` as a float after checking it is a finite, non-negative real number.

    ``allow_zero`` says whether 0 is allowed (Smooth L1's ``beta``) or not (Huber's ``delta``).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r}")
    value = float(value)
    allowed = f"{name} >= 0" if allow_zero else f"{name} > 0"
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be finite with {allowed}; got {value!r}")
    return value


def reduce_values(values, reduction):
    """Reduce elementwise loss values: ``none`` keeps them, ``mean`` and ``sum`` collapse them."""
    if reduction == "none":
        return values
    if reduction == "sum":
        return values.sum()
    if values.size == 0:
        return values.dtype.type(np.nan)
    return values.mean()


def reduce_grad(derivative, reduction):
    """Turn the elementwise derivative into the gradient of the reduced loss."""
    if reduction == "mean" and derivative.size:
        derivative /= derivative.size
    return derivative
