"""How fast the site builds and rebuilds: both editions against English alone, no-op, one edit.

Builds a throw-away copy of the project's English edition once, then another copy (both
editions, as ``nox -s docs`` does) three times, and prints for each build the seconds, the
ratio to the clean build of both editions, and how many gallery scripts and executed pages it
ran. Goals: the clean build of both editions takes <= 1.7 times the English one; a no-op rebuild
executes nothing and takes <= 0.15 of the clean build; editing one example re-executes only
that example (in each edition) and takes <= 0.35.
"""

import tempfile
import time
from pathlib import Path

from project_builds import build, copy_project, executed_pages, gallery_runs

GOALS = {"no-op rebuild": 0.15, "edit one example": 0.35}
BOTH_OVER_ENGLISH = 1.7
EDITED = "examples/plot_gradients.py"


def timed_build(project, options=()):
    start = time.perf_counter()
    code, output = build(project, options=list(options))
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"build failed:\n{output[-3000:]}")
    return seconds, gallery_runs(output), executed_pages(output)


def main():
    with tempfile.TemporaryDirectory() as folder:
        english = copy_project(Path(folder) / "english" / "lossdocs")
        english_row = ("clean, English only", *timed_build(english, ["--language", "en"]))
        project = copy_project(Path(folder) / "lossdocs")
        rows = [("clean build", *timed_build(project))]
        rows.append(("no-op rebuild", *timed_build(project)))
        edited = project / EDITED
        edited.write_text(edited.read_text() + "\n# an edit\n")
        rows.append(("edit one example", *timed_build(project)))
    clean = rows[0][1]
    ratio = clean / english_row[1]
    verdict = "met" if ratio <= BOTH_OVER_ENGLISH else "MISSED"
    print(
        f"{english_row[0]}: {english_row[1]:.1f} s ({english_row[2]} scripts run); both "
        f"editions: {clean:.1f} s, {ratio:.2f} x English (goal <= {BOTH_OVER_ENGLISH}: {verdict})"
    )
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
