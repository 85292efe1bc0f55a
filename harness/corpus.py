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
from typing import Any

from harness.goldcache import GoldCache
from harness.model import Article, GoldFile
from harness.validate import CheckedFile, Problem, check_file, gold_files

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
    verdicts: Any = None
    """Its recorded verdicts (:class:`~harness.verdicts.VerdictFile`), None when it has none."""


class Corpus:
    """The benchmark: articles with their gold, in article-id order, each gold file validated once.

    Files are indexed by name (the stem is the article id) and read when first asked for; memory
    then holds one article at a time. :meth:`compile` validates every file up front and keeps each
    valid entry as compact JSON, so later reads (the extractor's articles, scoring, the HTML
    report) rebuild it without validating again. Problems are returned by :meth:`check` and
    :meth:`compile`, or raised as :class:`GoldError` by the accessors; nothing is kept on the side.
    """

    def __init__(self, gold_dir: Path, seeds_dir: Path, files: dict[str, Path],
                 compiled: dict[str, bytes] | None = None, gold_cache: GoldCache | None = None) -> None:
        self.gold_dir = gold_dir
        self.seeds_dir = seeds_dir
        self._files = files
        self._compiled: dict[str, bytes] = compiled if compiled is not None else {}
        self.gold_cache = gold_cache
        """Where validated gold is kept between runs (:mod:`harness.goldcache`); None: validate every run."""

    @property
    def ids(self) -> list[str]:
        """Article ids, sorted."""
        return sorted(self._files)

    def gold_paths(self) -> dict[str, Path]:
        """Each article id's gold file."""
        return dict(self._files)

    def gold_path(self, article_id: str) -> Path:
        """The gold file of ``article_id`` (KeyError when the corpus has no such article)."""
        return self._files[article_id]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._files

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[Entry]:
        """Every entry in id order; raises :class:`GoldError` at the end, listing every invalid file."""
        problems: list[Problem] = []
        for article_id in self.ids:
            entry, found = self.check(article_id)
            problems.extend(found)
            if entry is not None:
                yield entry
        if problems:
            raise GoldError(problems)

    def __getitem__(self, article_id: str) -> Entry:
        if article_id not in self._files:
            raise KeyError(article_id)
        entry, problems = self.check(article_id)
        if entry is None:
            raise GoldError(problems)
        return entry

    def check(self, article_id: str, *, store: bool = True) -> tuple[Entry | None, list[Problem]]:
        """One article's entry, or None and the problems of its gold file (validated at most once).

        ``store=False`` keeps a freshly validated entry out of the gold cache (the caller stores what
        it makes of it: scoring keeps the prepared entry, which holds this one)."""
        path = self._files[article_id]
        data = self._compiled.get(article_id)
        if data is None and self.gold_cache is not None:
            data = self.gold_cache.load(path, self.seeds_dir)
        if data is not None:
            return _thaw(data, path), []
        checked = check_file(path, self.seeds_dir)
        if checked.problems or checked.gold is None or checked.article_text is None:
            return None, checked.problems
        entry = _entry(checked)
        if self.gold_cache is not None and store:
            self.gold_cache.store(path, self.seeds_dir, checked.gold.article.file, entry.article.text, _freeze(entry))
        return entry, []

    def compiled(self, article_id: str) -> bytes | None:
        """The article's validated entry as compact JSON (validating it now if needed), or None when invalid."""
        data = self._compiled.get(article_id)
        if data is None:
            entry, _ = self.check(article_id)
            data = None if entry is None else _freeze(entry)
        return data

    def compile(self) -> list[Problem]:
        """Validate every file not validated yet and keep the valid ones compact; returns every problem."""
        problems: list[Problem] = []
        for article_id in self.ids:
            if article_id in self._compiled:
                continue
            entry, found = self.check(article_id)
            problems.extend(found)
            if entry is not None:
                self._compiled[article_id] = _freeze(entry)
        return problems

    @property
    def articles(self) -> list[Article]:
        """Every article as an extractor sees it (validating the corpus; raises GoldError when invalid)."""
        problems = self.compile()
        if problems:
            raise GoldError(problems)
        return [e.article for e in self]

    def select(self, ids: Sequence[str]) -> Corpus:
        """A corpus of only ``ids`` (sharing what was validated); raises KeyError naming the unknown ones."""
        unknown = [i for i in ids if i not in self._files]
        if unknown:
            raise KeyError(f"unknown article id(s): {', '.join(unknown)} (known: {', '.join(self.ids)})")
        compiled = {i: self._compiled[i] for i in ids if i in self._compiled}
        return Corpus(self.gold_dir, self.seeds_dir, {i: self._files[i] for i in ids}, compiled, self.gold_cache)


def _freeze(entry: Entry) -> bytes:
    """An entry as compact JSON: the article, its gold and its verdicts (if any), nothing left to check."""
    text = entry.article.model_dump_json() + "\n" + entry.gold.model_dump_json(by_alias=True)
    if entry.verdicts is not None:
        text += "\n" + entry.verdicts.model_dump_json(by_alias=True)
    return text.encode("utf-8")


def thaw(data: bytes, path: Path) -> Entry:
    """An entry rebuilt from :meth:`Corpus.compiled` bytes."""
    return _thaw(data, path)


def _thaw(data: bytes, path: Path) -> Entry:
    article, _, rest = data.partition(b"\n")
    gold, _, verdicts = rest.partition(b"\n")
    book = None
    if verdicts:
        from harness.verdicts import VerdictFile

        book = VerdictFile.model_validate_json(verdicts)
    return Entry(Article.model_validate_json(article), GoldFile.model_validate_json(gold), path, book)


def _entry(checked: CheckedFile) -> Entry:
    assert checked.gold is not None and checked.article_text is not None
    meta = checked.gold.article
    article = Article(
        id=meta.id, text=checked.article_text, title=meta.title,
        published=meta.published, url=meta.url, outlet=meta.outlet,
    )
    return Entry(article, checked.gold, checked.path, checked.verdicts)


def load_corpus(gold: Path | str | None = None, seeds: Path | str | None = None, *, lazy: bool = False,
                gold_cache: GoldCache | None = None) -> Corpus:
    """Load the benchmark (paths default as described in the module docstring).

    Eager (default): validates every gold file now and raises :class:`GoldError` listing every
    problem when any is invalid. ``lazy=True``: only lists the files now (each file's name must be
    its article id); each is validated when first read.
    """
    gold_dir, seeds_dir = resolve_dirs(Path(gold) if gold else None, Path(seeds) if seeds else None)
    files, problems = gold_files([gold_dir])
    if problems:
        raise GoldError(problems)
    corpus = Corpus(gold_dir, seeds_dir, {f.stem: f for f in files}, gold_cache=gold_cache)
    if not lazy:
        problems = corpus.compile()
        if problems:
            raise GoldError(problems)
    return corpus
