"""The property classifier against the known answers, over shapes and widths 1e-3 to 1e3."""

import dataclasses
import math
from functools import partial

import pytest

import lossdocs
from lossdocs.catalog import LOSSES, ROBUST_FAMILY, LossSpec
from lossdocs.properties import classify, closed_form_convex

WIDTHS = [1e-3, 1e-2, 0.1, 1.0, 7.1, 10.0, 20.0, 100.0, 1e3]


def spec(function, **kwargs):
    grad = getattr(lossdocs, f"{function}_grad")
    return LossSpec(function, getattr(lossdocs, function), grad, "k", "-", kwargs)


# Known answers, from the closed forms: Barron's psi grows like |x|^(alpha - 1) (see
# general_loss), so bounded iff alpha <= 1 and redescending iff alpha < 1; rho'' >= 0 everywhere
# iff alpha >= 1 (lossdocs.properties.closed_form_convex derives it); psi(x) ~ x / c^2 near 0.
ALPHAS = [-math.inf, -2.0, -1.0, 0.0, 0.5, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0]


@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_general_loss_classified_by_its_closed_form(alpha, scale):
    found = classify(spec("general_loss", alpha=alpha, scale=scale))
    assert found.bounded == (alpha <= 1)
    assert found.redescending == (alpha < 1)
    assert found.convex == (alpha >= 1)
    assert found.vanishes_at_zero
    if alpha != -math.inf:
        assert found.tail_exponent == pytest.approx(alpha - 1, abs=1e-6)
    # The measured curvature agrees with the closed form, not only the stated verdict.
    assert (found.least_curvature > -1e-9) == (alpha >= 1)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("function", "argument"),
    [("huber_loss", "delta"), ("smooth_l1_loss", "beta"), ("pseudo_huber_loss", "delta")],
)
def test_huber_like_losses_are_bounded_convex_and_vanish_at_zero(function, argument, width):
    found = classify(spec(function, **{argument: width}))
    assert (found.bounded, found.redescending, found.convex, found.vanishes_at_zero) == (
        True, False, True, True,
    )  # fmt: skip
    assert found.least_curvature > -1e-9
    assert found.zero_exponent == pytest.approx(1.0, abs=1e-6)
    # psi(1e-6 c) / psi(c): 1e-6 for Huber and Smooth L1 (psi(c) = c, 1), and
    # 1e-6 * sqrt(2) for pseudo-Huber (psi(c) = c / sqrt(2)).
    expected = 1e-6 * (math.sqrt(2) if function == "pseudo_huber_loss" else 1.0)
    assert found.zero_ratio == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("alpha", [0.0, -2.0, -math.inf])
def test_redescending_members_at_every_width(alpha, width):
    # Cauchy, Geman-McClure and Welsch: the cases the old rule got wrong at c >= 7.1 and 10.
    found = classify(spec("general_loss", alpha=alpha, scale=width))
    assert found.redescending
    assert found.bounded
    assert not found.convex
    assert found.least_curvature < -0.01
    assert found.vanishes_at_zero


def test_geman_mcclure_least_curvature_by_hand():
    # rho = 2x^2/(x^2+4), rho'' = 16(4-3x^2)/(x^2+4)^3, smallest at x^2 = 4: -8 * 16 / 512 = -0.25;
    # psi(1) = 16 / 25. The classifier reports rho''_min * c / psi(c), the same at every c.
    for width in (1e-3, 1.0, 1e3):
        found = classify(spec("general_loss", alpha=-2.0, scale=width))
        assert found.least_curvature == pytest.approx(-0.25 / 0.64, rel=1e-4)


def test_l1_l2_and_log_cosh():
    l1, l2, log_cosh = (classify(LOSSES["L1"]), classify(LOSSES["L2"]),
                        classify(ROBUST_FAMILY["log-cosh"]))  # fmt: skip
    assert (l1.bounded, l1.redescending, l1.convex, l1.vanishes_at_zero) == (
        True, False, True, False,
    )  # fmt: skip
    assert l1.zero_exponent == 0.0
    assert l1.zero_ratio == 1.0
    assert (l2.bounded, l2.convex, l2.vanishes_at_zero) == (False, True, True)
    assert l2.tail_exponent == pytest.approx(1.0)
    assert (log_cosh.bounded, log_cosh.redescending, log_cosh.convex) == (True, False, True)


