"""JSONL reading and writing, streaming, with errors that name file and line.

Every stage goes through these helpers: ``read_records`` checks each line is
JSON of the expected record kind, and ``AtomicJsonlWriter`` writes to a
temporary file renamed into place on success, so a killed run never leaves a
half-written output behind.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, TypeVar

from .errors import OutputError
from .records import RECORD_TYPES, SCHEMA_VERSION, Record, RecordError

R = TypeVar("R", bound=Record)


class InputError(ValueError):
    """A bad line in an input JSONL file: carries the file name and line number."""

    def __init__(self, source: str, line: int | None, message: str):
        self.source, self.line, self.reason = source, line, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_temp(target: Path) -> tuple[int, str]:
    """A temporary file beside ``target`` (its folder made if need be) with the
    permissions a new file would get; ``OutputError`` when that cannot be."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(target))
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError.of(exc, str(target)) from None
    os.chmod(tmp, 0o666 & ~_umask())
    return fd, tmp


def replace(tmp: str, target: str | Path) -> None:
    """Rename a finished temporary file into place; ``OutputError`` when that cannot be."""
    try:
        os.replace(tmp, target)
    except OSError as exc:
        os.unlink(tmp)
        raise OutputError.of(exc, str(target)) from None


def dumps(record: Record | dict[str, Any]) -> str:
    data = record.to_dict() if isinstance(record, Record) else record
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def _open_in(path: str | Path) -> Iterator[IO[str]]:
    if str(path) == "-":
        yield sys.stdin
    else:
        with open(path, encoding="utf-8") as fh:
            yield fh


class WrongInput(InputError):
    """The input is not what the stage reads (another record kind, an old schema)."""


def iter_json_lines(path: str | Path, on_error: Callable[[InputError], None] | None = None
                    ) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) per non-empty line.

    A line that is not JSON raises ``InputError``, or, when ``on_error`` is
    given, is reported to it and skipped so the other lines go on.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        with _open_in(path) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    err = InputError(name, n, f"not valid JSON ({exc.msg}, column {exc.colno})")
                    if on_error is None:
                        raise err from None
                    on_error(err)
                    continue
                yield n, obj
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(name, None, f"not UTF-8 ({exc.reason})") from None


def read_records(path: str | Path, *types: type[R], skip_other: bool = False,
                 on_error: Callable[[InputError], None] | None = None) -> Iterator[R]:
    """Read records of the given kinds.

    Another kind, or an incompatible schema version, raises ``WrongInput``
    naming the file, the line, what was expected and what was found, e.g.
    ``sentences.jsonl:1: expected a 'sentence' record, got kind='document'``
    (unless ``skip_other``).  A corrupt line goes to ``on_error`` when given.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    by_kind = {t.KIND: t for t in types}
    for n, obj in iter_json_lines(path, on_error):
        kind = obj.get("kind") if isinstance(obj, dict) else None
        cls = by_kind.get(kind)
        if cls is None:
            if skip_other and kind in RECORD_TYPES:
                continue
            wanted = " or ".join(f"'{k}'" for k in by_kind)
            raise WrongInput(name, n, f"expected a {wanted} record, got kind={kind!r}")
        version = str(obj.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise WrongInput(name, n, f"schema_version {version!r} is not compatible with "
                             f"{SCHEMA_VERSION} (rerun the earlier stages with this version)")
        try:
            yield cls.from_dict(obj)
        except (RecordError, TypeError) as exc:
            err = InputError(name, n, str(exc))
            if on_error is None:
                raise err from None
            on_error(err)


class AtomicJsonlWriter:
    """Write records to ``path`` through a temp file renamed into place on close.

    ``-`` writes to stdout directly.  With ``append=True`` the existing file's
    records are copied first, so an incremental run extends it atomically.
    """

    def __init__(self, path: str | Path, append: bool = False):
        self.path = str(path)
        self.count = 0
        if self.path == "-":
            self._fh: IO[str] = sys.stdout
            self._tmp = None
            return
        target = Path(self.path)
        fd, self._tmp = make_temp(target)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        if append and target.exists():
            with target.open(encoding="utf-8") as old:
                for line in old:
                    if line.strip():
                        self._fh.write(line if line.endswith("\n") else line + "\n")

    def write(self, record: Record | dict[str, Any]) -> None:
        self._fh.write(dumps(record) + "\n")
        self.count += 1

    def write_line(self, line: str) -> None:
        """Write one already serialised record (a JSON line)."""
        self._fh.write(line if line.endswith("\n") else line + "\n")
        self.count += 1

    def write_all(self, records: Iterable[Record | dict[str, Any]]) -> None:
        for rec in records:
            self.write(rec)

    def close(self) -> None:
        if self._tmp is None:
            self._fh.flush()
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        tmp, self._tmp = self._tmp, None
        replace(tmp, self.path)

    def abort(self) -> None:
        if self._tmp is not None:
            self._fh.close()
            os.unlink(self._tmp)
            self._tmp = None

    def __enter__(self) -> "AtomicJsonlWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write one JSON document (manifest.json) atomically."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write a text file through a temporary file renamed into place; ``OutputError``
    (one line: which path, why) when it cannot be written."""
    target = Path(path)
    fd, tmp = make_temp(target)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
    except OSError as exc:
        os.unlink(tmp)
        raise OutputError.of(exc, str(target)) from None
    replace(tmp, target)
