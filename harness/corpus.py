"""Finding and loading the benchmark: seed articles and their gold files.

Where the data comes from, first match wins:

1. ``--gold DIR`` / ``--seeds DIR`` given explicitly;
2. ``./gold`` and ``./seeds`` in the working directory (a checkout, or a project keeping its own gold);
3. the copies bundled inside the installed package (``harness/_data``);
4. ``gold/`` and ``seeds/`` next to the package (an editable install run from elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.model import Article, GoldFile
from harness.validate import CheckedFile, Problem, check_file, check_paths, gold_files

_PACKAGE = Path(__file__).resolve().parent


class GoldError(Exception):
    """The gold could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the gold:\n" + "\n".join(map(str, self.problems[:20])))


def _pick(name: str, explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    for candidate in (Path.cwd() / name, _PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return Path.cwd() / name


def resolve_dirs(gold: Path | None = None, seeds: Path | None = None) -> tuple[Path, Path]:
    """The gold and seeds directories to use (see the module docstring for the order).

    When only ``gold`` is given and a ``seeds`` directory sits beside it, that one is used.
    """
    if gold is not None and seeds is None and (gold.parent / "seeds").is_dir():
        seeds = gold.parent / "seeds"
    if gold is None and seeds is not None and (seeds.parent / "gold").is_dir():
        gold = seeds.parent / "gold"
    return _pick("gold", gold), _pick("seeds", seeds)


@dataclass(frozen=True)
class Entry:
    """One annotated article: what an extractor sees and the gold it is judged against."""

    article: Article
    gold: GoldFile
    path: Path


class Corpus:
    """The benchmark: articles with their gold, in article-id order.

    Eager (``load_corpus()``): every file is validated and held in memory. Lazy
    (``load_corpus(lazy=True)``): files are indexed by name and each is read and validated when
    iterated, so memory holds one article at a time; problems found on the way are collected and,
    at the end of an iteration that met any, raised together as :class:`GoldError`.
    """

    def __init__(self, gold_dir: Path, seeds_dir: Path, files: dict[str, Path],
                 entries: dict[str, Entry] | None = None) -> None:
        self.gold_dir = gold_dir
        self.seeds_dir = seeds_dir
        self._files = files
        self._entries = entries
        self.problems: list[Problem] = []

    @property
    def ids(self) -> list[str]:
        """Article ids, sorted."""
        return sorted(self._files)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._files

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[Entry]:
        if self._entries is not None:
            yield from (self._entries[i] for i in self.ids)
            return
        self.problems = []
        for article_id in self.ids:
            entry = self._load(article_id)
            if entry is not None:
                yield entry
        if self.problems:
            raise GoldError(self.problems)

    def __getitem__(self, article_id: str) -> Entry:
        if self._entries is not None:
            return self._entries[article_id]
        if article_id not in self._files:
            raise KeyError(article_id)
        entry = self._load(article_id)
        if entry is None:
            raise GoldError(self.problems)
        return entry

    def _load(self, article_id: str) -> Entry | None:
        entry, problems = self.check(article_id)
        self.problems.extend(problems)
        return entry

    def check(self, article_id: str) -> tuple[Entry | None, list[Problem]]:
        """One article's entry, or None and the problems of its gold file (records nothing)."""
        if self._entries is not None:
            return self._entries[article_id], []
        checked = check_file(self._files[article_id], self.seeds_dir)
        if checked.problems or checked.gold is None or checked.article_text is None:
            return None, checked.problems
        return _entry(checked), []

    @property
    def articles(self) -> list[Article]:
        """Every article as an extractor sees it (loads them all)."""
        return [e.article for e in self]

    def select(self, ids: Sequence[str]) -> Corpus:
        """A corpus of only ``ids``; raises KeyError naming the unknown ones."""
        unknown = [i for i in ids if i not in self._files]
        if unknown:
            raise KeyError(f"unknown article id(s): {', '.join(unknown)} (known: {', '.join(self.ids)})")
        entries = None if self._entries is None else {i: self._entries[i] for i in ids}
        return Corpus(self.gold_dir, self.seeds_dir, {i: self._files[i] for i in ids}, entries)


def _entry(checked: CheckedFile) -> Entry:
    assert checked.gold is not None and checked.article_text is not None
    meta = checked.gold.article
    article = Article(
        id=meta.id, text=checked.article_text, title=meta.title,
        published=meta.published, url=meta.url, outlet=meta.outlet,
    )
    return Entry(article, checked.gold, checked.path)


def load_corpus(gold: Path | str | None = None, seeds: Path | str | None = None, *, lazy: bool = False) -> Corpus:
    """Load the benchmark (paths default as described in the module docstring).

    Eager (default): validates every gold file and raises :class:`GoldError` listing every problem
    when any is invalid. ``lazy=True``: only lists the files now (each file's name must be its
    article id); they are read and validated one at a time as the corpus is iterated.
    """
    gold_dir, seeds_dir = resolve_dirs(Path(gold) if gold else None, Path(seeds) if seeds else None)
    if lazy:
        files, problems = gold_files([gold_dir])
        if problems:
            raise GoldError(problems)
        return Corpus(gold_dir, seeds_dir, {f.stem: f for f in files})
    checked_files, problems = check_paths([gold_dir], seeds_dir)
    if problems:
        raise GoldError(problems)
    entries = {c.gold.article.id: _entry(c) for c in checked_files if c.gold is not None}
    return Corpus(gold_dir, seeds_dir, {e.article.id: e.path for e in entries.values()}, entries)
