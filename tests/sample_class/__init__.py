"""The sample class: submissions written as data, one module per lesson.

Each ``lessonNN`` module defines:

- ``NOTEBOOK``: the lesson's file name;
- ``CORRECT``: ``{student: {solution grade_id: code}}``, correct solutions in other
  styles, each expected to get full marks;
- ``MISTAKES``: ``{student: Mistake(...)}``, one common misconception each, expected to
  lose exactly the points of the exercises in ``Mistake.loses``.

Solution cells a submission does not name get the reference solution from ``source/``.
``tests/test_sample_class.py`` builds the notebooks from the release and autogrades them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mistake:
    """A submission with one misconception: which exercises it should lose, and its code."""

    loses: tuple[str, ...]
    cells: dict[str, str] = field(default_factory=dict)
