"""The schemas of the rules files (rules/schemas/), and checking a file against one.

A YAML rules file's schema is a YAML mapping from each key the file may hold
to the type of its value::

    report_year_words: words          # a list of words (or one string of words)
    report_year_last_month: int
    page_date:                        # a mapping with these keys only
      keys: {labels: words, max_lines: int, trailing_ok: {list: pattern}}
    relative_years: {map: int}        # a mapping of any keys to integers
    units: {list: {keys: {unit: string, forms: words, kind: string}}}

Types: ``int``, ``number``, ``bool``, ``string``, ``pattern`` (a regular
expression, as a string), ``words`` (a list of non-empty strings, or one
string of words separated by spaces), ``any``; and ``{keys: {...}}``,
``{map: T}``, ``{list: T}``, ``{one_of: [T, ...]}``.  Adding a key to a
rules file is one line in its schema.

A line file's schema (``calibration.tsv.yml``) names its tab-separated
columns; a trailing ``?`` marks a column that may be left out::

    columns: [source, precision, calibrated, n?, correct?]
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

SCALARS = ("int", "number", "bool", "string", "pattern", "words", "any")
COMPOUND = ("keys", "map", "list", "one_of")


class SchemaError(ValueError):
    """A value that does not fit its schema; ``path`` leads to it from the top."""

    def __init__(self, message: str, path: tuple = ()):
        super().__init__(message)
        self.path = path


def _is(value: Any, kind: str) -> bool:
    if kind == "any":
        return True
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in ("string", "pattern"):
        return isinstance(value, str)
    if kind == "words":
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) and v for v in value))
    raise SchemaError(f"unknown type {kind!r}; types are {', '.join(SCALARS)} or {', '.join(COMPOUND)}")


NAMES = {"int": "an integer", "number": "a number", "bool": "true or false", "string": "a string",
         "pattern": "a pattern (a string)", "words": "a list of words", "any": "anything"}


def _describe(value: Any) -> str:
    return {bool: "true/false", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _check(value: Any, spec: Any, path: tuple) -> None:
    where = f"'{'.'.join(map(str, path))}'" if path else "the file"
    if isinstance(spec, str):
        if not _is(value, spec):
            raise SchemaError(f"{where} must be {NAMES[spec]}, not {_describe(value)}", path)
        return
    if "one_of" in spec:
        for option in spec["one_of"]:
            try:
                _check(value, option, path)
                return
            except SchemaError:
                continue
        raise SchemaError(f"{where} does not fit any of its allowed forms", path)
    if "list" in spec:
        if not isinstance(value, list):
            raise SchemaError(f"{where} must be a list, not {_describe(value)}", path)
        for i, item in enumerate(value):
            _check(item, spec["list"], path + (i,))
        return
    if not isinstance(value, dict):
        raise SchemaError(f"{where} must be a mapping, not {_describe(value)}", path)
    if "map" in spec:
        for key, item in value.items():
            _check(item, spec["map"], path + (key,))
        return
    keys = spec["keys"]
    for key, item in value.items():
        if key not in keys:
            near = difflib.get_close_matches(str(key), [str(k) for k in keys], n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f" (known: {', '.join(map(str, keys))})"
            raise SchemaError(f"unknown key '{key}'" + (f" in {where}" if path else "") + hint,
                              path + (key,))
        _check(item, keys[key], path + (key,))


def _valid(spec: Any, where: str) -> Any:
    """The spec, checked to be written in the schema language."""
    if isinstance(spec, str):
        if spec not in SCALARS:
            raise SchemaError(f"{where}: unknown type {spec!r}; types are {', '.join(SCALARS)}")
        return spec
    if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in COMPOUND:
        raise SchemaError(f"{where}: a type is one of {', '.join(SCALARS)}, or a mapping with one "
                          f"of {', '.join(COMPOUND)}")
    kind, inner = next(iter(spec.items()))
    if kind == "keys":
        if not isinstance(inner, dict):
            raise SchemaError(f"{where}: 'keys' takes a mapping of key to type")
        return {"keys": {k: _valid(v, f"{where}.{k}") for k, v in inner.items()}}
    if kind == "one_of":
        return {"one_of": [_valid(v, f"{where}.one_of") for v in inner]}
    return {kind: _valid(inner, f"{where}.{kind}")}


@dataclass(frozen=True)
class Schema:
    """A rules file's schema: the keys of a YAML file, or the columns of a line file."""

    spec: Any = None  # the top-level mapping's type
    columns: tuple[str, ...] = ()  # of a line file; "name?" may be left out

    @classmethod
    def parse(cls, data: Any, where: str) -> "Schema":
        if not isinstance(data, dict):
            raise SchemaError("a schema is a mapping")
        if set(data) == {"columns"}:
            cols = data["columns"]
            if not isinstance(cols, list) or not cols or not all(isinstance(c, str) for c in cols):
                raise SchemaError("'columns' takes a list of column names")
            return cls(columns=tuple(cols))
        return cls(spec={"keys": {k: _valid(v, str(k)) for k, v in data.items()}})

    def check(self, data: Any) -> None:
        """Raise ``SchemaError`` (with the path to the offending value) unless ``data`` fits."""
        if self.spec is None:
            raise SchemaError("this schema is a line file's (columns), not a YAML file's")
        _check(data, self.spec, ())

    def check_row(self, cols: list[str]) -> None:
        """Raise ``SchemaError`` unless a line's tab-separated columns fit."""
        if not self.columns:
            raise SchemaError("this schema is a YAML file's (keys), not a line file's")
        least = sum(not c.endswith("?") for c in self.columns)
        if not least <= len(cols) <= len(self.columns):
            names = ", ".join(c.rstrip("?") for c in self.columns)
            count = str(least) if least == len(self.columns) else f"{least} to {len(self.columns)}"
            raise SchemaError(f"expected {count} tab-separated column(s) ({names}), found {len(cols)}")


def line_of(text: str, path: tuple) -> int | str:
    """The line (1-based) of the value at ``path`` in a YAML text (of its key, for a
    mapping's entry); "?" when it cannot be found.  Only called on an error: it
    parses the text again with the pure-Python composer, which keeps positions."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return "?"
    line = node.start_mark.line + 1 if node is not None else "?"
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(step):
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
