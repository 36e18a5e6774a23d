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
string of words separated by spaces), ``any``; and ``{keys: {...}}``
(with ``required: [...]`` when some must be there), ``{map: T}``,
``{list: T}``, ``{one_of: [T, ...]}``.  Adding a key to a rules file is one
line in its schema.  A loader may ask for the file built (``load_yaml(...,
compiled=True)``): its patterns compiled, its word lists as lists.

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
    if isinstance(spec, str):
        if not _is(value, spec):
            raise SchemaError(f"expected {NAMES[spec]}, not {_describe(value)}", path)
        return
    if "one_of" in spec:
        for option in spec["one_of"]:
            try:
                _check(value, option, path)
                return
            except SchemaError:
                continue
        raise SchemaError("does not fit any of its allowed forms", path)
    if "list" in spec:
        if not isinstance(value, list):
            raise SchemaError(f"expected a list, not {_describe(value)}", path)
        for i, item in enumerate(value):
            _check(item, spec["list"], path + (i,))
        return
    if not isinstance(value, dict):
        raise SchemaError(f"expected a mapping, not {_describe(value)}", path)
    if "map" in spec:
        for key, item in value.items():
            _check(item, spec["map"], path + (key,))
        return
    keys = spec["keys"]
    for key, item in value.items():
        if key not in keys:
            near = difflib.get_close_matches(str(key), [str(k) for k in keys], n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"known: {', '.join(map(str, keys))}"
            raise SchemaError(f"unknown key ({hint})", path + (key,))
        _check(item, keys[key], path + (key,))
    missing = [k for k in spec.get("required", ()) if k not in value]
    if missing:
        raise SchemaError(f"missing required key(s): {', '.join(missing)}", path)


def _build(value: Any, spec: Any, path: tuple, compile_pattern) -> Any:
    """A checked value with its patterns compiled and its word lists as lists."""
    if isinstance(spec, str):
        if spec == "pattern":
            try:
                return compile_pattern(value)
            except Exception as exc:  # regex.error, or a pattern the cache cannot take
                raise SchemaError(f"bad pattern: {exc}", path) from None
        if spec == "words" and isinstance(value, str):
            return value.split()
        return value
    if "one_of" in spec:
        return value
    if "list" in spec:
        return [_build(v, spec["list"], path + (i,), compile_pattern) for i, v in enumerate(value)]
    if "map" in spec:
        return {k: _build(v, spec["map"], path + (k,), compile_pattern) for k, v in value.items()}
    return {k: _build(v, spec["keys"][k], path + (k,), compile_pattern) for k, v in value.items()}


def _valid(spec: Any, where: str) -> Any:
    """The spec, checked to be written in the schema language."""
    if isinstance(spec, str):
        if spec not in SCALARS:
            raise SchemaError(f"{where}: unknown type {spec!r}; types are {', '.join(SCALARS)}")
        return spec
    kinds = [k for k in spec if k in COMPOUND] if isinstance(spec, dict) else []
    if len(kinds) != 1 or set(spec) - {kinds[0], "required"} or ("required" in spec and kinds != ["keys"]):
        raise SchemaError(f"{where}: a type is one of {', '.join(SCALARS)}, or a mapping with one "
                          f"of {', '.join(COMPOUND)} ('keys' may come with 'required')")
    kind, inner = kinds[0], spec[kinds[0]]
    if kind == "keys":
        if not isinstance(inner, dict):
            raise SchemaError(f"{where}: 'keys' takes a mapping of key to type")
        required = spec.get("required", [])
        if not isinstance(required, list) or not set(required) <= set(inner):
            raise SchemaError(f"{where}: 'required' takes a list of the keys")
        return {"keys": {k: _valid(v, f"{where}.{k}") for k, v in inner.items()}, "required": required}
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

    def build(self, data: Any, compile_pattern) -> Any:
        """Checked ``data`` with every ``pattern`` compiled and every ``words`` a list."""
        self.check(data)
        return _build(data, self.spec, (), compile_pattern)

    def column_range(self) -> tuple[int, int]:
        """The least and most columns a line may have."""
        if not self.columns:
            raise SchemaError("this schema is a YAML file's (keys), not a line file's")
        return sum(not c.endswith("?") for c in self.columns), len(self.columns)

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
