"""`python -m grader release | autograde | feedback`: the instructor's verbs (see README.md)."""

from __future__ import annotations

import argparse
import os
import sys

from . import autograde, course, feedback


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="regenerate release/week1 from source/week1")
    grade = sub.add_parser("autograde", help="grade submitted/ and write grades.csv")
    grade.add_argument(
        "--jobs", type=int, default=(os.cpu_count() or 1) + 1,
        help="students graded at a time (default: cores + 1; a grader often waits on its kernel)",
    )
    grade.add_argument("--csv", default="grades.csv", help="where to write the grades")
    sub.add_parser("feedback", help="feedback HTML per student in feedback/, hidden tests left out")
    args = parser.parse_args(argv)

    if args.command == "release":
        out = course.generate_release()
        print(f"Release written to {out.relative_to(course.ROOT)}")
        return 0
    if args.command == "feedback":
        return feedback.main(course.ROOT)
    return autograde.main(course.ROOT, jobs=args.jobs, csv_path=course.ROOT / args.csv)


if __name__ == "__main__":
    sys.exit(main())
