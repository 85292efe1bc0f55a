"""The extractor protocol, in Python.

An extractor is a callable taking one :class:`~harness.model.Article` (``id``, ``text``, ``title``,
``published``, ``url``, ``outlet``) and returning an iterable of facts: prediction model instances
(``harness.model.PredFigure`` …) or plain dicts in the prediction format, e.g.
``{"type": "figure", "value": 90000, "unit": "troops", "approx": True}``.

What ``fact-harness score SPEC`` accepts as SPEC's target:

* a function ``extract(article)`` — used as is (it takes no ``--option``);
* a class — instantiated with the ``--option`` settings as keyword arguments; the instance must be
  callable or have an ``extract(article)`` method;
* a factory — a function with no required positional parameter, called with the settings, returning
  an extractor;
* an object that is callable or has an ``extract(article)`` method — used as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from harness.model import Article


@runtime_checkable
class Extractor(Protocol):
    """``extract(article) -> iterable of facts`` (model instances or dicts in the prediction format)."""

    def __call__(self, article: Article, /) -> Iterable[Any]: ...
