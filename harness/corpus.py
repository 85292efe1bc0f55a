"""Finding and loading the benchmark: seed articles and their gold files.

Where the data comes from, first match wins:

1. ``--gold DIR`` / ``--seeds DIR`` given explicitly;
2. ``./gold`` and ``./seeds`` in the working directory (a checkout, or a project keeping its own gold);
3. the copies bundled inside the installed package (``harness/_data``);
4. ``gold/`` and ``seeds/`` next to the package (an editable install run from elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness.model import Article, GoldFile
from harness.validate import Problem, check_paths

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


@dataclass
class Corpus:
    """The loaded benchmark, articles in id order."""

    gold_dir: Path
    seeds_dir: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries[k] for k in sorted(self.entries))

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, article_id: str) -> Entry:
        return self.entries[article_id]

    @property
    def articles(self) -> list[Article]:
        return [e.article for e in self]

    def select(self, ids: Sequence[str]) -> Corpus:
        """A corpus of only ``ids``; raises KeyError naming the unknown ones."""
        unknown = [i for i in ids if i not in self.entries]
        if unknown:
            raise KeyError(f"unknown article id(s): {', '.join(unknown)} (known: {', '.join(sorted(self.entries))})")
        return Corpus(self.gold_dir, self.seeds_dir, {i: self.entries[i] for i in ids})


def load_corpus(gold: Path | str | None = None, seeds: Path | str | None = None) -> Corpus:
    """Load and validate every gold file with its article.

    Raises :class:`GoldError` listing every problem when any file is invalid; nothing is loaded
    half-way. Paths default as described in the module docstring.
    """
    gold_dir, seeds_dir = resolve_dirs(Path(gold) if gold else None, Path(seeds) if seeds else None)
    checked_files, problems = check_paths([gold_dir], seeds_dir)
    if problems:
        raise GoldError(problems)
    corpus = Corpus(gold_dir, seeds_dir)
    for checked in checked_files:
        assert checked.gold is not None and checked.article_text is not None  # validated above
        meta = checked.gold.article
        article = Article(
            id=meta.id, text=checked.article_text, title=meta.title,
            published=meta.published, url=meta.url, outlet=meta.outlet,
        )
        corpus.entries[meta.id] = Entry(article, checked.gold, checked.path)
    return corpus
