"""The explorable page's data, checked against closed forms, scipy and the fits' optimality."""

import dataclasses
import json

import numpy as np
import pytest
from scipy.optimize import minimize

from lossdocs.catalog import LOSSES
from lossdocs.explorable import as_page_data, width_sweeps

WIDTHS = [0.01, 0.3, 1.0, 3.0, 100.0]


@pytest.fixture(scope="module")
def explorable():
    return width_sweeps(widths=WIDTHS)


def smooth_l1_by_hand(r, beta):
    # Fast R-CNN's definition, typed here independently of lossdocs.losses.
    r = np.abs(r)
    return np.where(r < beta, 0.5 * r**2 / beta, r - 0.5 * beta)


def test_curves_are_the_closed_forms(explorable):
    r = explorable.residuals
    smooth, huber = explorable.sweeps["Smooth L1"], explorable.sweeps["Huber"]
    for k, width in enumerate(WIDTHS):
        expected = smooth_l1_by_hand(r, width)
        np.testing.assert_allclose(smooth.loss[k], expected, rtol=1e-12, atol=1e-15)
        # Huber(δ) = δ · SmoothL1(β = δ); its slope is the residual, clipped at ±δ.
        np.testing.assert_allclose(huber.loss[k], width * expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(huber.grad[k], np.clip(r, -width, width), rtol=1e-12)
        np.testing.assert_allclose(smooth.grad[k], np.clip(r / width, -1, 1), rtol=1e-12)


def test_curves_span_every_datum_and_contain_zero(explorable):
    r = explorable.residuals
    assert r.size % 2 == 1
    assert r[r.size // 2] == 0
    for sweep in explorable.sweeps.values():
        assert np.max(np.abs(sweep.data_residuals)) < r[-1]


@pytest.mark.parametrize("name", ["Smooth L1", "Huber"])
def test_each_line_minimises_the_summed_loss(explorable, name):
    x, y = explorable.x, explorable.y
    sweep = explorable.sweeps[name]
    for k, width in enumerate(WIDTHS):
        line = sweep.lines[k]
        scale = 1.0 if name == "Smooth L1" else width

        def objective(p, width=width, scale=scale):
            return float(np.sum(scale * smooth_l1_by_hand(p[0] + p[1] * x - y, width)))

        reference = minimize(
            objective,
            [line.intercept + 0.5, line.slope - 0.1],
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20_000},
        )
        assert objective([line.intercept, line.slope]) <= reference.fun + 1e-9 * max(
            1.0, reference.fun
        )
        # First-order condition: the gradients of the residuals balance, along 1 and along x.
        psi = sweep.data_grad[k]
        np.testing.assert_allclose(sweep.data_residuals[k], line(x) - y, rtol=1e-12)
        assert abs(np.sum(psi)) <= 1e-7 * np.sum(np.abs(psi))
        assert abs(np.sum(psi * x)) <= 1e-7 * np.sum(np.abs(psi * x))


def test_widths_move_the_line_from_l1_to_l2(explorable):
    lines = explorable.sweeps["Smooth L1"].lines
    huber = explorable.sweeps["Huber"].lines
    l1, l2 = explorable.references["L1"], explorable.references["L2"]
    # Past every residual the loss is quadratic on the data: the line is least squares exactly.
    assert np.max(np.abs(explorable.sweeps["Smooth L1"].data_residuals[-1])) < WIDTHS[-1]
    assert lines[-1].slope == pytest.approx(l2.slope, rel=1e-8)
    assert lines[-1].intercept == pytest.approx(l2.intercept, rel=1e-8)
    # A width far below the noise is almost L1: within a few widths of its line.
    assert np.max(np.abs(lines[0](explorable.x) - l1(explorable.x))) < 10 * WIDTHS[0]
    # The outliers pull the L2 line away from L1's, and the swept lines lie between.
    assert abs(l1.slope - l2.slope) > 0.2
    slopes = [line.slope for line in lines]
    assert slopes == sorted(slopes, reverse=True)
    for a, b in zip(lines, huber, strict=True):
        assert a.slope == pytest.approx(b.slope, rel=1e-8, abs=1e-10)
        assert a.intercept == pytest.approx(b.intercept, rel=1e-8, abs=1e-10)


def test_page_data_is_json_small_and_faithful(explorable):
    data = as_page_data(explorable)
    text = json.dumps(data, separators=(",", ":"))
    assert json.loads(text) == data
    for sweep, page in zip(explorable.sweeps.values(), data["sweeps"], strict=True):
        assert page["name"] == sweep.name
        assert page["widths"] == WIDTHS
        assert page["labels"] == ["0.01", "0.3", "1", "3", "100"]
        assert WIDTHS[page["default"]] == 1.0
        for key in ("loss", "grad"):
            exact = getattr(sweep, key)
            # Four significant digits of the largest value: within 0.05% of the panel's range.
            error = np.max(np.abs(np.array(page[key]) - exact))
            assert error <= 5e-4 * np.max(np.abs(exact))


def test_the_default_page_data_stays_small():
    text = json.dumps(as_page_data(width_sweeps()), separators=(",", ":"))
    assert len(text) < 200_000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"widths": [1.0, 0.0]}, "widths must be"),
        ({"widths": [[1.0]]}, "widths must be"),
        ({"widths": [np.inf]}, "widths must be"),
        ({"outliers": 20}, "outliers must be"),
        ({"points": 10}, "points must be an odd"),
    ],
)
def test_bad_settings_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        width_sweeps(**kwargs)


