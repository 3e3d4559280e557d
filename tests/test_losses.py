"""The functional API's contract: values, gradients, dtypes, reductions, edges and errors."""

import math
from pathlib import Path

import numpy as np
import pytest

import lossdocs

LOSS_NAMES = ["l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss"]
ALL_NAMES = LOSS_NAMES + [f"{name}_grad" for name in LOSS_NAMES]
WIDTH_ARGUMENT = {"smooth_l1_loss": "beta", "huber_loss": "delta"}
REFERENCE = Path(__file__).parent / "reference" / "torch_reference.npz"


def width_argument(name):
    return WIDTH_ARGUMENT.get(name.removesuffix("_grad"))


# --- Hand-checked values (worked out on paper from the definitions). ---

RESIDUALS = [0.5, 1.0, 3.0]
HAND_VALUES = {
    ("l1_loss", None): [0.5, 1.0, 3.0],
    ("mse_loss", None): [0.25, 1.0, 9.0],
    ("smooth_l1_loss", 1.0): [0.125, 0.5, 2.5],
    ("smooth_l1_loss", 2.0): [0.0625, 0.25, 2.0],
    ("smooth_l1_loss", 0.0): [0.5, 1.0, 3.0],
    ("huber_loss", 1.0): [0.125, 0.5, 2.5],
    ("huber_loss", 2.0): [0.125, 0.5, 4.0],
}
HAND_GRADS = {
    ("l1_loss_grad", None): [1.0, 1.0, 1.0],
    ("mse_loss_grad", None): [1.0, 2.0, 6.0],
    ("smooth_l1_loss_grad", 1.0): [0.5, 1.0, 1.0],
    ("smooth_l1_loss_grad", 2.0): [0.25, 0.5, 1.0],
    ("huber_loss_grad", 1.0): [0.5, 1.0, 1.0],
    ("huber_loss_grad", 2.0): [0.5, 1.0, 2.0],
}


def call(name, input, target, width=None, **kwargs):
    function = getattr(lossdocs, name)
    if width is not None:
        kwargs[width_argument(name)] = width
    return function(input, target, **kwargs)


@pytest.mark.parametrize(("key", "expected"), list({**HAND_VALUES, **HAND_GRADS}.items()))
def test_hand_checked_values(key, expected):
    name, width = key
    # A nonzero target, so that the residual, not the input, is what matters.
    target = np.array([2.0, -1.0, 0.5])
    result = call(name, target + RESIDUALS, target, width, reduction="none")
    np.testing.assert_allclose(result, expected, rtol=0, atol=1e-15)
    # The sign of the residual flips the gradient and keeps the loss.
    mirrored = call(name, target - RESIDUALS, target, width, reduction="none")
    sign = -1.0 if name.endswith("_grad") else 1.0
    np.testing.assert_allclose(mirrored, sign * np.array(expected), rtol=0, atol=1e-15)


@pytest.mark.parametrize(("key", "expected"), list(HAND_VALUES.items()))
def test_mean_and_sum_of_hand_checked_values(key, expected):
    name, width = key
    zeros = np.zeros(3)
    assert call(name, RESIDUALS, zeros, width, reduction="sum") == pytest.approx(sum(expected))
    assert call(name, RESIDUALS, zeros, width) == pytest.approx(sum(expected) / 3)


@pytest.mark.parametrize(("key", "expected"), list(HAND_GRADS.items()))
def test_mean_gradient_divides_by_the_number_of_elements(key, expected):
    name, width = key
    result = call(name, RESIDUALS, np.zeros(3), width, reduction="mean")
    np.testing.assert_allclose(result, np.array(expected) / 3, rtol=1e-15)


# --- Agreement with PyTorch, from arrays that torch itself computed (tests/reference). ---


def torch_cases():
    reference = np.load(REFERENCE)
    for key in reference.files:
        if not key.endswith("/value"):
            continue
        dtype, reduction, name, *width = key.removesuffix("/value").split("/")
        width_value = float(width[0].split("=")[1]) if width else None
        yield pytest.param(reference, dtype, reduction, name, width_value, id=key[:-6])


@pytest.mark.parametrize(("reference", "dtype", "reduction", "name", "width"), list(torch_cases()))
def test_agrees_with_pytorch(reference, dtype, reduction, name, width):
    input, target = reference[f"{dtype}/input"], reference[f"{dtype}/target"]
    stem = f"{dtype}/{reduction}/{name}" + (
        "" if width is None else f"/{width_argument(name)}={width!r}"
    )
    value = call(name, input, target, width, reduction=reduction)
    grad = call(f"{name}_grad", input, target, width, reduction=reduction)
    tolerance = {"float64": 1e-12, "float32": 1e-5}[dtype]
    assert np.asarray(value).dtype == np.dtype(dtype)
    assert grad.dtype == np.dtype(dtype)
    np.testing.assert_allclose(value, reference[f"{stem}/value"], rtol=tolerance, atol=tolerance)
    np.testing.assert_allclose(grad, reference[f"{stem}/grad"], rtol=tolerance, atol=tolerance)


# --- The edges. ---


def test_beta_zero_is_exactly_l1_and_silent():
    x = np.array([-2.0, -1e-300, 0.0, 1e-300, 0.5, 7.0])
    zeros = np.zeros_like(x)
    with np.errstate(all="raise"):  # any divide-by-zero or invalid operation would raise
        values = lossdocs.smooth_l1_loss(x, zeros, reduction="none", beta=0.0)
        grads = lossdocs.smooth_l1_loss_grad(x, zeros, reduction="none", beta=0.0)
    np.testing.assert_array_equal(values, np.abs(x))
    np.testing.assert_array_equal(grads, [-1.0, -1.0, 0.0, 1.0, 1.0, 1.0])


