"""Shared paths and fixtures of the test suite."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the `grader` package
sys.path.insert(0, str(ROOT / "source" / "week1"))  # the `eventlab` support package

from grader import course  # noqa: E402

# nbgrader runs `alembic` from PATH when it creates a gradebook: put this environment's bin first.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

# Lessons that run in this process's kernels (nbval, the validator) keep their mock spreadsheet
# out of source/ and release/: one scratch folder per test process.
os.environ.setdefault("EVENTLAB_SHEETS_DIR", tempfile.mkdtemp(prefix="eventlab-sheets-"))

SOURCE_NOTEBOOKS = sorted(course.SOURCE.glob("*.ipynb"))
RELEASE_NOTEBOOKS = sorted(course.RELEASE.glob("*.ipynb"))


@pytest.fixture(scope="module")
def fresh_course(tmp_path_factory) -> Path:
    """A temporary course folder with its own gradebook and a fresh release."""
    root = course.copy_course(tmp_path_factory.mktemp("course"))
    course.generate_release(root)
    return root
