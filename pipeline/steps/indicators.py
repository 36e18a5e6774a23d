"""The indicators step: figures with their units, and the dates beside them."""
from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from ..indicators import IndicatorFinder, extract, numeral_place_names
from ..records import Indicator, TimeExpression
from ..view import on_view

T = TypeVar("T")
EVERY = 500  # sentences between two progress reports


def counted(items: list[T], progress, every: int = EVERY) -> Iterator[T]:
    """The items, reporting how many were taken every ``every`` items."""
    for n, item in enumerate(items):
        if n % every == 0:
            progress(n, len(items))
        yield item


class IndicatorsStep:
    def __init__(self, config):
        self.finder = IndicatorFinder.from_rules()
        numeral_place_names()  # built on first use otherwise: by the first document

    def __call__(self, result, progress) -> list[Indicator | TimeExpression]:
        def scan(sentences: Iterable, finder: IndicatorFinder):
            return extract(counted(list(sentences), progress), finder)

        return on_view(scan, result.sentences, self.finder, pairs=result.views())