@pytest.mark.parametrize("width", [1 / 9, 0.5, 1.0, 3.0])
def test_gradient_at_the_switch_point_is_plus_or_minus_one(width):
    x = np.array([-width, width])
    np.testing.assert_array_equal(
        lossdocs.smooth_l1_loss_grad(x, np.zeros(2), reduction="none", beta=width), [-1.0, 1.0]
    )
    np.testing.assert_array_equal(
        lossdocs.huber_loss_grad(x, np.zeros(2), reduction="none", delta=width), [-width, width]
    )


def test_l1_gradient_at_zero_residual_is_zero():
    assert lossdocs.l1_loss_grad([3.0], [3.0], reduction="none")[0] == 0.0


@pytest.mark.parametrize("name", ALL_NAMES)
def test_float32_stays_float32(name):
    x = np.array([0.25, -2.0], dtype=np.float32)
    result = call(name, x, np.zeros(2, dtype=np.float32), reduction="mean")
    assert np.asarray(result).dtype == np.float32


@pytest.mark.parametrize("name", ALL_NAMES)
def test_lists_and_integers_are_computed_in_float64(name):
    from_ints = call(name, [3, -1, 0], [1, 1, 1], reduction="none")
    from_floats = call(name, np.array([3.0, -1.0, 0.0]), np.ones(3), reduction="none")
    assert from_ints.dtype == np.float64
    np.testing.assert_array_equal(from_ints, from_floats)


def test_integer_residuals_do_not_wrap_around():
    big = np.array([2**62], dtype=np.int64)
    assert lossdocs.mse_loss(big, -big) == pytest.approx(float(2**63) ** 2)


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("shape", [(2, 3), (4, 1, 2), ()])
def test_output_shapes(name, shape):
    x = np.full(shape, 0.75)
    assert np.shape(call(name, x, np.zeros(shape), reduction="none")) == shape
    if name.endswith("_grad"):
        for reduction in ("mean", "sum"):
            assert call(name, x, np.zeros(shape), reduction=reduction).shape == shape
    else:
        for reduction in ("mean", "sum"):
            assert np.ndim(call(name, x, np.zeros(shape), reduction=reduction)) == 0


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_empty_input_mean_is_nan_silently_and_sum_is_zero(name):
    # filterwarnings = error makes any RuntimeWarning ("Mean of empty slice") fail this test.
    assert math.isnan(call(name, [], [], reduction="mean"))
    assert call(name, [], [], reduction="sum") == 0.0
    assert call(name, [], [], reduction="none").shape == (0,)
    assert call(f"{name}_grad", [], [], reduction="mean").shape == (0,)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_nan_propagates(name):
    result = call(name, [np.nan, 1.0], [0.0, 0.0], reduction="none")
    assert math.isnan(result[0])
    assert not math.isnan(result[1])


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_nan_propagates_through_the_reduction(name, reduction):
    assert math.isnan(call(name, [np.nan, 1.0], [0.0, 0.0], reduction=reduction))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_inputs_are_not_modified(name):
    input, target = np.array([0.5, -3.0]), np.array([1.0, 1.0])
    call(name, input, target, reduction="mean")
    np.testing.assert_array_equal(input, [0.5, -3.0])
    np.testing.assert_array_equal(target, [1.0, 1.0])


# --- Bad input: a clear error that names what was wrong and what is allowed. ---


@pytest.mark.parametrize("name", ALL_NAMES)
def test_different_shapes_raise_naming_both(name):
    with pytest.raises(ValueError, match=r"input shape \(3,\) and target shape \(3, 1\)"):
        call(name, np.zeros(3), np.zeros((3, 1)))


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("reduction", ["avg", "Mean", None, "elementwise_mean"])
def test_unknown_reduction_raises(name, reduction):
    with pytest.raises(ValueError, match=r"reduction must be one of \('none', 'mean', 'sum'\)"):
        call(name, [1.0], [0.0], reduction=reduction)


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize(
    ("bad", "dtype"),
    [
        (np.array([1 + 2j]), "complex128"),
        (np.array(["a"]), "<U1"),
        (np.array([True]), "bool"),
        ([None], "object"),
    ],
)
def test_non_numeric_or_complex_input_raises_type_error(name, bad, dtype):
    allowed = r"must hold real numbers \(an integer or floating dtype\); got dtype "
    with pytest.raises(TypeError, match=rf"input {allowed}{dtype}"):
        call(name, bad, [0.0])
    with pytest.raises(TypeError, match=rf"target {allowed}{dtype}"):
        call(name, [0.0], bad)


@pytest.mark.parametrize("name", ["smooth_l1_loss", "smooth_l1_loss_grad"])
@pytest.mark.parametrize("beta", [-1.0, -1e-12, math.inf, math.nan, -math.inf])
def test_bad_beta_raises(name, beta):
    with pytest.raises(ValueError, match=r"beta must be finite with beta >= 0"):
        call(name, [1.0], [0.0], beta)


@pytest.mark.parametrize("name", ["huber_loss", "huber_loss_grad"])
@pytest.mark.parametrize("delta", [0.0, -1.0, math.inf, math.nan])
def test_bad_delta_raises(name, delta):
    with pytest.raises(ValueError, match=r"delta must be finite with delta > 0"):
        call(name, [1.0], [0.0], delta)


@pytest.mark.parametrize("name", ["smooth_l1_loss", "huber_loss_grad"])
@pytest.mark.parametrize("width", ["1.0", None, True, 1j])
def test_non_real_width_raises_type_error(name, width):
    function = getattr(lossdocs, name)
    with pytest.raises(TypeError, match=rf"{width_argument(name)} must be a real number"):
        function([1.0], [0.0], **{width_argument(name): width})
