"""How fast the site rebuilds: clean, no-op, and after editing one example.

Builds a throw-away copy of the project three times and prints, for each build, the seconds,
the ratio to the clean build, and how many gallery scripts and executed pages it ran. Goals:
a no-op rebuild executes nothing and takes <= 0.15 of the clean build; editing one example
re-executes only that example and takes <= 0.35.
"""

import tempfile
import time
from pathlib import Path

from project_builds import build, copy_project, executed_pages, gallery_runs

GOALS = {"no-op rebuild": 0.15, "edit one example": 0.35}
EDITED = "examples/plot_gradients.py"


def timed_build(project):
    start = time.perf_counter()
    code, output = build(project)
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"build failed:\n{output[-3000:]}")
    return seconds, gallery_runs(output), executed_pages(output)


def main():
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "lossdocs")
        rows = [("clean build", *timed_build(project))]
        rows.append(("no-op rebuild", *timed_build(project)))
        edited = project / EDITED
        edited.write_text(edited.read_text() + "\n# an edit\n")
        rows.append(("edit one example", *timed_build(project)))
    clean = rows[0][1]
    print(
        f"{'build':>17} {'seconds':>8} {'x clean':>8} {'scripts run':>12} {'pages run':>10} goal"
    )
    for name, seconds, scripts, pages in rows:
        goal = GOALS.get(name)
        verdict = "" if goal is None else ("met" if seconds / clean <= goal else "MISSED")
        goal_text = "" if goal is None else f"<= {goal}: {verdict}"
        print(
            f"{name:>17} {seconds:8.1f} {seconds / clean:8.2f} {scripts:12d} {len(pages):10d} "
            f"{goal_text}"
        )
    print(f"(edited: {EDITED})")


if __name__ == "__main__":
    main()
