"""The instructor's grading tools: parallel grading, hostile submissions, feedback, PostgreSQL.

One small course (lesson 02 and a one-exercise warm-up, see hostile_class.py) serves every test.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from glob import glob
from pathlib import Path

import pytest

import hostile_class as hc
from grader import autograde, course, feedback, grades
from notebook_parts import exercise_of, graded_cells, nbgrader_meta, read, solution_cells

TIMEOUT = "5"  # seconds per cell for the infinite loop, instead of the course's 30


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return hc.make_course(tmp_path_factory.mktemp("graded-course"))


def use_class(root: Path, students: dict[str, hc.Student]) -> None:
    """Make `students` the whole of submitted/ (the gradebook keeps earlier students)."""
    for folder in ("submitted", "autograded", "feedback"):
        if (root / folder).exists():
            shutil.rmtree(root / folder)
    hc.write_class(root, students)


def all_scores(db_url: str, students) -> dict:
    return {
        s: {nb: grades.cell_scores(db_url, s, nb) for nb in grades.notebook_scores(db_url, s)}
        for s in students
    }


def expected_scores(root: Path, student: hc.Student) -> dict[str, dict[str, float]]:
    """Full marks on every graded cell except the exercises the student should lose."""
    out = {}
    for path in sorted((root / "source" / course.ASSIGNMENT).glob("*.ipynb")):
        nb = read(path)
        names = list(solution_cells(nb))
        lost = student.lost.get(path.stem, ())
        out[path.stem] = {
            gid: 0.0 if "*" in lost or exercise_of(gid, names) in lost else float(nbgrader_meta(cell)["points"])
            for gid, cell in graded_cells(nb).items()
        }
    return out


def test_parallel_grades_equal_serial_nbgrader(root):
    students = {"good_logs_to_stderr": hc.GOOD["good_logs_to_stderr"], **hc.MISTAKES}
    use_class(root, students)
    db_url = autograde.db_url_of(root)
    log = autograde.grade_class_serial_nbgrader(root)
    if log:
        # The baseline, not the grader under test: a kernel nbgrader starts can lose the race for a
        # port to a kernel of the other test process (jupyter/jupyter_client#154); one more run.
        log = autograde.grade_class_serial_nbgrader(root)
    assert log == "", "nbgrader's own serial autograde failed:\n" + "\n".join(
        line for line in log.splitlines() if "| INFO]" not in line
    )[-4000:]
    serial = all_scores(db_url, students)
    shutil.rmtree(root / "autograded")

    assert autograde.grade_class(root, jobs=2) == {}
    parallel = all_scores(db_url, students)
    assert parallel == serial
    for name, student in students.items():
        got = {nb: {g: s.score for g, s in cells.items()} for nb, cells in parallel[name].items()}
        assert got == expected_scores(root, student), name
        assert sorted(p.name for p in (root / "autograded" / name / course.ASSIGNMENT).glob("*.ipynb")) == [
            f"{hc.WARMUP}.ipynb", f"{hc.LESSON}.ipynb"
        ]


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def hidden_lines(root: Path) -> list[str]:
    lines = []
    for path in (root / "source" / course.ASSIGNMENT).glob("*.ipynb"):
        for cell in graded_cells(read(path)).values():
            for region in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.DOTALL):
                lines += [line.strip() for line in region.splitlines() if "assert" in line]
    return lines


def test_feedback_shows_assertion_messages_but_no_hidden_test(root):
    student = "mistake_get_in_and_double"
    if not (root / "autograded" / student).exists():
        use_class(root, hc.MISTAKES)
        assert autograde.grade_class(root, jobs=2) == {}
    ok, log = feedback.generate(root, student)
    assert ok, log
    pages = {p.stem: _text(p.read_text(encoding="utf-8")) for p in (root / "feedback" / student / course.ASSIGNMENT).glob("*.html")}
    assert set(pages) == {hc.WARMUP, hc.LESSON}
    secrets = hidden_lines(root)
    assert hc.WARMUP_HIDDEN_LINE in secrets and len(secrets) > 5
    for name, text in pages.items():
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{name} feedback shows hidden tests: {leaked}"
        assert "BEGIN HIDDEN TESTS" not in text and 'File "' not in text, name
    assert f"AssertionError: {hc.WRONG_DOUBLE_MESSAGE}" in pages[hc.WARMUP]
    assert "NotImplementedError" in pages[hc.LESSON]


def test_hostile_class_is_graded_in_one_run(root, monkeypatch):
    monkeypatch.setenv("NBGRADER_CELL_TIMEOUT", TIMEOUT)
    students = {**hc.GOOD, **hc.HOSTILE}
    use_class(root, students)
    results, failures = autograde.grade_class_detailed(root, jobs=2)
    assert failures == {}
    db_url = autograde.db_url_of(root)
    scores = all_scores(db_url, students)
    for name, student in students.items():
        got = {nb: {g: s.score for g, s in cells.items()} for nb, cells in scores[name].items()}
        assert got == expected_scores(root, student), name
    text = autograde.report.write_report(results, failures, root / "grading-report.txt")
    blocks = {block.split(":", 1)[0]: block for block in text.split("\n\n")[1:]}
    for name, student in students.items():
        for phrase in student.says:
            assert phrase in blocks[name], f"the report on {name} should say {phrase!r}:\n{blocks[name]}"
    for name in hc.GOOD:
        assert "  - " not in blocks[name], f"nothing unusual should be reported for {name}:\n{blocks[name]}"
    assert f"timed out after {TIMEOUT} s" in blocks["hostile_infinite_loop"]
    # The CSV has a column per lesson and the totals.
    rows = grades.write_grades_csv(db_url, course.lesson_names(root / "source" / course.ASSIGNMENT), root / "grades.csv")
    by_id = {r["student_id"]: r for r in rows}
    assert by_id["hostile_exit_and_missing"]["total"] == "0"
    assert by_id["good_logs_to_stderr"]["total"] == by_id["good_logs_to_stderr"]["max_total"]


# --- PostgreSQL -------------------------------------------------------------------------

def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    hits = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(hits[-1]).parent if hits else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    """A throw-away PostgreSQL server (as user nobody when run as root); yields its URL."""
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are missing: install the Debian package postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); CI=true makes this a failure")
    base = Path(tempfile.mkdtemp(prefix="grader-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "nobody", "--"]
        os.chmod(base, 0o755)
        shutil.chown(sock, "nobody")
        data.mkdir()
        shutil.chown(data, "nobody")
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
    run(
        str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60", "-l", str(sock / "log"), "start", "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off",
    )
    try:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE gradebook")
        conn.close()
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/gradebook"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_gradebook_is_written_by_the_workers(root, postgres_url, monkeypatch):
    monkeypatch.setenv("NBGRADER_DB_URL", postgres_url)
    students = {**hc.GOOD, **hc.MISTAKES}
    use_class(root, students)
    start = time.monotonic()
    assert autograde.grade_class(root, jobs=2) == {}
    assert time.monotonic() - start < 120
    scores = all_scores(postgres_url, students)
    for name, student in students.items():
        got = {nb: {g: s.score for g, s in cells.items()} for nb, cells in scores[name].items()}
        assert got == expected_scores(root, student), name
