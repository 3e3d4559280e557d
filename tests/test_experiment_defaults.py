"""The experiments' documented defaults and thresholds, pinned where they are documented.

A quoted number changes silently when a default does: each test here ties a default to the
text that documents it (a docstring or a page) or to a value derived independently from it.
"""

import inspect
import math
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from lossdocs import experiments, verdicts
from lossdocs.experiments import GEOMETRIC, DescentRun, Loss, Spread

DOCS = Path(__file__).resolve().parents[1] / "docs"


def default(function, name):
    return inspect.signature(function).parameters[name].default


# --- late_amplitude: the largest distance over the last `late` steps. ---


def test_late_amplitude_on_a_hand_made_decaying_tail():
    # |theta_k| = 2^-k for k = 0..29, alternating in sign: the last 20 are k = 10..29, and on a
    # decaying tail the largest of them is the first, 2^-10.
    trajectory = (-0.5) ** np.arange(30)
    run = DescentRun(Loss("L1"), GEOMETRIC, trajectory, late=20)
    assert run.late_amplitude == 2.0**-10
    assert DescentRun(Loss("L1"), GEOMETRIC, trajectory, late=1).late_amplitude == 2.0**-29
    assert DescentRun(Loss("L1"), GEOMETRIC, trajectory, late=30).late_amplitude == 1.0


def test_late_amplitude_default_window_is_the_documented_last_twenty_steps():
    # descent_runs' documented settings: start 5, 100 steps, the last 20 of them.
    assert default(experiments.descent_runs, "late") == 20
    assert default(experiments.descent_runs, "steps") == 100
    assert default(experiments.descent_runs, "start") == 5.0
    runs = experiments.descent_runs(schedules=(GEOMETRIC,))
    run = runs.run("L1", GEOMETRIC)
    assert run.late == 20
    assert run.trajectory.shape == (101,)
    # Plain L1 descent by hand: theta <- theta - 0.3 * 0.95^t * sign(theta).
    theta, path = 5.0, [5.0]
    for t in range(100):
        theta -= 0.3 * 0.95**t * math.copysign(1.0, theta) if theta else 0.0
        path.append(theta)
    assert run.late_amplitude == pytest.approx(max(abs(v) for v in path[-20:]), rel=1e-12)
    # The rates after step 80 are below 0.3 * 0.95^80 < 0.005, so the tail is no longer than
    # twice that past its last crossing: the amplitude is small but not zero.
    assert 0 < run.late_amplitude < 0.3 * 0.95**80 * 2


# --- The thresholds of Table 1, against the docstring that states them. ---

TABLE_DOC = inspect.getdoc(verdicts.robustness_stability_table)


@pytest.mark.parametrize(
    ("phrase", "constant"),
    [
        (r"robust if below ([\d.e-]+)", "ROBUST_PULL"),
        (r"stable if below ([\d.e-]+)", "STABLE_JUMP"),
        (r"unique if below ([\d.e-]+)", "UNIQUE_WIDTH"),
        (r"bounded if below ([\d.e-]+)", "BOUNDED_GROWTH"),
        (r"vanishes if below ([\d.e-]+)", "VANISHING_RATIO"),
        (r"median pull over draws at (\d+)% outliers", "OUTLIER_FRACTION"),
    ],
)
def test_table_thresholds_match_their_documentation(phrase, constant):
    match = re.search(phrase, " ".join(TABLE_DOC.split()))
    assert match, phrase
    documented = float(match.group(1).rstrip("."))
    if constant == "OUTLIER_FRACTION":
        documented /= 100
    assert getattr(verdicts, constant) == documented


def test_the_pull_threshold_is_a_quarter():
    # "robust if below 0.25 (the line rises by less than a quarter of what the outliers raise
    # the data's mean)".
    assert verdicts.ROBUST_PULL == 1 / 4
    assert verdicts.OUTLIER_FRACTION == 1 / 10


def fake_measurements(pull, jump):
    """Measurements whose pull and jump are `pull` and `jump` for every loss."""
    sweep = SimpleNamespace(
        pull_at=lambda fraction, loss: Spread(np.array([pull])), y=np.zeros((1, 3))
    )
    scan = SimpleNamespace(jump=lambda loss: Spread(np.array([jump])), y=np.zeros((1, 3)))
    scan.step = 0.05
    return SimpleNamespace(sweep=sweep, scan=scan)


@pytest.mark.parametrize(
    ("pull", "verdict"),
    [
        (0.0, "robust"),
        (np.nextafter(0.25, 0), "robust"),
        (0.25, "not robust"),
        (1.0, "not robust"),
    ],
)
def test_the_pull_verdict_turns_exactly_at_the_threshold(pull, verdict):
    table = verdicts.robustness_stability_table(fake_measurements(pull, 0.0))
    for row in table.rows.values():
        assert row[0] == (pull, verdict)
    assert f"< {verdicts.ROBUST_PULL}" in " ".join(table.notes)


