"""Grade every student in `submitted/` with nbgrader and write the grades CSV."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from nbgrader.api import MissingEntry

from . import course, grades, merge, parallel, report, worker


def submitted_students(root: Path) -> list[str]:
    """Students with a `submitted/<student>/week1` folder, sorted."""
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / course.ASSIGNMENT).is_dir())


def db_url_of(root: Path) -> str:
    """The gradebook URL nbgrader will use for this course folder (its nbgrader_config.py decides)."""
    return str(course.load_config(root).CourseDirectory.db_url)


def ensure_assignment(root: Path, db_url: str) -> None:
    """Make sure the gradebook knows the assignment and its hidden tests."""
    with course.gradebook(db_url) as gb:
        try:
            gb.find_assignment(course.ASSIGNMENT)
            return
        except MissingEntry:
            pass
    course.generate_release(root, db_url=db_url)


def grade_class_serial_nbgrader(root: Path) -> str:
    """The plain way, for comparison: one `nbgrader autograde week1` for the whole class.

    Returns nbgrader's log when it fails, else ''.
    """
    db_url = db_url_of(root)
    ensure_assignment(root, db_url)
    result = course.run_nbgrader("autograde", course.ASSIGNMENT, "--force", course=root, db_url=db_url, check=False)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def grade_class(root: Path, jobs: int = 1) -> dict[str, str]:
    """Autograde everyone in `root/submitted`; returns {student: error log} for failures."""
    _results, failures = grade_class_detailed(root, jobs=jobs)
    return failures


def grade_class_detailed(
    root: Path, jobs: int = 1, quiet: bool = False
) -> tuple[list[worker.StudentResult], dict[str, str]]:
    """Autograde everyone, `jobs` students at a time, each in a worker's scratch course.

    With SQLite each worker writes its own copy of the gradebook and this process merges
    every student's scores into `root`'s gradebook, one student at a time; with a server
    database (NBGRADER_DB_URL=postgresql://...) the workers write to it directly.
    Returns the students' results (for the report) and {student: error} for those that
    could not be graded at all.
    """
    root = Path(root).resolve()
    db_url = db_url_of(root)
    ensure_assignment(root, db_url)
    todo = submitted_students(root)
    results: list[worker.StudentResult] = []
    failures: dict[str, str] = {}
    if not todo:
        return results, failures
    jobs = max(1, min(jobs, len(todo)))
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    say(f"Grading {len(todo)} students, {jobs} at a time...")
    start = time.monotonic()
    # Scratch gradebooks and notebooks are thrown away: keep them in memory when we can,
    # so that SQLite's many small commits cost no disk syncs.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="grader-", dir=shm) as scratch:
        template = None
        if merge.is_sqlite(db_url):
            template = str(merge.make_template(db_url, Path(scratch) / "template.db"))
        for done, (student, result) in enumerate(
            parallel.run(todo, jobs, root, Path(scratch), template, db_url), 1
        ):
            if isinstance(result, Exception):
                failures[student] = str(result)
                status = "FAILED"
            else:
                if not result.merged:
                    merge.merge_student(db_url, result)
                results.append(result)
                total = sum(nb.score for nb in result.notebooks.values())
                out = sum(nb.max_score for nb in result.notebooks.values())
                status = f"{total:g}/{out:g}"
                if result.events or any(nb.events for nb in result.notebooks.values()):
                    status += " (see the report)"
            elapsed = time.monotonic() - start
            left = elapsed / done * (len(todo) - done)
            say(
                f"[{done}/{len(todo)}] {student}: {status} - failures so far {len(failures)},"
                f" {elapsed:.0f} s elapsed, about {left:.0f} s left"
            )
    return results, failures


def main(root: Path, jobs: int, csv_path: Path) -> int:
    if not submitted_students(root):
        print(f"Nothing to grade: put submissions in {root / 'submitted'}/<student>/{course.ASSIGNMENT}/")
        return 1
    results, failures = grade_class_detailed(root, jobs=jobs)
    rows = grades.write_grades_csv(db_url_of(root), course.lesson_names(root / "source" / course.ASSIGNMENT), csv_path)
    report_path = csv_path.with_name("grading-report.txt")
    text = report.write_report(results, failures, report_path)
    print()
    print(text)
    print(f"Wrote {len(rows)} students' grades to {csv_path} and the report to {report_path}")
    for student, log in failures.items():
        print(f"\n{student} could not be graded:\n{log[-2000:]}")
    return 1 if failures else 0
