"""The family table's verdicts, against closed forms and a direct search of the summed loss."""

import numpy as np
import pytest

from lossdocs import family
from lossdocs.catalog import LOSSES, ROBUST_FAMILY
from lossdocs.family import SAMPLE, family_table, summed_loss_minima
from lossdocs.properties import classify

REDESCENDING = ("Cauchy (α = 0)", "Geman-McClure (α = −2)", "Welsch (α = −∞)")


def test_family_table_verdicts():
    table = family_table()
    for name in ("L1", "L2", "Smooth L1", "Huber", "Pseudo-Huber", "log-cosh"):
        assert table.cell(name, "convexity")[1] == "convex", name
        assert table.cell(name, "local minima") == (1.0, "one"), name
    for name in REDESCENDING:
        assert table.cell(name, "convexity")[1] == "not convex", name
        assert table.cell(name, "influence")[1] == "redescending", name
        # Two local minima, but one global minimiser.
        assert table.cell(name, "local minima") == (2.0, "several"), name
        assert table.cell(name, "unique global minimiser") == (0.0, "unique"), name
    assert table.cell("L2", "influence") == (1.0, "unbounded")
    # L1: the median of ten points is the interval between the 5th and 6th, 0.3 to 0.5.
    assert table.cell("L1", "unique global minimiser")[0] == pytest.approx(0.2)
    assert table.cell("L1", "unique global minimiser")[1] == "not unique"
    # Geman-McClure's least curvature, by hand: rho = 2x^2/(x^2+4), rho'' = 16(4-3x^2)/(x^2+4)^3,
    # smallest at x^2 = 4: -0.25; psi(1) = 16/25, so -0.25 / 0.64 = -0.390625.
    assert table.cell("Geman-McClure (α = −2)", "convexity")[0] == pytest.approx(-0.391, abs=1e-3)
    for name in ("Smooth L1", "Huber"):
        assert table.cell(name, "smoothness")[1] == "C¹"


@pytest.mark.parametrize(
    ("name", "expected"),
    # The numbers, for the page's data: summed losses at the two minima.
    [(REDESCENDING[0], (14.22, 20.75)), (REDESCENDING[1], (7.86, 11.38)),
     (REDESCENDING[2], (4.33, 6.10))],
)  # fmt: skip
def test_two_minima_one_lower(name, expected):
    minima, lower, upper = summed_loss_minima(ROBUST_FAMILY[name])
    assert [round(total, 2) for _, total in minima] == list(expected)
    assert lower == upper == minima[0][0]
    # Each minimum is a minimum of a finer search in its neighbourhood (independent of the grid).
    spec = ROBUST_FAMILY[name]
    for constant, total in minima:
        near = np.linspace(constant - 0.01, constant + 0.01, 2001)
        totals = spec.of_residual(near[:, None] - SAMPLE[None, :]).sum(axis=1)
        assert totals.min() == pytest.approx(total, abs=1e-5)


def test_no_numerical_zero_is_shown_as_a_number():
    table = family_table()
    for cells in table.rows.values():
        for value, _ in cells:
            assert value == 0 or abs(value) >= 1e-3 or np.isinf(value)
    assert "e-" not in str(table)


def test_catalog_smoothness_matches_the_derivatives():
    # C1: psi continuous but its slope jumps at the width; C0: psi itself jumps at 0.
    for name, spec in {**LOSSES, **ROBUST_FAMILY}.items():
        eps = 1e-7 * spec.scale
        w = spec.scale
        psi = spec.grad_of_residual([-eps, eps, w - 2 * eps, w - eps, w + eps, w + 2 * eps])
        psi_jump = abs(psi[1] - psi[0])
        slope_jump = abs((psi[5] - psi[4]) - (psi[3] - psi[2])) / eps
        stated = spec.smoothness
        assert (psi_jump > 0.5) == (stated == "C0"), name
        assert (slope_jump > 0.5) == (stated == "C1"), name
    assert family.COLUMNS[-1] == "smoothness"


