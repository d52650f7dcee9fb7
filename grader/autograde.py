"""Grade every student in `submitted/` with nbgrader and write the grades CSV."""

from __future__ import annotations

import time
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import course, grades


def submitted_students(root: Path) -> list[str]:
    """Students with a `submitted/<student>/week1` folder, sorted."""
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / course.ASSIGNMENT).is_dir())


def db_url_of(root: Path) -> str:
    """The gradebook URL nbgrader will use for this course folder."""
    import os

    return os.environ.get("NBGRADER_DB_URL", f"sqlite:///{root / 'gradebook.db'}")


def ensure_assignment(root: Path, db_url: str) -> None:
    """Make sure the gradebook knows the assignment and its hidden tests."""
    with Gradebook(db_url) as gb:
        try:
            gb.find_assignment(course.ASSIGNMENT)
            return
        except MissingEntry:
            pass
    course.generate_release(root, db_url=db_url)


def grade_student(root: Path, student: str, db_url: str) -> str:
    """Autograde one student; returns nbgrader's log when it fails, else ''."""
    result = course.run_nbgrader(
        "autograde", course.ASSIGNMENT, "--student", student, "--force",
        course=root, db_url=db_url, check=False,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def grade_class(root: Path, jobs: int = 1) -> dict[str, str]:
    """Autograde everyone in `root/submitted`; returns {student: error log} for failures."""
    db_url = db_url_of(root)
    ensure_assignment(root, db_url)
    todo = submitted_students(root)
    failures: dict[str, str] = {}
    start = time.monotonic()
    for done, student in enumerate(todo, 1):
        log = grade_student(root, student, db_url)
        if log:
            failures[student] = log
        elapsed = time.monotonic() - start
        left = elapsed / done * (len(todo) - done)
        print(
            f"[{done}/{len(todo)}] {student}: {'FAILED' if log else 'graded'}"
            f" - failures so far {len(failures)}, about {left:.0f} s left",
            flush=True,
        )
    return failures


def main(root: Path, jobs: int, csv_path: Path) -> int:
    if not submitted_students(root):
        print(f"Nothing to grade: put submissions in {root / 'submitted'}/<student>/{course.ASSIGNMENT}/")
        return 1
    failures = grade_class(root, jobs=jobs)
    rows = grades.write_grades_csv(db_url_of(root), course.lesson_names(), csv_path)
    print(f"Wrote {len(rows)} students' grades to {csv_path}")
    for student, log in failures.items():
        print(f"\n{student} could not be graded:\n{log[-2000:]}")
    return 1 if failures else 0