# Survivors of mutation testing (reports/mutation.md): the documented data and page contract.


def test_the_data_are_the_documented_line_with_the_last_points_offset():
    # Without noise: y = 1 + 0.5 x at 8 evenly spaced x in [0, 10], the last 2 moved by -6.
    explorable = width_sweeps(widths=[0.5, 2.0], n=8, outliers=2, offset=-6.0, noise=0.0)
    x = np.linspace(0.0, 10.0, 8)
    np.testing.assert_array_equal(explorable.x, x)
    expected = 1.0 + 0.5 * x
    expected[6:] -= 6.0
    np.testing.assert_allclose(explorable.y, expected, rtol=0, atol=1e-15)
    assert explorable.is_outlier.tolist() == [False] * 6 + [True] * 2
    # The noise: sd 0.5 over 60 points (sample sd within 25%: more than 99.9% of samples;
    # sd 1.5 would not be), the same draws for one seed.
    noisy = width_sweeps(widths=[1.0], n=60, outliers=0, noise=0.5)
    again = width_sweeps(widths=[1.0], n=60, outliers=0, noise=0.5)
    np.testing.assert_array_equal(noisy.y, again.y)
    noise = noisy.y - (1.0 + 0.5 * noisy.x)
    assert noise.std() == pytest.approx(0.5, rel=0.25)
    assert abs(noise.mean()) < 0.25


def test_each_sweep_holds_the_data_residuals_of_its_lines_and_the_curves_around_them():
    explorable = width_sweeps(widths=[0.5, 2.0], n=8, outliers=2, points=5)
    reach = max(np.abs(s.data_residuals).max() for s in explorable.sweeps.values())
    np.testing.assert_allclose(explorable.residuals, np.linspace(-1.1, 1.1, 5) * reach)
    for name, parameter, symbol in [("Smooth L1", "beta", "β"), ("Huber", "delta", "δ")]:
        sweep = explorable.sweeps[name]
        assert (sweep.parameter, sweep.symbol) == (parameter, symbol)
        for k, (width, line) in enumerate(zip(sweep.widths, sweep.lines, strict=True)):
            spec = dataclasses.replace(LOSSES[name], kwargs={parameter: width})
            residual = line(explorable.x) - explorable.y
            np.testing.assert_array_equal(sweep.data_residuals[k], residual)
            np.testing.assert_array_equal(sweep.data_loss[k], spec.of_residual(residual))
            np.testing.assert_array_equal(sweep.data_grad[k], spec.grad_of_residual(residual))
            np.testing.assert_array_equal(sweep.loss[k], spec.of_residual(explorable.residuals))


