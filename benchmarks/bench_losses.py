"""Time each lossdocs loss (reduction="mean", 10**7 float64) against numpy and PyTorch.

Prints, per loss: lossdocs' best time, a one-pass numpy floor (``np.subtract(a, b)``), and
PyTorch's CPU kernel at one thread when torch is importable, with the ratios. The goal is every
loss within 1.5x of PyTorch, with at most two input-sized temporaries (checked with tracemalloc).
"""

import argparse
import functools
import timeit
import tracemalloc

import numpy as np

import lossdocs

LOSSES = {
    "l1_loss": {},
    "mse_loss": {},
    "smooth_l1_loss": {"beta": 1.0},
    "huber_loss": {"delta": 1.0},
}
GOAL = 1.5


def best_time(function, repeat):
    return min(timeit.repeat(function, number=1, repeat=repeat))


def temporaries(function, nbytes):
    """Peak memory allocated during one call, in input-sized arrays."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / nbytes


def torch_functions():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None, None
    torch.set_num_threads(1)
    return torch, F


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10**7)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    input, target = rng.normal(size=(2, args.size))
    floor = best_time(lambda: np.subtract(input, target), args.repeat)
    torch, F = torch_functions()
    if torch is None:
        print("torch is not importable: PyTorch columns are skipped (see README, nox -s bench).")
    else:
        input_t, target_t = torch.from_numpy(input), torch.from_numpy(target)
        print(f"torch {torch.__version__}, {torch.get_num_threads()} thread")
    print(f"numpy {np.__version__}; n = {args.size:,} float64; best of {args.repeat}")
    header = f"{'loss':>15} {'lossdocs ms':>12} {'floor ms':>9} {'x floor':>8} {'temps':>6}"
    if torch is not None:
        header += f" {'torch ms':>9} {'x torch':>8} {'goal':>6}"
    print(header)
    worst = 0.0
    for name, kwargs in LOSSES.items():
        ours = functools.partial(getattr(lossdocs, name), input, target, **kwargs)
        seconds = best_time(ours, args.repeat)
        temps = temporaries(ours, input.nbytes)
        row = (
            f"{name:>15} {seconds * 1e3:12.1f} {floor * 1e3:9.1f} {seconds / floor:8.2f}"
            f" {temps:6.2f}"
        )
        if torch is not None:
            theirs = functools.partial(getattr(F, name), input_t, target_t, **kwargs)
            reference = best_time(theirs, args.repeat)
            ratio = seconds / reference
            worst = max(worst, ratio)
            verdict = "met" if ratio <= GOAL else "MISSED"
            row += f" {reference * 1e3:9.1f} {ratio:8.2f} {verdict:>6}"
        print(row)
    if torch is not None:
        print(f"worst lossdocs / torch ratio: {worst:.2f} (goal <= {GOAL})")


if __name__ == "__main__":
    main()
