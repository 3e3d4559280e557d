"""
Gradient descent with a fixed and a decaying learning rate
==========================================================

The article argues (and refers to a figure it does not contain) that with a fixed learning
rate L1 keeps overshooting the optimum, because its gradient has the same size however small
the error, while L2's gradient shrinks near the optimum so that it settles; that L2's steps
are huge when the error is large; and that a learning rate that decays fixes L1. This page
runs gradient descent on one residual, starting at an error of 5, and shows the missing
figure; then it checks under which condition a decaying rate really fixes L1. No randomness
is involved: one run says all.
"""

# %%
# The runs
# --------
# :func:`lossdocs.experiments.descent_runs` minimises each loss of a single residual (the
# optimum is 0) under three learning-rate schedules
# (:class:`lossdocs.experiments.Schedule`): fixed at 0.3, fixed at 1.05, and 0.3 shrinking
# by 5% a step.
import matplotlib.pyplot as plt
import numpy as np

from lossdocs.experiments import (
    FIXED_LARGE,
    FIXED_SMALL,
    GEOMETRIC,
    INVERSE_SQRT,
    Loss,
    descent_runs,
    schedule_reach,
)
from lossdocs.words import fill, pad, say

runs = descent_runs()
print(
    f"{pad(say('loss'), 17)} {pad(say('schedule'), 14)}"
    f" {pad(say('first step'), 11)}"
    f" {pad(say('final error'), 12)} {pad(say('largest, last 20'), 17)}"
)
for (loss, schedule), run in runs.runs.items():
    print(
        f"{loss.label:>17} {schedule.label:>14} {run.first_step:11.3g}"
        f" {run.final_error:12.3g} {run.late_amplitude:17.3g}"
    )

# %%
# The trajectories
# ----------------
# Each panel shows the distance to the optimum, :math:`|x_t|`, on a log scale. Huber with
# :math:`\delta = 1` follows exactly the same path as Smooth L1 with :math:`\beta = 1`
# (its gradient is identical), so it is not drawn. Distances below 1e-12 are drawn at
# 1e-12. The legend sits under the panels, clear of the curves.
drawn = [Loss("L1"), Loss("L2"), Loss("Smooth L1")]
floor = 1e-12
top = 10 * max(np.abs(run.trajectory).max() for run in runs.runs.values())
fig, axes = plt.subplots(1, 3, figsize=(12, 4.4), sharey=True)
for ax, schedule in zip(axes, runs.schedules, strict=True):
    for loss in drawn:
        run = runs.run(loss, schedule)
        ax.semilogy(
            np.maximum(np.abs(run.trajectory), floor),
            color=loss.spec.color,
            linestyle=loss.spec.linestyle,
            linewidth=2,
            label=loss.label,
        )
    ax.set(
        xlabel=say("step"),
        title=say("learning rate: {label}", label=schedule.label),
        ylim=(floor / 2, top),
    )
    ax.grid(alpha=0.3)
axes[0].set_ylabel(say("distance to the optimum |x|"))
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncols=3)
fig.suptitle(
    say(
        "Gradient descent from an error of {start:g} under each loss",
        start=runs.start,
    )
)
fig.tight_layout(rect=(0, 0.08, 1, 1))
plt.show()

# %%
# When does a decaying rate fix L1?
# ---------------------------------
# L1's gradient has size 1, so under rates :math:`r_t` the parameter moves by at most
# :math:`\sum_t r_t` in total. The geometric schedule's rates sum to a finite amount; from
# a start further away than that, L1 stops short however long it runs. Rates that go to
# zero *and* sum to infinity, such as :math:`0.3/\sqrt{t+1}`, reach any start given enough
# steps, and then close in because the steps shrink.
# :func:`lossdocs.experiments.schedule_reach` runs L1 from several starting errors.
reach = schedule_reach()
floor = 1e-4
fig, ax = plt.subplots(figsize=(7, 4))
for schedule, marker in zip(reach.schedules, ["o", "s"], strict=True):
    ax.semilogy(
        reach.starts,
        np.maximum(reach.final_error(schedule), floor),
        marker=marker,
        color=Loss("L1").spec.color,
        linestyle="-" if schedule is GEOMETRIC else "--",
        label=schedule.label,
    )
