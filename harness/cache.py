"""The extraction cache: what an extractor returned for an article, kept on disk and never asked twice.

An entry is one article's validated facts (compact JSON), stored under a key made of

* the extractor's identity (:func:`identity`): its SPEC, the content hash of its file or the version
  of the package that provides it, and its options; for ``--command`` the program's words and the
  content hash of every word that names a file; for ``--url`` the address;
* the article's content hash (id, title, date, address, outlet and text, as the extractor sees them);
* :data:`PREDICTION_FORMAT`, the version of the prediction format.

Any change to one of them is another key, so a stale answer is never used. Only successes are kept:
an article the extractor failed on is asked again on the next run. Entries are records in pack files
(:mod:`harness.packs`, the store the compiled gold cache uses too): each checked by its checksum when
read, so a run stopped at any moment leaves no torn entry.

Layout: ``DIR/extractions/<identity>/*.pack`` (the article hash is each record's key) and
``DIR/gold/*.pack`` (:mod:`harness.goldcache`). Entries of earlier releases, one file each
(``DIR/extractions/<identity>/<article hash>.json``), are still read and counted, never written.
``fact-harness cache info`` counts them, ``fact-harness cache clear`` removes them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import os
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.model import Article
from harness.packs import PackStore
from harness.version import __version__

PREDICTION_FORMAT = 1
"""Version of the prediction format the cached facts are in; a change makes every entry stale."""

ENV = "FACT_HARNESS_CACHE"
"""Environment variable naming the default cache directory."""


def default_dir() -> Path:
    """The user cache directory: ``$FACT_HARNESS_CACHE``, else ``$XDG_CACHE_HOME/fact-harness``, else
    ``~/.cache/fact-harness``."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fact-harness"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr, separators=(",", ":")).encode("utf-8")


def article_hash(article: Article) -> str:
    """The content hash of an article as an extractor sees it."""
    from harness.extractors.runner import article_payload

    return _digest(_canonical(article_payload(article)))


def _module_version(module_name: str) -> tuple[str, str] | None:
    """(distribution, version) of the installed package providing ``module_name``, if any."""
    top = module_name.split(".")[0]
    try:
        dists = importlib.metadata.packages_distributions().get(top, [])
    except Exception:  # pragma: no cover - broken metadata
        dists = []
    for dist in dists:
        try:
            return dist, importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover
            continue
    return None


def _code_identity(obj: Any) -> dict[str, Any]:
    """Where a Python extractor's code comes from: its package's version, or its file's content hash."""
    module_name = getattr(obj, "__module__", None) or type(obj).__module__
    found = _module_version(module_name)
    if found is not None and found[0] != "fact-harness":
        return {"package": found[0], "version": found[1]}
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if filename is None:
        try:
            filename = inspect.getsourcefile(obj if inspect.isclass(obj) or inspect.isroutine(obj) else type(obj))
        except TypeError:
            filename = None
    if module_name.startswith("harness.") or module_name == "harness":
        return {"package": "fact-harness", "version": __version__, "file": _file_hash(Path(filename)) if filename else None}
    return {"module": module_name, "file": _file_hash(Path(filename)) if filename else None}


def identity(extractor: Any = None, *, command: str | Sequence[str] | None = None, url: str | None = None,
             options: Mapping[str, Any] | None = None) -> str | None:
    """The cache identity of an extractor, or None when its answers must not be cached.

    The oracle is never cached: its answers follow the gold, which is not part of the article.
    """
    from harness.extractors.loading import BUILTINS, plugins

    described: dict[str, Any]
    if command is not None:
        argv = shlex.split(command) if isinstance(command, str) else list(command)
        files = {word: _file_hash(Path(word)) for word in argv if Path(word).is_file()}
        described = {"command": argv, "files": files}
    elif url is not None:
        described = {"url": url}
    elif isinstance(extractor, str):
        if extractor == "oracle":
            return None
        if extractor in BUILTINS:
            described = {"builtin": extractor, "version": __version__, **_builtin_code(extractor)}
        elif extractor in plugins():
            target = plugins()[extractor]
            found = _module_version(target.split(":")[0])
            described = {"plugin": extractor, "target": target, "version": found[1] if found else None}
        else:
            target, _, attr = extractor.rpartition(":")
            if target.endswith(".py") or "/" in target or "\\" in target:
                described = {"file": str(Path(target).resolve()), "attr": attr, "hash": _file_hash(Path(target))}
            else:
                found = _module_version(target)
                if found is not None:
                    described = {"module": target, "attr": attr, "package": found[0], "version": found[1]}
                else:
                    spec = importlib.util.find_spec(target) if _importable(target) else None
                    origin = spec.origin if spec is not None else None
                    described = {"module": target, "attr": attr, "hash": _file_hash(Path(origin)) if origin else None}
    elif extractor is not None:
        name = getattr(extractor, "__qualname__", None) or type(extractor).__qualname__
        described = {"object": name, **_code_identity(extractor)}
    else:
        return None
    described["options"] = dict(options or {})
    described["format"] = PREDICTION_FORMAT
    return _digest(_canonical(described))


