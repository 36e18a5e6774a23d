"""Loading rule files (rules/*.yml, *.tsv, *.txt), each checked against its schema.

Rules are data: patterns, lexicons and gazetteers live in ``rules/`` and are
read by the component that uses them, when it is built, through these
helpers.  Every file has a schema in ``rules/schemas/`` (see ``schema.py``):
a YAML file's keys and the type of each value, a line file's columns.  A key
the schema does not know (a misspelling), a value of the wrong type or a line
with the wrong number of columns stops the load with the file and the line::

    rules/facts.yml:14: relative_year: unknown key (did you mean 'relative_years'?)

Adding a key to a rules file is one line in its schema.

Compiled patterns: ``compile_pattern`` compiles a regular expression once
and keeps the compiled form on disk (``PatternCache``), so that a fresh
process does not parse the few hundred patterns the rules make again.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

import regex
import yaml

from . import __version__
from .errors import RuleError
from .models import cache_dir
from .schema import Schema, SchemaError, line_of

PACKAGE_DIR = Path(__file__).resolve().parent
# libyaml's loader when PyYAML was built with it: the rule files load 5x faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REGEX_COMPILE = regex.compile  # (PatternCache.installed replaces regex.compile for a while)
SCHEMAS = "schemas"


def rules_dir() -> Path:
    """The rules directory: $BULLETIN_IE_RULES, else rules/ beside the package."""
    env = os.environ.get("BULLETIN_IE_RULES")
    if env:
        return Path(env)
    for candidate in (PACKAGE_DIR.parent / "rules", PACKAGE_DIR / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("cannot find the rules/ directory; set BULLETIN_IE_RULES")


def rule_path(name: str) -> Path:
    path = rules_dir() / name
    if not path.is_file():
        raise RuleError(f"rule file {path} does not exist")
    return path


def schema_path(name: str) -> Path:
    """rules/schemas/<name> (``.yml`` added to a line file's name); the package's
    own schemas when $BULLETIN_IE_RULES points at a folder without them.  A file
    given by a path of its own (a component's table) takes the schema of its name."""
    if Path(name).is_absolute():
        name = Path(name).name
    file = name if name.endswith(".yml") else f"{name}.yml"
    for root in (rules_dir(), PACKAGE_DIR.parent / "rules", PACKAGE_DIR / "rules"):
        path = root / SCHEMAS / file
        if path.is_file():
            return path
    raise RuleError(f"{rules_dir() / name}: no schema (add rules/{SCHEMAS}/{file}; "
                    f"see docs/architecture.md, 'Rules and their schemas')")


def load_schema(name: str) -> Schema:
    path = schema_path(name)
    try:
        return Schema.parse(yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER), str(path))
    except (yaml.YAMLError, SchemaError) as exc:
        raise RuleError(f"{path}: {exc}") from None


def load_yaml(name: str, required: tuple[str, ...] = (), compiled: bool = False,
              schema: str | None = None) -> dict[str, Any]:
    """Read rules/<name> (a YAML mapping), check it against its schema and that the
    ``required`` keys are there.  ``compiled``: every value the schema calls a
    pattern compiled (through the pattern cache), every word list a list.
    ``schema``: the rules file whose schema applies, for a file of another name
    (a component given its own table)."""
    path = rule_path(name)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RuleError(f"{where}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at top level")
    checker = load_schema(schema or name)
    try:
        checker.check(data)
        missing = [k for k in required if k not in data]
        if missing:
            raise SchemaError(f"missing required key(s): {', '.join(missing)}")
        return checker.build(data, compile_pattern) if compiled else data
    except SchemaError as exc:
        at = ".".join(map(str, exc.path)) or "(top level)"
        raise RuleError(f"{path}:{line_of(text, exc.path)}: {at}: {exc}") from None


def word_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    """A word list from a rule mapping: a YAML list, or one string of words
    separated by spaces (long lists are written that way: YAML parses one
    scalar much faster than hundreds)."""
    value = data.get(key)
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def load_lines(name: str, schema: str | None = None) -> list[str]:
    """Read a one-entry-per-line lexicon; '#' starts a comment.  Each line's
    tab-separated columns are checked against the file's schema (``schema``:
    the rules file whose schema applies, for a file of another name)."""
    path = rule_path(name)
    least, most = load_schema(schema or name).column_range()
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "#" in line:
            line = line.split("#", 1)[0]
        entry = line.strip()
        if entry:
            # columns counted before stripping: a last column may be empty
            if not least <= line.strip(" ").count("\t") + 1 <= most:
                try:
                    load_schema(schema or name).check_row(line.strip(" ").split("\t"))
                except SchemaError as exc:
                    raise RuleError(f"{path}:{n}: {exc}") from None
            out.append(entry)
    return out


def check_file(name: str) -> None:
    """Check one rules file against its schema (a YAML file, or a line file read
    through ``load_lines``); raises ``RuleError`` naming the file and line."""
    if name.endswith(".yml"):
        load_yaml(name)
    elif name.endswith(".gz"):
        return  # compressed tables: read and checked by their loader (gazetteer.py)
    else:
        load_lines(name)


def rules_fingerprint() -> str:
    """A hash over every rule file, recorded in manifest.json and used for resume."""
    digest = hashlib.sha256()
    root = rules_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# -- compiled patterns ---------------------------------------------------------------

class PatternCache:
    """Compiled regular expressions, kept on disk between processes.

    ``regex`` parses a pattern in Python (the rules' few hundred patterns took
    a third of a fresh process's start-up), but a compiled pattern pickles to
    its compiled code, which loads without parsing.  The file is named by the
    rules' hash, the package version and regex's version; inside, each entry is
    keyed by the pattern's text and flags, so a pattern the code builds
    differently is simply compiled again.  A cache that cannot be read or
    written only costs the time of compiling.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[tuple[str, int], bytes] = {}
        self.compiled: dict[tuple[str, int], Any] = {}
        self.dirty = False
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    entries = pickle.load(fh)
                if isinstance(entries, dict):
                    self.entries = entries
            except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError):
                pass

    @classmethod
    def default(cls) -> "PatternCache":
        """The cache file of this rules directory as it is now (its files' names, sizes
        and times: no need to read them), in the model home's cache folder."""
        try:
            root = rules_dir()
            state = sorted((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
                           for p in root.rglob("*") if p.is_file())
        except (OSError, RuleError):
            return cls(None)
        key = hashlib.sha256(f"{state}:{regex.__version__}:{sys.version_info[:2]}:{__version__}".encode())
        return cls(cache_dir() / f"patterns-{key.hexdigest()[:16]}.pickle")

    def compile(self, pattern: str, flags: int = 0) -> Any:
        key = (pattern, int(flags))
        found = self.compiled.get(key)
        if found is not None:
            return found
        blob = self.entries.get(key)
        if blob is not None:
            try:
                found = pickle.loads(blob)
            except Exception:  # a foreign or damaged entry: compiled again below
                found = None
        if found is None:
            found = _REGEX_COMPILE(pattern, flags)
            self.entries[key] = pickle.dumps(found)
            self.dirty = True
        self.compiled[key] = found
        return found

    @contextlib.contextmanager
    def installed(self) -> Iterator["PatternCache"]:
        """While components are built, every ``regex.compile(pattern[, flags])`` goes
        through this cache (the same pattern, compiled or read back), then the new
        entries are saved.  A component may instead call ``compile_pattern`` itself;
        this covers every one that does not, without a change to its code."""
        real = regex.compile

        def compile(pattern, flags=0, *args, **kwargs):
            if args or kwargs or not isinstance(pattern, str):
                return real(pattern, flags, *args, **kwargs)
            return self.compile(pattern, flags)

        regex.compile = compile
        try:
            yield self
        finally:
            regex.compile = real
            self.save()

    def save(self) -> None:
        """Write the entries when new ones were compiled (atomically; failures ignored)."""
        if not self.dirty or self.path is None:
            return
        self.dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(self.entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except OSError:
            pass
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


_PATTERNS: PatternCache | None = None


def pattern_cache() -> PatternCache:
    """The process's pattern cache (compiled code, not rules: the rules themselves are
    loaded by each component when it is built)."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = PatternCache.default()
    return _PATTERNS


def compile_pattern(pattern: str, flags: int = 0) -> Any:
    """``regex.compile``, through the on-disk cache of compiled patterns."""
    return pattern_cache().compile(pattern, flags)