@pytest.mark.parametrize(
    "kwargs", [{"points": 3}, {"outliers": 0}, {"widths": [1.0]}, {"outliers": 19, "n": 20}]
)
def test_the_edges_of_the_allowed_settings_are_allowed(kwargs):
    # "points: odd, >= 3", "0 <= outliers < n", a grid of one width.
    width_sweeps(**{"widths": [1.0], **kwargs})


def test_a_bad_widths_message_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"^widths must be a non-empty 1-D array of finite"):
        width_sweeps(widths=[-1.0])


def significant(values, digits):
    # Rounded to `digits` significant digits of the largest |value| (never past the units).
    values = np.asarray(values, dtype=float)
    largest = np.abs(values).max()
    decimals = digits - 1 - int(np.floor(np.log10(largest)))
    return np.round(values, max(decimals, 0)) + 0.0


def test_page_data_keeps_the_documented_keys_values_and_digits():
    explorable = width_sweeps(widths=[0.5, 2.0], n=8, outliers=2, points=5)
    data = as_page_data(explorable)
    assert data["x"] == explorable.x.tolist()
    assert data["y"] == explorable.y.tolist()
    assert data["outlier"] == explorable.is_outlier.tolist()
    # Curves: 4 significant digits by default; the data's residuals, losses, gradients: 6.
    assert data["residuals"] == significant(explorable.residuals, 4).tolist()
    assert [r["name"] for r in data["references"]] == ["L1", "L2"]
    for reference in data["references"]:
        spec, line = LOSSES[reference["name"]], explorable.references[reference["name"]]
        assert reference == {
            "name": spec.name,
            "color": spec.color,
            "linestyle": spec.linestyle,
            "intercept": line.intercept,
            "slope": line.slope,
        }
    for page, sweep in zip(data["sweeps"], explorable.sweeps.values(), strict=True):
        spec = LOSSES[sweep.name]
        assert (page["color"], page["linestyle"]) == (spec.color, spec.linestyle)
        assert (page["parameter"], page["symbol"]) == (sweep.parameter, sweep.symbol)
        assert page["lines"] == [{"intercept": l.intercept, "slope": l.slope} for l in sweep.lines]
        assert page["loss"] == significant(sweep.loss, 4).tolist()
        for key in ("data_residuals", "data_loss", "data_grad"):
            assert page[key] == significant(getattr(sweep, key), 6).tolist(), key


def test_default_widths_and_their_labels():
    # 33 widths log-spaced from 0.01 to 100 (eight per decade), labelled with three
    # significant digits as a reader writes them (Python's "g" format, no exponent here).
    data = as_page_data(width_sweeps(points=3, n=6, outliers=1))
    for page in data["sweeps"]:
        widths = np.array(page["widths"])
        assert widths.size == 33
        np.testing.assert_allclose(np.log10(widths), np.arange(33) / 8 - 2, atol=1e-12)
        assert page["labels"] == [f"{w:.3g}" for w in widths]
        assert page["widths"][page["default"]] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("values", "digits", "expected"),
    [
        # Largest 123.456: 4 significant digits are one decimal (by hand).
        ([123.456, -0.54], 4, [123.5, -0.5]),
        # Largest 0.012345: 3 significant digits are four decimals.
        ([0.012345, 0.00104], 3, [0.0123, 0.001]),
        # All zero: zeros, with no log of 0.
        ([0.0, 0.0], 4, [0.0, 0.0]),
        # Largest 12345.6, five digits before the point: whole numbers, never past the units
        # (12346, not 12350) and no decimal kept (by hand).
        ([12345.6, -0.4, 17.5], 4, [12346.0, 0.0, 18.0]),
        # Largest exactly 10^3 with 3 digits: whole numbers too.
        ([1000.0, 0.25], 3, [1000.0, 0.0]),
    ],
)
def test_page_numbers_keep_significant_digits_of_the_largest(values, digits, expected):
    from lossdocs.explorable import _rounded

    assert _rounded(values, digits) == expected


def test_a_rounded_negative_zero_is_written_as_zero():
    from lossdocs.explorable import _rounded

    rounded = _rounded([-1e-9, 1.0], 2)
    assert rounded == [0.0, 1.0]
    assert np.copysign(1.0, rounded[0]) == 1.0
