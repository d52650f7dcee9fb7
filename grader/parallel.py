"""Long-lived grading workers: `jobs` processes, each grading many students (imports paid once).

Each worker is `python -m grader.parallel ROOT SCRATCH TEMPLATE DB_URL`: it reads a student
id per line on stdin and answers one line `RESULT <base64 pickle of StudentResult>` (or
`ERROR <text>`). Plain subprocesses, not multiprocessing, so the caller needs no
`if __name__ == "__main__"` guard, and a worker that dies is replaced; the student it was
grading is reported as not graded.
"""

from __future__ import annotations

import base64
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Iterator

from . import course

PREFIX_OK = "@@grader-result@@ "
PREFIX_ERR = "@@grader-error@@ "


class _Worker:
    def __init__(self, args: list[str], log: Path):
        self.args = args
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = course.nbgrader_env()
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent) + os.pathsep + env.get("PYTHONPATH", "")
        with open(self.log, "a", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "grader.parallel", *self.args],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                text=True, bufsize=1, env=env,
            )

    def grade(self, student: str):
        """The worker's StudentResult, or an Exception describing why there is none."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        try:
            self.proc.stdin.write(student + "\n")
            self.proc.stdin.flush()
            for line in self.proc.stdout:
                if line.startswith(PREFIX_OK):
                    return pickle.loads(base64.b64decode(line[len(PREFIX_OK):]))
                if line.startswith(PREFIX_ERR):
                    return RuntimeError(base64.b64decode(line[len(PREFIX_ERR):]).decode())
        except (BrokenPipeError, OSError):
            pass
        code = self.proc.wait()
        self.proc = None
        tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        return RuntimeError(
            f"the grading worker stopped (exit code {code}) while grading {student}: " + " | ".join(tail)
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run(students: list[str], jobs: int, root: Path, scratch: Path, template: str | None, db_url: str) -> Iterator[tuple[str, object]]:
    """Grade `students` with `jobs` workers; yields (student, StudentResult or Exception) as they finish."""
    todo: queue.Queue = queue.Queue()
    for s in students:
        todo.put(s)
    done: queue.Queue = queue.Queue()
    args = [str(root), str(scratch), template or "-", db_url]
    workers = [_Worker(args, Path(scratch) / f"worker{i}.log") for i in range(jobs)]

    def loop(w: _Worker) -> None:
        try:
            while True:
                try:
                    student = todo.get_nowait()
                except queue.Empty:
                    return
                done.put((student, w.grade(student)))
        finally:
            w.stop()

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    for _ in students:
        yield done.get()
    for t in threads:
        t.join()


def _serve(argv: list[str]) -> int:
    from . import worker

    root, scratch, template, db_url = argv
    worker.setup(root, scratch, None if template == "-" else template, db_url)
    out = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not mix with the answers
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        try:
            payload = base64.b64encode(pickle.dumps(worker.grade(student))).decode()
            out.write(PREFIX_OK + payload + "\n")
        except Exception:  # noqa: BLE001 - reported to the main process
            out.write(PREFIX_ERR + base64.b64encode(traceback.format_exc().encode()).decode() + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1:]))
