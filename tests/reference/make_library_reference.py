"""Write library_reference.npz: every library call of docs/names.md, evaluated by its library.

The names page states each equivalence as a table row, a library call on the left and a
lossdocs expression on the right (``names_page.py`` reads them). This script evaluates the left
side of every row, as written on the page, with the library itself, over the grid of inputs,
widths, reductions and dtypes that the row uses, and stores the values with their bindings.
``tests/test_names_reference.py`` evaluates the right side against them, so CI checks the page
without installing any of these libraries.

The stored values were made with torch 2.13.0+cpu, jax 0.10.2, optax 0.2.8, keras 3.15.1 (JAX
backend), scikit-learn 1.9.1 and numpy 2.4.6; the versions are also stored in the file
(``versions``). None of them is a dependency of lossdocs: regenerate in a scratch environment,

    python -m venv /tmp/ref && /tmp/ref/bin/pip install numpy scikit-learn jax optax keras \
        torch==2.13.0
    KERAS_BACKEND=jax /tmp/ref/bin/python tests/reference/make_library_reference.py

Two rows of the scikit-learn table are about ``HuberRegressor``, whose objective is not a public
function: its value is taken from scikit-learn's own implementation of the documented objective
(``sklearn.linear_model._huber._huber_loss_and_gradient``, which ``HuberRegressor.fit``
minimises), checked here against the formula of scikit-learn's documentation.
"""

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax

jax.config.update("jax_enable_x64", True)  # float64 where asked; float32 stays float32

import jax.numpy as jnp
import keras
import numpy as np
import optax
import sklearn
import torch
import torch.nn.functional as F
from sklearn.linear_model import HuberRegressor, LinearRegression, QuantileRegressor
from sklearn.linear_model._huber import _huber_loss_and_gradient
from sklearn.metrics import (
    mean_absolute_error,
    mean_pinball_loss,
    mean_squared_error,
)

sys.path.insert(0, str(Path(__file__).parent))
from names_page import CODE, DTYPES, SHAPE, WIDTHS, rows

OUT = Path(__file__).with_name("library_reference.npz")
HUBER_OBJECTIVE = (
    "objective of `HuberRegressor(epsilon=e, alpha=a)` at coefficients `w`, intercept `c`, "
    "scale `s`"
)
HUBER_FIT = "`HuberRegressor(epsilon=e, alpha=a).fit(X, t)`"


def residual_inputs(dtype):
    """Predictions and targets of shape SHAPE: the edges of every width, 1e-4..1e4, and noise."""
    rng = np.random.default_rng(20261127)
    edges = [0.0, 1.0, -1.0]
    for width in WIDTHS:
        edges += [width, -width, np.nextafter(width, 0), np.nextafter(width, 2 * width + 1)]
    magnitudes = np.logspace(-4, 4, 49)
    spread = magnitudes * rng.choice([-1.0, 1.0], size=magnitudes.size)
    size = int(np.prod(SHAPE))
    noise = rng.normal(scale=3.0, size=size - len(edges) - spread.size)
    residual = np.concatenate([edges, spread, noise])
    target = rng.normal(scale=2.0, size=size)
    target[: len(edges)] = 0.0  # keep the edge residuals exact
    order = rng.permutation(size)
    prediction = (residual + target)[order].reshape(SHAPE)
    return prediction.astype(dtype), target[order].reshape(SHAPE).astype(dtype)


def line_data():
    """A noisy line with three gross outliers: 41 points, for the fitted-line rows."""
    rng = np.random.default_rng(7)
    x = np.linspace(-3.0, 5.0, 41)
    t = 2.0 + 0.5 * x + rng.normal(scale=0.4, size=x.size)
    t[[5, 20, 33]] += [25.0, -40.0, 60.0]
    return x, t


