"""The one error type the engine raises for anything a user did wrong."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem a student can fix, with a message in plain words.

    Raised for invalid specs ("port must be 0-65535") and for operations the
    operating system refused ("port 8000 is already in use"). The message is
    meant to be shown as-is in the UI or on stderr; never a traceback.
    """


class SpecError(WorkbenchError):
    """A ServerSpec or ClientSpec that cannot work, caught before any socket exists."""
