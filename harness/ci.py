"""The GitHub Action's last step: reports from a saved JSON result, and the step's outputs.

``python -m harness.ci RESULT.json --exit-code N --out DIR`` writes ``DIR/fact-harness-junit.xml``,
``DIR/fact-harness.md`` and ``DIR/fact-harness.html`` (when the result exists) and appends
``verdict``, ``exit-code``, ``precision``, ``recall`` and ``f1`` to ``$GITHUB_OUTPUT``. The verdict
follows the exit code of ``fact-harness score``: ``pass``, ``gate-failed``, ``bad-input`` or
``extractor-errors``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harness.exit_codes import ExitCode

VERDICTS = {ExitCode.OK: "pass", ExitCode.GATE_FAILED: "gate-failed", ExitCode.BAD_INPUT: "bad-input",
            ExitCode.EXTRACTOR_ERRORS: "extractor-errors"}


def outputs(result_path: Path, exit_code: int, out: Path) -> dict[str, str]:
    """Write the reports of ``result_path`` into ``out``; return the step outputs."""
    verdict = VERDICTS[ExitCode(exit_code)] if exit_code in {int(c) for c in ExitCode} else "bad-input"
    values = {"verdict": verdict, "exit-code": str(exit_code), "precision": "", "recall": "", "f1": ""}
    if not result_path.is_file():
        return values
    from harness.gates import GateConfigError, load_result
    from harness.report import RENDERERS
    from harness.report import html as html_report

    try:
        result = load_result(result_path)
    except GateConfigError as exc:
        print(f"fact-harness: {exc}", file=sys.stderr)
        return values
    out.mkdir(parents=True, exist_ok=True)
    (out / "fact-harness-junit.xml").write_text(RENDERERS["junit"](result), encoding="utf-8")
    (out / "fact-harness.md").write_text(RENDERERS["markdown"](result), encoding="utf-8")
    try:
        (out / "fact-harness.html").write_text(html_report.render(result, None), encoding="utf-8")
    except Exception as exc:  # the HTML report is a convenience: never fail the job over it
        print(f"fact-harness: no HTML report ({type(exc).__name__}: {exc})", file=sys.stderr)
    c = result.overall
    for key, value in (("precision", c.precision), ("recall", c.recall), ("f1", c.f1)):
        values[key] = "" if value is None else f"{value:.4f}"
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.ci", description=__doc__)
    parser.add_argument("result", type=Path)
    parser.add_argument("--exit-code", type=int, required=True)
    parser.add_argument("--out", type=Path, default=Path("fact-harness-reports"))
    args = parser.parse_args(argv)
    values = outputs(args.result, args.exit_code, args.out)
    target = os.environ.get("GITHUB_OUTPUT")
    text = "".join(f"{k}={v}\n" for k, v in values.items())
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
