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


def _refuse_unpickling() -> Any:
    raise RuntimeError("this value cannot be rebuilt")


class _Unloadable:
    """Pickles fine in the worker; unpickling it in the harness raises."""

    def __reduce__(self) -> Any:
        return (_refuse_unpickling, ())


def unloadable(article: Article) -> Any:
    return [_Unloadable()]


def surrogate(article: Article) -> Any:
    raise ValueError("bad \ud800 text")


def chatty(article: Article) -> Any:
    """Prints to stdout while extracting (the report on stdout must stay intact)."""
    print("chatty extractor: working on", article.id, flush=True)
    os.write(1, b"chatty extractor: raw write to fd 1\n")
    return [{"type": "date", "value": article.published or "2021"}]


def sleepy(article: Article) -> Any:
    """Records its pid in $FH_PIDS and sleeps (for the signal tests)."""
    with open(os.environ["FH_PIDS"], "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    time.sleep(30)
    return []


def forking(article: Article) -> Any:
    """Leaves a child running (it inherited the worker's stdout) and answers at once."""
    pid = os.fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    with open(os.environ["FH_PIDS"], "a", encoding="utf-8") as fh:
        fh.write(f"{pid}\n")
    return []


def marking(article: Article) -> Any:
    """Records that it ran (in $FH_PIDS)."""
    with open(os.environ["FH_PIDS"], "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    return []


def weights_missing(article: Article) -> Any:
    raise FileNotFoundError("weights not found [/opt/models/ner.bin] [red]x[/red] :smile:")
