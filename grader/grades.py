"""Read scores out of an nbgrader gradebook and write the class's grades CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import MissingEntry

from . import course
from .course import ASSIGNMENT

QUIZ = "07_quiz"
PASS_FRACTION = 0.8


@dataclass(frozen=True)
class Score:
    score: float
    max_score: float


def notebook_scores(db_url: str, student: str) -> dict[str, Score]:
    """Each notebook's score for one student (a notebook not graded is absent)."""
    with course.gradebook(db_url) as gb:
        try:
            submission = gb.find_submission(ASSIGNMENT, student)
        except MissingEntry:
            return {}
        return {
            nb.name: Score(float(nb.score), float(nb.max_score)) for nb in submission.notebooks
        }


def cell_scores(db_url: str, student: str, notebook: str) -> dict[str, Score]:
    """Each graded cell's score in one student's notebook, by grade id."""
    with course.gradebook(db_url) as gb:
        nb = gb.find_submission_notebook(notebook, ASSIGNMENT, student)
        return {g.name: Score(float(g.score), float(g.max_score)) for g in nb.grades}


def students(db_url: str) -> list[str]:
    with course.gradebook(db_url) as gb:
        return sorted(s.id for s in gb.students)


def write_grades_csv(db_url: str, lessons: list[str], path: Path) -> list[dict]:
    """One row per student: a column per lesson and the quiz, the total, and the quiz's pass/fail."""
    rows = []
    for student in students(db_url):
        scores = notebook_scores(db_url, student)
        if not scores:
            continue
        row: dict = {"student_id": student}
        for lesson in lessons:
            row[lesson] = _fmt(scores[lesson].score) if lesson in scores else ""
        row["total"] = _fmt(sum(s.score for s in scores.values()))
        row["max_total"] = _fmt(sum(s.max_score for s in scores.values()))
        if QUIZ in scores and scores[QUIZ].max_score:
            quiz = scores[QUIZ]
            row["quiz_passed"] = "yes" if quiz.score >= PASS_FRACTION * quiz.max_score else "no"
        else:
            row["quiz_passed"] = ""
        rows.append(row)
    fields = ["student_id", *lessons, "total", "max_total", "quiz_passed"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _fmt(x: float) -> str:
    return f"{x:g}"
