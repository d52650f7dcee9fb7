"""Helpers used by the graded test cells.

nbgrader gives zero points to a grade cell that writes anything to stderr.
A correct webhook handler naturally logs, and Python's ``logging`` and
``warnings`` write to stderr by default, so a learner could lose points for
good practice.  Every graded cell therefore runs its checks inside
:func:`stderr_to_stdout`, which shows those messages on stdout instead:
the learner still sees them, and they no longer count as a failure.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from typing import Iterator


def _stream_handlers_on(stream: object) -> list[logging.StreamHandler]:
    """Every logging handler, on any logger, that writes to ``stream``."""
    loggers = [logging.getLogger()]
    loggers += [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return [
        handler
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler)
        and getattr(handler, "stream", None) is stream
    ]


@contextlib.contextmanager
def stderr_to_stdout() -> Iterator[io.StringIO]:
    """Run a block with stderr (prints, warnings, logging) shown on stdout.

    Handlers that a learner's ``logging.basicConfig()`` bound to the real
    stderr are pointed at the buffer for the duration of the block, then put
    back, so logging set up before the block is covered too.
    """
    real_stderr = sys.stderr
    buffer = io.StringIO()
    moved = _stream_handlers_on(real_stderr)
    for handler in moved:
        handler.setStream(buffer)
    try:
        with contextlib.redirect_stderr(buffer):
            yield buffer
    finally:
        for handler in moved:
            handler.setStream(real_stderr)
        text = buffer.getvalue()
        if text:
            print("[stderr while checking]\n" + text.rstrip("\n"))
