"""A sample class, built by code from the release and autograded with nbgrader, gets the scores it should.

- the reference student (the instructor's solutions in every notebook) gets full marks;
- each correct solution written in another style gets full marks;
- each misconception loses points in the exercises it names, and keeps full marks everywhere else.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from grader import autograde, course, grades
from notebook_parts import exercises, read, submission
from eventlab.quiz import ANSWERS_FILE, load_questions, save_answers
from sample_class import Mistake

LESSON_MODULES = sorted(p.stem for p in (ROOT / "tests" / "sample_class").glob("lesson*.py"))
REFERENCE = "reference"
QUIZ = "07_quiz"
QUIZ_KEY = {q.id: q.answer for q in load_questions().questions}


def _answers_file(answers: dict[str, str]) -> str:
    return json.dumps({"answers": answers})


def _one_wrong() -> dict[str, str]:
    questions = load_questions().questions
    wrong = next(o.id for o in questions[0].options if o.id != questions[0].answer)
    return {**QUIZ_KEY, questions[0].id: wrong}


# student -> (the saved answers file's text, or None for no file; the quiz points expected)
QUIZ_STUDENTS = {
    "quiz-seven_right": (_answers_file(_one_wrong()), 7),
    "quiz-no_answers_file": (None, 0),
    "quiz-corrupt_answers_file": ('{"answers": {"polling_delay_and_', 0),
    "quiz-unknown_ids_and_options": (
        _answers_file({"no_such_question": "a", **{qid: "zz" for qid in list(QUIZ_KEY)[:2]}, **dict(list(QUIZ_KEY.items())[2:])}),
        len(QUIZ_KEY) - 2,
    ),
}


@dataclass(frozen=True)
class Expectation:
    notebook: str  # without .ipynb
    loses: tuple[str, ...]  # exercises that must lose points; all others keep full marks


def build_class(root: Path, expected_quiz: dict[str, int]) -> dict[str, list[Expectation]]:
    """Write `root/submitted/<student>/week1/*.ipynb`; return what each student should score."""
    release = root / "release" / course.ASSIGNMENT
    expected: dict[str, list[Expectation]] = {}

    def submit(student: str, notebook: str, cells: dict[str, str], loses: tuple[str, ...] = ()):
        folder = root / "submitted" / student / course.ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(root, notebook, cells), folder / f"{notebook}.ipynb")
        expected.setdefault(student, []).append(Expectation(notebook, loses))

    for notebook in course.lesson_names(release):
        submit(REFERENCE, notebook, {})
    save_answers(root / "submitted" / REFERENCE / course.ASSIGNMENT / ANSWERS_FILE, QUIZ_KEY)
    for student, (answers_text, score) in QUIZ_STUDENTS.items():
        submit(student, QUIZ, {})
        if answers_text is not None:
            (root / "submitted" / student / course.ASSIGNMENT / ANSWERS_FILE).write_text(answers_text, encoding="utf-8")
        expected_quiz[student] = score
    for module_name in LESSON_MODULES:
        module = importlib.import_module(f"sample_class.{module_name}")
        notebook = Path(module.NOTEBOOK).stem
        for name, cells in module.CORRECT.items():
            submit(f"{module_name}-{name}", notebook, cells)
        for name, mistake in module.MISTAKES.items():
            assert isinstance(mistake, Mistake) and mistake.loses, f"{module_name}.{name} must say what it loses"
            submit(f"{module_name}-{name}", notebook, mistake.cells, mistake.loses)
    return expected


@pytest.fixture(scope="module")
def graded_class(fresh_course):
    expected_quiz: dict[str, int] = {}
    expected = build_class(fresh_course, expected_quiz)
    failures = autograde.grade_class(fresh_course, jobs=2)
    return fresh_course, expected, failures, expected_quiz


def test_every_student_could_be_graded(graded_class):
    _, _, failures, _ = graded_class
    assert not failures, f"nbgrader could not grade: {list(failures)}\n{next(iter(failures.values()), '')[-3000:]}"


def test_reference_student_gets_full_marks_in_every_notebook(graded_class):
    root, _, _, _ = graded_class
    scores = grades.notebook_scores(autograde.db_url_of(root), REFERENCE)
    assert set(scores) == set(course.lesson_names(root / "release" / course.ASSIGNMENT)), f"the reference student was not graded on every notebook: {sorted(scores)}"
    short = {nb: s for nb, s in scores.items() if s.score != s.max_score}
    assert not short, f"the reference solution loses points: {short}"


def _cases():
    for module_name in LESSON_MODULES:
        module = importlib.import_module(f"sample_class.{module_name}")
        for name in list(module.CORRECT) + list(module.MISTAKES):
            yield f"{module_name}-{name}"


@pytest.mark.parametrize("student", list(_cases()))
def test_student_scores_exactly_as_expected(graded_class, student):
    root, expected, _, _ = graded_class
    db_url = autograde.db_url_of(root)
    for exp in expected[student]:
        source_nb = read(course.SOURCE / f"{exp.notebook}.ipynb")
        cells = grades.cell_scores(db_url, student, exp.notebook)
        lines = [f"  {gid}: {s.score:g}/{s.max_score:g}" for gid, s in cells.items()]
        report = f"{student} in {exp.notebook}:\n" + "\n".join(lines)
        for ex in exercises(source_nb).values():
            got = sum(cells[g].score for g in ex.cells)
            if ex.name in exp.loses:
                assert got < ex.points, f"the mistake in {ex.name} was not caught (full {got:g}/{ex.points:g})\n{report}"
            else:
                assert got == ex.points, f"{ex.name} should keep full marks, got {got:g}/{ex.points:g}\n{report}"
        unknown = set(exp.loses) - set(exercises(source_nb))
        assert not unknown, f"{student} names exercises that do not exist: {unknown}"


@pytest.mark.parametrize("student", list(QUIZ_STUDENTS))
def test_quiz_scores_one_point_per_saved_right_answer(graded_class, student):
    root, _, _, expected_quiz = graded_class
    scores = grades.notebook_scores(autograde.db_url_of(root), student)
    assert scores[QUIZ].score == expected_quiz[student], f"{student}: quiz {scores[QUIZ]}, expected {expected_quiz[student]}"
