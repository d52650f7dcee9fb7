"""Fixtures of the browser tests: one JupyterLab and one Chromium for the session.

The machinery is in `harness.py`; see its docstring.
"""

from __future__ import annotations

import pytest

from .harness import Lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The shared JupyterLab and Chromium; they start when a test first opens a notebook."""
    instance = Lab(tmp_path_factory.mktemp("browser"))
    yield instance
    instance.close()
