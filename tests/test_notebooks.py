"""The source notebooks are clean and follow the course's nbgrader conventions."""

from __future__ import annotations

import ast
import subprocess

import pytest

from conftest import ROOT, SOURCE_NOTEBOOKS
from notebook_parts import exercise_of, graded_cells, nbgrader_meta, read, solution_cells

ids = [p.name for p in SOURCE_NOTEBOOKS]


def test_every_lesson_of_the_spec_is_there():
    names = {p.name for p in SOURCE_NOTEBOOKS}
    assert "02_webhook_payloads.ipynb" in names


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_source_notebook_has_no_outputs_or_execution_counts(path):
    nb = read(path)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them before committing"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_grade_ids_are_readable_and_map_to_one_exercise(path):
    nb = read(path)
    seen = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(seen) == len(set(seen)), f"{path.name}: duplicate grade ids"
    for gid in seen:
        assert gid.replace("_", "").isalnum() and gid == gid.lower(), f"{path.name}: grade id {gid!r} is not a readable phrase"
        assert not gid.startswith("cell-"), f"{path.name}: {gid!r} looks generated"
    exercises = list(solution_cells(nb))
    if exercises:  # the quiz has one graded cell and no exercise
        for gid in graded_cells(nb):
            exercise_of(gid, exercises)


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_graded_cells_say_what_they_check_and_cannot_lose_points_to_stderr(path):
    nb = read(path)
    for gid, cell in graded_cells(nb).items():
        tree = ast.parse(cell.source)
        doc = ast.get_docstring(tree)
        assert doc and doc.startswith("Check that"), f"{path.name}:{gid} should open with a 'Check that ...' docstring"
        assert "with stderr_to_stdout():" in cell.source, f"{path.name}:{gid} should run its checks in stderr_to_stdout()"
        last = tree.body[-1]
        bare_number = isinstance(last, ast.Expr) and isinstance(last.value, ast.Constant) and isinstance(last.value.value, (int, float))
        assert not bare_number, f"{path.name}:{gid} ends with a bare number, which nbgrader reads as partial credit"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=ids)
def test_solution_regions_are_inside_solution_cells(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if "### BEGIN SOLUTION" in cell.source:
            assert nbgrader_meta(cell).get("solution"), (
            f"{path.name}: cell {i} has a solution region but is not a solution cell (it would ship the answer)"
        )


def test_no_student_data_gradebook_or_checkpoints_are_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    allowed = {"autograded/README.md", "notebooks/README.md"}
    bad = [
        f for f in tracked
        if f not in allowed
        and (
            f.startswith(("submitted/", "autograded/", "feedback/", "notebooks/"))
            or ".ipynb_checkpoints" in f
            or f.endswith((".db", ".sqlite"))
            or f == "grades.csv"
        )
    ]
    assert not bad, f"student data, gradebooks or checkpoints are tracked: {bad}"


def test_no_quiz_answers_file_in_source():
    from conftest import ROOT as root
    stray = sorted((root / "source").rglob("quiz_answers*.json"))
    assert not stray, f"{stray} would be shipped to every learner and overwrite nothing but confuse grading: delete it"
