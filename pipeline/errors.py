"""Errors shared by several modules, kept here so that no module has to import
another only for its exception class (``formats`` raises ``IngestError`` for a
broken PDF; ``ingest`` raises it for everything else)."""
from __future__ import annotations


class IngestError(ValueError):
    """An input that cannot be turned into a document (empty, binary ...)."""

    def __init__(self, source: str, message: str, line: int | None = None, code: str = "ingest"):
        self.source, self.reason, self.line, self.code = source, message, line, code
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


class UsageError(Exception):
    """A command that cannot start as asked (a missing input path, a bad option): exit 2."""


class RuleError(ValueError):
    """A rule file that is missing or malformed (the message names file and line)."""


class ModelMissing(RuntimeError):
    """A model the pipeline needs is not on disk (the message names the fetch command)."""


class OutputError(OSError):
    """An output path that cannot be written (no permission, a file where a folder
    should be, a missing parent): the command says so in one line and exits 2."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"cannot write {path}: {reason}")

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"

    @classmethod
    def of(cls, exc: OSError, path: str | None = None) -> "OutputError":
        """The one-line error for an OSError met while writing ``path``."""
        if isinstance(exc, OutputError):
            return exc
        where = path or exc.filename or "?"
        if isinstance(exc, NotADirectoryError) or isinstance(exc, FileExistsError):
            reason = "a file is in the way (an output folder is needed there)"
        elif isinstance(exc, IsADirectoryError):
            reason = "it is a folder (a file name is needed)"
        else:
            reason = (exc.strerror or type(exc).__name__).lower()
        return cls(where, reason)