@pytest.mark.parametrize(
    ("jump", "verdict"), [(np.nextafter(0.05, 0), "stable"), (0.05, "unstable")]
)
def test_the_jump_verdict_turns_exactly_at_the_threshold(jump, verdict):
    table = verdicts.robustness_stability_table(fake_measurements(0.0, jump))
    assert {row[1] for row in table.rows.values()} == {(jump, verdict)}


def test_pages_quote_the_outlier_fraction_the_verdicts_use():
    # The guide and the article quote pulls at a fraction of outliers; it must be the one the
    # table's verdict is computed at, taken from the library rather than typed again.
    for page, pattern in (
        ("guide.md", r'glue\("outlier_fraction", ([\w.]+)'),
        ("article.md", r"tenth = ([\w.]+)"),
    ):
        text = (DOCS / page).read_text(encoding="utf-8")
        match = re.search(pattern, text)
        assert match, page
        assert match.group(1) in ("OUTLIER_FRACTION", "verdicts.OUTLIER_FRACTION"), page
        assert re.findall(r"pull_at\((?!OUTLIER_FRACTION|tenth)", text) == [], page


# --- The line-fit sweep: the data its docstring describes. ---


def test_line_fit_robustness_data_are_the_documented_ones():
    sweep = experiments.line_fit_robustness(fractions=(0.0, 0.1), n_seeds=100)
    # "y = 2 + 0.5 x + noise on n points evenly spaced over x in [0, 10]", n = 60, noise 0.5.
    np.testing.assert_array_equal(sweep.x, np.linspace(0.0, 10.0, 60))
    noise = sweep.y - (2.0 + 0.5 * sweep.x)
    # 6,000 normal draws: the sample deviation is within 0.5 (1 +- 5 / sqrt(2 * 6000)).
    assert abs(noise.std() - 0.5) < 0.5 * 5 / math.sqrt(2 * noise.size)
    assert abs(noise.mean()) < 0.5 * 5 / math.sqrt(noise.size)
    # 10% of 60 is 6 outliers, each raised by the offset 50: the data's mean rises by 5.
    assert sweep.offset == 50.0
    assert sweep.n_outliers(0.1) == 6
    raised = sweep.dirty_y(0.1, draw=3) - sweep.y[3]
    assert sorted(raised) == [0.0] * 54 + [50.0] * 6
    np.testing.assert_array_equal(raised > 0, sweep.is_outlier(0.1, draw=3))
    # Least squares' fitted values have the data's mean, so its line rises by exactly 5.
    np.testing.assert_allclose(sweep.rise(0.1, "L2").values, 5.0, rtol=1e-10)
    np.testing.assert_allclose(sweep.pull_at(0.1, "L2").values, 1.0, rtol=1e-10)
    with pytest.raises(ValueError, match="undefined without outliers"):
        sweep.pull_at(0.0, "L2")


# --- One outlier among ten predictions: the spread of the nine good ones. ---


def test_outlier_shares_defaults_are_the_documented_ones():
    # The example: "the true value is 1, nine predictions are close to it and one is 1000";
    # the docstring: the nine are the true value plus normal noise of deviation `spread`.
    assert default(experiments.outlier_shares, "spread") == 0.1
    assert default(experiments.outlier_shares, "n") == 10
    assert default(experiments.outlier_shares, "outlier") == 1000.0
    assert default(experiments.outlier_shares, "true_value") == 1.0
    shares = experiments.outlier_shares()
    assert shares.predictions.shape == (experiments.N_SEEDS, 10)
    assert (shares.true_value, shares.outlier, shares.spread) == (1.0, 1000.0, 0.1)
    np.testing.assert_array_equal(shares.predictions[:, -1], 1000.0)
    noise = shares.predictions[:, :-1] - 1.0
    # 1,800 normal draws of deviation 0.1: the sample deviation within 5 standard errors.
    assert abs(noise.std() - 0.1) < 0.1 * 5 / math.sqrt(2 * noise.size)
    assert abs(noise.mean()) < 0.1 * 5 / math.sqrt(noise.size)


