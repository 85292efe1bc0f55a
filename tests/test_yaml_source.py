"""harness.yaml_source.load_located: safe YAML loading that remembers where every key and value is."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from harness.yaml_source import MAX_NODES, YamlProblem, load_located

DOC = """\
article:
  id: x
  published: 2021-11-05
facts:
  - value: 2014
    unit: "troops"
  - [a, b]
"""


def _problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load_located(text)
    return info.value


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each level lists the previous one ``width`` times (width**levels values)."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_plain_data() -> None:
    data = load_located(DOC).data
    assert data == {
        "article": {"id": "x", "published": dt.date(2021, 11, 5)},
        "facts": [{"value": 2014, "unit": "troops"}, ["a", "b"]],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("d: 2021-11-05\n", dt.date(2021, 11, 5)),
        ("d: 2014\n", 2014),
        ("d: '2014'\n", "2014"),
        ('d: "2021-11-05"\n', "2021-11-05"),
        ("d: 90000\n", 90000),
        ("d: 2.5\n", 2.5),
        ("d: true\n", True),
        ("d: null\n", None),
    ],
)
def test_scalar_types(text: str, expected: object) -> None:
    value = load_located(text).data["d"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        (("article",), (1, 1), (2, 3)),  # a block mapping's value starts at its first key
        (("article", "id"), (2, 3), (2, 7)),
        (("article", "published"), (3, 3), (3, 14)),
        (("facts",), (4, 1), (5, 3)),
        (("facts", 0, "value"), (5, 5), (5, 12)),
        (("facts", 0, "unit"), (6, 5), (6, 11)),
    ],
)
def test_positions_are_one_based(path: tuple[str | int, ...], key: tuple[int, int], value: tuple[int, int]) -> None:
    located = load_located(DOC)
    assert located.keys[path] == key
    assert located.values[path] == value
    assert located.position(path, key=True) == key
    assert located.position(path) == value


def test_positions_of_sequence_items() -> None:
    located = load_located(DOC)
    assert located.values[("facts", 0)] == (5, 5)
    assert located.values[("facts", 1)] == (7, 5)
    assert located.values[("facts", 1, 0)] == (7, 6)
    assert located.values[("facts", 1, 1)] == (7, 9)
    assert located.values[()] == (1, 1)


def test_position_falls_back_to_nearest_enclosing_value() -> None:
    located = load_located(DOC)
    assert located.position(("facts", 0, "missing")) == (5, 5)
    assert located.position(("nowhere", 3)) == (1, 1)


def test_duplicate_key_names_both_lines() -> None:
    problem = _problem("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert (problem.line, problem.column) == (5, 3)
    assert "duplicate key 'c'" in problem.message
    assert "line 3" in problem.message


def test_duplicate_keys_in_different_mappings_are_fine() -> None:
    assert load_located("- id: 1\n- id: 2\n").data == [{"id": 1}, {"id": 2}]


@pytest.mark.parametrize(
    "text",
    [
        "v: !!python/object/apply:os.system ['echo pwned']\n",
        "v: !!python/name:os.system\n",
        "v: !custom 1\n",
    ],
)
def test_unsafe_tags_are_rejected(text: str) -> None:
    problem = _problem(text)
    assert (problem.line, problem.column) == (1, 4)
    assert "is not allowed" in problem.message


def test_python_tag_is_named_in_the_message() -> None:
    assert "'!!python/object/apply:os.system'" in _problem("v: !!python/object/apply:os.system [ls]\n").message


def test_billion_laughs_is_rejected_quickly() -> None:
    start = time.perf_counter()
    problem = _problem(_bomb())
    assert time.perf_counter() - start < 5
    assert f"{MAX_NODES:,}" in problem.message
    assert "aliases" in problem.message


def test_moderate_aliases_still_load() -> None:
    data = load_located(_bomb(levels=3, width=3)).data
    assert data["l2"] == [[["lol"] * 3] * 3] * 3


def test_recursive_alias_is_a_yaml_problem() -> None:
    problem = _problem("a: &a [*a]\n")
    assert problem.line == 1
    assert "recursive alias" in problem.message


@pytest.mark.parametrize("depth", [150, 3000])  # past our limit; past libyaml's own (PyYAML >= 6.0.4)
def test_deep_nesting_is_a_yaml_problem(depth: int) -> None:
    problem = _problem("a: " + "[" * depth + "]" * depth + "\n")
    assert problem.message == "nested more than 100 levels deep"


def test_merge_keys_are_rejected() -> None:
    problem = _problem("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert (problem.line, problem.column) == (3, 3)
    assert "merge keys" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2, "flow sequence"),
        ("a:\n\tb: 1\n", 2, 1, "cannot start any token"),
        ('a: "unclosed\n', 2, 1, "quoted scalar"),
    ],
)
def test_syntax_error_is_located(text: str, line: int, column: int, fragment: str) -> None:
    problem = _problem(text)
    assert problem.message.startswith("YAML syntax error:")
    assert fragment in problem.message
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    problem = _problem(text)
    assert (problem.line, problem.column) == (1, 1)
    assert "empty" in problem.message


def test_several_documents_are_rejected() -> None:
    problem = _problem("a: 1\n---\nb: 2\n")
    assert (problem.line, problem.column) == (2, 1)
    assert "single document" in problem.message


def test_explicit_single_document_is_fine() -> None:
    assert load_located("---\na: 1\n...\n").data == {"a": 1}


def test_invalid_calendar_date_is_located() -> None:
    problem = _problem("x: 1\nd: 2021-02-30\n")
    assert (problem.line, problem.column) == (2, 4)
    assert "2021-02-30" in problem.message


def test_a_long_file_written_out_in_full_is_not_an_alias_bomb() -> None:
    """Values are only budgeted when aliases expand them: a large legitimate gold file loads."""
    facts = "".join(f"- {{id: f{i}, type: date, value: 2021-11-05, evidence: x}}\n" for i in range(MAX_NODES // 4))
    located = load_located("facts:\n" + facts)
    assert len(located.data["facts"]) == MAX_NODES // 4
