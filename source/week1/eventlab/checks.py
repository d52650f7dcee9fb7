"""Helpers used by the graded test cells: fair to learners, strict on mistakes.

nbgrader gives zero points to a grade cell that writes anything to stderr.
A correct webhook handler naturally logs, and Python's ``logging`` and
``warnings`` write to stderr by default, so a learner could lose points for
good practice.  Every graded cell therefore runs its checks inside
:func:`stderr_to_stdout`, which shows those messages on stdout instead:
the learner still sees them, and they no longer count as a failure.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import logging
import secrets
import sys
from typing import Callable, Iterator


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


@contextlib.contextmanager
def compare_digest_calls(*functions: Callable) -> Iterator[list[tuple[object, object]]]:
    """Record every call to ``hmac.compare_digest`` made while the block runs.

    The graded checks use it to see that a verifier compares in constant time.
    A learner may reach the function as ``hmac.compare_digest``,
    ``secrets.compare_digest`` or a name imported with ``from hmac import
    compare_digest``; the last lives in the globals of the learner's functions,
    so those are patched too.  Everything is put back when the block ends.
    """
    original = hmac.compare_digest
    calls: list[tuple[object, object]] = []

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)

    namespaces = {id(f.__globals__): f.__globals__ for f in functions if hasattr(f, "__globals__")}
    patched = [
        (namespace, name)
        for namespace in namespaces.values()
        for name, value in list(namespace.items())
        if value is original
    ]
    saved_secrets = secrets.compare_digest
    try:
        hmac.compare_digest = recording
        secrets.compare_digest = recording
        for namespace, name in patched:
            namespace[name] = recording
        yield calls
    finally:
        hmac.compare_digest = original
        secrets.compare_digest = saved_secrets
        for namespace, name in patched:
            namespace[name] = original