# Survivors of mutation testing (reports/mutation.md).


def test_minima_of_the_mirrored_sample_are_the_mirrored_minima_lowest_first():
    # rho is even, so sum rho(c - x) over -SAMPLE at -c equals the sum over SAMPLE at c: the
    # minima move to -c with the same totals, and stay listed lowest first (the lower one is
    # now the larger constant, near 0, not near -8).
    spec = ROBUST_FAMILY["Cauchy (α = 0)"]
    minima, _, _ = summed_loss_minima(spec)
    mirrored, _, _ = summed_loss_minima(spec, -SAMPLE)
    assert len(mirrored) == len(minima) == 2
    for (c, total), (m, mirrored_total) in zip(minima, mirrored, strict=True):
        assert m == pytest.approx(-c, abs=2e-3)
        assert mirrored_total == pytest.approx(total, rel=1e-6)
    assert mirrored[0][1] < mirrored[1][1]
    assert mirrored[0][0] > mirrored[1][0]


def test_a_flat_l1_minimum_far_from_zero_counts_once():
    # Four points at 1e5 + (0, 1, 3, 4): sum |c - x| is flat (= 6) on [1e5 + 1, 1e5 + 3] by
    # hand. Rounding in sums near 1e5 must not split the flat stretch into many minima.
    sample = 1e5 + np.array([0.0, 1.0, 3.0, 4.0])
    minima, lower, upper = summed_loss_minima(LOSSES["L1"], sample)
    assert len(minima) == 1
    assert minima[0][0] == pytest.approx(1e5 + 2, abs=1e-3)
    assert minima[0][1] == pytest.approx(6.0, abs=1e-6)
    assert (lower, upper) == (1e5 + 1, 1e5 + 3)


def test_clean_turns_a_rounded_negative_zero_into_zero():
    # A width of -3e-11 (a measured zero) reads 0.0, not -0.0.
    value = family._clean(-3e-11)
    assert value == 0.0
    assert np.copysign(1.0, value) == 1.0


def test_a_table_renders_as_the_documented_text_and_html():
    # Two rows, two columns: text rows right-aligned to the longest name, cells "value
    # (verdict)" with 3 significant digits, joined by " | "; HTML with a header row, the
    # verdict over the value, and the notes as a list (written out by hand).
    from lossdocs.tables import Table

    table = Table(
        ["convex", "influence"],
        {
            "L1": [(0.0, "convex"), (0.0, "bounded")],
            "Huber": [(0.0, "convex"), (1.23456, "bounded")],
        },
        notes=["a note", "another"],
    )
    assert str(table) == (
        "      | convex | influence\n"
        "   L1 | 0 (convex) | 0 (bounded)\n"
        "Huber | 0 (convex) | 1.23 (bounded)"
    )
    assert table._repr_html_() == (
        '<table class="lossdocs-table"><thead><tr><th>loss</th><th>convex</th>'
        "<th>influence</th></tr></thead><tbody>"
        "<tr><th>L1</th><td>convex<br><small>0</small></td>"
        "<td>bounded<br><small>0</small></td></tr>"
        "<tr><th>Huber</th><td>convex<br><small>0</small></td>"
        "<td>bounded<br><small>1.23</small></td></tr>"
        "</tbody></table><ul><li>a note</li><li>another</li></ul>"
    )


def test_family_table_influence_and_notes_as_documented(monkeypatch):
    # The docstring's columns: influence unbounded for L2 (p = 1), bounded for the other
    # convex losses (p = 0), redescending for the three others; one note per column, in the
    # columns' order, each translated in the Chinese edition (say raises KeyError otherwise).
    table = family_table()
    assert table.cell("L2", "influence") == (1.0, "unbounded")
    for name in ("L1", "Smooth L1", "Huber", "Pseudo-Huber", "log-cosh"):
        assert table.cell(name, "influence") == (0.0, "bounded"), name
    assert [note.split(":")[0] for note in table.notes] == [
        "convexity",
        "influence",
        "local minima",
        "unique global minimiser",
        "smoothness",
    ]
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "zh_CN")
    chinese = family_table()
    assert len(chinese.notes) == 5
    for english, translated in zip(table.notes, chinese.notes, strict=True):
        assert translated != english


