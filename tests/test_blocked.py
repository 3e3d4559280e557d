"""The blocked losses: values across block edges, accurate sums, and memory bounded by a block."""

import math
import tracemalloc

import numpy as np
import pytest

import lossdocs
from lossdocs._blocks import BLOCK

LOSS_NAMES = ["l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss"]
WIDTHS = {
    "l1_loss": {},
    "mse_loss": {},
    "smooth_l1_loss": {"beta": 0.7},
    "huber_loss": {"delta": 0.7},
}


def closed_form(name, x, width=0.7):
    """Each loss and its derivative from the textbook piecewise definitions, unblocked."""
    inside = np.abs(x) < width
    return {
        "l1_loss": (np.abs(x), np.sign(x)),
        "mse_loss": (x * x, 2 * x),
        "smooth_l1_loss": (
            np.where(inside, 0.5 * x * x / width, np.abs(x) - 0.5 * width),
            np.where(inside, x / width, np.sign(x)),
        ),
        "huber_loss": (
            np.where(inside, 0.5 * x * x, width * (np.abs(x) - 0.5 * width)),
            np.where(inside, x, width * np.sign(x)),
        ),
    }[name]


# Sizes around the block edges, and shapes whose inputs are not contiguous in memory.
SIZES = [1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 5]


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("size", SIZES)
def test_every_reduction_matches_the_closed_form_across_block_edges(name, size):
    rng = np.random.default_rng(size)
    input, target = rng.normal(scale=2.0, size=(2, size))
    values, derivative = closed_form(name, input - target)
    loss = getattr(lossdocs, name)
    grad = getattr(lossdocs, f"{name}_grad")
    kwargs = WIDTHS[name]
    np.testing.assert_allclose(loss(input, target, "none", **kwargs), values, rtol=1e-14)
    assert loss(input, target, "sum", **kwargs) == pytest.approx(math.fsum(values), rel=1e-14)
    mean = math.fsum(values) / size
    assert loss(input, target, "mean", **kwargs) == pytest.approx(mean, rel=1e-14)
    np.testing.assert_allclose(grad(input, target, "none", **kwargs), derivative, rtol=1e-14)
    np.testing.assert_allclose(grad(input, target, "sum", **kwargs), derivative, rtol=1e-14)
    np.testing.assert_allclose(
        grad(input, target, "mean", **kwargs), derivative / size, rtol=1e-14
    )


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_non_contiguous_inputs_pair_the_right_elements(name):
    rng = np.random.default_rng(1)
    base = rng.normal(size=(2, 2 * BLOCK + 1, 2))
    input = base[0].T  # (2, 2 BLOCK + 1), strided
    target = base[1, ::-1].T  # strided the other way
    values, derivative = closed_form(name, input - target)
    kwargs = WIDTHS[name]
    result = getattr(lossdocs, name)(input, target, "none", **kwargs)
    assert result.shape == input.shape
    np.testing.assert_allclose(result, values, rtol=1e-14)
    grad = getattr(lossdocs, f"{name}_grad")(input, target, "none", **kwargs)
    np.testing.assert_allclose(grad, derivative, rtol=1e-14)


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("uint8", "uint8", "float64"),
        ("int16", "float32", "float64"),
        ("float32", "float64", "float64"),
        ("float32", "float32", "float32"),
    ],
)
def test_mixed_and_integer_dtypes_across_blocks(name, first, second, expected):
    # uint8 1 - 3 is -2 in float64 (no wrap-around to 254), in every block.
    size = 2 * BLOCK + 3
    input = np.tile(np.array([1, 3], dtype=first), size)[:size]
    target = np.tile(np.array([3, 1], dtype=second), size)[:size]
    residual = input.astype(np.float64) - target.astype(np.float64)  # exactly -2, +2, ...
    values, derivative = closed_form(name, residual)
    kwargs = WIDTHS[name]
    result = getattr(lossdocs, name)(input, target, "none", **kwargs)
    assert result.dtype == np.dtype(expected)
    np.testing.assert_allclose(result, values, rtol=1e-6)
    total = getattr(lossdocs, name)(input, target, "sum", **kwargs)
    assert total.dtype == np.dtype(expected)
    assert float(total) == pytest.approx(math.fsum(values), rel=1e-6)
    grad = getattr(lossdocs, f"{name}_grad")(input, target, "none", **kwargs)
    assert grad.dtype == np.dtype(expected)
    np.testing.assert_allclose(grad, derivative, rtol=1e-6)


