"""A small course and a class of good and hostile submissions, built by code for the grader's tests.

The course holds lesson 02 and a one-exercise warm-up notebook (so that a student with a
broken or missing lesson 02 still has another notebook to be graded).
`HOSTILE` maps each student to how its submission is built and what the grader must do.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader import course
from notebook_parts import nbgrader_meta, read, reference_solutions, submission

LESSON = "02_webhook_payloads"
WARMUP = "00_warmup"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

WARMUP_HIDDEN_LINE = 'assert double(-21) == -42, "a negative number should double too"'


def _meta(grade_id: str, **flags) -> dict:
    base = {"grade": False, "solution": False, "locked": False, "schema_version": 3, "grade_id": grade_id}
    base.update(flags)
    return {"nbgrader": base}


def warmup_notebook():
    """One exercise, one graded cell with a hidden test."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.cells = [
        new_markdown_cell("# Warm-up\nDouble a number."),
        new_code_cell(
            'def double(x):\n    """Return twice x."""\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION',
            metadata=_meta("double", solution=True),
        ),
        new_code_cell(
            '"""Check that double doubles."""\nresult = double(2)\n'
            'assert result == 4, f"double(2) should be 4, got {result!r}"\n'
            f"### BEGIN HIDDEN TESTS\n{WARMUP_HIDDEN_LINE}\n### END HIDDEN TESTS",
            metadata=_meta("double_doubles", grade=True, locked=True, points=1),
        ),
    ]
    return nb


def make_course(dest: Path, lessons: tuple[str, ...] = (LESSON,), warmup: bool = True) -> Path:
    """A course folder with only `lessons` (plus the warm-up) and a fresh release and gradebook."""
    root = course.copy_course(dest)
    src = root / "source" / course.ASSIGNMENT
    for nb in src.glob("*.ipynb"):
        if nb.stem not in lessons:
            nb.unlink()
    if warmup:
        nbformat.write(warmup_notebook(), src / f"{WARMUP}.ipynb")
    course.generate_release(root)
    return root


def submit(root: Path, student: str, notebooks: dict[str, object]) -> Path:
    """Write submitted/<student>/week1: the release's files plus the given notebooks (None: left out)."""
    folder = root / "submitted" / student / course.ASSIGNMENT
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(root / "release" / course.ASSIGNMENT, folder)
    for nb in folder.glob("*.ipynb"):
        nb.unlink()
    for name, nb in notebooks.items():
        if nb is None:
            continue
        path = folder / f"{name}.ipynb"
        if isinstance(nb, str):
            path.write_text(nb, encoding="utf-8")
        else:
            nbformat.write(nb, path)
    return folder


# --- what each hostile student does -----------------------------------------------------

STDERR_GET_IN = '''import logging
import sys

logging.basicConfig()


def get_in(data, *keys, default=None):
    """Follow keys; a broken path gives the default (and says so on stderr)."""
    current = data
    for key in keys:
        if not isinstance(current, dict) or key not in current:
            logging.getLogger("payloads").warning("path broken at %r", key)
            print("path broken", file=sys.stderr)
            return default
        current = current[key]
    return current
'''

LOOP_GET_IN = "while True:\n    pass\n"
DYING_PARSE = "import os\nos._exit(3)\n"
FLOOD_PREFIX = "for i in range(5000):\n    print('flood', i)\n\n"
WRONG_GET_IN = "def get_in(data, *keys, default=None):\n    return data[keys[0]]\n"  # misses nulls and depth
# summarize_order_event without get_in (left as the stub), so the mistake costs get_in only.
STANDALONE_SUMMARIZE = '''def summarize_order_event(raw):
    def dig(value, *keys):
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    event = parse_payload(raw)
    order = dig(event, "data", "order")
    return {
        "event_id": event.get("id"),
        "type": event.get("type"),
        "order_id": dig(order, "id"),
        "email": dig(order, "customer", "email"),
        "total_cents": dig(order, "total_cents"),
    }
'''
WRONG_DOUBLE = "def double(x):\n    return x + 2\n"  # passes the visible test, fails the hidden one
WRONG_DOUBLE_MESSAGE = "a negative number should double too"


