"""Grade one student in a scratch course folder, in this process, with nbgrader's Autograde.

A worker process calls `setup()` once, then `grade()` for each student it is given:

- the student's files are copied into the worker's own scratch course;
- each notebook is checked first (valid JSON? tampered, added or deleted grade cells?
  changed points or kernel?) and a notebook that is not valid JSON is left out;
- each notebook is autograded on its own, so a kernel that dies or a notebook nbgrader
  cannot read costs that notebook only, never the student's other notebooks;
- with SQLite, the scores go into the worker's private copy of the gradebook (copied from a
  template that holds the assignment only) and are returned to the main process, which
  merges them into the class's gradebook; with a server database (PostgreSQL) the worker
  writes to the shared gradebook directly;
- the autograded notebooks are moved to `root/autograded/<student>/week1`;
- what happened is returned as plain sentences for the grading report.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import course

ASSIGNMENT = course.ASSIGNMENT


@dataclass
class NotebookResult:
    """One notebook of one student: scores by grade id, and what happened in words."""

    name: str
    grades: dict[str, float | None] = field(default_factory=dict)  # grade id -> auto score
    max_scores: dict[str, float] = field(default_factory=dict)
    comments: dict[str, str | None] = field(default_factory=dict)  # solution id -> auto comment
    late_penalty: float | None = None
    events: list[str] = field(default_factory=list)
    failed: bool = False  # not graded by nbgrader: every check scores 0

    @property
    def score(self) -> float:
        return 0.0 if self.failed else sum(s or 0.0 for s in self.grades.values())

    @property
    def max_score(self) -> float:
        return sum(self.max_scores.values())


@dataclass
class StudentResult:
    student: str
    notebooks: dict[str, NotebookResult] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)  # about the whole submission
    timestamp: datetime | None = None
    seconds: float = 0.0
    merged: bool = False  # True when the worker wrote the shared gradebook itself


_STATE: dict = {}


def is_sqlite(db_url: str) -> bool:
    return db_url.startswith("sqlite")


def setup(root: str, scratch: str, template_db: str | None, db_url: str) -> None:
    """Once per worker process: load the course's nbgrader config for a scratch course."""
    root_p = Path(root)
    scratch_p = Path(scratch) / f"worker-{os.getpid()}"
    if scratch_p.exists():
        shutil.rmtree(scratch_p)
    scratch_p.mkdir(parents=True)
    (scratch_p / "source").mkdir()
    # nbgrader only reads the source (the non-notebook files it copies over a submission).
    os.symlink(root_p / "source" / ASSIGNMENT, scratch_p / "source" / ASSIGNMENT)
    worker_db = f"sqlite:///{scratch_p / 'gradebook.db'}" if template_db else db_url

    config = course.load_config(root_p, scratch_p, worker_db)
    log = logging.getLogger(f"grader.worker.{os.getpid()}")
    log.propagate = False
    log.setLevel(logging.INFO)
    _STATE.update(
        root=root_p, scratch=scratch_p, template_db=template_db, db_url=worker_db,
        config=config, log=log, timeout=config.Execute.timeout,
    )
    # Import the heavy parts now, once, rather than on the first student.
    import nbgrader.converters  # noqa: F401

    _skip_repeated_setup_work()


