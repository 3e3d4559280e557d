"""The explorable page's data, checked against closed forms, scipy and the fits' optimality."""

import json

import numpy as np
import pytest
from scipy.optimize import minimize

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