def test_smooth_l1_with_beta_zero_is_classified_as_l1():
    # beta = 0 has no width to probe at; the probes fall back to multiples of 1.
    found = classify(spec("smooth_l1_loss", beta=0.0))
    assert found == dataclasses.replace(classify(LOSSES["L1"]), name="smooth_l1_loss")


def test_catalog_statements_match_the_measurements():
    for name, entry in {**LOSSES, **ROBUST_FAMILY}.items():
        found = classify(entry)
        assert entry.convex == found.convex == (found.least_curvature > -1e-9), name


# Survivors of mutation testing (reports/mutation.md).


@pytest.mark.parametrize("width", [1e-6, 1e6])
@pytest.mark.parametrize(
    ("function", "argument"), [("huber_loss", "delta"), ("pseudo_huber_loss", "delta")]
)
def test_far_widths_give_the_same_verdicts_as_width_one(function, argument, width):
    # Every probe is a multiple of the width, so the verdicts and the unitless measurements
    # are those at width 1: psi ~ r near 0 (exponent 1), a constant psi far out (exponent 0).
    found = classify(spec(function, **{argument: width}))
    at_one = classify(spec(function, **{argument: 1.0}))
    assert found.scale == width
    assert found.zero_exponent == pytest.approx(1.0, abs=1e-6)
    assert found.tail_exponent == pytest.approx(at_one.tail_exponent, abs=1e-6)
    assert found.zero_ratio == pytest.approx(at_one.zero_ratio, rel=1e-6)
    assert (found.bounded, found.convex, found.vanishes_at_zero) == (True, True, True)


def test_convexity_comes_from_the_closed_form_where_the_grid_cannot_see_it():
    # Barron's rho'' = c^-2 (1 + z)^(alpha/2 - 2) (1 + (alpha - 1) z), z = (x/c)^2 / |alpha - 2|,
    # turns negative only for z > 1 / (1 - alpha) = 1e7 at alpha = 1 - 1e-7, that is
    # |x| > sqrt(1e7 * (1 + 1e-7)) c = 3162 c: beyond the grid (up to 1e3 c), where the
    # measured curvature stays positive. The closed form says not convex, and is used.
    found = classify(spec("general_loss", alpha=1 - 1e-7))
    assert found.least_curvature > 0
    assert found.convex is False
    assert found.convex_from_closed_form is True


def test_a_loss_the_closed_form_does_not_know_is_measured():
    # functools.partial hides which function it is: convexity comes from the curvature on the
    # grid (Huber: 0 beyond delta, convex; Cauchy: rho'' < 0 for |x| > c, not convex).
    huber = LossSpec(
        "h", partial(lossdocs.huber_loss), partial(lossdocs.huber_loss_grad), "k", "-"
    )
    cauchy = LossSpec(
        "c",
        partial(lossdocs.general_loss, alpha=0.0),
        partial(lossdocs.general_loss_grad, alpha=0.0),
        "k",
        "-",
    )
    assert closed_form_convex(huber) is None
    assert closed_form_convex(cauchy) is None
    found_huber, found_cauchy = classify(huber), classify(cauchy)
    assert (found_huber.convex, found_huber.convex_from_closed_form) == (True, False)
    assert (found_cauchy.convex, found_cauchy.convex_from_closed_form) == (False, False)
    for name in [*LOSSES, *ROBUST_FAMILY]:
        assert classify({**LOSSES, **ROBUST_FAMILY}[name]).convex_from_closed_form is True


def test_the_general_loss_without_alpha_is_classified_at_its_default_alpha_one():
    # general_loss's alpha defaults to 1 (pseudo-Huber-like): convex by the closed form.
    found = LossSpec("default", lossdocs.general_loss, lossdocs.general_loss_grad, "k", "-")
    assert closed_form_convex(found) is True
    assert closed_form_convex(spec("general_loss", alpha=0.5)) is False