def _skip_repeated_setup_work() -> None:
    """Two costs nbgrader pays again and again for the same thing, paid once per worker here.

    Measured with cProfile on lesson 2: together about half of nbgrader's own time per
    notebook (the rest is the kernel).  Neither changes what is graded or how:

    - each cell's nbgrader metadata is checked with `jsonschema.validate`, which first
      re-validates the schema itself against the JSON Schema meta-schema (about 5 ms a
      cell); here the validator is built once per schema and reused;
    - every `Gradebook(...)` (nine per notebook) runs `create_all`, which inspects every
      table; the worker's gradebook already has them all (nbgrader made it), so after the
      first time in this process it is skipped for that database.
    """
    from types import SimpleNamespace

    import jsonschema
    from nbgrader import api
    from nbgrader.nbgraderformat import common

    validators: dict[int, object] = {}

    def validate(instance, schema):
        validator = validators.get(id(schema))
        if validator is None:
            validator = validators[id(schema)] = jsonschema.validators.validator_for(schema)(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    common.jsonschema = SimpleNamespace(validate=validate)

    create_all = api.Base.metadata.create_all
    ready: set[str] = set()

    def create_all_once(bind=None, **kwargs):
        url = str(bind.url) if bind is not None else ""
        if url not in ready:
            create_all(bind=bind, **kwargs)
            ready.add(url)

    api.Base.metadata.create_all = create_all_once


def grade(student: str) -> StudentResult:
    """Autograde one student's week1 folder; see the module's docstring."""
    start = time.monotonic()
    root: Path = _STATE["root"]
    scratch: Path = _STATE["scratch"]
    result = StudentResult(student)
    src = root / "submitted" / student / ASSIGNMENT
    work = scratch / "submitted" / student / ASSIGNMENT
    for folder in ("submitted", "autograded"):
        if (scratch / folder).exists():
            _rmtree(scratch / folder)
    shutil.copytree(src, work, symlinks=False)
    if _STATE["template_db"]:
        shutil.copyfile(_STATE["template_db"], scratch / "gradebook.db")

    lessons = _assignment_notebooks()
    _check_support_files(work, result)
    for name in lessons:
        nbres = result.notebooks.setdefault(name, NotebookResult(name))
        path = work / f"{name}.ipynb"
        if not path.exists():
            nbres.events.append("notebook was not submitted: graded as 0")
            continue
        nb, problem = _read_submission(path)
        if problem:
            nbres.events.append(f"{problem}: graded as 0")
            nbres.failed = True
            path.rename(path.with_suffix(".ipynb.unreadable"))
            continue
        _sanitize(nb, path, _release_notebook(name), nbres)
    for extra in sorted(p.stem for p in work.glob("*.ipynb") if p.stem not in lessons):
        result.events.append(f"{extra}.ipynb is not a lesson of the course and was not graded")

    todo = [n for n in lessons if not result.notebooks[n].failed and (work / f"{n}.ipynb").exists()]
    # All notebooks in one nbgrader run (the usual case); if that run fails, nbgrader drops
    # the whole student, so grade each notebook on its own to find the one that fails.
    ok, _log = _autograde(student, "*")
    if not ok and todo:
        for name in todo:
            nbres = result.notebooks[name]
            ok, log = _autograde(student, name)
            if not ok:
                nbres.failed = True
                nbres.events.append(_failure_reason(log))
    for name in todo:
        if not result.notebooks[name].failed:
            _inspect_output(scratch / "autograded" / student / ASSIGNMENT / f"{name}.ipynb", result.notebooks[name])

    _read_scores(student, result)
    dest = root / "autograded" / student / ASSIGNMENT
    out = scratch / "autograded" / student / ASSIGNMENT
    if dest.exists():
        _rmtree(dest)
    if out.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, dest)
    result.merged = not _STATE["template_db"]
    result.seconds = time.monotonic() - start
    return result


def _rmtree(path: Path) -> None:
    from nbgrader.utils import rmtree

    rmtree(str(path))


def _assignment_notebooks() -> list[str]:
    if "notebooks" not in _STATE:
        db = _STATE["template_db"]
        url = f"sqlite:///{db}" if db else _STATE["db_url"]
        with course.gradebook(url) as gb:
            _STATE["notebooks"] = sorted(nb.name for nb in gb.find_assignment(ASSIGNMENT).notebooks)
    return _STATE["notebooks"]


