"""`python -m grader feedback`: feedback HTML per student that never shows hidden tests.

nbgrader's own feedback shows each graded cell's full source, hidden tests included, and
whole tracebacks, whose lines quote the hidden test that failed. Here nbgrader's
GenerateFeedback runs with one more preprocessor first, `HideHiddenTests`, which
- removes the hidden region from every graded cell (the learner sees the release's test),
- keeps only the last line of every traceback: the error and its message, e.g.
  "AssertionError: a null on the way should give the default".
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.MULTILINE | re.DOTALL)


def strip_hidden(source: str) -> str:
    """The cell's source without its hidden-test regions (an unterminated region runs to the end)."""
    source = HIDDEN.sub("", source)
    cut = re.search(r"^[ \t]*### BEGIN HIDDEN TESTS", source, re.MULTILINE)
    return (source[: cut.start()] if cut else source).rstrip() + "\n"


def last_line(output) -> list[str]:
    """The error's one-line summary, as a traceback of one line."""
    lines = [ANSI.sub("", line) for line in output.get("traceback", []) for line in line.splitlines()]
    lines = [line for line in lines if line.strip()]
    summary = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
    if lines and lines[-1].startswith(output.get("ename", "\0")):
        summary = lines[-1]
    return [summary]


class HideHiddenTests(NbGraderPreprocessor):
    """Hide hidden tests and traceback lines from the feedback."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if meta.get("grade") and cell.cell_type == "code":
            cell.source = strip_hidden(cell.source)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = last_line(output)
        return cell, resources


def generate(root: Path, student: str = "*") -> tuple[bool, str]:
    """Feedback HTML into root/feedback/<student>/week1 for every autograded student."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import GetGrades
    from nbgrader.utils import capture_log

    from .course import ASSIGNMENT, load_config

    config = load_config(root)
    config.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = ASSIGNMENT
    coursedir.student_id = student
    app = GenerateFeedback(coursedir=coursedir, config=config)
    app.force = True
    out = capture_log(app)
    return bool(out["success"]), out.get("log", "") + out.get("error", "")


def main(root: Path) -> int:
    ok, log = generate(root)
    folder = root / "feedback"
    count = len(list(folder.glob("*/*/*.html"))) if folder.is_dir() else 0
    if not ok:
        print(log[-3000:])
        print("Feedback could not be generated for every student (see above).")
        return 1
    print(f"Wrote {count} feedback pages under {folder}/<student>/week1/ (hidden tests left out)")
    return 0
