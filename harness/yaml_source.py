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
"""Upper bound on the values constructed by expanding aliases (each expansion counted again)."""

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


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns a composed node graph into plain data, recording every position on the way.

    Written for speed (it runs on every gold file): one recursive method, plain strings taken
    straight from the node, the constructor only for other scalars.
    """

    def __init__(self, located: Located) -> None:
        self.values = located.values
        self.keys = located.keys
        self.count = 0
        self.scalars = SafeConstructor()
        self.active: set[int] = set()
        self.built: set[int] = set()
        """Ids of the collection nodes built so far: one met again is an alias being expanded."""
        self.expanding = 0
        """How many alias expansions the node being built lies inside."""

    def build(self, node: Node, path: Path) -> Any:
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        if len(path) > MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *where, path)
        if self.expanding:
            self.count += 1  # only aliases multiply values: a long file written out in full is never refused
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values (aliases/anchors nested too deep?); "
                "write the data out without recursive anchors",
                *where,
                path,
            )
        if path not in self.values:
            self.values[path] = where
        tag = node.tag
        if tag == _STR and type(node) is ScalarNode:
            return node.value
        if tag not in _PLAIN_TAGS:
            raise YamlProblem(
                f"tag {tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed: "
                "gold files are plain YAML (remove the tag)",
                *where,
                path,
            )
        if isinstance(node, ScalarNode):
            try:
                return self.scalars.construct_object(node)
            except (yaml.YAMLError, ValueError) as exc:
                raise YamlProblem(f"cannot read value {node.value!r}: {exc}", *where, path) from None
        if id(node) in self.active:
            raise YamlProblem("recursive alias: an anchor refers to itself; write the data out", *where, path)
        self.active.add(id(node))
        alias = id(node) in self.built
        if alias:
            self.expanding += 1
            self.count += 1
        else:
            self.built.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
            if alias:
                self.expanding -= 1
        raise YamlProblem("unsupported YAML node", *where)  # pragma: no cover - PyYAML has 3 kinds

    def _mapping(self, node: MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STR and type(key_node) is ScalarNode:
                key: Any = key_node.value
            else:
                key = self._key(key_node, path)
            child = (*path, key)
            mark = key_node.start_mark
            if key in result:
                first = self.keys.get(child, (0, 0))
                raise YamlProblem(
                    f"duplicate key {key!r} (first written at line {first[0]}); "
                    "YAML would silently keep only the last one — merge them or remove one",
                    mark.line + 1,
                    mark.column + 1,
                    child,
                )
            self.keys[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def _key(self, key_node: Node, path: Path) -> str | int:
        if key_node.tag == _MERGE:
            raise YamlProblem("merge keys ('<<') are not supported in gold files; write the fields out",
                              *_mark(key_node), path)
        if not isinstance(key_node, ScalarNode):
            raise YamlProblem("mapping keys must be plain text", *_mark(key_node))
        try:
            key = self.scalars.construct_object(key_node)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(f"cannot read key {key_node.value!r}: {exc}", *_mark(key_node)) from None
        return key if isinstance(key, (str, int)) else str(key)


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
        if "nesting depth" in what:
            # libyaml (PyYAML >= 6.0.4) stops runaway nesting itself, before our own depth check.
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", line, col) from None
        raise YamlProblem(f"YAML syntax error: {what}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    if node is None:
        raise YamlProblem("the file is empty: expected a mapping with 'article:' and 'facts:'")
    located = Located(data=None)
    located.data = _Builder(located).build(node, ())
    return located
