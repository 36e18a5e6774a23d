"""rules/tagger.yml: where the statistical tagger runs (the contexts that open a
window), checked and compiled once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from ..chars import alternation
from ..rules import RuleError, load_yaml, rule_path, word_list


@dataclass
class TaggerRules:
    """rules/tagger.yml, checked and compiled."""

    name_after_re: Any
    name_before_re: Any
    window: int
    byline_line_max: int
    word_start_max: int = 2000
    check_sources: frozenset[str] = frozenset()
    not_given_first: frozenset[str] = frozenset()

    @classmethod
    def load(cls, name: str = "tagger.yml", roles: tuple[str, ...] = ()) -> "TaggerRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("name_after", "name_before", "window", "byline_line_max"))
        for key in ("window", "byline_line_max"):
            if not isinstance(data[key], int) or data[key] <= 0:
                raise RuleError(f"{path}: '{key}' must be a positive integer")
        if not roles:  # the role words of the people proposer count too (副县长X)
            roles = tuple(word_list(load_yaml("person.yml"), "roles_before", str(rule_path("person.yml"))))
        after = word_list(data, "name_after", path) + list(roles)
        return cls(regex.compile(alternation(after)),
                   regex.compile(alternation(word_list(data, "name_before", path))),
                   data["window"], data["byline_line_max"], int(data.get("word_start_max", 2000)),
                   frozenset(word_list(data, "check_sources", path)) if data.get("check_sources")
                   else frozenset(),
                   frozenset(word_list(data, "not_given_first", path)) if data.get("not_given_first")
                   else frozenset())