def test_outlier_spread_sets_the_smooth_l1_gradient_share():
    # Smooth L1 (β = 1): the nine good predictions have |ψ| = |r| (all |r| < 1 at this
    # spread), the outlier 1. Its gradient share is 1 / (1 + Σ|r|), and E|r| = 0.1 sqrt(2/π),
    # so the median share is close to 1 / (1 + 9 * 0.1 * sqrt(2 / pi)) = 0.58.
    shares = experiments.outlier_shares()
    r = np.abs(shares.predictions[:, :-1] - 1.0)
    assert r.max() < 1.0
    np.testing.assert_allclose(
        shares.grad_share("Smooth L1", 1.0).values, 1 / (1 + r.sum(1)), rtol=1e-12
    )
    assert shares.grad_share("Smooth L1", 1.0).median == pytest.approx(
        1 / (1 + 9 * 0.1 * math.sqrt(2 / math.pi)), abs=0.03
    )


def test_experiment_constants_are_the_documented_ones():
    # "1 (Fast R-CNN, PyTorch's default), 1/3 and 1/9 (Faster R-CNN's RPN, σ = 3)".
    assert experiments.WIDTHS == (1.0, 1 / 3, 1 / 9)
    # "many independent draws": at least 100 (the project's rule), 200 by default.
    assert experiments.N_SEEDS == 200
    assert default(experiments.line_fit_robustness, "n_seeds") == 100
    assert default(experiments.line_fit_robustness, "n") == 60
    assert default(experiments.line_fit_robustness, "noise") == 0.5
    assert default(experiments.line_fit_robustness, "offset") == 50.0


# --- lossdocs.leverage: the defaults the gallery's text states. ---

# The gallery beside tests/ (mutmut's copy of the tests has none beside it: the repository's).
EXAMPLES = next(
    folder / "examples"
    for folder in Path(__file__).resolve().parents
    if (folder / "examples" / "plot_breakdown.py").is_file()
)


def test_leverage_defaults_match_the_gallery_text():
    from lossdocs import leverage

    tilt_text = (EXAMPLES / "plot_leverage.py").read_text(encoding="utf-8")
    sweep_text = (EXAMPLES / "plot_breakdown.py").read_text(encoding="utf-8")
    # "Twenty clean points" in both; "more than half the true slope" for a lost fit.
    assert "Twenty clean points" in tilt_text
    assert default(leverage.leverage_tilt, "n") == 20
    assert "twenty clean points" in sweep_text
    assert default(leverage.breakdown, "n") == 20
    assert "more than half the true slope" in sweep_text
    assert default(leverage.breakdown, "threshold") == 0.5
    # The docstring: "Fifty by default".
    assert "Fifty by default" in leverage.breakdown.__doc__
    assert default(leverage.breakdown, "seeds") == 50


# --- Every experiment run with no arguments uses the defaults its signature documents. ---
# The pages quote the experiments run with their defaults, and the API reference shows those
# defaults from the signatures: the data are rebuilt here from the signature's values (read
# with `inspect`) as each docstring describes them, so a default that changes in the body
# alone, or data drawn otherwise, fail.


