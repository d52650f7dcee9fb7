"""nbgrader settings for the course (nbgrader reads only this file, not --config)."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "event-driven-workflows"
c.CourseDirectory.root = HERE
# SQLite by default; set NBGRADER_DB_URL (any SQLAlchemy URL) for PostgreSQL.
c.CourseDirectory.db_url = os.environ.get("NBGRADER_DB_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db"))
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    "mock_sheets",  # the mock spreadsheet lesson 6 writes when it runs in this folder
]

# The quiz's saved answers travel with the submission; never overwrite them with a source copy.
c.Autograde.exclude_overwriting = {"week1": ["quiz_answers.json"]}

# Learners see this in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Per cell: an infinite loop is interrupted and scored 0; grading goes on.
c.Execute.timeout = int(os.environ.get("NBGRADER_CELL_TIMEOUT", 30))
c.Execute.interrupt_on_timeout = True
