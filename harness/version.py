"""The installed distribution's version ("0+unknown" when running from an uninstalled source tree)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fact-harness")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"
