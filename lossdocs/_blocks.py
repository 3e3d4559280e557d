"""The one loop that walks a loss over its input in cache-sized blocks, and reduces it."""

import numpy as np

from lossdocs._inputs import check_reduction, operands

__all__ = ["BLOCK", "blocked_grad", "blocked_loss"]

# Elements per block: the residual, the clipped residual and a block of output (3 x 128 KiB
# in float64) stay in a core's L2 cache, so each input is read from memory once.
BLOCK = 2**14


def _blocks(size):
    """Consecutive slices of at most BLOCK elements that cover ``range(size)``."""
    return (slice(start, min(start + BLOCK, size)) for start in range(0, size, BLOCK))


def blocked_loss(form, input, target, reduction, *width):
    """Apply the loss written as `form` to ``input - target``, block by block, and reduce.

    ``form(x, out, *width)`` returns ``(u, kappa, divisor, slope)`` with the loss
    ``u * (x - kappa * u) / divisor`` elementwise (see :mod:`lossdocs.losses`). ``"none"`` writes
    each block of the output; ``"mean"`` and ``"sum"`` add the dot products
    ``u . x - kappa * u . u`` of each block in float64.
    """
    check_reduction(reduction)
    first, second, shape, dtype = operands(input, target)
    size = first.size
    x_buffer = np.empty(min(size, BLOCK), dtype)
    u_buffer = np.empty_like(x_buffer)
    out = np.empty(shape, dtype) if reduction == "none" else None
    flat_out = None if out is None else out.reshape(-1)
    total = 0.0
    divisor = 1.0
    for block in _blocks(size):
        count = block.stop - block.start
        x = np.subtract(first[block], second[block], out=x_buffer[:count], dtype=dtype)
        u, kappa, divisor, _ = form(x, u_buffer[:count], *width)
        if out is None:
            total += float(np.dot(u, x))
            if kappa:
                total -= kappa * float(np.dot(u, u))
            continue
        values = flat_out[block]
        if kappa:
            np.multiply(u, -kappa, out=values)
            values += x
            values *= u
        else:
            np.multiply(u, x, out=values)
        if divisor != 1.0:
            values /= divisor
    if out is not None:
        return out
    if reduction == "mean":
        total = total / size if size else np.nan
    return dtype.type(total / divisor)


def blocked_grad(form, input, target, reduction, *width):
    """The derivative of the loss written as `form` (``slope * u / divisor``), block by block.

    With ``reduction="mean"`` each entry is divided by the number of elements, as the
    gradient of the mean is; ``"sum"`` and ``"none"`` give the elementwise derivative.
    """
    check_reduction(reduction)
    first, second, shape, dtype = operands(input, target)
    size = first.size
    out = np.empty(shape, dtype)
    flat_out = out.reshape(-1)
    for block in _blocks(size):
        x = np.subtract(first[block], second[block], out=flat_out[block], dtype=dtype)
        u, _, divisor, slope = form(x, x, *width)
        if divisor != 1.0:
            u /= divisor
        scale = slope / size if reduction == "mean" else slope
        if scale != 1.0:
            u *= scale
    return out
