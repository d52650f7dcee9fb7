"""A sample class, built by code from the release and autograded with nbgrader, gets the scores it should.

- the reference student (the instructor's solutions in every notebook) gets full marks;
- each correct solution written in another style gets full marks;
- each misconception loses points in the exercises it names, and keeps full marks everywhere else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from grader import autograde, course, grades
from notebook_parts import exercises, read, reference_solutions, solution_cells
from sample_class import Mistake

LESSON_MODULES = sorted(p.stem for p in (ROOT / "tests" / "sample_class").glob("lesson*.py"))
REFERENCE = "reference"


@dataclass(frozen=True)
class Expectation:
    notebook: str  # without .ipynb
    loses: tuple[str, ...]  # exercises that must lose points; all others keep full marks


def submission(release_nb, reference: dict[str, str], cells: dict[str, str]):
    """The release notebook with every solution cell filled: by `cells`, else by the reference."""
    nb = nbformat.from_dict(release_nb)
    unknown = set(cells) - set(solution_cells(nb))
    assert not unknown, f"the sample class names solution cells that do not exist: {unknown}"
    for gid, cell in solution_cells(nb).items():
        cell.source = cells.get(gid, reference[gid])
    return nb


def build_class(root: Path) -> dict[str, list[Expectation]]:
    """Write `root/submitted/<student>/week1/*.ipynb`; return what each student should score."""
    release = root / "release" / course.ASSIGNMENT
    expected: dict[str, list[Expectation]] = {}

    def submit(student: str, notebook: str, cells: dict[str, str], loses: tuple[str, ...] = ()):
        release_nb = read(release / f"{notebook}.ipynb")
        ref = reference_solutions(read(course.SOURCE / f"{notebook}.ipynb"))
        folder = root / "submitted" / student / course.ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(release_nb, ref, cells), folder / f"{notebook}.ipynb")
        expected.setdefault(student, []).append(Expectation(notebook, loses))

    for notebook in course.lesson_names(release):
        submit(REFERENCE, notebook, {})
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
    expected = build_class(fresh_course)
    failures = autograde.grade_class(fresh_course, jobs=2)
    return fresh_course, expected, failures


def test_every_student_could_be_graded(graded_class):
    _, _, failures = graded_class
    assert not failures, f"nbgrader could not grade: {list(failures)}\n{next(iter(failures.values()), '')[-3000:]}"


def test_reference_student_gets_full_marks_in_every_notebook(graded_class):
    root, _, _ = graded_class
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
    root, expected, _ = graded_class
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
