"""How long grading a class takes, three ways, side by side in one run.

    .venv/bin/python benchmarks/grading.py --students 30            # one class size
    .venv/bin/python benchmarks/grading.py --sizes 5,10,30          # how it grows

For each class size, a class of reference students (every solution cell holds the
instructor's solution) is built from a fresh release of the lessons in source/week1, then
(a) every notebook is executed one after another in a fresh kernel with nbclient (the floor:
    no grading at all),
(b) `nbgrader autograde week1`: nbgrader's own serial grading of the whole class in one process,
(c) `python -m grader autograde --jobs N`'s grader (`grade_class(root, jobs=N)`).
The grades of (b) and (c) are compared; the table gives seconds and the ratios.
Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import nbformat  # noqa: E402

from grader import autograde, course, grades  # noqa: E402
from notebook_parts import submission  # noqa: E402


def make_course(dest: Path, lessons: list[str]) -> Path:
    root = course.copy_course(dest)
    for nb in (root / "source" / course.ASSIGNMENT).glob("*.ipynb"):
        if nb.stem not in lessons:
            nb.unlink()
    course.generate_release(root)
    return root


def write_class(root: Path, n: int) -> list[str]:
    release = root / "release" / course.ASSIGNMENT
    notebooks = {path.name: submission(root, path.stem) for path in sorted(release.glob("*.ipynb"))}
    students = [f"student{i:03d}" for i in range(1, n + 1)]
    if (root / "submitted").exists():
        shutil.rmtree(root / "submitted")
    for s in students:
        folder = root / "submitted" / s / course.ASSIGNMENT
        shutil.copytree(release, folder, ignore=shutil.ignore_patterns("*.ipynb"))
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / name)
    return students


def run_nbclient(root: Path, students: list[str]) -> float:
    from nbclient import NotebookClient

    start = time.monotonic()
    for s in students:
        folder = root / "submitted" / s / course.ASSIGNMENT
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=30, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return time.monotonic() - start


def scores(root: Path, students: list[str]) -> dict:
    url = autograde.db_url_of(root)
    return {s: {nb: v.score for nb, v in grades.notebook_scores(url, s).items()} for s in students}


def clear(root: Path) -> None:
    for name in ("autograded",):
        if (root / name).exists():
            shutil.rmtree(root / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30, help="class size (when --sizes is not given)")
    parser.add_argument("--sizes", default="", help="comma-separated class sizes, e.g. 5,10,30")
    parser.add_argument("--jobs", type=int, default=2, help="students graded at a time by (c)")
    parser.add_argument("--lessons", default="", help="comma-separated lesson stems (default: the six lessons, not the quiz)")
    parser.add_argument("--skip", default="", help="methods to skip, e.g. b")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x] or [args.students]
    lessons = [x for x in args.lessons.split(",") if x] or [n for n in course.lesson_names() if n != "07_quiz"]
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]

    print(f"Lessons measured: {', '.join(lessons)}")
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        root = make_course(Path(tmp) / "course", lessons)
        for n in sizes:
            students = write_class(root, n)
            a = b = c = float("nan")
            if "a" not in args.skip:
                a = run_nbclient(root, students)
                print(f"  {n} students: (a) nbclient serial {a:.1f} s", flush=True)
            if "b" not in args.skip:
                clear(root)
                t = time.monotonic()
                assert autograde.grade_class_serial_nbgrader(root) == ""
                b = time.monotonic() - t
                serial = scores(root, students)
                print(f"  {n} students: (b) nbgrader autograde serial {b:.1f} s", flush=True)
            clear(root)
            t = time.monotonic()
            _results, failures = autograde.grade_class_detailed(root, jobs=args.jobs, quiet=True)
            c = time.monotonic() - t
            assert failures == {}, failures
            print(f"  {n} students: (c) grader --jobs {args.jobs} {c:.1f} s", flush=True)
            if "b" not in args.skip:
                parallel = scores(root, students)
                for s in students:
                    if parallel[s] != serial[s]:
                        print(f"  GRADES DIFFER for {s}: nbgrader {serial[s]} vs grader {parallel[s]}")
            rows.append((n, a, b, c))

    print()
    print(f"| students | notebooks | (a) nbclient serial | (b) nbgrader serial | (c) grader jobs={args.jobs} | c/a | b/c |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, a, b, c in rows:
        print(f"| {n} | {n * len(lessons)} | {a:.1f} s | {b:.1f} s | {c:.1f} s | {c / a:.2f} | {b / c:.2f} |")
    print(f"\nTargets: c/a <= 0.6 and b/c >= 1.8. Load average now {os.getloadavg()[0]:.1f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