def _importable(target: str) -> bool:
    try:
        return importlib.util.find_spec(target) is not None
    except (ImportError, ValueError):
        return False


def _builtin_code(name: str) -> dict[str, Any]:
    """A built-in's own code: the content hash of its package's files (an edited checkout is another extractor)."""
    if name != "baseline":
        return {}
    root = Path(__file__).resolve().parent / "extractors" / "baseline"
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml"):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return {"code": h.hexdigest()}


LEGACY_SUFFIX = ".json"
"""An entry of an earlier release: one file per article, named by its hash (read, never written)."""


class ExtractionCache:
    """One extractor's cached answers, by article content hash."""

    def __init__(self, root: Path, extractor_identity: str) -> None:
        self.root = root
        self.identity = extractor_identity
        self.directory = root / "extractions" / extractor_identity
        self.records = PackStore(self.directory)

    def get(self, article: Article) -> bytes | None:
        """The article's cached facts (compact JSON), or None."""
        key = article_hash(article)
        found = self.records.get(key)
        if found is not None:
            return found
        try:
            return (self.directory / f"{key}{LEGACY_SUFFIX}").read_bytes()
        except OSError:
            return None

    def put(self, article: Article, facts_json: bytes) -> None:
        """Keep the article's facts; a cache that cannot be written is skipped, never fatal."""
        self.records.put(article_hash(article), facts_json)

    def close(self) -> None:
        """Close the store's open files (it opens them again when next used)."""
        self.records.close()


@dataclass(frozen=True)
class CacheInfo:
    """What a cache directory holds."""

    root: Path
    extractors: int
    extractions: int
    gold: int
    bytes: int
    prepared: int = 0
    """Articles' gold sides prepared for matching (one per article and matching options)."""

    def lines(self) -> list[str]:
        return [
            f"cache: {self.root}",
            f"extractions: {self.extractions} article(s) of {self.extractors} extractor identit{'y' if self.extractors == 1 else 'ies'}",
            f"compiled gold: {self.gold} file(s)",
            f"prepared gold: {self.prepared} article entr{'y' if self.prepared == 1 else 'ies'}",
            f"size: {self.bytes / 1e6:.1f} MB",
        ]


def info(root: Path) -> CacheInfo:
    """Count the entries under ``root``."""
    extractors = extractions = gold = prepared = size = 0
    ex = root / "extractions"
    if ex.is_dir():
        for d in ex.iterdir():
            if d.is_dir():
                extractors += 1
                store = PackStore(d)
                keys = set(store.stored_keys())
                size += store.size()
                for f in d.glob(f"*{LEGACY_SUFFIX}"):
                    keys.add(f.name.removesuffix(LEGACY_SUFFIX))
                    size += f.stat().st_size
                extractions += len(keys)
    store = PackStore(root / "gold")
    for key in store.stored_keys():
        gold += key.endswith(".bin")
        prepared += key.endswith(".prep")
    size += store.size()
    return CacheInfo(root, extractors, extractions, gold, size, prepared)


def clear(root: Path) -> CacheInfo:
    """Remove every entry under ``root`` (only the cache's own folders); returns what was there."""
    before = info(root)
    for part in ("extractions", "gold"):
        shutil.rmtree(root / part, ignore_errors=True)
    return before


__all__ = ["ENV", "PREDICTION_FORMAT", "CacheInfo", "ExtractionCache", "article_hash", "clear", "default_dir",
           "identity", "info"]
