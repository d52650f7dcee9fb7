"""Where the course lives, and how to run nbgrader on it or on a copy of it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "week1"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT


def lesson_names(folder: Path = SOURCE) -> list[str]:
    """The notebooks of the assignment, without `.ipynb`, in lesson order."""
    return sorted(p.stem for p in folder.glob("*.ipynb"))


def nbgrader_env(db_url: str | None = None) -> dict[str, str]:
    """The environment nbgrader needs: this Python's bin folder first on PATH.

    nbgrader runs `alembic` from PATH when it creates a gradebook.
    """
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # Each graded notebook keeps its mock spreadsheet in its own folder, never in a shared one.
    env.pop("EVENTLAB_SHEETS_DIR", None)
    if db_url:
        env["NBGRADER_DB_URL"] = db_url
    return env


def load_config(config_dir: Path = ROOT, course_root: Path | None = None, db_url: str | None = None):
    """nbgrader's settings from `config_dir/nbgrader_config.py`.

    For running nbgrader in this process (the grading workers, feedback); a worker grades in
    another folder (`course_root`) with another gradebook (`db_url`).
    """
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(config_dir)).load_config()
    if course_root is not None:
        config.CourseDirectory.root = str(course_root)
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


@functools.cache
def course_id() -> str:
    """The course id of nbgrader_config.py, which every gradebook connection must name.

    A Gradebook opened without it files the work under nbgrader's "default_course".
    """
    return str(load_config().CourseDirectory.course_id)


def gradebook(db_url: str):
    """nbgrader's Gradebook for this course (use it as a context manager)."""
    from nbgrader.api import Gradebook

    return Gradebook(db_url, course_id())


def run_nbgrader(
    *args: str, course: Path = ROOT, db_url: str | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course folder `course`; output is captured."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(db_url),
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def copy_course(dest: Path, source: Path = SOURCE) -> Path:
    """Make a course folder at `dest` with the config and the assignment's source."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(
        source,
        dest / "source" / ASSIGNMENT,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
    )
    return dest


def generate_release(course: Path = ROOT, db_url: str | None = None) -> Path:
    """`nbgrader generate_assignment` into `course/release/week1`; returns that folder."""
    run_nbgrader("generate_assignment", ASSIGNMENT, "--force", course=course, db_url=db_url)
    return course / "release" / ASSIGNMENT
