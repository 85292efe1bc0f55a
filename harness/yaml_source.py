"""Safe YAML loading that remembers where every value came from.

PyYAML's composer (the C one when available) builds a node graph carrying line/column marks;
we construct plain Python data from it ourselves so that we can

* record the position of every mapping key and value, addressed by its path
  (``("facts", 3, "value")``), for located error messages;
* reject duplicate mapping keys, which PyYAML would silently resolve to the last one;
* reject any tag outside plain YAML (``!!python/object/apply:…``) — nothing is ever executed;
* stop alias expansion past a fixed node budget (the "billion laughs" attack) instead of hanging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C loader when PyYAML was built with libyaml, else the pure-Python one."""

MAX_NODES = 200_000
"""Upper bound on constructed values, aliases counted each time they expand."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")
}


MAX_DEPTH = 100
"""Deepest nesting of mappings and lists accepted (gold files need about five levels)."""


class YamlProblem(Exception):
    """A YAML file that cannot be turned into data; ``line`` and ``column`` are 1-based, ``path`` the data path."""

    def __init__(self, message: str, line: int = 1, column: int = 1, path: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


@dataclass
class Located:
    """Data loaded from YAML plus the 1-based (line, column) of every value and key by path."""

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; falls back to the nearest enclosing value that has a mark."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0
        self.scalars = SafeConstructor()
        self.active: set[int] = set()

    def build(self, node: Node, path: Path) -> Any:
        if id(node) in self.active:
            raise YamlProblem("recursive alias: an anchor refers to itself; write the data out", *_mark(node), path)
        if len(path) > MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *_mark(node), path)
        if isinstance(node, (SequenceNode, MappingNode)):
            self.active.add(id(node))
            try:
                return self._build(node, path)
            finally:
                self.active.discard(id(node))
        return self._build(node, path)

    def _build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            line, col = _mark(node)
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values (aliases/anchors nested too deep?); "
                "write the data out without recursive anchors",
                line,
                col,
                path,
            )
        if path not in self.located.values:
            self.located.values[path] = _mark(node)
        if node.tag not in _PLAIN_TAGS:
            line, col = _mark(node)
            raise YamlProblem(
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed: "
                "gold files are plain YAML (remove the tag)",
                line,
                col,
                path,
            )
        if isinstance(node, ScalarNode):
            try:
                return self.scalars.construct_object(node)
            except (yaml.YAMLError, ValueError) as exc:
                line, col = _mark(node)
                raise YamlProblem(f"cannot read value {node.value!r}: {exc}", line, col, path) from None
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        raise YamlProblem("unsupported YAML node", *_mark(node))  # pragma: no cover - PyYAML has 3 kinds

    def _mapping(self, node: MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                raise YamlProblem("merge keys ('<<') are not supported in gold files; write the fields out", line, col,
                                  path)
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("mapping keys must be plain text", *_mark(key_node))
            try:
                key = self.scalars.construct_object(key_node)
            except (yaml.YAMLError, ValueError) as exc:
                raise YamlProblem(f"cannot read key {key_node.value!r}: {exc}", *_mark(key_node)) from None
            if not isinstance(key, (str, int)):
                key = str(key)
            child = (*path, key)
            if key in result:
                first = self.located.keys.get(child, (0, 0))
                line, col = _mark(key_node)
                raise YamlProblem(
                    f"duplicate key {key!r} (first written at line {first[0]}); "
                    "YAML would silently keep only the last one — merge them or remove one",
                    line,
                    col,
                    child,
                )
            self.located.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        return result


def load_located(text: str) -> Located:
    """Parse one YAML document from ``text``.

    Raises :class:`YamlProblem` for syntax errors, an empty document, several documents,
    duplicate keys, non-plain tags and runaway alias expansion.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlProblem(f"YAML syntax error: {what}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    if node is None:
        raise YamlProblem("the file is empty: expected a mapping with 'article:' and 'facts:'")
    located = Located(data=None)
    located.data = _Builder(located).build(node, ())
    return located