def test_a_flat_l1_minimum_of_a_thousand_points_counts_once():
    # 250 points at each of 0.1, 0.7, 3.3 and 3.9: for c in [0.7, 3.3] the summed L1 loss is
    # 250 ((c - 0.1) + (c - 0.7) + (3.3 - c) + (3.9 - c)) = 250 * 6.4 = 1600 (by hand), flat.
    # Summing a thousand terms leaves a few 1e-13 of rounding that varies along the flat
    # stretch; ties are judged relative to the size of the totals (1e-9 of the largest, about
    # 3400 here), so the stretch stays one minimum, not hundreds.
    sample = np.repeat([0.1, 0.7, 3.3, 3.9], 250)
    minima, lower, upper = summed_loss_minima(LOSSES["L1"], sample)
    assert len(minima) == 1
    assert minima[0][0] == pytest.approx(2.0, abs=1e-3)
    assert minima[0][1] == pytest.approx(1600.0, rel=1e-12)
    assert (lower, upper) == pytest.approx((0.7, 3.3), abs=1e-12)


def test_family_table_shows_each_least_curvature_as_measured_rounded_once():
    # The convexity number is the least curvature that classify measures, which the table
    # shows to three significant digits. The closed forms at scale 1, by hand, with the
    # curvature divided by psi(1):
    # - Cauchy: rho = log(1 + x^2 / 2), rho'' = (4 - 2 x^2) / (x^2 + 2)^2, least at x^2 = 6:
    #   -8 / 64 = -1/8; psi(1) = 2/3, so -3/16.
    # - Geman-McClure: -1/4 at x^2 = 4, psi(1) = 16/25: -25/64 (test_family_table_verdicts).
    # - Welsch: rho = 1 - exp(-x^2 / 2), rho'' = (1 - x^2) exp(-x^2 / 2), least at x^2 = 3:
    #   -2 exp(-3/2); psi(1) = exp(-1/2), so -2/e.
    # - L2: 2 / 2 = 1. L1, Smooth L1, Huber: 0 beyond the width. Pseudo-Huber: rho'' =
    #   (1 + x^2)^(-3/2) is least at the grid's end, x = 1000, about 1e-9, times sqrt(2);
    #   log-cosh: sech(1000)^2 = 0 in floating point.
    # The grid's secants are within 2e-5 of each. Cauchy's, -0.1874995..., lies just short
    # of the half-way point -0.1875: rounded once it reads -0.187; rounded first to 4 or 6
    # decimals (-0.1875) it would read -0.188, a digit the measurement does not give.
    closed = {
        "L1": 0.0,
        "L2": 1.0,
        "Smooth L1": 0.0,
        "Huber": 0.0,
        "Pseudo-Huber": (1 + 1e6) ** -1.5 * np.sqrt(2),
        "log-cosh": 0.0,
        "Cauchy (α = 0)": -3 / 16,
        "Geman-McClure (α = −2)": -25 / 64,
        "Welsch (α = −∞)": -2 / np.e,
    }
    table = family_table()
    text = str(table)
    for name, spec in {**LOSSES, **ROBUST_FAMILY}.items():
        measured = classify(spec).least_curvature
        assert measured == pytest.approx(closed[name], abs=2e-5), name
        shown = f"{measured:.3g}" if abs(measured) >= 1e-3 else "0"  # 1e-9: a numerical zero
        value, verdict = table.cell(name, "convexity")
        assert f"{value:.3g}" == shown, name
        assert f"{name} | {shown} ({verdict})" in text
