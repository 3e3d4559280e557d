"""Every equivalence of the names page, against values the other libraries computed.

``docs/names.md`` states each equivalence as a table row: a library call, and the lossdocs
expression it equals. ``tests/reference/make_library_reference.py`` evaluated the library side
of every row with PyTorch, Optax, Keras and scikit-learn themselves, and stored the values in
``tests/reference/library_reference.npz``; here the lossdocs side of every row, as written on the
page, is evaluated against them. A row without stored values, or stored values without a row,
fails, so the page cannot state an equivalence that is not checked.
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

import lossdocs
from lossdocs.fitting import best_line

REFERENCE_DIR = Path(__file__).parent / "reference"
_spec = importlib.util.spec_from_file_location("names_page", REFERENCE_DIR / "names_page.py")
names_page = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(names_page)

STORED = np.load(REFERENCE_DIR / "library_reference.npz")
CASES = json.loads(str(STORED["cases"]))
ROWS = names_page.rows()
TOLERANCE = {"float64": 1e-12, "float32": 1e-5}
# Keras on JAX averages in float32 even when floatx is float64 (in keras 3.15.1 its
# ``ops.mean`` computes in ``result_type(dtype, "float32")``, which is float32): its float64
# means agree with float64 arithmetic to about 1e-7, so they are compared to 1e-6.
KERAS_FLOAT64 = 1e-6


def bindings(case):
    bind = {}
    for name, value in case["bind"].items():
        bind[name] = STORED[value["array"]] if isinstance(value, dict) else value
    return bind


def lossdocs_namespace(bind):
    names = {name: getattr(lossdocs, name) for name in lossdocs.__all__}
    return {"np": np, "best_line": best_line, **names, **bind}


def cases_of(row):
    return [case for case in CASES if (case["library"], case["left"]) == (row.library, row.left)]


def huber_objective(params, X, t, e, a):
    """The page's right-hand side for HuberRegressor's objective, at params = (w, c, s)."""
    w, c, s = params[:-2], params[-2], params[-1]
    expression = next(row.expression for row in ROWS if row.left.startswith("objective of"))
    bind = {"w": w, "c": c, "s": s, "e": e, "a": a, "t": t, "f": X @ w + c, "n": t.size}
    return eval(expression, lossdocs_namespace(bind))


def check_huber_fit_minimises_the_objective(case):
    """sklearn's fitted (w, c, s) is where the page's objective is least, over s > 0 too."""
    bind = bindings(case)
    X, t, e, a = bind["X"], bind["t"], bind["e"], bind["a"]
    start = np.r_[bind["w"], bind["c"], bind["s"]]
    at_fit = huber_objective(start, X, t, e, a)
    np.testing.assert_allclose(at_fit, STORED[case["value"]], rtol=1e-12)
    bounds = [(None, None)] * (start.size - 1) + [(1e-12, None)]
    best = minimize(huber_objective, start, args=(X, t, e, a), method="L-BFGS-B", bounds=bounds)
    # The solver does not find a lower value than scikit-learn's fit, beyond its tolerance...
    assert best.fun >= at_fit - 1e-9 * abs(at_fit)
    # ...and finds the same point (the objective is convex in (w, c, s): one minimum).
    np.testing.assert_allclose(best.x, start, rtol=1e-4, atol=1e-4)


# Rows whose right cell is a statement rather than an expression, each with its own check.
STATEMENTS = {
    (
        "scikit-learn",
        "`HuberRegressor(epsilon=e, alpha=a).fit(X, t)`",
        "minimises that objective over `w`, `c` and `s > 0`",
    ): check_huber_fit_minimises_the_objective,
}


def row_cases():
    for row in ROWS:
        check = STATEMENTS.get((row.library, row.left, row.right))
        for index, case in enumerate(cases_of(row)):
            label = case["call"] or row.left
            yield pytest.param(
                row, case, check, id=f"{row.library}:{label}:{case['dtype']}:{index}"
            )


@pytest.mark.parametrize(("row", "case", "check"), list(row_cases()))
def test_row_agrees_with_the_library(row, case, check):
    if check is not None:
        check(case)
        return
    bind = bindings(case)
    value = eval(row.expression, lossdocs_namespace(bind))
    expected = STORED[case["value"]]
    dtype = case["dtype"]
    tolerance = TOLERANCE[dtype]
    if row.library == "Keras" and dtype == "float64":
        tolerance = KERAS_FLOAT64
    if "best_line" in row.expression:  # a fit: scikit-learn's solvers stop at about 1e-9
        tolerance = 1e-7
    assert np.shape(value) == expected.shape
    if "p" in bind and np.ndim(value) > 0 and row.library != "scikit-learn":
        assert np.asarray(value).dtype == np.dtype(
            dtype
        )  # float32 stays float32, as in the library
    np.testing.assert_allclose(value, expected, rtol=tolerance, atol=tolerance)


def test_every_row_of_the_page_is_checked():
    assert {row.library for row in ROWS} == set(names_page.LIBRARIES)
    for row in ROWS:
        assert row.expression or (row.library, row.left, row.right) in STATEMENTS, row
        stored = cases_of(row)
        assert stored, f"no stored values for the {row.library} row {row.left!r}: regenerate"
        if all(case["call"] is None for case in stored):  # computed by the script's own code
            continue
        for call in row.calls:  # every alternative name in the cell, in both dtypes
            dtypes = {case["dtype"] for case in stored if case["call"] == call}
            expected = {"float64"} if "X" in call else set(names_page.DTYPES)
            assert dtypes == expected, f"{call}: stored dtypes {dtypes}"


def test_every_stored_value_belongs_to_a_row_of_the_page():
    on_page = {(row.library, row.left) for row in ROWS}
    stale = {(case["library"], case["left"]) for case in CASES} - on_page
    assert not stale, f"the page no longer states these checked equivalences: {sorted(stale)}"
    assert set(STATEMENTS) <= {(row.library, row.left, row.right) for row in ROWS}


def test_rows_cover_every_width_small_and_large_residuals():
    # Each width row runs at every width of the grid, and the residuals reach both sides of it.
    p, t = (STORED[CASES[0]["bind"][name]["array"]] for name in ("p", "t"))
    residual = np.abs(p.astype(float) - t.astype(float))
    assert residual.min() == 0.0
    for width in names_page.WIDTHS:
        assert (residual < 0.1 * width).any()
        assert (residual > 10 * width).any() or (width >= 1e3 and residual.max() >= 9 * width)
    for row in ROWS:
        for name in ("d", "b"):
            if any(name in case["bind"] for case in cases_of(row)):
                used = {case["bind"][name] for case in cases_of(row)}
                assert used == set(names_page.WIDTHS), row


def test_stored_versions_are_recorded():
    libraries = {entry.split()[0] for entry in STORED["versions"]}
    assert {"torch", "optax", "keras", "scikit-learn", "jax"} <= libraries


def test_a_wrong_factor_on_the_page_would_fail(tmp_path):
    # The check can fail: with Optax's factor 0.5 dropped from the page, its row disagrees.
    edited = tmp_path / "names.md"
    page = names_page.PAGE.read_text(encoding="utf-8")
    right = '`0.5 * mse_loss(p, t, reduction="none")`'
    assert right in page
    edited.write_text(page.replace(right, right.replace("0.5 * ", "")), encoding="utf-8")
    (row,) = [row for row in names_page.rows(edited) if row.left == "`optax.losses.l2_loss(p, t)`"]
    for case in cases_of(row):
        value = eval(row.expression, lossdocs_namespace(bindings(case)))
        assert not np.allclose(value, STORED[case["value"]], rtol=1e-3)


# --- What the page says the libraries lack, or default to, as the libraries reported it. ---


@pytest.mark.parametrize(
    ("library", "lacks"),
    [
        ("Optax", ("l1", "absolute", "smooth_l1")),  # "It has no L1 loss and no Smooth L1"
        ("PyTorch", ("pseudo", "charbonnier", "barron")),
        ("Keras", ("pseudo", "charbonnier", "barron")),
        ("scikit-learn", ("pseudo", "charbonnier", "barron")),
    ],
)
def test_what_a_library_does_not_have(library, lacks):
    names = [str(name).lower() for name in STORED[f"names/{library}"]]
    assert len(names) > 10  # the list is the library's, not empty
    assert not [name for name in names if any(word in name for word in lacks)]


def test_quantile_regressor_penalty_defaults_to_one():
    # "an L1 penalty of weight alpha (1 by default, hence alpha=0)"
    defaults = json.loads(str(STORED["defaults"]))
    assert defaults["QuantileRegressor.alpha"] == 1.0
    assert "(1 by default, hence `alpha=0`)" in names_page.PAGE.read_text(encoding="utf-8")
