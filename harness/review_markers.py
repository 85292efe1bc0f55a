"""Review markers left by ``fact-harness annotate``: a ``review`` field on each draft fact, and comments.

``validate`` counts them and says so; ``validate --strict`` (the pre-commit hook) reports each as a
located problem, so a draft nobody checked cannot pass as gold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from harness.problems import display_path
from harness.validate import Problem
from harness.yaml_source import YamlProblem, load_located

_COMMENT = re.compile(r"#\s*(REVIEW\b|DRAFT from the extractor)")


def review_problems(path: Path) -> list[Problem]:
    """Every review marker of one gold file: ``review`` fields, ``# REVIEW`` and ``# DRAFT`` comments."""
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # unreadable files are reported by validate itself
    problems = []
    fields: set[int] = set()
    try:
        located = load_located(text)
    except YamlProblem:
        located = None
    if located is not None and isinstance(located.data, dict):
        for section in ("facts", "negatives"):
            items = located.data.get(section)
            for i, fact in enumerate(items if isinstance(items, list) else []):
                if isinstance(fact, dict) and "review" in fact:
                    row, col = located.position((section, i, "review"), key=True)
                    fields.add(row)
                    problems.append(Problem(file, row, col, f"{section}[{i}].review",
                                            f"draft fact still marked for review ({fact['review']}): check it "
                                            "against the article and the guidelines, then delete the review field"))
    for n, line in enumerate(text.splitlines(), 1):
        m = _COMMENT.search(line)
        if m and not (fields and m.group(1) == "REVIEW"):  # a fact's comment goes with its field: said once
            problems.append(Problem(file, n, m.start() + 1, "", f"review marker {m.group(0)!r} left in the file: "
                                    "review the draft, then delete the comment"))
    return sorted(problems)


def review_markers(files: Sequence[Path]) -> list[Problem]:
    """:func:`review_problems` of every file, in file order."""
    return [p for f in files for p in review_problems(f)]