# --- The reductions do not drift where naive float32 summation does. ---


@pytest.fixture(scope="module")
def drifting():
    """2 * 10**6 float32 residuals near 0.1 on large offsets (exact float32 subtraction)."""
    size = 2 * 10**6
    offsets = np.random.default_rng(0).integers(1, 1000, size).astype(np.float32) * 64
    input = offsets + np.float32(0.1)
    return input, offsets


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_float32_mean_and_sum_are_correctly_rounded_where_naive_summation_drifts(drifting, name):
    input, target = drifting
    loss = getattr(lossdocs, name)
    values = loss(input, target, "none", **WIDTHS[name])
    assert values.dtype == np.float32
    exact_sum = math.fsum(values.astype(np.float64))  # every float32 value, summed exactly
    # The input is a hard one: adding the values one by one in float32 drifts by thousands of
    # units in the last place of the sum.
    naive = float(np.cumsum(values, dtype=np.float32)[-1])
    assert abs(naive - exact_sum) > 1000 * float(np.spacing(np.float32(exact_sum)))
    for reduction, exact in [("sum", exact_sum), ("mean", exact_sum / values.size)]:
        result = loss(input, target, reduction, **WIDTHS[name])
        assert result.dtype == np.float32
        # Within one unit in the last place of the float32 result: rounding the float64 sum
        # to float32 alone costs up to half of one.
        ulp = float(np.spacing(np.float32(exact)))
        assert abs(float(result) - exact) <= ulp
        # And no worse than numpy's pairwise summation (np.sum, np.mean) of the same values.
        numpy_result = float(values.sum() if reduction == "sum" else values.mean())
        assert abs(float(result) - exact) <= max(abs(numpy_result - exact), ulp / 2)


# --- Memory: bounded by the block, whatever the size; "none" makes only its output. ---


def peak_beyond_result(function):
    tracemalloc.start()
    result = function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - (result.nbytes if np.ndim(result) else 0)


@pytest.mark.parametrize("name", LOSS_NAMES + [f"{name}_grad" for name in LOSS_NAMES])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_extra_memory_is_a_few_blocks_whatever_the_size(name, reduction, dtype):
    kwargs = WIDTHS[name.removesuffix("_grad")]
    function = getattr(lossdocs, name)
    peaks = []
    for size in (2 * BLOCK, 16 * BLOCK):
        input, target = np.random.default_rng(size).normal(size=(2, size)).astype(dtype)
        peaks.append(
            peak_beyond_result(lambda i=input, t=target: function(i, t, reduction, **kwargs))
        )
    # Three block-sized buffers and a float64 accumulator block (two float32 blocks).
    bound = 5 * BLOCK * np.dtype(dtype).itemsize + 4096
    assert max(peaks) <= bound
    assert peaks[1] <= peaks[0] + 4096  # eight times the input, the same peak


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_l1_gradient_is_the_sign_at_every_scale(dtype):
    # np.sign is the reference: +-1 from the smallest subnormal up to infinity, 0 at 0.
    info = np.finfo(dtype)
    x = np.array(
        [info.smallest_subnormal, info.smallest_normal, 0.3, 1.0, info.max, np.inf, 0.0, np.nan],
        dtype=dtype,
    )
    x = np.concatenate([x, -x])
    with np.errstate(all="raise"):  # no overflow or underflow on the way
        result = lossdocs.l1_loss_grad(x, np.zeros_like(x), reduction="none")
    assert result.dtype == dtype
    np.testing.assert_array_equal(result, np.sign(x))
