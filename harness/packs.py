"""An append-only store of keyed byte records in pack files: many small entries, one file per writer.

The compiled gold cache (:mod:`harness.goldcache`) keeps one or two entries per article, the extraction
cache (:mod:`harness.cache`) one per article and extractor; written one file each, a cold run of
10,000 articles created 10,000 files and their directories, and creating a file can cost far more
than appending to one (0.03–1 ms, by the disk's state, against about 0.02 ms on the benchmark
machine's ext4 disk). Here each process appends its records to a pack of its own, so no two writers
ever share a file and nothing needs a lock.

Layout: ``DIRECTORY/<pid>-<random>.pack``, each a sequence of records::

    b"FHP2" | key length (2 bytes, little-endian) | body length (8 bytes, little-endian)
            | key (UTF-8) | body | CRC-32 of key and body (4 bytes, little-endian)

Rules:

- A record is written with one ``write`` call and read only when complete: a reader stops at a pack's
  first incomplete or unrecognised record (a writer stopped mid-record leaves only its last record
  torn), and a body whose checksum fails is no entry. The checksum guards against torn and damaged
  records, not against tampering: a cache directory is trusted like the installed code.
- A process reads the packs' headers once, on its first lookup (10,000 records in 36–64 ms, 0.5 s when
  the packs are not in the page cache), and sees its own later records at once; records other
  processes write after that are missed, so their entry is made and stored again, never read torn.
- The same key stored twice reads back as the latest record found (both hold the same bytes for the
  cache, whose keys are content hashes).
- A store that cannot be written (a read-only directory, a full disk) is skipped: ``put`` never raises,
  and a pack whose write failed is not written to again by that process.
- Stale records are never removed one by one: ``fact-harness cache clear`` removes the directory.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"FHP2"
_HEAD = len(MAGIC) + 2 + 8
_SUM = 4
_KEY_MAX = 1024
"""Longer keys are refused (the cache's are about 60 bytes), so one small read finds a header and key."""
SUFFIX = ".pack"


_PREAD = getattr(os, "pread", None)


def _read_at(fh: io.FileIO, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes of ``fh`` from ``offset``: ``pread`` where the system has it (a file's
    position never matters), else a seek and a read (each process reads through files of its own)."""
    if _PREAD is not None:
        data: bytes = _PREAD(fh.fileno(), size, offset)
        return data
    fh.seek(offset)
    return fh.read(size) or b""


def _checksum(key: bytes, body: bytes) -> bytes:
    return zlib.crc32(body, zlib.crc32(key)).to_bytes(_SUM, "little")


@dataclass(frozen=True)
class Located:
    """Where one record's body lies."""

    pack: Path
    offset: int
    length: int
    key: bytes


def scan(pack: Path) -> list[tuple[str, Located]]:
    """Every complete record's key and place in ``pack``, in order; stops at the first incomplete or
    unrecognised record (checksums are checked when a body is read, not here). One small read per
    record: bodies are skipped, never read."""
    found: list[tuple[str, Located]] = []
    try:
        fh = io.FileIO(pack, "rb")
    except OSError:
        return found
    with fh, contextlib.suppress(OSError):
        size = os.fstat(fh.fileno()).st_size
        at = 0
        while at + _HEAD <= size:
            head = _read_at(fh, _HEAD + _KEY_MAX, at)
            if len(head) < _HEAD or head[:4] != MAGIC:
                break
            klen = int.from_bytes(head[4:6], "little")
            blen = int.from_bytes(head[6:14], "little")
            end = at + _HEAD + klen + blen + _SUM
            if klen > _KEY_MAX or end > size:
                break
            key = head[_HEAD:_HEAD + klen]
            try:
                name = key.decode("utf-8")
            except UnicodeDecodeError:
                break
            found.append((name, Located(pack, at + _HEAD + klen, blen, key)))
            at = end
    return found


class PackStore:
    """Keyed byte records in the pack files of ``directory`` (see the module docstring)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._index: dict[str, Located] | None = None
        self._readers: dict[Path, io.FileIO] = {}
        """Open unbuffered, read with :func:`_read_at`; closed with the store."""
        self._writer: io.FileIO | None = None
        self._pack: Path | None = None
        self._end = 0
        self._broken = False

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory}  # open files and the index stay with their process

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.directory = state["directory"]
        self._reset()

    def close(self) -> None:
        """Close the store's open packs (it opens them again when next used)."""
        for fh in (*self._readers.values(), *([self._writer] if self._writer is not None else [])):
            with contextlib.suppress(OSError):
                fh.close()
        self._readers, self._writer = {}, None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def _own(self) -> None:
        """After a fork, the child reads the index it inherited but never writes to its parent's pack
        (its copies of the parent's open files are closed, the parent's stay open)."""
        if self._pid != os.getpid():
            index = self._index
            self.close()
            self._reset()
            self._index = index

    def _packs(self) -> list[Path]:
        try:
            return sorted(p for p in self.directory.iterdir() if p.name.endswith(SUFFIX))
        except OSError:
            return []

    def _read_index(self) -> dict[str, Located]:
        """Every key with a complete record in the directory's packs, read afresh, and where it lies."""
        index: dict[str, Located] = {}
        for pack in self._packs():
            index.update(scan(pack))
        return index

    def _load_index(self) -> dict[str, Located]:
        if self._index is None:
            self._index = self._read_index()
        return self._index

    def get(self, key: str) -> bytes | None:
        """The body stored under ``key``, or None (none stored, or its record does not check out)."""
        self._own()
        where = self._load_index().get(key)
        if where is None:
            return None
        try:
            fh = self._readers.get(where.pack)
            if fh is None:
                fh = self._readers[where.pack] = io.FileIO(where.pack, "rb")
            data = _read_at(fh, where.length + _SUM, where.offset)
        except OSError:
            return None
        body, check = data[:where.length], data[where.length:]
        if len(body) != where.length or check != _checksum(where.key, body):
            return None
        return body

    def put(self, key: str, body: bytes) -> None:
        """Append a record (skipped, never fatal, when the store cannot be written)."""
        self._own()
        if self._broken:
            return
        raw = key.encode("utf-8")
        if len(raw) > _KEY_MAX:
            return
        record = b"".join((MAGIC, len(raw).to_bytes(2, "little"), len(body).to_bytes(8, "little"), raw, body,
                           _checksum(raw, body)))
        try:
            if self._writer is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                pack = self.directory / f"{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}"
                fd = os.open(pack, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
                self._writer = io.FileIO(fd, "wb")
                self._pack, self._end = pack, 0
            written = self._writer.write(record) or 0
        except OSError:
            self._broken = True
            return
        assert self._pack is not None
        if written != len(record):  # a full disk: undo the torn record, write no more
            self._broken = True
            with contextlib.suppress(OSError):
                os.ftruncate(self._writer.fileno(), self._end)
            return
        self._load_index()[key] = Located(self._pack, self._end + _HEAD + len(raw), len(body), raw)
        self._end += written

    def stored_keys(self) -> list[str]:
        """Every key with a complete record in the directory's packs, read afresh (for counting)."""
        return list(self._read_index())

    def size(self) -> int:
        """The bytes the directory's packs take."""
        total = 0
        for pack in self._packs():
            with contextlib.suppress(OSError):
                total += pack.stat().st_size
        return total


__all__ = ["MAGIC", "SUFFIX", "Located", "PackStore", "scan"]
