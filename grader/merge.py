"""Gradebook plumbing for parallel grading: a template gradebook for the workers, and the merge back.

SQLite must never be written by two graders at once, so each worker grades into its own
copy of a template gradebook (the assignment, no students) and the main process copies
each student's scores into the class's gradebook, one student at a time.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from . import course
from .worker import ASSIGNMENT, StudentResult, is_sqlite  # noqa: F401 - re-exported


def sqlite_path(db_url: str) -> Path:
    """The file behind a `sqlite:///...` URL."""
    return Path(db_url.split("sqlite:///", 1)[1])


def make_template(db_url: str, dest: Path) -> Path:
    """Copy the class's SQLite gradebook to `dest` and remove every student from the copy."""
    shutil.copyfile(sqlite_path(db_url), dest)
    with course.gradebook(f"sqlite:///{dest}") as gb:
        for student in list(gb.students):
            gb.remove_student(student.id)
    return dest


def merge_student(db_url: str, result: StudentResult) -> None:
    """Write one student's autograde scores and comments into the class's gradebook.

    Like nbgrader's own autograde: the automatic score is replaced, a manual score given
    earlier is kept (and the grade flagged for review), comments are updated.
    """
    with warnings.catch_warnings(), course.gradebook(db_url) as gb:
        # nbgrader's own "not in session" SQLAlchemy warnings are harmless noise.
        warnings.simplefilter("ignore")
        gb.update_or_create_student(result.student)
        if result.timestamp is not None:
            submission = gb.update_or_create_submission(ASSIGNMENT, result.student, timestamp=result.timestamp)
        else:
            submission = gb.update_or_create_submission(ASSIGNMENT, result.student)
        for nb in submission.notebooks:
            res = result.notebooks.get(nb.name)
            for grade in nb.grades:
                score = 0.0 if res is None or res.failed else res.grades.get(grade.name, 0.0)
                grade.auto_score = score
                grade.needs_manual_grade = grade.manual_score is not None or score is None
            for comment in nb.comments:
                if res is not None and comment.name in res.comments:
                    comment.auto_comment = res.comments[comment.name]
            if res is not None and res.late_penalty is not None:
                nb.late_submission_penalty = res.late_penalty
        gb.db.commit()