def regression_data():
    """Two features and 30 targets with outliers, for HuberRegressor."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(30, 2)) * [1.0, 5.0]
    t = 1.5 + X @ [2.0, -0.3] + rng.normal(scale=0.5, size=30)
    t[[3, 17]] += [30.0, -20.0]
    return X, t


def as_numpy(value):
    if isinstance(value, torch.Tensor):
        return value.detach().numpy()
    return np.asarray(keras.ops.convert_to_numpy(value) if keras.ops.is_tensor(value) else value)


def library_namespace(library, dtype, bind):
    """The names a row's library call may use, with `p` and `t` in the library's own type."""
    keras.config.set_floatx(dtype)  # Keras computes a loss object in floatx
    if library == "PyTorch":
        arrays = {k: torch.tensor(v) for k, v in bind.items() if isinstance(v, np.ndarray)}
        return {"F": F, "nn": torch.nn, **bind, **arrays}
    if library == "Optax":
        arrays = {k: jnp.asarray(v) for k, v in bind.items() if isinstance(v, np.ndarray)}
        return {"optax": optax, **bind, **arrays}
    if library == "Keras":
        return {"keras": keras, **bind}
    return {
        "mean_absolute_error": mean_absolute_error,
        "mean_squared_error": mean_squared_error,
        "mean_pinball_loss": mean_pinball_loss,
        "QuantileRegressor": QuantileRegressor,
        "LinearRegression": LinearRegression,
        **bind,
    }


def documented_huber_objective(X, t, w, c, s, e, a):
    """scikit-learn's documented objective: sum(s + s H_e((t - X w - c) / s)) + a |w|^2."""
    z = (t - X @ w - c) / s
    H = np.where(np.abs(z) < e, z**2, 2 * e * np.abs(z) - e**2)
    return float(np.sum(s + s * H) + a * w @ w)


def sklearn_huber_objective(X, t, w, c, s, e, a):
    value, _ = _huber_loss_and_gradient(np.r_[w, c, s], X, t, e, a, np.ones(t.size))
    documented = documented_huber_objective(X, t, w, c, s, e, a)
    assert np.isclose(value, documented, rtol=1e-12), (value, documented)
    return float(value)


def huber_objective_cases():
    """The objective at the fitted point and at points with scales from 1e-3 to 1e3."""
    X, t = regression_data()
    rng = np.random.default_rng(3)
    for e in (1.0, 1.35, 3.0, 100.0):
        for a in (0.0, 1e-4, 10.0):
            fit = HuberRegressor(epsilon=e, alpha=a, max_iter=1000).fit(X, t)
            points = [(fit.coef_, fit.intercept_, fit.scale_)]
            for s in (1e-3, 0.1, 1.0, 30.0, 1e3):
                points.append((fit.coef_ + rng.normal(scale=0.5, size=2), rng.normal(), s))
            for w, c, s in points:
                bind = {"X": X, "t": t, "w": w, "c": float(c), "s": float(s), "e": e, "a": a}
                bind |= {"f": X @ w + c, "n": t.size}
                yield bind, sklearn_huber_objective(X, t, w, c, s, e, a)


def huber_fit_cases():
    """The page's fit call, evaluated: fitted coefficients, intercept and scale, objective there.

    epsilon > 1 only: at epsilon = 1 the objective's derivative in the scale is
    sum(1 - z_i^2) over the inliers, never negative, so the infimum is at scale 0 (twice the L1
    sum), and scikit-learn stops at a positive scale short of it.
    """
    X, t = regression_data()
    call = CODE.fullmatch(HUBER_FIT).group(1)
    for e in (1.35, 3.0, 10.0):
        for a in (0.0, 1e-4, 10.0):
            fit = eval(call, {"HuberRegressor": HuberRegressor, "X": X, "t": t, "e": e, "a": a})
            w, c, s = fit.coef_, float(fit.intercept_), float(fit.scale_)
            bind = {"X": X, "t": t, "w": w, "c": c, "s": s, "e": e, "a": a}
            yield bind, sklearn_huber_objective(X, t, w, c, s, e, a)


