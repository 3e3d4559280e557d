"""Time every core loss and gradient against a one-pass numpy floor and PyTorch at one thread.

For 10**7 and 10**5 elements, float64 and float32: each loss (L1, MSE, Smooth L1, Huber) with
reduction "mean", "sum" and "none", and each ``*_grad`` (against ``torch.autograd.grad`` of the
mean loss). Prints, and writes to ``benchmarks/results.md``: the best time, its ratio to
PyTorch (goal at 10**7: <= 1.0) and to one ``np.subtract(a, b)`` (goal at 10**5: <= 4 passes),
and the peak memory one call allocates (tracemalloc), in blocks of lossdocs._blocks.BLOCK
elements beyond the returned array (goal: bounded by a few blocks, whatever the size).
"""

import argparse
import functools
import os
import platform
import time
import timeit
import tracemalloc
from pathlib import Path

import numpy as np

import lossdocs
from lossdocs._blocks import BLOCK

LOSSES = {
    "l1_loss": {},
    "mse_loss": {},
    "smooth_l1_loss": {"beta": 1.0},
    "huber_loss": {"delta": 1.0},
}
REDUCTIONS = ("mean", "sum", "none")
TORCH_GOAL = 1.0  # at the large size: at most PyTorch's time
FLOOR_GOAL = 4.0  # at the small size: at most four np.subtract passes
# Peak memory beyond the returned array, in blocks: the residual, a scratch and a values block,
# and for float32 the float64 accumulator of np.add.reduce (two float32 blocks).
BLOCKS_GOAL = 5
RESULTS = Path(__file__).with_name("results.md")


def best_times(functions, repeat, number):
    """Best CPU seconds per call of each function, interleaved so that noise hits all alike.

    CPU time of this process (``time.process_time``) rather than wall time: on a machine shared
    with other jobs it leaves out the time spent waiting for a core.
    """
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            seconds = timeit.timeit(function, number=number, timer=time.process_time) / number
            best[index] = min(best[index], seconds)
    return best


def extra_blocks(function, itemsize):
    """Peak memory one call allocates beyond the array it returns, in blocks of BLOCK items."""
    tracemalloc.start()
    result = function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    returned = result.nbytes if isinstance(result, np.ndarray) and result.ndim else 0
    return max(peak - returned, 0) / (BLOCK * itemsize)


def import_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def cases(torch, input, target):
    """(name, reduction, lossdocs call, PyTorch call or None) for every loss and gradient."""
    if torch is not None:
        import torch.nn.functional as F

        input_t, target_t = torch.from_numpy(input), torch.from_numpy(target)
        leaf = input_t.clone().requires_grad_(True)

        def torch_grad(loss, **kwargs):
            return torch.autograd.grad(loss(leaf, target_t, reduction="mean", **kwargs), leaf)

    for name, kwargs in LOSSES.items():
        for reduction in REDUCTIONS:
            ours = functools.partial(getattr(lossdocs, name), input, target, reduction, **kwargs)
            theirs = None
            if torch is not None:
                theirs = functools.partial(
                    getattr(F, name), input_t, target_t, reduction=reduction, **kwargs
                )
            yield name, reduction, ours, theirs
    for name, kwargs in LOSSES.items():
        ours = functools.partial(getattr(lossdocs, f"{name}_grad"), input, target, **kwargs)
        theirs = None
        if torch is not None:
            theirs = functools.partial(torch_grad, getattr(F, name), **kwargs)
        yield f"{name}_grad", "mean", ours, theirs


def summary_table(by_case):
    """The ratio each goal is about, one row per function and reduction, one column per run."""
    columns = list(next(iter(by_case.values())))
    header = ["function", "reduction", *columns]
    lines = ["| " + " | ".join(header) + " |", "|---|---|" + "---:|" * len(columns)]
    for (name, reduction), ratios in by_case.items():
        cells = [f"{ratios[column]:.2f}" for column in columns]
        lines.append("| " + " | ".join([name, reduction, *cells]) + " |")
    return lines


def machine():
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores (nproc), {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**7, 10**5])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    torch = import_torch()
    versions = f"numpy {np.__version__}" + (
        "" if torch is None else f", torch {torch.__version__} at {torch.get_num_threads()} thread"
    )
    lines = [
        (
            f"Machine: {machine()}. {versions}. Best CPU time of {args.repeat} repeats, "
            f"block = {BLOCK} elements."
        ),
        "",
        (
            "| n | dtype | function | reduction | lossdocs µs | x torch | x np.subtract "
            "| extra blocks | goal |"
        ),
        "|---:|---|---|---|---:|---:|---:|---:|---|",
    ]
    print(lines[0])
    if torch is None:
        print("torch is not importable: the PyTorch column is empty (LOSSDOCS_BENCH_TORCH=1).")
    worst = {}
    by_case = {}  # (function, reduction) -> {column: the ratio its goal is about}
    rng = np.random.default_rng(0)
    for size in args.sizes:
        number = max(1, 10**6 // size)  # calls per timing: about 10**6 elements
        for dtype in (np.float64, np.float32):
            input, target = rng.normal(size=(2, size)).astype(dtype)
            (floor,) = best_times(
                [lambda i=input, t=target: np.subtract(i, t)], 3 * args.repeat, number
            )
            for name, reduction, ours, theirs in cases(torch, input, target):
                pair = [ours] if theirs is None else [ours, theirs]
                seconds, *reference = best_times(pair, args.repeat, number)
                blocks = extra_blocks(ours, input.itemsize)
                x_torch = seconds / reference[0] if reference else float("nan")
                x_floor = seconds / floor
                large = size >= 10**6
                ratio, goal = (x_torch, TORCH_GOAL) if large else (x_floor, FLOOR_GOAL)
                verdict = "met" if ratio <= goal and blocks <= BLOCKS_GOAL else "MISSED"
                if large and not reference:
                    verdict = "n/a"
                key = ("x torch" if large else "x np.subtract", size, np.dtype(dtype).name)
                worst[key] = max(worst.get(key, 0.0), ratio)
                column = f"{size:.0e} {np.dtype(dtype).name}, {key[0]}"
                by_case.setdefault((name, reduction), {})[column] = ratio
                row = (
                    f"| {size:.0e} | {np.dtype(dtype).name} | {name} | {reduction} "
                    f"| {seconds * 1e6:,.0f} | {x_torch:.2f} | {x_floor:.2f} | {blocks:.1f} "
                    f"| {verdict} |"
                )
                lines.append(row)
                print(row, flush=True)
    lines.extend(["", *summary_table(by_case), ""])
    for (what, size, dtype), ratio in worst.items():
        goal = TORCH_GOAL if what == "x torch" else FLOOR_GOAL
        summary = f"Worst {what} at n = {size:.0e}, {dtype}: {ratio:.2f} (goal <= {goal})."
        lines.append(f"- {summary}")
        print(summary)
    args.output.write_text("\n".join(lines) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
