"""Each experiment's claim, against numbers derived independently of the code under test."""

import numpy as np
import pytest

from lossdocs import experiments, verdicts

# --- C14 ---


def test_outlier_shares_against_direct_arithmetic():
    predictions, shares = experiments.outlier_shares()
    assert predictions[-1] == 1000.0
    assert np.all(np.abs(predictions[:-1] - 1.0) < 0.5)
    r = np.abs(predictions - 1.0)
    # By hand from the definitions: L1 gradients are all +-1, so one in ten.
    assert shares["L1"].grad_share == pytest.approx(0.1)
    assert shares["L1"].loss_share == pytest.approx(r[-1] / r.sum())
    # L2: loss r^2, gradient 2r.
    assert shares["L2"].loss_share == pytest.approx(r[-1] ** 2 / np.sum(r**2))
    assert shares["L2"].grad_share == pytest.approx(r[-1] / r.sum())
    # Smooth L1 (beta = 1): inliers sit inside |r| < 1 (gradient r), the outlier outside (1).
    assert shares["Smooth L1"].grad_share == pytest.approx(1 / (1 + r[:-1].sum()))
    assert shares["Smooth L1"].loss_share == pytest.approx(
        (r[-1] - 0.5) / (r[-1] - 0.5 + 0.5 * np.sum(r[:-1] ** 2))
    )
    # The claim: under L2 the outlier dominates the loss and the gradient; under L1 it does not
    # dominate the gradient.
    assert shares["L2"].loss_share > 0.999
    assert shares["L2"].grad_share > 0.99
    assert shares["L1"].grad_share < shares["Smooth L1"].grad_share < shares["L2"].grad_share


# --- C15 ---


def test_median_vs_mean_against_numpy():
    result = experiments.median_vs_mean()
    targets = result.targets
    assert np.mean(targets == 150.0) == 0.9
    assert targets[~result.is_majority].min() == 0.0
    assert targets[~result.is_majority].max() == 30.0
    assert result.best["L1"].value == np.median(targets) == 150.0
    assert result.best["L2"].value == pytest.approx(np.mean(targets))
    # By hand: 90 gradients (c - 150) / beta balance 10 gradients of +1 at c = 150 - 1/9.
    assert result.best["Smooth L1"].value == pytest.approx(150 - 1 / 9, abs=1e-9)
    assert result.best["Huber"].value == pytest.approx(150 - 1 / 9, abs=1e-9)
    assert result.minority_error["L1"] == pytest.approx(150 - 15)


# --- C9 ---


def test_l2_shift_equals_the_least_squares_fit_of_the_outliers():
    sweep = experiments.line_fit_robustness()
    for i, fraction in enumerate(sweep.fractions):
        bump = np.zeros_like(sweep.y)
        bump[sweep.outlier_order[: round(fraction * sweep.x.size)]] = sweep.offset
        # Least squares is linear in y: the line moves by the L2 line through the bumps alone.
        moved = np.polyval(np.polyfit(sweep.x, bump, 1), sweep.x)
        assert sweep.shift["L2"][i] == pytest.approx(np.sqrt(np.mean(moved**2)), abs=1e-9)


def test_robust_losses_resist_outliers_and_l2_does_not():
    sweep = experiments.line_fit_robustness()
    for name in ("L1", "Smooth L1", "Huber"):
        assert np.all(sweep.pull[name][1:] < 0.1), name
    assert np.all(sweep.pull["L2"][1:] > 0.9)


# --- C11 ---


def independent_lad_slope(x, y):
    """LAD slope by brute force over every pair of points (plain loops)."""
    best = None
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            slope = (y[j] - y[i]) / (x[j] - x[i])
            total = sum(abs(y[i] + slope * (xk - x[i]) - yk) for xk, yk in zip(x, y, strict=True))
            if best is None or total < best[0] - 1e-12:
                best = (total, slope)
    return best[1]