def signature_defaults(function):
    return {
        name: parameter.default
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


def test_outlier_shares_and_median_vs_mean_use_their_signature_defaults():
    d = signature_defaults(experiments.outlier_shares)
    shares = experiments.outlier_shares()
    noise = np.random.default_rng(d["seed"]).normal(scale=d["spread"], size=(d["n_seeds"], 9))
    np.testing.assert_array_equal(shares.predictions[:, :-1], d["true_value"] + noise)
    assert shares.losses == experiments._default_losses(d["widths"])
    d = signature_defaults(experiments.median_vs_mean)
    result = experiments.median_vs_mean()
    low, high = d["minority_range"]
    n_majority = round(d["n"] * d["majority_share"])
    expected = [d["majority_value"]] * n_majority + list(
        np.linspace(low, high, d["n"] - n_majority)
    )
    np.testing.assert_array_equal(result.targets, expected)
    assert result.losses == experiments._default_losses(d["widths"])


def test_line_fit_robustness_uses_its_signature_defaults():
    d = signature_defaults(experiments.line_fit_robustness)
    sweep = experiments.line_fit_robustness(fractions=(0.0, 0.1), n_seeds=4)
    rng = np.random.default_rng(d["seed"])
    x = np.linspace(0.0, 10.0, d["n"])
    np.testing.assert_array_equal(sweep.x, x)
    y = 2.0 + 0.5 * x + rng.normal(scale=d["noise"], size=(4, d["n"]))
    np.testing.assert_array_equal(sweep.y, y)
    # The order of the outliers: a random permutation of the points per draw.
    order = rng.permuted(np.tile(np.arange(d["n"]), (4, 1)), axis=1)
    np.testing.assert_array_equal(sweep.outlier_order, order)
    assert sweep.offset == d["offset"]
    assert sweep.losses == experiments._default_losses(d["widths"])
    np.testing.assert_array_equal(
        experiments.line_fit_robustness(n_seeds=1).fractions, d["fractions"]
    )


def test_l1_instability_uses_its_signature_defaults():
    d = signature_defaults(experiments.l1_instability)
    # One width keeps it quick; the losses at the default widths come from a run below.
    scan = experiments.l1_instability(grid=5, n_seeds=3, widths=(1.0,))
    rng = np.random.default_rng(d["seed"])
    # "y = 1 + 0.8 x + noise at n uniform points in span; the datum with the largest y slides".
    x = np.sort(rng.uniform(*d["span"], size=(3, d["n"])), axis=1)
    np.testing.assert_array_equal(scan.x, x)
    y = 1.0 + 0.8 * x + rng.normal(scale=d["noise"], size=(3, d["n"]))
    np.testing.assert_array_equal(scan.y, y)
    np.testing.assert_array_equal(scan.moved, np.argmax(y, axis=1))
    np.testing.assert_array_equal(scan.positions, np.linspace(*d["span"], 5))
    assert scan.fine_width == d["fine_width"]
    # A bracket wider than the grid step: no bisection.
    coarse = experiments.l1_instability(grid=2, n_seeds=1, fine_width=20.0)
    assert coarse.losses == experiments._default_losses(d["widths"])


def test_descent_experiments_use_their_signature_defaults():
    d = signature_defaults(experiments.descent_runs)
    runs = experiments.descent_runs()
    assert (runs.start, runs.steps) == (d["start"], d["steps"])
    assert runs.schedules == d["schedules"] == experiments.SCHEDULES
    assert runs.losses == experiments._default_losses(d["widths"])
    for run in runs.runs.values():
        assert run.late == d["late"]
        assert run.trajectory[0] == d["start"]
        assert run.trajectory.shape == (d["steps"] + 1,)
    d = signature_defaults(experiments.schedule_reach)
    reach = experiments.schedule_reach()
    np.testing.assert_array_equal(reach.starts, d["starts"])
    assert reach.steps == d["steps"]
    assert reach.schedules == d["schedules"]
    for schedule in d["schedules"]:
        assert reach.distance(schedule).shape == (d["steps"] + 1, len(d["starts"]))
    # The loss is L1: every step moves by exactly the rate, towards 0, until it crosses it.
    first = reach.trajectories[d["schedules"][0]][1]
    np.testing.assert_allclose(first, np.asarray(d["starts"]) - d["schedules"][0](0), rtol=0)


def test_box_regression_uses_its_signature_defaults():
    # One rate and one loss keep it quick; the data and every other setting are the defaults.
    d = signature_defaults(experiments.box_regression)
    result = experiments.box_regression(rates=(0.25,), losses=(Loss("L2"),))
    assert result.steps == d["steps"]
    rng = np.random.default_rng(d["seed"])
    rng.normal(size=(d["n_seeds"], d["n"], d["features"]))
    true_weights = rng.normal(scale=0.3, size=(d["n_seeds"], d["features"] + 1, 4))
    np.testing.assert_allclose(
        result.start_error, np.sqrt(np.mean(true_weights**2, axis=(1, 2))), rtol=1e-12
    )
    assert experiments.box_regression(n_seeds=1, steps=1).losses == d["losses"]
    np.testing.assert_array_equal(experiments.box_regression(n_seeds=1, steps=1).rates, d["rates"])


def test_width_sweeps_uses_its_signature_defaults():
    # The explorable page runs width_sweeps() with no arguments and glues the counts it
    # computes; the API reference shows the defaults from the signature. The data rebuilt from
    # those, as the docstring describes them: y = 1 + 0.5 x + noise at n evenly spaced x in
    # [0, 10], the last `outliers` points moved by `offset`; 33 widths log-spaced from 0.01 to
    # 100; the curves at `points` residuals.
    from lossdocs import explorable

    d = signature_defaults(explorable.width_sweeps)
    result = explorable.width_sweeps()
    x = np.linspace(0.0, 10.0, d["n"])
    y = 1.0 + 0.5 * x + np.random.default_rng(d["seed"]).normal(scale=d["noise"], size=d["n"])
    is_outlier = np.arange(d["n"]) >= d["n"] - d["outliers"]
    y[is_outlier] += d["offset"]
    np.testing.assert_array_equal(result.x, x)
    np.testing.assert_array_equal(result.is_outlier, is_outlier)
    np.testing.assert_array_equal(result.y, y)
    assert d["widths"] is None
    for sweep in result.sweeps.values():
        np.testing.assert_allclose(sweep.widths, np.logspace(-2.0, 2.0, 33), rtol=1e-15)
        assert sweep.loss.shape == (33, d["points"])
    assert result.residuals.shape == (d["points"],)
