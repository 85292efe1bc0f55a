"""Paired significance: the statistics against plain references, and where compare and the gates show them."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from harness import significance as sig
from harness.cli import app
from harness.compare import significance
from harness.metrics import Counts, total
from harness.result_io import read_result

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "regression"
TYPES = ["x", "y"]


def random_runs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, size=(n, len(TYPES), 3)).astype(float)
    b = np.clip(a + rng.integers(-2, 3, size=a.shape), 0, None)
    return a, b


def plain_metric(c: Counts, metric: str) -> float | None:
    return c.metric(metric)


def as_counts(row: np.ndarray) -> list[Counts]:
    return [Counts(int(t[0]), int(t[1]), int(t[2])) for t in row]


def plain_delta(a: np.ndarray, b: np.ndarray, weights: list[int] | tuple[int, ...], scope: int,
                metric: str) -> float | None:
    """B − A of ``metric`` with each article counted ``weights[k]`` times — plain Python sums of Counts."""
    def summed(x: np.ndarray) -> Counts:
        per_type = [total(as_counts(x[k])[t] for k in range(len(x)) for _ in range(weights[k]))
                    for t in range(x.shape[1])]
        return total(per_type) if scope == 0 else per_type[scope - 1]

    va, vb = plain_metric(summed(a), metric), plain_metric(summed(b), metric)
    return None if va is None or vb is None else vb - va


def test_bootstrap_matches_a_plain_reference() -> None:
    a, b = random_runs(7, seed=3)
    got = sig.paired_bootstrap(a, b, resamples=200, seed=11)
    rng = np.random.default_rng(11)
    draws = [list(rng.multinomial(7, [1 / 7] * 7)) for _ in range(200)]  # one resample at a time
    for metric in ("precision", "recall", "f1"):
        for scope in range(len(TYPES) + 1):
            values = [d for w in draws if (d := plain_delta(a, b, w, scope, metric)) is not None]
            lo, hi = np.percentile(values, [2.5, 97.5])
            interval = got[metric][scope]
            assert interval is not None
            assert interval == pytest.approx((lo, hi), abs=1e-12)


def exact_p(a: np.ndarray, b: np.ndarray, scope: int, metric: str) -> float | None:
    """The exact two-sided permutation p-value: every one of the 2ⁿ swaps, enumerated."""
    obs = plain_delta(a, b, [1] * len(a), scope, metric)
    if obs is None:
        return None
    extreme = 0
    for swaps in itertools.product((False, True), repeat=len(a)):
        sa = np.where(np.array(swaps)[:, None, None], b, a)
        sb = np.where(np.array(swaps)[:, None, None], a, b)
        d = plain_delta(sa, sb, [1] * len(a), scope, metric)
        if d is not None and abs(d) >= abs(obs) - 1e-9:
            extreme += 1
    return extreme / 2 ** len(a)


@pytest.mark.parametrize("n", [2, 3, 5, 8, 10])
def test_approximate_randomization_approaches_the_exact_permutation_distribution(n: int) -> None:
    a, b = random_runs(n, seed=n)
    shuffles = 10_000
    got = sig.approximate_randomization(a, b, shuffles=shuffles, seed=5)
    for metric in ("precision", "recall", "f1"):
        for scope in range(len(TYPES) + 1):
            exact = exact_p(a, b, scope, metric)
            p = got[metric][scope]
            if exact is None:
                assert p is None
                continue
            assert p is not None and exact >= sig.min_p(n, None) - 1e-12
            spread = 4.5 * math.sqrt(exact * (1 - exact) / shuffles) + 2 / shuffles
            assert abs(p - exact) <= spread, (metric, scope, p, exact)


def test_five_articles_cannot_go_below_one_sixteenth() -> None:
    a = np.zeros((5, 1, 3))
    a[:, 0] = (0, 0, 4)  # A finds nothing, B everything, in every article: the most extreme case there is
    b = np.zeros((5, 1, 3))
    b[:, 0] = (4, 0, 0)
    assert sig.min_p(5) == 1 / 16
    assert exact_p(a, b, 0, "recall") == 1 / 16
    p = sig.approximate_randomization(a, b, seed=0)["recall"][0]
    assert p is not None and abs(p - 1 / 16) < 0.01


@pytest.mark.parametrize(("b", "c", "p"), [
    (0, 0, 1.0),
    (3, 3, 1.0),
    (0, 5, 2 / 32),                # 2 · (1/2)⁵
    (1, 9, 2 * (1 + 10) / 1024),   # 2 · (C(10,0) + C(10,1)) / 2¹⁰
    (2, 8, 2 * (1 + 10 + 45) / 1024),
    (0, 1, 1.0),                   # 2 · ½, capped at 1
    (7, 0, 2 / 128),
])
def test_mcnemar_hand_computed(b: int, c: int, p: float) -> None:
    assert sig.mcnemar(b, c) == pytest.approx(p, abs=1e-15)


def test_holm_hand_computed() -> None:
    got = sig.holm({"a": 0.01, "b": 0.04, "c": 0.03, "d": None})
    assert got == {"a": pytest.approx(0.03), "b": pytest.approx(0.06), "c": pytest.approx(0.06), "d": None}


def test_identical_runs_give_p_one_and_an_interval_around_zero() -> None:
    run = read_result(FIXTURES / "baseline-strict.json")
    out = significance(run, run)
    for scope in out["scopes"].values():
        for st in scope.values():
            if st["delta"] is None:
                continue
            assert st["delta"] == 0 and st["p_value"] == 1.0 and st["p_holm"] == 1.0
            assert st["ci"][0] <= 0 <= st["ci"][1]
    assert all(m["b"] == m["c"] == 0 and m["p_value"] == 1.0 for m in out["mcnemar"].values())


def test_seeds_reproduce_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = (read_result(FIXTURES / f"{name}-strict.json") for name in ("baseline", "oracle"))
    first = json.dumps(significance(a, b, seed=7))
    assert json.dumps(significance(a, b, seed=7)) == first
    assert json.dumps(significance(a, b, seed=8)) != first
    monkeypatch.setattr(sig, "_CELLS", 7)  # drawn a few rows at a time: the same draws
    assert json.dumps(significance(a, b, seed=7)) == first


def test_compare_json_layout_and_mcnemar() -> None:
    r = runner.invoke(app, ["compare", str(FIXTURES / "baseline-strict.json"), str(FIXTURES / "oracle-strict.json"),
                            "-f", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    s = out["significance"]
    assert (s["unit"], s["resamples"], s["shuffles"], s["seed"], s["min_p"]) == ("article", 1000, 10000, 0, 0.0625)
    assert set(s["scopes"]) == {"overall", "figure", "speaker", "date", "place", "claim"}
    overall = s["scopes"]["overall"]["f1"]
    assert set(overall) == {"delta", "ci", "p_value", "p_holm"} and overall["delta"] > 0
    assert overall["ci"][0] > 0 and overall["p_value"] > 0.05  # a clear gain, yet five articles cannot show it
    missed = json.loads((FIXTURES / "baseline-strict.json").read_text(encoding="utf-8"))["overall"]["fn"]
    # b: found by the baseline only (none); c: found by the oracle only (every fact the baseline missed)
    assert s["mcnemar"]["overall"] == {"b": 0, "c": missed, "p_value": round(2 * 0.5 ** missed, 6)}
    assert out["rows"][0]["scope"] == "overall"
    r = runner.invoke(app, ["compare", str(FIXTURES / "baseline-strict.json"), str(FIXTURES / "oracle-strict.json")])
    assert "is the difference real?" in r.stdout and "0.0625 (1/16)" in r.stdout and "McNemar" in r.stdout
    r = runner.invoke(app, ["compare", str(FIXTURES / "baseline-strict.json"), str(FIXTURES / "oracle-strict.json"),
                            "-f", "markdown"])
    assert "| overall | f1 |" in r.stdout and "1/16" in r.stdout


def test_compare_diff_and_report_refuse_mismatched_runs(tmp_path: Path) -> None:
    strict, lenient = str(FIXTURES / "baseline-strict.json"), str(FIXTURES / "baseline-lenient.json")
    for args in (["compare", strict, lenient], ["diff", strict, lenient],
                 ["report", strict, lenient, "-o", str(tmp_path / "r.html")]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and "mode: " in r.output and "strict" in r.output, r.output
        r = runner.invoke(app, [*args, "--allow-mismatch"])
        assert r.exit_code == 0, r.output
    dup = str(FIXTURES / "baseline-strict-count-duplicates.json")
    r = runner.invoke(app, ["compare", strict, dup])
    assert r.exit_code == 2 and "option count_duplicates: " in r.output


def test_baseline_from_another_corpus_or_mode_is_refused(tmp_path: Path) -> None:
    oracle = str(FIXTURES / "oracle-strict.json")
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, "--mode", "lenient"])
    assert r.exit_code == 2 and "mode: baseline strict, this run lenient" in r.output
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, "--article", "001_eab98a2f0f3a5ef7"])
    assert r.exit_code == 2 and "articles only in baseline (4)" in r.output
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, "--article", "001_eab98a2f0f3a5ef7",
                            "--allow-mismatch"])
    assert r.exit_code == 1


def test_a_configured_baseline_that_does_not_exist_is_an_error(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.fact-harness]\nbaseline = "missing.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["score", "empty"])
    assert r.exit_code == 2 and "missing.json does not exist" in r.output
    r = runner.invoke(app, ["score", "empty", "--save-baseline", "missing.json"])  # creating it, said aloud
    assert r.exit_code == 0 and "this run becomes it" in r.output and (tmp_path / "missing.json").is_file()
    assert runner.invoke(app, ["score", "empty"]).exit_code == 0


def test_significance_gate_states_rule_interval_and_p(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    oracle = str(FIXTURES / "oracle-strict.json")
    gated = ["--min-recall", "0", "--min-f1", "0"]  # nothing predicted: precision is undefined, which fails
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, *gated, "--significance", "0.05", "-f", "json"])
    assert r.exit_code == 0, r.output  # everything fell, but five articles cannot show it at 0.05
    assert "can never fail" in r.output
    checks = json.loads(r.stdout)["checks"][2:]
    assert [c["status"] for c in checks] == ["pass"] * 2
    c = checks[0]
    assert c["rule"] == "significance" and c["alpha"] == 0.05 and c["delta"] == -1.0
    assert c["interval"] == [-1.0, -1.0] and c["p_value"] >= 0.0625 - 0.01 and c["min_p"] == 0.0625
    assert "Holm-corrected p < 0.05" in c["evidence"]
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, *gated, "--significance", "0.5"])
    assert r.exit_code == 1 and "fails if it fell by more than 0 and Holm-corrected p < 0.5" in r.stdout
    r = runner.invoke(app, ["score", "oracle", "--baseline", oracle, "--non-inferiority", "0.02", "-f", "markdown"])
    assert r.exit_code == 0 and "fails if the interval's lower end is below −0.02: Δ +0.000" in r.stdout
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, "--non-inferiority", "0.02", "-f", "junit"])
    assert r.exit_code == 1 and "95% CI [−1.000, −1.000]" in r.stdout
    r = runner.invoke(app, ["score", "empty", "--baseline", oracle, "--non-inferiority", "0.1",
                            "--significance", "0.05"])
    assert r.exit_code == 2 and "not both" in r.output
    (tmp_path / "pyproject.toml").write_text(f'[tool.fact-harness]\nbaseline = "{oracle}"\nsignificance = 0.5\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["score", "empty"]).exit_code == 1
    r = runner.invoke(app, ["score", "empty", "--non-inferiority", "1", "--min-recall", "0", "-f", "json"])
    assert r.exit_code == 0, r.output  # the command line wins: its rule replaces the configured one
    assert json.loads(r.stdout)["checks"][1]["rule"] == "non-inferiority"


def test_html_report_of_two_runs_shows_the_paired_tests(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", str(FIXTURES / "baseline-strict.json"), str(FIXTURES / "oracle-strict.json"),
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "Is the difference real?" in page and "1/16" in page
    assert 'data-scope="overall" data-metric="f1"' in page and "McNemar" in page