def test_l1_slope_jumps_and_l2_slope_does_not():
    scan = experiments.l1_instability()
    at = scan.jump_position["L1"]
    slopes = {}
    for side in (-1e-6, 1e-6):
        x = scan.x.copy()
        x[scan.moved] = at + side
        slopes[side] = (independent_lad_slope(x, scan.y), np.polyfit(x, scan.y, 1)[0])
    l1_change = abs(slopes[1e-6][0] - slopes[-1e-6][0])
    l2_change = abs(slopes[1e-6][1] - slopes[-1e-6][1])
    assert l1_change == pytest.approx(scan.fine_jump["L1"], rel=1e-6)
    assert l1_change > 0.1
    assert l2_change < 1e-5
    # At the jump the two L1 lines tie: the minimiser is not unique there.
    before, after = scan.lines_at_jump["L1"]
    assert abs(before.objective - after.objective) < 1e-8
    for name in ("L2", "Smooth L1", "Huber"):
        assert scan.fine_jump[name] < 1e-3 * scan.coarse_jump[name], name


# --- C10, C12, C18 ---


def test_descent_runs_match_hand_derived_trajectories():
    runs = experiments.descent_runs(start=5.0, steps=100)
    # L1, rate 0.3: 5 - 0.3 k reaches 0.2 after 16 steps, then alternates -0.1, 0.2.
    l1 = runs["L1", "fixed 0.3"]
    np.testing.assert_allclose(l1.trajectory[16:20], [0.2, -0.1, 0.2, -0.1], atol=1e-12)
    assert l1.late_amplitude == pytest.approx(0.2)
    # L2, gradient 2x: x <- (1 - 2 rate) x.
    assert runs["L2", "fixed 0.3"].final_error == pytest.approx(5 * 0.4**100)
    assert runs["L2", "fixed 1.05"].final_error == pytest.approx(5 * 1.1**100)
    assert runs["L2", "fixed 1.05"].first_step == pytest.approx(2 * 1.05 * 5)
    # Smooth L1 never steps further than the rate, and settles under both fixed rates.
    for schedule in ("fixed 0.3", "fixed 1.05"):
        run = runs["Smooth L1", schedule]
        assert np.all(np.abs(np.diff(run.trajectory)) <= float(schedule.split()[1]) + 1e-12)
        assert run.final_error < 1e-10
    # A decaying rate lets L1 settle far closer than any fixed-rate run.
    assert runs["L1", "decaying 0.3 x 0.95^t"].final_error < 0.01 < l1.late_amplitude


# --- C13 ---


def test_convergence_speed_claims():
    speed = experiments.convergence_speed()
    l1, l2 = speed.steps_needed["L1"], speed.steps_needed["L2"]
    assert all(steps is not None for steps in l2)
    # To the tightest tolerance, L2 needs far fewer steps than L1 (or L1 never gets there).
    assert l1[-1] is None or l1[-1] > 5 * l2[-1]


# --- C8 ---


def test_table_verdicts():
    table = verdicts.robustness_stability_table()
    expected = {
        "L1": ("robust", "unstable", "not unique", "bounded", "does not vanish"),
        "L2": ("not robust", "stable", "unique", "unbounded", "vanishes"),
        "Smooth L1": ("robust", "stable", "unique", "bounded", "vanishes"),
        "Huber": ("robust", "stable", "unique", "bounded", "vanishes"),
    }
    for name, expected_row in expected.items():
        assert tuple(verdict for _, verdict in table.rows[name]) == expected_row, name
    assert "<table" in table._repr_html_()
    assert table.cell("L2", "bounded gradient")[0] == pytest.approx(100.0)


# --- Beyond the article ---


def test_box_regression_claims():
    result = experiments.box_regression()
    l2 = result.final_loss["L2"]
    # L2 explodes past its largest stable rate; Smooth L1 never does, at any rate tried.
    assert not np.all(np.isfinite(l2) & (l2 < 1e6))
    for label in ("Smooth L1 (β = 1)", "Smooth L1 (β = 1/9)"):
        assert np.all(np.isfinite(result.final_loss[label]))
        assert np.all(result.final_loss[label] < 10)
    assert result.largest_stable_rate["L2"] < result.largest_stable_rate["Smooth L1 (β = 1)"]
    # The mislabelled boxes pull the L2 fit more than either Smooth L1 fit.
    assert result.pull["L2"] > 3 * result.pull["Smooth L1 (β = 1)"]
    assert result.pull["Smooth L1 (β = 1)"] > result.pull["Smooth L1 (β = 1/9)"]