SPECIAL = {
    ("scikit-learn", HUBER_OBJECTIVE): huber_objective_cases,
    ("scikit-learn", HUBER_FIT): huber_fit_cases,
}


def call_cases(row, call):
    """Evaluate one library call of `row` over its grid, in each dtype that applies."""
    if "X" in call:  # a fitted line: float64 data, no grid
        x, t = line_data()
        bind = {"x": x, "X": x[:, None], "t": t}
        yield "float64", bind, eval(call, library_namespace(row.library, "float64", bind))
        return
    for dtype in DTYPES:
        p, t = residual_inputs(dtype)
        for grid in row.grid(call + " " + (row.expression or "")):
            bind = {"p": p, "t": t, **grid}
            yield dtype, bind, eval(call, library_namespace(row.library, dtype, bind))


class Store:
    """Arrays under numbered keys, shared when the same input appears again."""

    def __init__(self):
        self.arrays, self.cases, self._ids = {}, [], {}

    def array(self, value):
        value = np.asarray(value)
        key = (value.dtype.str, value.shape, value.tobytes())
        if key not in self._ids:
            self._ids[key] = f"array/{len(self._ids)}"
            self.arrays[self._ids[key]] = value
        return self._ids[key]

    def binding(self, bind):
        out = {}
        for name, value in bind.items():
            if isinstance(value, np.ndarray):
                out[name] = {"array": self.array(value)}
            else:
                out[name] = value
        return out

    def add(self, row, call, dtype, bind, value):
        value = as_numpy(value)
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{call} is not finite for {bind}")
        self.cases.append(
            {
                "library": row.library,
                "left": row.left,
                "call": call,
                "dtype": dtype,
                "bind": self.binding(bind),
                "value": self.array(value),
            }
        )


def versions():
    return np.array(
        [
            f"torch {torch.__version__}",
            f"jax {jax.__version__}",
            f"optax {optax.__version__}",
            f"keras {keras.__version__} ({keras.backend.backend()} backend)",
            f"scikit-learn {sklearn.__version__}",
            f"numpy {np.__version__}",
        ]
    )


def library_facts():
    """What the page says each library lacks or defaults to, as the libraries report it."""

    return {
        "names/PyTorch": np.array(sorted(n for n in dir(F) if not n.startswith("_"))),
        "names/Optax": np.array(sorted(n for n in dir(optax.losses) if not n.startswith("_"))),
        "names/Keras": np.array(sorted(n for n in dir(keras.losses) if not n.startswith("_"))),
        "names/scikit-learn": np.array(
            sorted(n for n in dir(sklearn.metrics) if not n.startswith("_"))
            + sorted(n for n in dir(sklearn.linear_model) if not n.startswith("_"))
        ),
        "defaults": np.array(
            json.dumps(
                {
                    f"{cls.__name__}.{name}": parameter.default
                    for cls in (QuantileRegressor, HuberRegressor)
                    for name, parameter in inspect.signature(cls).parameters.items()
                    if name in ("alpha", "epsilon", "quantile")
                }
            )
        ),
    }


def main():
    if keras.backend.backend() != "jax":
        raise SystemExit("run with KERAS_BACKEND=jax")
    store = Store()
    for row in rows():
        special = SPECIAL.get((row.library, row.left))
        if special is not None:
            for bind, value in special():
                store.add(row, None, "float64", bind, value)
            continue
        if not row.calls:
            raise SystemExit(f"no way to evaluate the {row.library} row {row.left!r}")
        for call in row.calls:
            for dtype, bind, value in call_cases(row, call):
                store.add(row, call, dtype, bind, value)
    np.savez_compressed(
        OUT,
        versions=versions(),
        cases=np.array(json.dumps(store.cases)),
        **library_facts(),
        **store.arrays,
    )
    print(f"wrote {len(store.cases)} cases, {len(store.arrays)} arrays to {OUT}")
    print("\n".join(versions()))


if __name__ == "__main__":
    main()
