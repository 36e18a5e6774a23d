"""Checking a rules file against a small schema: unknown keys are refused.

A schema is a mapping from key to a kind: ``"pattern"`` (a regular
expression, compiled here), ``"patterns"`` (a list of them), ``"str"``, ``"int"``, ``"bool"``, ``"words"`` (a
list of non-empty strings, or one string of words separated by spaces),
``Table(kind)`` (any keys, each value of that kind), ``Entries(schema)`` (a
list of mappings) or a nested schema (a mapping).  Keys are optional unless
listed in ``required``.  A failure names the file, the line and the key, so a
misspelled key is found at once instead of being silently ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import regex
import yaml

from .rules import RuleError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Table:
    """A mapping with free keys (names chosen by the rules' author)."""

    kind: "Kind"


@dataclass(frozen=True)
class Entries:
    """A list of mappings, each following ``schema``."""

    schema: dict[str, "Kind"]
    required: tuple[str, ...] = ()


Kind = Union[str, Table, Entries, dict]


def _lines(path: Path) -> dict[tuple, int]:
    """The line (1-based) of each key path in a YAML file."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    out: dict[tuple, int] = {}

    def walk(node, at: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = at + (key.value,)
                out[here] = key.start_mark.line + 1
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for n, item in enumerate(node.value):
                out[at + (n,)] = item.start_mark.line + 1
                walk(item, at + (n,))

    walk(root, ())
    return out


class Checker:
    """Checks (and compiles the patterns of) one loaded rules file."""

    def __init__(self, path: Path):
        self.path = path
        self._line_of: dict[tuple, int] | None = None

    def fail(self, at: tuple, message: str) -> RuleError:
        if self._line_of is None:
            self._line_of = _lines(self.path)
        line = next((self._line_of[at[:k]] for k in range(len(at), 0, -1) if at[:k] in self._line_of), None)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join(str(a) for a in at) or "(top level)"
        return RuleError(f"{where}: {name}: {message}")

    def check(self, data: Any, schema: dict[str, Kind], required: tuple[str, ...] = (),
              at: tuple = ()) -> dict[str, Any]:
        """``data`` with its patterns compiled; raises ``RuleError`` on the first problem."""
        if not isinstance(data, dict):
            raise self.fail(at, "expected a mapping")
        unknown = [k for k in data if k not in schema]
        if unknown:
            raise self.fail(at + (unknown[0],), f"unknown key (known: {', '.join(schema)})")
        missing = [k for k in required if k not in data]
        if missing:
            raise self.fail(at, f"missing required key(s): {', '.join(missing)}")
        return {k: self.value(v, schema[k], at + (k,)) for k, v in data.items()}

    def value(self, value: Any, kind: Kind, at: tuple) -> Any:
        if isinstance(kind, dict):
            return self.check(value, kind, (), at)
        if isinstance(kind, Table):
            if not isinstance(value, dict):
                raise self.fail(at, "expected a mapping")
            return {k: self.value(v, kind.kind, at + (k,)) for k, v in value.items()}
        if isinstance(kind, Entries):
            if not isinstance(value, list):
                raise self.fail(at, "expected a list")
            return [self.check(v, kind.schema, kind.required, at + (n,)) for n, v in enumerate(value)]
        if kind == "pattern":
            if not isinstance(value, str):
                raise self.fail(at, "expected a pattern (a string)")
            try:
                return regex.compile(value)
            except regex.error as exc:
                raise self.fail(at, f"bad pattern: {exc}") from None
        if kind == "patterns":
            if not isinstance(value, list):
                raise self.fail(at, "expected a list of patterns")
            return [self.value(v, "pattern", at + (n,)) for n, v in enumerate(value)]
        if kind == "words":
            if isinstance(value, str):
                value = value.split()
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise self.fail(at, "expected a list of non-empty strings")
            return value
        expected = {"str": str, "int": int, "bool": bool}[kind]
        if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
            raise self.fail(at, f"expected {kind}, got {type(value).__name__}")
        return value
