"""Turning an extractor SPEC (built-in name, ``module:attr``, ``file.py:attr``, plugin name) into a callable.

Resolution order: a built-in name (``baseline``, ``oracle``, ``empty``); an installed plugin
registered under the entry-point group ``fact_harness.extractors``; ``package.module:attr``;
``path/to/file.py:attr``. An unknown name lists the valid ones.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import inspect
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from harness.corpus import Corpus
from harness.model import Article

ENTRY_POINT_GROUP = "fact_harness.extractors"


class ExtractorSpecError(Exception):
    """The SPEC or its options cannot be turned into an extractor (a usage error, exit code 2)."""


def _empty(corpus: Corpus, **options: Any) -> Callable[[Article], list[Any]]:
    if options:
        raise ExtractorSpecError(f"'empty' takes no options (got {', '.join(options)})")
    return lambda article: []


def _oracle(corpus: Corpus, **options: Any) -> Callable[[Article], list[Any]]:
    from harness.extractors.oracle import Oracle

    if options:
        raise ExtractorSpecError(f"'oracle' takes no options (got {', '.join(options)})")
    return Oracle(corpus)


def _baseline(corpus: Corpus, **options: Any) -> Callable[[Article], list[Any]]:
    from harness.extractors.baseline import Baseline

    try:
        return Baseline(**options)
    except TypeError as exc:
        raise ExtractorSpecError(f"baseline: {exc}") from None


@dataclass(frozen=True)
class Builtin:
    factory: Callable[..., Callable[[Article], Iterable[Any]]]
    description: str


BUILTINS: dict[str, Builtin] = {
    "baseline": Builtin(_baseline, "rule-based floor: regular expressions and small gazetteers"),
    "oracle": Builtin(_oracle, "returns the gold facts; scores exactly 1.0 (a self-check)"),
    "empty": Builtin(_empty, "returns nothing; scores 0 recall"),
}


def plugins() -> dict[str, str]:
    """Installed plugins: entry-point name → ``module:attr``."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def parse_options(pairs: Iterable[str]) -> dict[str, Any]:
    """``["k=v", …]`` → dict; values are read as JSON when they are valid JSON (0.5, true, "x"), else text."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ExtractorSpecError(f"--option {pair!r}: expected KEY=VALUE")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out[key.strip().replace("-", "_")] = value
    return out


def _import_attr(spec: str) -> Any:
    target, _, attr = spec.rpartition(":")
    if not target or not attr:
        raise ExtractorSpecError(_unknown(spec))
    if target.endswith(".py") or "/" in target or "\\" in target:
        path = Path(target)
        if not path.is_file():
            raise ExtractorSpecError(f"{spec}: no such file {target}")
        name = f"fact_harness_user_{abs(hash(str(path.resolve())))}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise ExtractorSpecError(f"{spec}: cannot import {target}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        sys.path.insert(0, str(path.resolve().parent))
        try:
            module_spec.loader.exec_module(module)
        except Exception as exc:
            raise ExtractorSpecError(f"{spec}: importing {target} failed: {type(exc).__name__}: {exc}") from None
        finally:
            sys.path.remove(str(path.resolve().parent))
    else:
        try:
            module = importlib.import_module(target)
        except ImportError as exc:
            raise ExtractorSpecError(f"{spec}: cannot import module {target!r}: {exc}") from None
        except Exception as exc:
            raise ExtractorSpecError(f"{spec}: importing {target} failed: {type(exc).__name__}: {exc}") from None
    try:
        return getattr(module, attr)
    except AttributeError:
        names = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        raise ExtractorSpecError(f"{spec}: {target} has no attribute {attr!r} (callables there: {', '.join(names)})") from None


def _unknown(spec: str) -> str:
    names = [*BUILTINS, *plugins()]
    if spec.endswith(".py"):
        return _py_hint(spec)
    close = difflib.get_close_matches(spec, names, n=1, cutoff=0.6)
    hint = f" — did you mean {close[0]!r}?" if close else ""
    return (f"unknown extractor {spec!r}{hint}: use one of {', '.join(names)}, package.module:attr, or "
            "path/to/file.py:attr (see: fact-harness extractors)")


def _py_hint(spec: str) -> str:
    """A file given without ``:attr``: name the callables it defines, when it can be read."""
    path = Path(spec)
    found: list[str] = []
    if path.is_file():
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
                     and not n.name.startswith("_")]
        except (OSError, UnicodeDecodeError, SyntaxError):
            pass
    example = f"{spec}:{found[0]}" if found else f"{spec}:extract"
    there = f" (defined there: {', '.join(found)})" if found else ""
    return f"{spec} is a file: name the extractor in it as FILE.py:ATTR, e.g. {example}{there}"


def instantiate(target: Any, options: Mapping[str, Any], label: str) -> Callable[[Article], Iterable[Any]]:
    """Apply the protocol's rules (see :mod:`harness.extractors.protocol`) to get an extract callable."""
    def as_extractor(obj: Any) -> Callable[[Article], Iterable[Any]]:
        extract = getattr(obj, "extract", None)
        if callable(extract):
            return extract  # type: ignore[no-any-return]
        if callable(obj):
            return obj  # type: ignore[no-any-return]
        raise ExtractorSpecError(f"{label}: {type(obj).__name__} is neither callable nor has an extract() method")

    if inspect.isclass(target):
        try:
            return as_extractor(target(**options))
        except TypeError as exc:
            raise ExtractorSpecError(f"{label}: cannot construct {target.__name__}: {exc}") from None
    if inspect.isfunction(target) or inspect.ismethod(target) or inspect.isbuiltin(target):
        params = inspect.signature(target).parameters.values()
        required = [p for p in params if p.default is p.empty
                    and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if required:
            if options:
                raise ExtractorSpecError(f"{label} is an extract function; it takes no --option (got "
                                         f"{', '.join(options)})")
            return target
        try:
            return as_extractor(target(**options))
        except TypeError as exc:
            raise ExtractorSpecError(f"{label}: factory rejected the options: {exc}") from None
    if options:
        raise ExtractorSpecError(f"{label} is a ready extractor object; it takes no --option")
    return as_extractor(target)


def load_extractor(
    spec: str | Any, corpus: Corpus, options: Mapping[str, Any] | None = None
) -> tuple[str, Callable[[Article], Iterable[Any]]]:
    """Resolve ``spec`` (a SPEC string or a Python object) to ``(display name, extract callable)``."""
    options = dict(options or {})
    if not isinstance(spec, str):
        name = getattr(spec, "__qualname__", None) or type(spec).__name__
        return name, instantiate(spec, options, name)
    if spec in BUILTINS:
        return spec, BUILTINS[spec].factory(corpus, **options)
    installed = plugins()
    if spec in installed:
        try:
            target = next(ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == spec).load()
        except Exception as exc:
            raise ExtractorSpecError(f"plugin {spec!r} ({installed[spec]}) failed to load: "
                                     f"{type(exc).__name__}: {exc}") from None
        return spec, instantiate(target, options, spec)
    if ":" not in spec:
        raise ExtractorSpecError(_unknown(spec))
    return spec, instantiate(_import_attr(spec), options, spec)
