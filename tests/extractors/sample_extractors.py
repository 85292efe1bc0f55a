"""Extractors used by the tests: each plug-in form and each kind of fault."""

from __future__ import annotations

import os
import time
from typing import Any

from harness.model import Article, PredDate


def extract(article: Article) -> list[dict[str, Any]]:
    """A plain extract function: one date per article."""
    return [{"type": "date", "value": article.published or "2021"}]


def models(article: Article) -> list[Any]:
    """Returns model instances rather than dicts."""
    return [PredDate(value="2014")]


class WithOptions:
    """A class taking options; has an extract() method."""

    def __init__(self, year: int = 2021, unit: str = "troops") -> None:
        self.year, self.unit = year, unit

    def extract(self, article: Article) -> list[dict[str, Any]]:
        return [{"type": "date", "value": self.year}, {"type": "figure", "value": 90000, "unit": self.unit}]


def factory(year: int = 2014) -> Any:
    """A factory: no positional parameter, returns an extractor."""
    return lambda article: [{"type": "date", "value": year}]


def faulty(article: Article) -> Any:
    """One fault per article id prefix."""
    prefix = article.id[:3]
    if prefix == "000":
        raise RuntimeError("boom")
    if prefix == "001":
        return [{"type": "figure", "value": 1, "unit": "x"}, {"type": "figure", "value": "many", "unit": "x"}]
    if prefix == "002":
        time.sleep(60)
    if prefix == "003":
        os._exit(7)
    if prefix == "004":
        return {"type": "date"}  # not a list
    return []


not_callable = 42
