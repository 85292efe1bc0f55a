"""Authoring helpers: the committed JSON Schema, corpus export, `new` skeletons and the CLI's help."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from harness.authoring import SCHEMA_HEADER, schema_text
from harness.cli import app
from harness.validate import validate_paths

runner = CliRunner()

RECORD_KEYS = ["article", "title", "published", "url", "outlet", "text", "facts", "negatives"]
REGENERATE = "gold/schema.json is out of date; regenerate it with: fact-harness schema -o gold/schema.json"
URL_001 = "https://mynorthwest.com/3234305/kremlin-denies-plans-to-invade-ukraine-alleges-nato-threats/"


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def _gold_yaml(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """The landed gold files read with plain PyYAML, by article id."""
    out = {}
    for path in sorted(gold_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["article"]["id"]] = data
    return out


def _flat(text: str) -> str:
    """Help output without rich's box drawing and line wrapping."""
    return " ".join(text.replace("│", " ").split())


# ------------------------------------------------------------------ schema


def test_schema_command_matches_committed_schema(gold_dir: Path) -> None:
    committed = gold_dir / "schema.json"
    assert committed.is_file(), REGENERATE
    result = _invoke("schema")
    assert result.exit_code == 0
    assert result.stdout == committed.read_text(encoding="utf-8"), REGENERATE
    assert schema_text() == result.stdout


def test_schema_describes_a_gold_file(gold_dir: Path) -> None:
    schema = json.loads((gold_dir / "schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "fact-harness gold file"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["article"]
    assert set(schema["properties"]) == {"article", "furniture", "facts", "negatives"}
    figure = schema["$defs"]["GoldFigure"]
    assert figure["additionalProperties"] is False
    assert {"id", "type", "value", "unit", "evidence", "tolerance"} <= set(figure["properties"])
    assert "from" in schema["$defs"]["Distance"]["properties"]  # the alias, as written in YAML


def test_schema_output_option(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = _invoke("schema", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]  # no temporary file left behind


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).resolve().parent.parent / "gold").glob("*.yaml")))
def test_gold_file_declares_the_schema(gold_dir: Path, name: str) -> None:
    first_line = (gold_dir / name).read_text(encoding="utf-8").splitlines(keepends=True)[0]
    assert first_line == SCHEMA_HEADER == "# yaml-language-server: $schema=schema.json\n"


# ------------------------------------------------------------------ export


@pytest.fixture(scope="module")
def exported(gold_dir: Path, seeds_dir: Path) -> list[dict[str, Any]]:
    result = _invoke("export", "--format", "jsonl", "--gold", str(gold_dir), "--seeds", str(seeds_dir))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n")
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_export_jsonl_has_one_record_per_article(exported: list[dict[str, Any]], seeds_dir: Path) -> None:
    assert [r["article"] for r in exported] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    for record in exported:
        assert list(record) == RECORD_KEYS


def test_export_text_is_the_seed_file(exported: list[dict[str, Any]], seeds_dir: Path) -> None:
    for record in exported:
        assert record["text"] == (seeds_dir / f"{record['article']}.txt").read_bytes().decode("utf-8")


def test_export_matches_the_gold_yaml(exported: list[dict[str, Any]], gold_dir: Path) -> None:
    gold = _gold_yaml(gold_dir)
    for record in exported:
        data = gold[record["article"]]
        meta = data["article"]
        published = meta.get("published")
        assert record["published"] == (published.isoformat() if isinstance(published, dt.date) else published)
        for key in ("title", "url", "outlet"):
            assert record[key] == meta.get(key), key
        assert [f["id"] for f in record["facts"]] == [f["id"] for f in data["facts"]]
        assert [f["id"] for f in record["negatives"]] == [f["id"] for f in data.get("negatives", [])]
        assert [f["type"] for f in record["facts"]] == [f["type"] for f in data["facts"]]


def test_export_of_article_001(exported: list[dict[str, Any]]) -> None:
    record = next(r for r in exported if r["article"] == "001_eab98a2f0f3a5ef7")
    assert record["published"] == "2021-11-05"
    assert record["url"] == URL_001
    assert record["outlet"] == "AP via MyNorthwest"
    figure = next(f for f in record["facts"] if f["id"] == "fig-troops-90000")
    assert figure == {
        "type": "figure", "value": 90000, "unit": "troops", "approx": True,
        "subject": "Russian troops stationed not far from the border and in rebel-controlled areas in eastern Ukraine",
        "speaker": "spk-ukr-defense-ministry", "id": "fig-troops-90000", "evidence": "about 90,000 Russian troops",
        "optional": False,
    }
    place = next(f for f in record["facts"] if f["id"] == "place-yelnya")
    assert place["distance"] == {"value": 260, "unit": "km", "from": "Ukrainian border", "direction": "north"}
    assert next(f for f in record["facts"] if f["id"] == "date-2014")["value"] == "2014"


def test_export_json_is_a_list_of_the_same_records(
    exported: list[dict[str, Any]], gold_dir: Path, seeds_dir: Path
) -> None:
    result = _invoke("export", "--format", "json", "--gold", str(gold_dir), "--seeds", str(seeds_dir))
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert records == exported
    assert result.stdout == json.dumps(records, indent=2, ensure_ascii=False) + "\n"  # streamed, same bytes


def test_export_of_an_empty_selection_is_an_empty_array() -> None:
    import io

    from harness.authoring import write_export

    out = io.StringIO()
    write_export([], out, format="json")  # type: ignore[arg-type]
    assert json.loads(out.getvalue()) == [] and out.getvalue() == "[]\n"


