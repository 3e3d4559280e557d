"""Write torch_reference.npz: PyTorch's values and gradients for the four losses.

Run by hand with ``torch==2.13.0`` installed (PyTorch is not a dependency of lossdocs):
``python tests/reference/make_torch_reference.py``. The tests compare lossdocs against the
stored arrays, so CI checks agreement with PyTorch without installing it.
"""

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

WIDTHS = (0.0, 1.0 / 9.0, 0.5, 1.0, 2.0)
REDUCTIONS = ("none", "mean", "sum")


def residuals(dtype):
    """Random residuals plus the edges: 0, +-1, +-each width, and just either side of them."""
    rng = np.random.default_rng(20261126)
    edges = [0.0, 1.0, -1.0]
    for width in WIDTHS:
        edges += [width, -width, np.nextafter(width, 0), np.nextafter(width, 2 * width + 1)]
    values = np.concatenate([np.array(edges), rng.normal(scale=3.0, size=64)])
    target = rng.normal(size=values.size)
    target[: len(edges)] = 0.0  # keep the edge residuals exact
    return (values + target).astype(dtype), target.astype(dtype)


def torch_value_and_grad(function, input, target, reduction, **kwargs):
    input_tensor = torch.tensor(input, requires_grad=True)
    value = function(input_tensor, torch.tensor(target), reduction=reduction, **kwargs)
    value.backward(torch.ones_like(value))
    return value.detach().numpy(), input_tensor.grad.numpy()


def main():
    arrays = {}
    for dtype in ("float64", "float32"):
        input, target = residuals(dtype)
        arrays[f"{dtype}/input"], arrays[f"{dtype}/target"] = input, target
        for reduction in REDUCTIONS:
            cases = [("l1_loss", F.l1_loss, {}), ("mse_loss", F.mse_loss, {})]
            for width in WIDTHS:
                cases.append((f"smooth_l1_loss/beta={width!r}", F.smooth_l1_loss, {"beta": width}))
                if width > 0:
                    cases.append((f"huber_loss/delta={width!r}", F.huber_loss, {"delta": width}))
            for key, function, kwargs in cases:
                value, grad = torch_value_and_grad(function, input, target, reduction, **kwargs)
                arrays[f"{dtype}/{reduction}/{key}/value"] = value
                arrays[f"{dtype}/{reduction}/{key}/grad"] = grad
    path = Path(__file__).with_name("torch_reference.npz")
    np.savez_compressed(path, torch_version=np.array(torch.__version__), **arrays)
    print(f"wrote {len(arrays)} arrays from torch {torch.__version__} to {path}")


if __name__ == "__main__":
    main()
