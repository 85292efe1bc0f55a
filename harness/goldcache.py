"""The compiled gold cache: each gold file validated once, then read back from its compiled form.

Two kinds of entry, both stored by one key: the content hash of the gold file, of its recorded
verdicts (or their absence), the harness version, the *code digest* (every source and data file of
the installed package, the Python version and the versions of the libraries that read texts) and
the seeds directory. Each entry also records the content hash of the article's seed file.

- ``.bin``: the validated article and gold of one file (compact JSON, as the corpus keeps it in
  memory). A repeated run reads the gold and seed bytes, checks the hashes and rebuilds the entry
  without parsing YAML or validating anything.
- ``.prep``: the article's gold side prepared for matching (:mod:`harness.prepared`), under a tag
  naming the matching options. A repeated run scores predictions against it without reading,
  normalising or vectorising a single gold fact or sentence again. These entries are Python pickles:
  a cache directory is trusted as the installed code is (never point ``--cache`` at a directory
  others can write to).

Any change to the gold file, its verdicts, its seed or the harness (its code, not only its version)
is another key or a failed check: the file is validated and prepared afresh. An entry is stored only
when what it was made from is what its key names: the gold file and its verdicts read when the
lookup missed (before validation) must be the bytes read again when the entry is stored, and the
seed read then must hold the text that was validated — a file edited while its article was being
validated is stored under no key, never its new bytes' key with the old bytes' entry. Only valid
files are stored; problems are never cached. Entries are records in pack files (:mod:`harness.packs`, under
``root/gold``: one pack per writing process, no file per entry), each checked by its checksum when
read, so an interrupted run leaves no torn entry; one that cannot be read back is ignored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from harness.packs import PackStore
from harness.verdicts import verdict_path
from harness.version import __version__

_HASH = 16
TEXT_LIBRARIES = ("lemminflect", "PyStemmer", "snowballstemmer", "pydantic", "PyYAML")
"""Libraries whose versions change what a text reads as, or how an entry is rebuilt."""


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=_HASH)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The hash of the harness as installed: every file of its package (source and data, by relative
    path and content), the Python version and the versions of :data:`TEXT_LIBRARIES`. Read once per
    process (about a megabyte)."""
    package = Path(__file__).resolve().parent
    parts = [sys.version.encode(), __version__.encode()]
    for name in TEXT_LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix not in (".pyc", ".pyo")):
        parts += [path.relative_to(package).as_posix().encode(), path.read_bytes()]
    return _digest(*parts)


def _verdicts_bytes(gold_path: Path) -> bytes:
    """The article's verdict file's bytes, prefixed so that an empty file and no file differ."""
    path = verdict_path(gold_path)
    if not os.access(path, os.F_OK):  # the usual case, told without raising
        return b"0"
    try:
        return b"1" + path.read_bytes()
    except OSError:
        return b"0"


MISSED_KEPT = 64
"""How many gold files' missed lookups are remembered (an article's lookup and store come together)."""


def _as_read(seed: bytes) -> str | None:
    """A seed's bytes as validation reads the file (UTF-8, universal newlines), None when not UTF-8."""
    try:
        return io.TextIOWrapper(io.BytesIO(seed), encoding="utf-8").read()
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=64)
def _resolved(directory: Path) -> bytes:
    return str(directory.resolve()).encode()


class GoldCache:
    """Compiled and prepared gold entries under ``root/gold``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.directory = self.root / "gold"
        self.records = PackStore(self.directory)
        self._missed: dict[Path, tuple[bytes, bytes]] = {}
        """Gold file → its bytes and its verdicts' bytes when its last lookup missed (what the entry
        stored next must have been made from); at most :data:`MISSED_KEPT` files."""

    @staticmethod
    def _key(gold_bytes: bytes, verdicts: bytes, seeds_dir: Path, suffix: str) -> str:
        key = _digest(gold_bytes, verdicts, code_digest().encode(),  # the digest holds the version
                      _resolved(seeds_dir), suffix.encode())
        return f"{key}{suffix}"

    def _load(self, gold_path: Path, seeds_dir: Path, suffix: str) -> bytes | None:
        try:
            gold_bytes = gold_path.read_bytes()
        except OSError:
            return None
        verdicts = _verdicts_bytes(gold_path)
        stored = self.records.get(self._key(gold_bytes, verdicts, seeds_dir, suffix))
        if stored is None:
            self._miss(gold_path, (gold_bytes, verdicts))
            return None
        head, sep, body = stored.partition(b"\n")
        if not sep:
            return None
        try:
            meta = json.loads(head)
            seed = (seeds_dir / meta["seed"]).read_bytes()
        except (ValueError, KeyError, TypeError, OSError):
            return None
        if _digest(seed) != meta.get("seed_hash"):
            return None
        return body

    def _miss(self, gold_path: Path, read: tuple[bytes, bytes]) -> None:
        """Remember what a missed lookup read (the gold file's bytes and its verdicts'), newest last."""
        self._missed.pop(gold_path, None)
        if len(self._missed) >= MISSED_KEPT:
            self._missed.pop(next(iter(self._missed)))
        self._missed[gold_path] = read

    def _store(self, gold_path: Path, seeds_dir: Path, seed_file: str, text: str, suffix: str, body: bytes) -> None:
        """Store ``body``, made from ``gold_path`` and a seed holding ``text``, unless either changed
        since the lookup that missed (see the module docstring)."""
        seen = self._missed.get(gold_path)
        try:
            gold_bytes = gold_path.read_bytes()
            seed = (seeds_dir / seed_file).read_bytes()
        except OSError:
            return
        verdicts = _verdicts_bytes(gold_path)
        if seen != (gold_bytes, verdicts) or _as_read(seed) != text:
            return
        head = json.dumps({"seed": seed_file, "seed_hash": _digest(seed), "version": __version__}).encode()
        self.records.put(self._key(gold_bytes, verdicts, seeds_dir, suffix), head + b"\n" + body)

    def load(self, gold_path: Path, seeds_dir: Path) -> bytes | None:
        """The compiled entry of ``gold_path`` when the cache holds one for exactly these bytes and this seed."""
        return self._load(gold_path, seeds_dir, ".bin")

    def store(self, gold_path: Path, seeds_dir: Path, seed_file: str, text: str, compiled: bytes) -> None:
        """Keep a validated file's compiled entry (its article's ``text`` as validated); a cache that
        cannot be written is skipped, never fatal."""
        self._store(gold_path, seeds_dir, seed_file, text, ".bin", compiled)

    def load_prepared(self, gold_path: Path, seeds_dir: Path, tag: str) -> bytes | None:
        """The prepared entry of ``gold_path`` for the matching options named by ``tag``, if cached."""
        return self._load(gold_path, seeds_dir, f".{tag}.prep")

    def store_prepared(self, gold_path: Path, seeds_dir: Path, seed_file: str, text: str, tag: str,
                       prepared: bytes) -> None:
        """Keep a valid file's prepared entry (its article's ``text`` as validated; skipped, never fatal,
        when the cache cannot be written)."""
        self._store(gold_path, seeds_dir, seed_file, text, f".{tag}.prep", prepared)


__all__ = ["GoldCache", "code_digest"]