def test_export_refuses_invalid_gold_before_writing(make_gold) -> None:  # type: ignore[no-untyped-def]
    path = make_gold({"value: 90000": 'value: "90,000"'})
    result = _invoke("export", "--gold", str(path.parent), "--seeds", str(path.parent.parent / "seeds"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "facts[" in result.stderr and "the gold is invalid (1 problem(s))" in result.stderr


def test_export_output_option(tmp_path: Path, gold_dir: Path, seeds_dir: Path, exported: list[dict[str, Any]]) -> None:
    target = tmp_path / "corpus.jsonl"
    result = _invoke("export", "-o", str(target), "--gold", str(gold_dir), "--seeds", str(seeds_dir))
    assert result.exit_code == 0
    assert [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()] == exported


def test_export_rejects_unknown_format(gold_dir: Path, seeds_dir: Path) -> None:
    result = _invoke("export", "--format", "csv", "--gold", str(gold_dir), "--seeds", str(seeds_dir))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown format 'csv'" in result.stderr


# ------------------------------------------------------------------ new


@pytest.fixture
def tmp_dirs(tmp_path: Path, seeds_dir: Path) -> tuple[Path, Path]:
    """(gold, seeds): an empty gold dir that does not exist yet, and a copy of the seeds."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        shutil.copyfile(seed, seeds / seed.name)
    return tmp_path / "gold", seeds


@pytest.mark.parametrize(
    ("stem", "published", "url"),
    [
        ("001_eab98a2f0f3a5ef7", dt.date(2021, 11, 5), URL_001),
        ("002_6f25c81f1ace9927", None, None),
        ("004_ebae451186ceb249", None, None),  # "Saturday, Apr 27, 2024" is the scrape date: not taken
    ],
)
def test_new_writes_a_valid_skeleton(
    tmp_dirs: tuple[Path, Path], stem: str, published: dt.date | None, url: str | None
) -> None:
    gold, seeds = tmp_dirs
    result = _invoke("new", str(seeds / f"{stem}.txt"), "--gold", str(gold), "--seeds", str(seeds))
    assert result.exit_code == 0, result.output
    target = gold / f"{stem}.yaml"
    assert [p.name for p in gold.iterdir()] == [target.name]
    text = target.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_HEADER)
    data = yaml.safe_load(text)
    assert data["article"]["id"] == stem
    assert data["article"]["file"] == f"{stem}.txt"
    assert data["article"]["published"] == published
    assert data["article"]["url"] == url
    first_line = (seeds / f"{stem}.txt").read_text(encoding="utf-8").splitlines()[0].strip()
    assert data["article"]["title"] == first_line
    assert data["facts"] == [] and data["negatives"] == [] and data["furniture"] == []
    assert validate_paths([target], seeds) == []
    check = _invoke("validate", str(target), "--seeds", str(seeds))
    assert check.exit_code == 0, check.output


def test_new_refuses_to_overwrite(tmp_dirs: tuple[Path, Path]) -> None:
    gold, seeds = tmp_dirs
    gold.mkdir()
    target = gold / "001_eab98a2f0f3a5ef7.yaml"
    target.write_text("# hand-written, keep me\n", encoding="utf-8")
    result = _invoke("new", str(seeds / "001_eab98a2f0f3a5ef7.txt"), "--gold", str(gold), "--seeds", str(seeds))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert "nothing was written" in result.stderr
    assert target.read_text(encoding="utf-8") == "# hand-written, keep me\n"
    assert [p.name for p in gold.iterdir()] == [target.name]


def test_new_twice_keeps_the_first(tmp_dirs: tuple[Path, Path]) -> None:
    gold, seeds = tmp_dirs
    args = ("new", str(seeds / "001_eab98a2f0f3a5ef7.txt"), "--gold", str(gold), "--seeds", str(seeds))
    assert _invoke(*args).exit_code == 0
    target = gold / "001_eab98a2f0f3a5ef7.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _invoke(*args).exit_code == 2
    assert target.read_text(encoding="utf-8").endswith("# edited\n")


@pytest.mark.parametrize("where", ["missing", "outside"])
def test_new_rejects_seed_it_cannot_use(tmp_dirs: tuple[Path, Path], tmp_path: Path, where: str) -> None:
    gold, seeds = tmp_dirs
    seed = tmp_path / "elsewhere.txt"
    if where == "outside":
        seed.write_text("A title\n", encoding="utf-8")
    result = _invoke("new", str(seed), "--gold", str(gold), "--seeds", str(seeds))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert not gold.exists()


# ------------------------------------------------------------------ help


def test_root_help() -> None:
    result = _invoke("--help")
    assert result.exit_code == 0
    flat = _flat(result.stdout)
    assert "Usage: fact-harness [OPTIONS] COMMAND [ARGS]..." in flat
    assert "Benchmark and test fixture for fact-claim extractors." in flat
    assert "Exit codes: 0 pass" in flat
    for command in ("validate", "schema", "export", "new", "score"):
        assert command in flat


@pytest.mark.parametrize("command", ["validate", "schema", "export", "new", "score"])
def test_subcommand_help(command: str) -> None:
    info = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    summary = " ".join(info.callback.__doc__.strip().split("\n\n")[0].split())
    assert len(summary) > 20
    result = _invoke(command, "--help")
    assert result.exit_code == 0
    flat = _flat(result.stdout)
    assert f"Usage: fact-harness {command} [OPTIONS]" in flat
    assert summary in flat
