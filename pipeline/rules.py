"""Loading rule files (rules/*.yml, rules/*.jsonl, rules/*.txt) with validation.

Rules are data: patterns, lexicons and gazetteers live in ``rules/`` and are
read once per process through these helpers, which fail with a message naming
the file (and line for line-oriented files) when something is malformed.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
# libyaml's loader when PyYAML was built with it: the rule files load 5x faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleError(ValueError):
    """A rule file that is missing or malformed."""


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


@lru_cache(maxsize=None)
def load_yaml(name: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """Read rules/<name> (YAML mapping) and check that ``required`` keys exist."""
    path = rule_path(name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RuleError(f"{where}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at top level")
    missing = [k for k in required if k not in data]
    if missing:
        raise RuleError(f"{path}: missing required key(s): {', '.join(missing)}")
    return data


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


def load_lines(name: str) -> list[str]:
    """Read a one-entry-per-line lexicon; '#' starts a comment."""
    path = rule_path(name)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out



def rules_fingerprint() -> str:
    """A hash over every rule file, recorded in manifest.json and used for resume."""
    digest = hashlib.sha256()
    root = rules_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
