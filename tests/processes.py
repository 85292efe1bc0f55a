"""Watching the processes a test starts: whether they run, waiting for them to go, reading the pids
extractors record (in the file the ``pids_file`` fixture of conftest.py names)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False
    except OSError:  # pragma: no cover - no /proc
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def gone(pids: list[int], within: float = 3.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def read_pids(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()]


def wait_for_pids(path: Path, count: int, within: float = 10.0) -> list[int]:
    end = time.monotonic() + within
    while time.monotonic() < end:
        pids = read_pids(path)
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"expected {count} pid(s) in {path}, got {read_pids(path)}")
