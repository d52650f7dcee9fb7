"""Reading the parts of the course's notebooks: exercises, graded cells, reference solutions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

SOLUTION_REGION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_cells(nb) -> dict[str, object]:
    """Solution cells by grade id."""
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("solution")}


def graded_cells(nb) -> dict[str, object]:
    """Graded (test) cells by grade id."""
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("grade")}


def reference_solutions(source_nb) -> dict[str, str]:
    """The instructor's solution of each solution cell, with the region markers removed."""
    return {gid: SOLUTION_REGION.sub("", c.source) for gid, c in solution_cells(source_nb).items()}


def exercise_of(grade_id: str, exercises: list[str]) -> str:
    """The exercise a graded cell belongs to: the longest exercise name that prefixes its id."""
    matches = [e for e in exercises if grade_id.startswith(e + "_")]
    if not matches:
        raise ValueError(f"graded cell {grade_id!r} does not start with an exercise name of {exercises}")
    return max(matches, key=len)


@dataclass(frozen=True)
class Exercise:
    name: str
    points: float
    cells: tuple[str, ...]


def exercises(source_nb) -> dict[str, Exercise]:
    """Each graded solution cell's exercise, with its graded cells and points."""
    names = list(solution_cells(source_nb))
    grouped: dict[str, list[tuple[str, float]]] = {}
    for gid, cell in graded_cells(source_nb).items():
        grouped.setdefault(exercise_of(gid, names), []).append((gid, float(nbgrader_meta(cell)["points"])))
    return {
        name: Exercise(name, sum(p for _, p in cells), tuple(g for g, _ in cells))
        for name, cells in grouped.items()
    }


def read(path: Path):
    return nbformat.read(path, as_version=4)


def submission(root: Path, name: str, cells: dict[str, str | None] | None = None):
    """What a student hands in: the release notebook `name` of the course folder `root` with
    each solution cell filled by `cells[grade_id]` (None keeps the stub), else by the reference."""
    from grader.course import ASSIGNMENT

    cells = cells or {}
    nb = read(root / "release" / ASSIGNMENT / f"{name}.ipynb")
    reference = reference_solutions(read(root / "source" / ASSIGNMENT / f"{name}.ipynb"))
    unknown = set(cells) - set(solution_cells(nb))
    if unknown:
        raise ValueError(f"{name} has no solution cells {sorted(unknown)}")
    for gid, cell in solution_cells(nb).items():
        code = cells.get(gid, reference[gid])
        if code is not None:
            cell.source = code
    return nb
