"""The project's own exceptions: each message is one line a user can act on."""


class WiretraceError(Exception):
    """Base class: the CLI prints the message alone and exits non-zero."""


class InputError(WiretraceError):
    """One input (a file, a line of a file) could not be read as an article."""

    def __init__(self, origin: str, problem: str, line: int | None = None):
        self.origin = origin
        self.line = line
        self.problem = problem
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {problem}")


class StoreError(WiretraceError):
    """The store cannot be opened or written as asked."""


class NotFound(WiretraceError):
    """An id names nothing in the store."""