def _graded(nb, prefix: str):
    return [c for c in nb.cells if nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("grade_id", "").startswith(prefix)]


def tamper(nb):
    """get_in and summarize are stubs; get_in's tests are rewritten to pass, summarize's deleted;
    a grade cell worth 100 points is added, one cell's points are raised, the kernel is changed."""
    for cell in _graded(nb, "get_in_"):
        cell.source = '"""Check that get_in works."""\nassert True'
    nb.cells = [c for c in nb.cells if c not in _graded(nb, "summarize_order_event_")]
    _graded(nb, "parse_payload_")[0].metadata["nbgrader"]["points"] = 50
    bonus = new_code_cell("print('free points')", metadata=_meta("bonus_points", grade=True, locked=True, points=100))
    unnamed = new_code_cell("x = 1", metadata={"nbgrader": {"grade": True, "points": 5, "schema_version": 3}})
    nb.cells += [bonus, unnamed]
    nb.metadata["kernelspec"] = {"display_name": "Evil", "language": "python", "name": "evil-kernel"}
    return nb


@dataclass
class Student:
    build: Callable[[Path], dict[str, object]]
    lost: dict[str, tuple[str, ...]] = field(default_factory=dict)  # notebook -> exercises at 0; "*": all
    says: tuple[str, ...] = ()  # phrases the report must contain
    delete: tuple[str, ...] = ()  # course files the student deleted


def _nb(root, cells=None, edit=None):
    nb = submission(root, LESSON, cells)
    return edit(nb) if edit else nb


def _warm(root, code=None):
    return submission(root, WARMUP, {"double": code} if code else None)


def _broken_json(nb) -> str:
    text = json.dumps(nb, indent=1)
    return text[: len(text) // 2]


def _flood(root):
    ref = reference_solutions(read(root / "source" / course.ASSIGNMENT / f"{LESSON}.ipynb"))["get_in"]
    return FLOOD_PREFIX + ref


GOOD = {
    "good_reference": Student(lambda r: {LESSON: _nb(r), WARMUP: _warm(r)}),
    "good_logs_to_stderr": Student(lambda r: {LESSON: _nb(r, {"get_in": STDERR_GET_IN}), WARMUP: _warm(r)}),
}

# Mistakes that only hidden tests catch (for the feedback test) or that cost one exercise.
MISTAKES = {
    "mistake_get_in_and_double": Student(
        lambda r: {LESSON: _nb(r, {"get_in": None, "summarize_order_event": STANDALONE_SUMMARIZE}), WARMUP: _warm(r, WRONG_DOUBLE)},
        lost={LESSON: ("get_in",), WARMUP: ("double",)},
    ),
}

HOSTILE = {
    "hostile_infinite_loop": Student(
        lambda r: {LESSON: _nb(r, {"get_in": LOOP_GET_IN, "summarize_order_event": STANDALONE_SUMMARIZE}), WARMUP: _warm(r)},
        lost={LESSON: ("get_in",)}, says=("timed out after",),
    ),
    "hostile_exit_and_missing": Student(
        lambda r: {LESSON: _nb(r, {"parse_payload": DYING_PARSE}), WARMUP: None},
        lost={LESSON: ("*",), WARMUP: ("*",)}, says=("kernel died", "not submitted"),
    ),
    "hostile_tampered": Student(
        lambda r: {LESSON: _nb(r, {"get_in": None, "summarize_order_event": None}, tamper), WARMUP: _warm(r)},
        lost={LESSON: ("get_in", "summarize_order_event")},
        says=(
            "was modified and restored", "was deleted and restored", "added grade cell 'bonus_points' was ignored",
            "were changed from", "kernel was changed",
        ),
    ),
    "hostile_json_flood_no_support": Student(
        lambda r: {LESSON: _nb(r, {"get_in": _flood(r)}), WARMUP: _broken_json(_warm(r))},
        lost={WARMUP: ("*",)}, says=("not valid JSON", "output was cut", "eventlab/"),
        delete=("eventlab",),
    ),
}


def write_class(root: Path, students: dict[str, Student]) -> None:
    for name, student in students.items():
        folder = submit(root, name, student.build(root))
        for rel in student.delete:
            shutil.rmtree(folder / rel)
