"""`fact-harness validate`: every problem is reported as FILE:LINE:COL: FIELD: MESSAGE, exit code 2.

Each broken variant of the small gold file (conftest ``make_gold``) is checked through the Python API
(``check_file`` and ``validate_paths``) and through the CLI. Expected positions are computed from the
written file by looking up the offending text, independently of the harness's own bookkeeping.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness import GoldError, load_corpus
from harness.cli import app
from harness.validate import Problem, check_file, validate_paths
from tests.conftest import MakeGold

GOLD_NAME = "001_eab98a2f0f3a5ef7.yaml"
SEEDS = Path("seeds")

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so that files are reported as ``gold/NAME.yaml`` and seeds as ``seeds``."""
    monkeypatch.chdir(tmp_path)


def at(path: Path, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the unique occurrence of ``needle`` in ``path`` (plus ``offset`` columns)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times in {path}"
    index = text.index(needle)
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1 + offset


def bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": width**levels values through nested aliases."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def run_validate(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["validate", *args])
    assert "Traceback" not in result.output
    return result


@dataclass
class Case:
    """A broken gold file and the one problem it must produce."""

    id: str
    where: str  # the field path; "" where none applies (syntax errors, whole-file problems)
    message: str  # a part of the message (or the whole of it)
    replacements: dict[str, str] = field(default_factory=dict)
    anchor: tuple[str, int] | None = None  # (needle, extra columns); None: line 1, column 1
    text: str | None = None
    name: str = GOLD_NAME


CASES = [
    Case(
        "yaml-syntax-error", "",
        "YAML syntax error: while scanning a plain scalar found a tab character that violates indentation",
        {"    unit: troops\n": "\tunit: troops\n"}, ("\tunit", 0),
    ),
    Case("empty-file", "", "the file is empty: expected a mapping with 'article:' and 'facts:'", text=""),
    Case(
        "top-level-list", "", "the top level must be a mapping with 'article:' and 'facts:', not a list",
        text="- article: {id: x}\n- facts: []\n",
    ),
    Case(
        "duplicate-key", "facts[2].unit", "duplicate key 'unit' (first written at line 24)",
        {"    unit: troops\n": "    unit: troops\n    unit: people\n"}, ("unit: people", 0),
    ),
    Case(
        "missing-required-field", "facts[2]", "missing required field 'unit'",
        {"    unit: troops\n": ""}, ("id: fig-troops-90000", 0),
    ),
    Case(
        "missing-type", "facts[2]", "missing 'type' (one of figure, speaker, date, place, claim)",
        {"    type: figure\n    value: 90000": "    value: 90000"}, ("id: fig-troops-90000", 0),
    ),
    Case(
        "figure-value-string", "facts[2].value", "expected a finite number such as 90000 or 2.5, got '90,000'",
        {"value: 90000": 'value: "90,000"'}, ('"90,000"', 0),
    ),
    Case(
        "date-not-real-quoted", "facts[3].value", "'2021-02-30' is not a real calendar date",
        {"value: 2021-11-05": 'value: "2021-02-30"'}, ('"2021-02-30"', 0),
    ),
    Case(
        # unquoted, YAML itself cannot build the date; the problem still names the field
        "date-not-real-unquoted", "facts[3].value", "cannot read value '2021-02-30': day is out of range for month",
        {"value: 2021-11-05": "value: 2021-02-30"}, ("2021-02-30", 0),
    ),
    Case(
        "date-weekday", "facts[3].value", "'Friday' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
        {"value: 2021-11-05": "value: Friday"}, ("value: Friday", 7),
    ),
    Case(
        "published-not-full-date", "article.published", "'2021-11': a full date YYYY-MM-DD is expected here",
        {"published: 2021-11-05": "published: 2021-11"}, ("2021-11\n", 0),
    ),
    Case(
        "tolerance-out-of-range", "facts[2].tolerance", "less than or equal to 1 (got 2)",
        {"    approx: true\n": "    approx: true\n    tolerance: 2\n"}, ("tolerance: 2", 11),
    ),
    Case(
        "duplicate-fact-id", "facts[3].id",
        "duplicate id 'spk-peskov' (also facts[0].id); ids must be unique in the file",
        {"  - id: date-friday\n": "  - id: spk-peskov  # again\n"}, ("spk-peskov  # again", 0),
    ),
    Case(
        "speaker-typo", "facts[4].speaker",
        "'spk-peskow' is not the id of a speaker fact — did you mean 'spk-peskov'?",
        {"speaker: spk-peskov": "speaker: spk-peskow"}, ("spk-peskow", 0),
    ),
    Case(
        "speaker-not-a-speaker-fact", "facts[2].speaker", "'date-friday' is not the id of a speaker fact",
        {"speaker: spk-ukr-defense-ministry": "speaker: date-friday"}, ("speaker: date-friday", 9),
    ),
    Case(
        "negative-speaker-unknown", "negatives[0].speaker", "'spk-nobody' is not the id of a speaker fact",
        {"    unit: armies\n": "    unit: armies\n    speaker: spk-nobody\n"}, ("spk-nobody", 0),
    ),
    Case(
        "evidence-not-found", "facts[2].evidence",
        "not found verbatim in the article: 'about 90.000 Russian troops' — closest passage: 'about 90,000 Russian troops'",
        {'"about 90,000 Russian troops"': '"about 90.000 Russian troops"'}, ('"about 90.000', 0),
    ),
    Case(
        "evidence-list-item-not-found", "facts[2].evidence[1]",
        "not found verbatim in the article: 'no such words appear in this article'",
        {'evidence: "about 90,000 Russian troops"':
         'evidence:\n      - "about 90,000 Russian troops"\n      - "no such words appear in this article"'},
        ('"no such words', 0),
    ),
    Case(
        "evidence-wrong-case", "facts[4].evidence", "not found verbatim in the article: 'russia doesnt threaten anyone'",
        {'"Russia doesnt threaten anyone, Peskov said"': '"russia doesnt threaten anyone"'}, ('"russia', 0),
    ),
    Case(
        "furniture-not-found", "furniture[0]", "not found verbatim in the article: 'Copyright Reuters'",
        {'"Copyright The Associated Press. All rights reserved."': '"Copyright Reuters"'}, ('"Copyright Reuters"', 0),
    ),
    Case(
        "article-file-missing", "article.file",
        "article file '001_eab98a2f0f3a5ef8.txt' not found in seeds — did you mean '001_eab98a2f0f3a5ef7.txt'?",
        {"file: 001_eab98a2f0f3a5ef7.txt": "file: 001_eab98a2f0f3a5ef8.txt"}, ("001_eab98a2f0f3a5ef8.txt", 0),
    ),
    Case(
        "article-file-parent-escape", "article.file", "'../../../../etc/passwd' resolves outside the seeds directory seeds",
        {"file: 001_eab98a2f0f3a5ef7.txt": "file: ../../../../etc/passwd"}, ("../../../../etc/passwd", 0),
    ),
    Case(
        # the target exists (this very gold file), but it is not below the seeds directory
        "article-file-sibling-escape", "article.file", "resolves outside the seeds directory seeds",
        {"file: 001_eab98a2f0f3a5ef7.txt": f"file: ../gold/{GOLD_NAME}"}, ("../gold/", 0),
    ),
    Case(
        "article-file-absolute", "article.file", "'/etc/passwd' resolves outside the seeds directory seeds",
        {"file: 001_eab98a2f0f3a5ef7.txt": "file: /etc/passwd"}, ("/etc/passwd", 0),
    ),
    Case(
        "unsafe-tag", "facts[2].value", "tag '!!python/object/apply:os.system' is not allowed: gold files are plain YAML",
        {"value: 90000": "value: !!python/object/apply:os.system ['touch pwned']"}, ("!!python", 0),
    ),
    Case(
        # the alias expansion overruns the budget inside l0's items, on line 1
        "billion-laughs", "l5[1][7][8][6][7][4]", "aliases expand to more than 200,000 values",
        text=bomb(), anchor=("lol, lol, lol, lol, lol]", 0),
    ),
    Case(
        "unknown-fact-type", "facts[2].type",
        "unknown fact type 'figur' — did you mean 'figure'? (one of figure, speaker, date, place, claim)",
        {"    type: figure\n    value: 90000": "    type: figur\n    value: 90000"}, ("type: figur\n", 6),
    ),
    Case(
        "evidence-in-furniture", "facts[4].evidence",
        "evidence lies in page furniture, which yields no facts — quote the article body, or record it under 'negatives'",
        {'"Russia doesnt threaten anyone, Peskov said"': '"Copyright The Associated Press"'},
        ('"Copyright The Associated Press"', 0),
    ),
    Case(
        "article-id-not-file-stem", "article.id",
        "article id '001_other' must be the article file's stem '001_eab98a2f0f3a5ef7'",
        {"id: 001_eab98a2f0f3a5ef7": "id: 001_other"}, ("001_other", 0), name="001_other.yaml",
    ),
]


def _write(case: Case, make_gold) -> Path:  # type: ignore[no-untyped-def]
    path = make_gold(case.replacements, text=case.text, name=case.name)
    return path.relative_to(Path.cwd())


def _expected_prefix(case: Case, path: Path) -> str:
    line, col = at(path, *case.anchor) if case.anchor else (1, 1)
    where = f" {case.where}:" if case.where else ""
    return f"{path.as_posix()}:{line}:{col}:{where} "


def test_the_small_gold_file_is_valid(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = make_gold()
    assert validate_paths([path], SEEDS) == []
    checked = check_file(path, SEEDS)
    assert checked.problems == []
    assert checked.gold is not None and checked.gold.article.published == "2021-11-05"
    assert checked.article_text == (SEEDS / "001_eab98a2f0f3a5ef7.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_problem_through_the_api(case: Case, make_gold) -> None:  # type: ignore[no-untyped-def]
    path = _write(case, make_gold)
    problems = validate_paths([path], SEEDS)
    assert [str(p) for p in problems] == [str(p) for p in check_file(path, SEEDS).problems]
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert isinstance(problem, Problem)
    assert str(problem).startswith(_expected_prefix(case, path)), str(problem)
    assert case.message in problem.message
    assert problem.where == case.where
    assert problem.file == path.as_posix()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_problem_through_the_cli(case: Case, make_gold) -> None:  # type: ignore[no-untyped-def]
    path = _write(case, make_gold)
    result = run_validate(str(path), "--seeds", "seeds")
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith(_expected_prefix(case, path))
    assert case.message in lines[0]
    assert result.stderr == "1 problem(s) in 1 file(s)\n"


def test_cli_prints_one_line_per_problem_and_a_count(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = _write(Case("three", "", "", {
        "speaker: spk-peskov": "speaker: spk-peskow",
        '"about 90,000 Russian troops"': '"about 90.000 Russian troops"',
        "  - id: date-friday\n": "  - id: spk-peskov  # again\n",
    }), make_gold)
    result = run_validate(str(path), "--seeds", "seeds")
    assert result.exit_code == 2
    file = path.as_posix()
    evidence, dup, speaker = at(path, '"about 90.000'), at(path, "spk-peskov  # again"), at(path, "spk-peskow")
    assert result.stdout.splitlines() == [
        f"{file}:{evidence[0]}:{evidence[1]}: facts[2].evidence: not found verbatim in the article: "
        "'about 90.000 Russian troops' — closest passage: 'about 90,000 Russian troops'",
        f"{file}:{dup[0]}:{dup[1]}: facts[3].id: duplicate id 'spk-peskov' (also facts[0].id); "
        "ids must be unique in the file",
        f"{file}:{speaker[0]}:{speaker[1]}: facts[4].speaker: 'spk-peskow' is not the id of a speaker fact "
        "— did you mean 'spk-peskov'?",
    ]
    assert result.stderr == "3 problem(s) in 1 file(s)\n"


def test_cli_counts_problems_in_several_files(make_gold) -> None:  # type: ignore[no-untyped-def]
    make_gold({"value: 90000": 'value: "90,000"'})
    make_gold({"id: 001_eab98a2f0f3a5ef7": "id: 001_other"}, name="001_other.yaml")
    result = run_validate("gold", "--seeds", "seeds")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == "2 problem(s) in 2 file(s)\n"


def test_two_files_for_one_article(make_gold) -> None:  # type: ignore[no-untyped-def]
    make_gold()
    make_gold(name="copy.yml")
    problems = [str(p) for p in validate_paths([Path("gold")], SEEDS)]
    assert problems == [
        "gold/copy.yml:3:7: article.id: the gold file should be named after its article: 001_eab98a2f0f3a5ef7.yaml",
        f"gold/copy.yml:1:1: article.id: article '001_eab98a2f0f3a5ef7' is already annotated in gold/{GOLD_NAME}",
    ]


def test_console_script_reports_without_traceback(make_gold, repo_root: Path) -> None:  # type: ignore[no-untyped-def]
    """The installed ``fact-harness`` command, as CI would run it."""
    path = _write(CASES[[c.id for c in CASES].index("unsafe-tag")], make_gold)
    exe = repo_root / ".venv" / "bin" / "fact-harness"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "harness"]
    proc = subprocess.run([*command, "validate", str(path), "--seeds", "seeds"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2, proc.stderr
    line, col = at(path, "!!python")
    assert proc.stdout == (f"{path.as_posix()}:{line}:{col}: facts[2].value: tag '!!python/object/apply:os.system' is not allowed: "
                           "gold files are plain YAML (remove the tag)\n")
    assert proc.stderr == "1 problem(s) in 1 file(s)\n"
    assert not Path("pwned").exists()


# ------------------------------------------------------------------ unknown fields, recursive aliases


@pytest.mark.parametrize(
    ("replacements", "where", "anchor", "message"),
    [
        ({"    value: 90000\n": "    vaule: 90000\n"}, "facts[2].vaule", "vaule:", "unknown field 'vaule' — did you mean 'value'?"),
        ({"  title:": "  titel:"}, "article.titel", "titel:", "unknown field 'titel' — did you mean 'title'?"),
    ],
    ids=["vaule", "titel"],
)
def test_unknown_field_did_you_mean(make_gold, replacements, where, anchor, message) -> None:  # type: ignore[no-untyped-def]
    path = make_gold(replacements).relative_to(Path.cwd())
    line, col = at(path, anchor)
    assert f"{path.as_posix()}:{line}:{col}: {where}: {message}" in [str(p) for p in validate_paths([path], SEEDS)]


@pytest.mark.parametrize(
    ("replacements", "where", "anchor"),
    [
        ({"    value: 90000\n": "    vaule: 90000\n"}, "facts[2].vaule", "vaule: 90000"),
        ({"  title:": "  titel:"}, "article.titel", "titel:"),
    ],
    ids=["vaule", "titel"],
)
def test_unknown_field_is_rejected(make_gold, replacements, where, anchor) -> None:  # type: ignore[no-untyped-def]
    """What does work today: the misspelt field is an error on its line, named by its path."""
    path = make_gold(replacements).relative_to(Path.cwd())
    problems = [p for p in validate_paths([path], SEEDS) if p.where == where]
    assert len(problems) == 1
    assert problems[0].line == at(path, anchor)[0]


def test_recursive_alias_is_reported(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = make_gold(text="a: &a [*a]\n").relative_to(Path.cwd())
    result = runner.invoke(app, ["validate", str(path), "--seeds", "seeds"])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{path.as_posix()}:1:")


# ------------------------------------------------------------------ what must pass


def test_typographic_quotes_and_whitespace_are_folded(make_gold) -> None:  # type: ignore[no-untyped-def]
    """Seed 002 uses ’ “ ”; evidence typed with ASCII quotes and other spacing must still be found."""
    text = """\
article:
  id: 002_6f25c81f1ace9927
  file: 002_6f25c81f1ace9927.txt
facts:
  - id: spk-peskov
    type: speaker
    name: Dmitry Peskov
    evidence:
      - "\\"Russia doesn't threaten anyone,\\" Mr Peskov said"
      - 'as a "hollow and unfounded attempt to incite tensions"'
      - "shouldn't be a cause for anyone's concern"
      - "planning an invasion.   Thousands of Russian troops"
      - >-
        Kremlin spokesman Dmitry Peskov
        on Friday dismissed
"""
    path = make_gold(text=text, name="002_6f25c81f1ace9927.yaml")
    seed = (SEEDS / "002_6f25c81f1ace9927.txt").read_text(encoding="utf-8")
    assert "doesn’t threaten anyone,”" in seed and "“hollow" in seed  # the premise: typographic in the seed
    assert "planning an invasion.\n\nThousands" in seed
    assert validate_paths([path], SEEDS) == []


def test_negative_evidence_may_lie_in_furniture(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = make_gold({'"units of the Russian 41st army"': '"Copyright The Associated Press"'})
    assert validate_paths([path], SEEDS) == []


def test_non_utf8_file(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = make_gold().relative_to(Path.cwd())
    path.write_bytes(b"article:\n  title: caf\xe9\n")
    assert [str(p) for p in validate_paths([path], SEEDS)] == [
        f"{path.as_posix()}:2:13: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_directory_without_gold_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "schema.json").write_text("{}")
    assert [str(p) for p in validate_paths([Path("empty")], SEEDS)] == [
        "empty:1:1: no gold files (*.yaml) in this directory"
    ]
    result = run_validate("--gold", "empty", "--seeds", "seeds")
    assert result.exit_code == 2
    assert result.stdout == "empty:1:1: no gold files (*.yaml) in this directory\n"
    assert result.stderr == "1 problem(s) in 1 file(s)\n"


def test_path_that_does_not_exist() -> None:
    result = run_validate("nope.yaml", "--seeds", "seeds")
    assert result.exit_code == 2
    assert result.stdout == "nope.yaml:1:1: no such file or directory\n"


def test_landed_gold_validates_through_the_cli(gold_dir: Path, seeds_dir: Path) -> None:
    result = run_validate("--gold", str(gold_dir), "--seeds", str(seeds_dir))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ok: ")


def test_landed_gold_validates_through_the_api(gold_dir: Path, seeds_dir: Path) -> None:
    assert validate_paths([gold_dir], seeds_dir) == []
    corpus = load_corpus(gold_dir, seeds_dir)
    stems = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert [e.article.id for e in corpus] == stems
    for entry in corpus:
        assert entry.article.text == (seeds_dir / f"{entry.article.id}.txt").read_bytes().decode("utf-8")
        assert entry.gold.facts, f"{entry.article.id} has no facts"


def test_load_corpus_refuses_invalid_gold(make_gold) -> None:  # type: ignore[no-untyped-def]
    make_gold({"speaker: spk-peskov": "speaker: spk-peskow"})
    with pytest.raises(GoldError) as info:
        load_corpus("gold", "seeds")
    assert [p.where for p in info.value.problems] == ["facts[4].speaker"]
    assert "1 problem(s) in the gold" in str(info.value)


def test_many_files_give_the_same_problems_in_worker_processes(make_gold) -> None:  # type: ignore[no-untyped-def]
    """More files than one worker chunk, some broken, one claimed twice: every ``jobs`` reports the same."""
    make_gold()
    for k in range(24):
        fault = {"value: 90000": 'value: "90,000"'} if k % 5 == 0 else {}
        make_gold(fault, name=f"copy{k:02d}.yaml")
    seen: list[int] = []
    serial = [str(p) for p in validate_paths([Path("gold")], SEEDS)]
    parallel = [str(p) for p in validate_paths([Path("gold")], SEEDS, jobs=2, progress=seen.append)]
    assert parallel == serial
    assert len(seen) == 25
    assert sum("already annotated" in p for p in serial) == 19  # the 5 that fail the schema claim no article
    assert sum("facts" in p and "value" in p for p in serial) == 5


# ----------------------------------------------------------------- reliability: large, odd and useless gold


def test_a_large_gold_file_is_not_taken_for_an_alias_bomb() -> None:
    from harness.yaml_source import MAX_NODES, load_located

    text = "facts:\n" + "  - x\n" * (MAX_NODES + 1)  # more values than the alias budget, each written out
    assert len(load_located(text).data["facts"]) == MAX_NODES + 1


def test_an_alias_bomb_is_still_stopped() -> None:
    from harness.yaml_source import YamlProblem, load_located

    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, k in zip("abcdefgh", "bcdefghi", strict=True))
    with pytest.raises(YamlProblem, match="aliases expand to more than"):
        load_located(bomb)


@pytest.mark.parametrize(("data", "where"), [
    (b"article:\n  id: x\n  title: caf\xe9 \n", (3, 13)),
    (b"article:\n  id: x\n  title: a\x00b\n", (3, 11)),
])
def test_non_utf8_and_nul_are_reported_at_their_line_and_column(data: bytes, where: tuple[int, int],
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    (problem,) = check_file(path, tmp_path).problems
    assert (problem.line, problem.column) == where, problem


def test_a_negative_identical_to_a_gold_fact_is_rejected(make_gold: MakeGold) -> None:
    path = make_gold({"    value: 41\n    unit: armies\n": "    value: 90000\n    unit: Troops\n    approx: true\n"
                                                        "    speaker: spk-ukr-defense-ministry\n"})
    problems = check_file(path, path.parent.parent / "seeds").problems
    assert [(p.where, "identical to the gold fact 'fig-troops-90000'" in p.message) for p in problems] == [
        ("negatives[0]", True)]


def test_one_character_evidence_is_rejected(make_gold: MakeGold) -> None:
    path = make_gold({'    evidence: "The Kremlin on Friday rebuffed"': '    evidence: "a"'})
    problems = check_file(path, path.parent.parent / "seeds").problems
    assert [p.where for p in problems] == ["facts[3].evidence"] and "too short" in problems[0].message


def test_annotation_words_in_a_claim_text_are_flagged(make_gold: MakeGold) -> None:
    path = make_gold({"text: Russia does not threaten anyone": "text: Russia does not threaten anyone (denial)"})
    problems = validate_paths([path], path.parent.parent / "seeds")
    assert [p.where for p in problems] == ["facts[4].text"]
    assert "'(denial)' is an annotation" in problems[0].message and "note" in problems[0].message


def test_every_problem_of_a_file_is_reported_in_one_pass(make_gold: MakeGold) -> None:
    """A schema problem no longer hides the reference and evidence problems of the other facts."""
    path = make_gold({"value: 90000": "vaule: 90000",
                      'evidence: "The Kremlin on Friday rebuffed"': 'evidence: "The Kremlin on Saturday rebuffed"',
                      "speaker: spk-peskov\n    text": "speaker: spk-nobody\n    text"})
    problems = validate_paths([path], path.parent.parent / "seeds")
    where = [p.where for p in problems]
    assert "facts[2].vaule" in where and "facts[3].evidence" in where and "facts[4].speaker" in where
    evidence = next(p for p in problems if p.where == "facts[3].evidence")
    text = path.read_text(encoding="utf-8").splitlines()
    assert "Saturday" in text[evidence.line - 1]  # located at the original fact, not a renumbered one


@pytest.mark.parametrize(("aliases", "flagged"), [
    ("[Peskov, the official]", ["facts[0].aliases[1]"]),
    ("[Peskov, Kremlin spokesman, the spokesman]", ["facts[0].aliases[2]"]),
    ("[Peskov, Kremlin spokesman]", []),
])
def test_an_alias_made_only_of_generic_heads_is_flagged(make_gold: MakeGold, aliases: str, flagged: list[str]) -> None:
    path = make_gold({"    name: Dmitry Peskov\n": f"    name: Dmitry Peskov\n    aliases: {aliases}\n"})
    problems = validate_paths([path], path.parent.parent / "seeds")
    assert [p.where for p in problems] == flagged
    assert all("is a role, not a name" in p.message and "evidence" in p.message for p in problems)
