"""Registered components: plain tables of what each piece requires and provides.

As in Stanza's ``registry.py`` and spaCy's factories, a component is found by
its name in a table that says what it reads (``requires``), what it adds
(``provides``), which rules files it loads (``rules``) and where its factory
lives (``factory``, a ``module:attribute`` path, imported only when the
component is built, so that ``--help`` and ``import pipeline`` load nothing).

Two tables use this: the pipeline's stages (``pipeline.stages.STAGES``) and the
entity proposers (``pipeline.entities``).  ``check_order`` fails at once, in one
readable line, when a component's requirement is not provided before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Iterable


@dataclass(frozen=True)
class Spec:
    """One registered component."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    factory: str  # "package.module:attribute"
    rules: tuple[str, ...] = ()  # files in rules/ it reads
    help: str = ""

    def load(self) -> Any:
        """The factory object (a class or function), imported now."""
        module, _, attr = self.factory.partition(":")
        return getattr(import_module(module), attr)


class Registry:
    """An ordered table of components of one family ("stage", "entity proposer")."""

    def __init__(self, family: str, specs: Iterable[Spec]):
        self.family = family
        self.specs: dict[str, Spec] = {}
        for spec in specs:
            if spec.name in self.specs:
                raise ValueError(f"{family} {spec.name!r} is registered twice")
            self.specs[spec.name] = spec

    def __getitem__(self, name: str) -> Spec:
        try:
            return self.specs[name]
        except KeyError:
            raise KeyError(f"unknown {self.family} {name!r}; known: {', '.join(self.specs)}") from None

    def __iter__(self):
        return iter(self.specs.values())

    def __contains__(self, name: str) -> bool:
        return name in self.specs

    def names(self) -> list[str]:
        return list(self.specs)

    def check_order(self, names: Iterable[str], given: Iterable[str] = ()) -> None:
        """Fail, naming what is missing, when a component runs before what it requires."""
        have = set(given)
        for name in names:
            spec = self[name]
            missing = [k for k in spec.requires if k not in have]
            if missing:
                raise ValueError(
                    f"{self.family} '{name}' requires {', '.join(missing)}; the ones before it "
                    f"provide only {', '.join(sorted(have)) or 'nothing'}")
            have.update(spec.provides)
