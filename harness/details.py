"""Per-fact outcomes (:class:`Detail`) and an append-only store that keeps memory flat on large corpora."""

from __future__ import annotations

import codecs
import itertools
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO, TypeVar, overload

from harness.jsontext import encoder
from harness.outcomes import Outcome

T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``items`` in tuples of ``size`` (the last may be shorter), as ``itertools.batched`` in Python 3.12."""
    it = iter(items)
    while batch := tuple(itertools.islice(it, size)):
        yield batch


_encode = encoder()
"""Compact JSON text of one value."""


@dataclass(frozen=True, slots=True)
class Detail:
    """The fate of one fact: which article and type, the outcome, the gold id and/or prediction, why."""

    article: str
    type: str
    outcome: Outcome
    gold_id: str | None
    prediction: dict[str, Any] | None
    reason: str
    optional: bool = False
    grounded: bool | None = None
    """For a prediction that gave evidence: whether the evidence was found in the article."""
    decided_by: str = "matcher"
    """What decided the pair: ``matcher``, ``verdict`` (recorded in the gold) or ``judge:<name>``. Left out
    of the JSON when it is ``matcher``, so runs without verdicts or judges keep their bytes."""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "article": self.article,
            "type": self.type,
            "outcome": self.outcome,
            "gold_id": self.gold_id,
            "prediction": self.prediction,
            "reason": self.reason,
        }
        if self.optional:
            d["optional"] = True
        if self.grounded is False:
            d["grounded"] = False
        if self.decided_by != "matcher":
            d["decided_by"] = self.decided_by
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Detail:
        """A detail as JSON read it; raises ValueError for an unknown outcome."""
        return cls(d["article"], d["type"], Outcome(d["outcome"]), d.get("gold_id"), d.get("prediction"),
                   d.get("reason", ""), bool(d.get("optional", False)),
                   False if d.get("grounded") is False else None, str(d.get("decided_by") or "matcher"))


class DetailLines(Sequence[Detail]):
    """Details held as their compact JSON lines, as :class:`DetailStore` keeps them, and how many of
    each type are ungrounded. What a scoring worker sends back: a few bytes pickle at once, where
    thousands of small objects do not. Reading them (index, iteration) decodes them again."""

    __slots__ = ("_decoded", "data", "size", "ungrounded")

    def __init__(self, details: Iterable[Detail] = ()) -> None:
        kept = list(details)
        lines = [_encode(d.to_dict()) for d in kept]
        self.data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        self.size = len(lines)
        self.ungrounded: dict[str, int] = {}
        for d in kept:
            if d.grounded is False:
                self.ungrounded[d.type] = self.ungrounded.get(d.type, 0) + 1
        self._decoded: list[Detail] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return _lines_from, (self.data, self.size, self.ungrounded)

    def _all(self) -> list[Detail]:
        if self._decoded is None:
            self._decoded = [Detail.from_dict(json.loads(line)) for line in self.data.splitlines()]
        return self._decoded

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> Detail: ...

    @overload
    def __getitem__(self, index: slice) -> list[Detail]: ...

    def __getitem__(self, index: int | slice) -> Detail | list[Detail]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Detail]:
        return iter(self._all())


def _lines_from(data: bytes, size: int, ungrounded: dict[str, int]) -> DetailLines:
    lines = DetailLines()
    lines.data, lines.size, lines.ungrounded = data, size, ungrounded
    return lines


class DetailStore:
    """Details in the order added, each kept as one line of JSON: in memory up to ``memory`` bytes, then
    in an anonymous temporary file. Iterating decodes them again; :meth:`json_lines` does not."""

    def __init__(self, details: Iterable[Detail] = (), *, memory: int = 32 * 1024 * 1024) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=memory, mode="w+b")  # noqa: SIM115 (lives with the store)
        self._count = 0
        self.extend(details)

    def __del__(self) -> None:
        """The spool (a temporary file once past ``memory``) is closed with the store."""
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()

    def extend(self, details: Iterable[Detail]) -> None:
        """Append ``details`` in order, written in batches (an iterator is never held whole)."""
        for batch in _batched(details, 1024):
            self.extend_lines(DetailLines(batch))

    def extend_lines(self, lines: DetailLines) -> None:
        """Append details already encoded (:class:`DetailLines`), as they are."""
        if lines.size:
            self._file.write(lines.data)
            self._count += lines.size

    def extend_json_lines(self, lines: Iterable[bytes]) -> None:
        """Append details given as their compact JSON lines (as :meth:`json_lines` gives them), unparsed."""
        for batch in _batched(lines, 1024):
            self._file.write(b"\n".join(batch) + b"\n")
            self._count += len(batch)

    def __len__(self) -> int:
        return self._count

    def json_lines(self) -> Iterator[str]:
        """Each detail as its compact JSON text, in order."""
        end = self._file.tell()
        self._file.seek(0)
        try:
            while self._file.tell() < end:
                yield self._file.readline().decode("utf-8").rstrip("\n")
        finally:
            self._file.seek(end)

    def write_items(self, out: TextIO, first: str, between: str, *, block: int = 1 << 20) -> bool:
        """Write each detail's JSON text to ``out``, the first after ``first`` and each next after
        ``between`` — what writing :meth:`json_lines` one by one gives, read and written in blocks of
        ``block`` bytes (a million details take a tenth of a second, not a second). Returns whether
        there was any detail."""
        if not self._count:
            return False
        end = self._file.tell()
        self._file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        joint = between.encode("utf-8")
        try:
            out.write(first)
            left = end
            while left > 0:
                chunk = self._file.read(min(block, left))
                if not chunk:
                    break
                left -= len(chunk)
                if left <= 0:
                    chunk = chunk[:-1]  # the last line's newline: nothing follows it
                # a newline byte is never part of a longer UTF-8 sequence, and JSON text has none inside
                out.write(decoder.decode(chunk.replace(b"\n", joint), final=left <= 0))
        finally:
            self._file.seek(end)
        return True

    def __iter__(self) -> Iterator[Detail]:
        for line in list(self.json_lines()) if self._count < 10_000 else self.json_lines():
            yield Detail.from_dict(json.loads(line))

    def __getitem__(self, index: int) -> Detail:
        if not -self._count <= index < self._count:
            raise IndexError(index)
        index %= self._count
        for k, line in enumerate(self.json_lines()):
            if k == index:
                return Detail.from_dict(json.loads(line))
        raise IndexError(index)  # pragma: no cover

    def __repr__(self) -> str:
        return f"DetailStore({self._count} details)"
