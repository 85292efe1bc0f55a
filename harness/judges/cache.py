"""The judges' disk cache: one small JSON file per verdict, written atomically, safe across processes.

A verdict is keyed by (judge, model, prompt version, gold text, prediction text): another model or
prompt version misses, the same question is never asked twice, and a cache directory committed
to a repository lets CI score with a model judge and no network. Each file holds its key in full
(read back and compared, so a hash collision cannot return another pair's verdict) and the value.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    """The user's cache directory for fact-harness, as platformdirs would choose it.

    ``$XDG_CACHE_HOME/fact-harness`` (default ``~/.cache/fact-harness``) on Linux and other Unix,
    ``~/Library/Caches/fact-harness`` on macOS, ``%LOCALAPPDATA%\\fact-harness\\Cache`` on Windows.
    """
    if sys.platform == "win32":  # pragma: no cover - not tested on Windows
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "fact-harness" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - not tested on macOS
        return Path.home() / "Library" / "Caches" / "fact-harness"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fact-harness"


def digest(parts: Mapping[str, Any]) -> str:
    """The sha256 of a key's canonical JSON."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class DiskCache:
    """JSON values by key under ``root/section``; unreadable or foreign files count as misses."""

    def __init__(self, root: Path, section: str) -> None:
        self.root = root
        self.section = section

    def _path(self, key: Mapping[str, Any]) -> Path:
        h = digest(key)
        return self.root / self.section / h[:2] / f"{h}.json"

    def get(self, key: Mapping[str, Any]) -> Any:
        """The value stored under ``key``, or None."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != json.loads(json.dumps(dict(key))):
            return None
        return data.get("value")

    def put(self, key: Mapping[str, Any], value: Any) -> None:
        """Store ``value`` under ``key`` (atomically; a cache that cannot be written is skipped, never an error)."""
        path = self._path(key)
        text = json.dumps({"key": dict(key), "value": value}, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
