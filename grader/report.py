"""The grading report: per student, in plain words, what was graded and what happened."""

from __future__ import annotations

from pathlib import Path

from .worker import StudentResult


def _fmt(x: float) -> str:
    return f"{x:g}"


def student_lines(result: StudentResult) -> list[str]:
    total = sum(nb.score for nb in result.notebooks.values())
    out = sum(nb.max_score for nb in result.notebooks.values())
    lines = [f"{result.student}: {_fmt(total)}/{_fmt(out)} points (graded in {result.seconds:.1f} s)"]
    for event in result.events:
        lines.append(f"  - {event}")
    for name in sorted(result.notebooks):
        nb = result.notebooks[name]
        lost = [gid for gid, s in nb.grades.items() if (s or 0) < nb.max_scores.get(gid, 0)]
        line = f"  {name}: {_fmt(nb.score)}/{_fmt(nb.max_score)}"
        if lost and not nb.failed and not any("graded as 0" in e for e in nb.events):
            line += f"; checks not passed: {', '.join(lost)}"
        lines.append(line)
        for event in nb.events:
            lines.append(f"    - {name}: {event}")
    return lines


def write_report(results: list[StudentResult], failures: dict[str, str], path: Path) -> str:
    """Write the report to `path` and return its text."""
    blocks = ["\n".join(student_lines(r)) for r in sorted(results, key=lambda r: r.student)]
    for student, error in sorted(failures.items()):
        last = error.strip().splitlines()[-1] if error.strip() else "unknown error"
        blocks.append(f"{student}: could not be graded at all: {last}")
    unusual = sum(1 for r in results if r.events or any(nb.events for nb in r.notebooks.values()))
    head = (
        f"Grading report: {len(results)} students graded, {len(failures)} could not be graded, "
        f"{unusual} with something unusual to read below."
    )
    text = head + "\n\n" + "\n\n".join(blocks) + "\n"
    path.write_text(text, encoding="utf-8")
    return text
