"""The one loop that walks a loss over its input in cache-sized blocks, and reduces it."""

import numpy as np

from lossdocs._inputs import check_reduction, operands

__all__ = ["BLOCK", "blocked_grad", "blocked_loss"]

# Elements per block: the residual, a scratch block and a block of values stay in the cache
# (3 x 256 KiB in float64), so each input is read from memory once and the output written
# once; and the per-call overhead of numpy is paid a few times per 10**5 elements, not per
# element. Measured best among 2**12 to 2**16 (benchmarks/bench_losses.py).
BLOCK = 2**15


def _blocks(size):
    """Consecutive slices of at most BLOCK elements that cover ``range(size)``."""
    return (slice(start, start + BLOCK) for start in range(0, size, BLOCK))


def blocked_loss(rho, input, target, reduction, *width):
    """Check the arguments, apply `rho` to ``input - target`` block by block, and reduce.

    ``rho(x, out, scratch, *width)`` writes the loss of the residuals `x` into `out`. For
    ``"none"``, `out` is the block of the returned array: no other input-sized array is made.
    ``"mean"`` and ``"sum"`` sum each block pairwise in float64 (``np.add.reduce``, the
    summation of ``np.mean``, with a float64 accumulator even for float32 values) and add the
    blocks' sums: at least as accurate as ``np.mean``.
    """
    check_reduction(reduction)
    first, second, shape, dtype = operands(input, target)
    size = first.size
    buffer_size = min(size, BLOCK)
    x_buffer, scratch = np.empty(buffer_size, dtype), np.empty(buffer_size, dtype)
    if reduction == "none":
        out = np.empty(shape, dtype)
        flat_out = out.reshape(-1)
    else:
        out, values = None, np.empty(buffer_size, dtype)
    total = 0.0
    for block in _blocks(size):
        count = min(BLOCK, size - block.start)
        x = np.subtract(first[block], second[block], out=x_buffer[:count], dtype=dtype)
        if out is not None:
            rho(x, flat_out[block], scratch[:count], *width)
        else:
            block_values = rho(x, values[:count], scratch[:count], *width)
            total += float(np.add.reduce(block_values, dtype=np.float64))
    if out is not None:
        return out
    if reduction == "mean":
        total = total / size if size else np.nan
    return dtype.type(total)


def blocked_grad(psi, input, target, reduction, *width):
    """Check the arguments, apply `psi` to ``input - target`` block by block, in place.

    ``psi(x, out, *width)`` writes the derivative of the loss at `x` into `out`. With
    ``reduction="mean"`` each entry is divided by the number of elements, as the gradient of
    the mean is; ``"sum"`` and ``"none"`` give the elementwise derivative.
    """
    check_reduction(reduction)
    first, second, shape, dtype = operands(input, target)
    size = first.size
    out = np.empty(shape, dtype)
    flat_out = out.reshape(-1)
    for block in _blocks(size):
        x = np.subtract(first[block], second[block], out=flat_out[block], dtype=dtype)
        psi(x, x, *width)
        if reduction == "mean":
            x *= 1 / size  # a multiplication costs half a division (to within one rounding)
    return out
