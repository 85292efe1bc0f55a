"""The compiled gold cache: each gold file validated once, then read back from its compiled form.

An entry is the validated article and gold of one file (compact JSON, as the corpus keeps it in
memory), stored by the content hash of the gold file, the harness version and the seeds directory;
it also records the content hash of the article's seed file. A repeated run reads the gold and seed
bytes, checks both hashes and rebuilds the entry without parsing YAML or validating anything. Any
change to the gold file, its seed or the harness is another key or a failed check: the file is
validated afresh. Only valid files are stored; problems are never cached. Entries are written
atomically, so an interrupted run leaves none torn.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from harness.version import __version__

_HASH = 16


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=_HASH)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


class GoldCache:
    """Compiled gold entries under ``root/gold``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.directory = root / "gold"

    def _key(self, gold_bytes: bytes, seeds_dir: Path) -> Path:
        key = _digest(gold_bytes, __version__.encode(), str(seeds_dir.resolve()).encode())
        return self.directory / key[:2] / f"{key}.bin"

    def load(self, gold_path: Path, seeds_dir: Path) -> bytes | None:
        """The compiled entry of ``gold_path`` when the cache holds one for exactly these bytes and this seed."""
        try:
            gold_bytes = gold_path.read_bytes()
            stored = self._key(gold_bytes, seeds_dir).read_bytes()
        except OSError:
            return None
        head, sep, compiled = stored.partition(b"\n")
        if not sep:
            return None
        try:
            meta = json.loads(head)
            seed = (seeds_dir / meta["seed"]).read_bytes()
        except (ValueError, KeyError, TypeError, OSError):
            return None
        if _digest(seed) != meta.get("seed_hash"):
            return None
        return compiled

    def store(self, gold_path: Path, seeds_dir: Path, seed_file: str, compiled: bytes) -> None:
        """Keep a validated file's compiled entry; a cache that cannot be written is skipped, never fatal."""
        try:
            gold_bytes = gold_path.read_bytes()
            seed = (seeds_dir / seed_file).read_bytes()
            target = self._key(gold_bytes, seeds_dir)
            head = json.dumps({"seed": seed_file, "seed_hash": _digest(seed), "version": __version__}).encode()
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(head + b"\n" + compiled)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass


__all__ = ["GoldCache"]