ax.axvline(GEOMETRIC.total(), color="0.5", linestyle=":")
ax.annotate(
    say(" the geometric rates sum to {total:g}", total=GEOMETRIC.total()),
    (GEOMETRIC.total(), floor * 3),
)
ax.set(
    xlabel=say("starting error"),
    ylabel=say("L1 distance after {n} steps", n=reach.steps),
    title=say(
        "L1 after {n} steps (drawn at least at {floor:g})",
        n=reach.steps,
        floor=floor,
    ),
)
ax.grid(alpha=0.3, which="both")
ax.legend(loc="upper left")
plt.show()
for schedule in reach.schedules:
    ends = ", ".join(f"{e:.3f}" for e in reach.final_error(schedule))
    total = schedule.total()
    total = say("infinity") if np.isinf(total) else f"{total:g}"
    print(
        fill(
            say(
                "{label}: rates sum to {total}; final distance from starts"
                " {starts}: {ends}",
                label=schedule.label,
                total=total,
                starts=", ".join(f"{s:g}" for s in reach.starts),
                ends=ends,
            ),
            width=80,
        )
    )

# %%
# Takeaway
# --------
l1, l2, smooth = (runs.run(loss, FIXED_SMALL) for loss in drawn)
print(
    fill(
        say(
            "Fixed rate {rate:g}: L1 ends up bouncing around the optimum at"
            " a distance of up to {l1:.2f}, while L2 and Smooth L1 reach"
            " {l2:.0e} and {smooth:.0e}.",
            rate=FIXED_SMALL.rate,
            l1=l1.late_amplitude,
            l2=l2.final_error,
            smooth=smooth.final_error,
        ),
        width=80,
    )
)
l1_big, l2_big, smooth_big = (runs.run(loss, FIXED_LARGE) for loss in drawn)
print(
    fill(
        say(
            "Fixed rate {rate:g}: L2's first step is {first:g} (twice the"
            " rate times the error) and it diverges to {final:,.0f}; L1"
            " bounces with amplitude {l1:.2f}; Smooth L1 converges to"
            " {smooth:.0e}.",
            rate=FIXED_LARGE.rate,
            first=l2_big.first_step,
            final=l2_big.final_error,
            l1=l1_big.late_amplitude,
            smooth=smooth_big.final_error,
        ),
        width=80,
    )
)
l1_decay, smooth_decay = (
    runs.run(loss, GEOMETRIC).final_error for loss in (drawn[0], drawn[2])
)
print(
    fill(
        say(
            "Decaying rate {label}: from {start:g}, L1 now gets to"
            " {l1:.4f}; Smooth L1, whose own steps already shrink, stalls"
            " {smooth:.3f} from the optimum.",
            label=GEOMETRIC.label,
            start=runs.start,
            l1=l1_decay,
            smooth=smooth_decay,
        ),
        width=80,
    )
)
far = reach.starts > GEOMETRIC.total()
print(
    fill(
        say(
            "But those rates sum to {total:g}: from a start of {start:g}, L1"
            " stops {stop:.1f} away. Under {label}, whose rates go to zero"
            " and sum to infinity, L1 ends within {worst:.3f} of the optimum"
            " from every start up to {largest:g} in {n} steps.",
            total=GEOMETRIC.total(),
            start=reach.starts[far][0],
            stop=reach.final_error(GEOMETRIC)[far][0],
            label=INVERSE_SQRT.label,
            worst=reach.final_error(INVERSE_SQRT).max(),
            largest=reach.starts.max(),
            n=reach.steps,
        ),
        width=80,
    )
)

# %%
# On this one-dimensional problem L2 diverges because the rate times its curvature (2)
# exceeds 2, whatever the starting error; a large error alone makes the first step large,
# not the run unstable.