def _read_submission(path: Path):
    """The submitted notebook and '', or None and why nbgrader could not read it."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "notebook is not UTF-8 text"
    try:
        json.loads(text)
    except ValueError as e:
        return None, f"notebook is not valid JSON ({e.msg} at line {e.lineno})" if hasattr(e, "msg") else "notebook is not valid JSON"
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # noqa: BLE001 - any reason makes it unreadable
        return None, f"notebook is not a valid Jupyter notebook ({type(e).__name__})"
    return nb, ""


def _release_notebook(name: str):
    """The release version of a lesson (read once per worker), or None if there is none."""
    import nbformat

    cache = _STATE.setdefault("release_notebooks", {})
    if name not in cache:
        path = _STATE["root"] / "release" / ASSIGNMENT / f"{name}.ipynb"
        cache[name] = nbformat.read(str(path), as_version=4) if path.exists() else None
    return cache[name]


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _sanitize(nb, path: Path, rel, res: NotebookResult) -> None:
    """Note how the submission differs from the release; drop grade metadata the course never gave.

    nbgrader itself restores locked cells, points and the kernel, and re-adds deleted
    grade cells; a cell with grade metadata that is not in the gradebook would make it
    fail the whole notebook, so such cells become plain cells here.
    """
    import nbformat

    changed = False
    known: dict[str, object] = {}
    if rel is not None:
        known = {_meta(c)["grade_id"]: c for c in rel.cells if _meta(c).get("grade_id")}
        if nb.metadata.get("kernelspec", {}).get("name") != rel.metadata.get("kernelspec", {}).get("name"):
            res.events.append(
                f"kernel was changed to {nb.metadata.get('kernelspec', {}).get('name')!r}: "
                f"graded with the course's {rel.metadata.get('kernelspec', {}).get('name')!r}"
            )
    seen: set[str] = set()
    for cell in nb.cells:
        meta = _meta(cell)
        if not meta:
            continue
        gid = meta.get("grade_id")
        if known and (gid not in known or gid in seen):
            what = "grade cell" if meta.get("grade") else "nbgrader cell"
            label = f" {gid!r}" if gid else " (without an id)"
            res.events.append(f"an added {what}{label} was ignored")
            del cell.metadata["nbgrader"]
            changed = True
            continue
        seen.add(gid)
        ref = known.get(gid)
        if ref is None:
            continue
        ref_meta = _meta(ref)
        if ref_meta.get("locked") and cell.source != ref.source:
            kind = "grade cell" if ref_meta.get("grade") else "read-only cell"
            res.events.append(f"{kind} {gid!r} was modified and restored")
        if ref_meta.get("grade") and meta.get("points") != ref_meta.get("points"):
            res.events.append(
                f"points of {gid!r} were changed from {ref_meta.get('points')} to {meta.get('points')}: "
                f"the course's {ref_meta.get('points')} counted"
            )
    for gid, ref in known.items():
        if gid not in seen:
            if _meta(ref).get("grade"):
                res.events.append(f"grade cell {gid!r} was deleted and restored")
            else:
                res.events.append(f"cell {gid!r} was deleted (not restored)")
    if changed:
        nbformat.write(nb, str(path))


def _support_files() -> set[Path]:
    """The release's files other than notebooks (listed once per worker)."""
    if "support_files" not in _STATE:
        release = _STATE["root"] / "release" / ASSIGNMENT
        _STATE["support_files"] = {
            p.relative_to(release) for p in release.rglob("*")
            if p.is_file() and p.suffix != ".ipynb" and "__pycache__" not in p.parts
        } if release.is_dir() else set()
    return _STATE["support_files"]


def _check_support_files(work: Path, result: StudentResult) -> None:
    missing = sorted(str(p) for p in _support_files() if not (work / p).exists())
    if missing:
        tops = sorted({m.split("/")[0] + ("/" if "/" in m else "") for m in missing})
        result.events.append(
            f"course files were missing and were restored from the source: {', '.join(tops)}"
        )


def _autograde(student: str, notebook: str) -> tuple[bool, str]:
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    config = _STATE["config"]
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = ASSIGNMENT
    coursedir.student_id = student
    coursedir.notebook_id = notebook
    app = Autograde(coursedir=coursedir, config=config, log=_STATE["log"])
    app.force = True
    app.create_student = True
    out = capture_log(app)
    return bool(out["success"]), out.get("log", "") + out.get("error", "")


def _failure_reason(log: str) -> str:
    if "DeadKernelError" in log or "Kernel died" in log:
        return "kernel died while running the notebook (did the code exit Python?): graded as 0"
    if "UnresponsiveKernelError" in log or "could not interrupt" in log:
        return "kernel stopped responding and could not be interrupted: graded as 0"
    last = [line for line in log.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
    return f"nbgrader could not grade it ({last[0].strip()[:200]}): graded as 0"


def _inspect_output(path: Path, res: NotebookResult) -> None:
    import nbformat

    if not path.exists():
        return
    nb = nbformat.read(str(path), as_version=4)
    for i, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        label = _meta(cell).get("grade_id") or f"number {i}"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") == "CellTimeoutError":
                res.events.append(f"cell {label} timed out after {_STATE['timeout']} s and was interrupted")
            if out.get("output_type") == "stream" and "... Output truncated ..." in out.get("text", ""):
                res.events.append(f"cell {label} printed too much: its output was cut")


def _read_scores(student: str, result: StudentResult) -> None:
    from nbgrader.api import MissingEntry

    with course.gradebook(_STATE["db_url"]) as gb:
        try:
            sub = gb.find_submission(ASSIGNMENT, student)
        except MissingEntry:
            return
        result.timestamp = sub.timestamp
        for nb in sub.notebooks:
            res = result.notebooks.setdefault(nb.name, NotebookResult(nb.name))
            res.late_penalty = nb.late_submission_penalty
            for g in nb.grades:
                res.grades[g.name] = 0.0 if res.failed else g.auto_score
                res.max_scores[g.name] = float(g.max_score)
            for c in nb.comments:
                res.comments[c.name] = c.auto_comment
            if res.failed and not _STATE["template_db"]:
                # Shared gradebook: record the zero ourselves.
                for g in nb.grades:
                    g.auto_score = 0.0
                    g.needs_manual_grade = False
        gb.db.commit()
