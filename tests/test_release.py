"""The committed release is what nbgrader makes from source, and its checks are neither too weak nor broken."""

from __future__ import annotations

import filecmp
import shutil

import pytest
from nbgrader.validator import Validator

from conftest import RELEASE_NOTEBOOKS, SOURCE_NOTEBOOKS
from grader import course
from notebook_parts import nbgrader_meta, read


def files_under(folder):
    return sorted(
        p.relative_to(folder) for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    )


def test_committed_release_equals_a_fresh_generate_assignment(fresh_course):
    fresh = fresh_course / "release" / course.ASSIGNMENT
    assert files_under(course.RELEASE) == files_under(fresh), "release/ ships other files than nbgrader makes: run `make release`"
    for rel in files_under(fresh):
        if rel.suffix == ".ipynb":
            committed, made = read(course.RELEASE / rel), read(fresh / rel)
            assert [(c.cell_type, c.source, nbgrader_meta(c)) for c in committed.cells] == [
                (c.cell_type, c.source, nbgrader_meta(c)) for c in made.cells
            ], f"{rel} differs from a fresh release: run `make release`"
        else:
            assert filecmp.cmp(course.RELEASE / rel, fresh / rel, shallow=False), f"{rel} differs: run `make release`"


def test_release_has_no_solutions_or_hidden_tests():
    for path in RELEASE_NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS"):
            assert marker not in text, f"{path.name} ships a {marker} region"


def _failures(results: dict) -> list:
    return results.get("failed", []) + results.get("errored", [])


@pytest.fixture(scope="module")
def source_with_perfect_quiz(tmp_path_factory):
    """A copy of source/week1 with every quiz question answered right, as a perfect learner leaves it."""
    from eventlab.quiz import ANSWERS_FILE, load_questions, save_answers

    folder = tmp_path_factory.mktemp("source") / course.ASSIGNMENT
    shutil.copytree(course.SOURCE, folder)
    save_answers(folder / ANSWERS_FILE, {q.id: q.answer for q in load_questions().questions})
    return folder


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=[p.name for p in SOURCE_NOTEBOOKS])
def test_every_graded_cell_passes_on_the_source(path, source_with_perfect_quiz):
    results = Validator().validate(str(source_with_perfect_quiz / path.name))
    assert not _failures(results), f"{path.name}: graded cells fail on the reference solution: {results}"
    assert "changed" not in results and "type_changed" not in results, results


@pytest.mark.parametrize("path", RELEASE_NOTEBOOKS, ids=[p.name for p in RELEASE_NOTEBOOKS])
def test_no_graded_cell_passes_on_the_release_stub(path):
    results = Validator(invert=True).validate(str(path))
    passed = results.get("passed", [])
    assert not passed, f"{path.name}: these graded cells pass before any code is written: {[c.get('source', '')[:80] for c in passed]}"
