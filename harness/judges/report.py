"""How reports name the judge that decided claim pairs, with its measured agreement and its fallbacks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def judge_line(judge: Mapping[str, Any] | None) -> str | None:
    """One line naming the judge and its measured agreement (None when the result does not say).

    The test split's agreement comes first when it was measured: the matchers' rules were written on
    the dev pairs, so agreement over every pair flatters them; the unseen-article figure is the honest one.
    """
    if judge is None:
        return None
    name = judge.get("name", "?")
    if name == "lexical":
        text = "judge lexical (the matchers)"
    else:
        extra = f", threshold {judge['threshold']:g}" if isinstance(judge.get("threshold"), (int, float)) else ""
        text = f"judge {name} (model {judge.get('model')}, prompt {judge.get('prompt_version')}{extra})"
    agreement = judge.get("agreement")
    if isinstance(agreement, Mapping) and agreement.get("agreement") is not None:
        kappa = agreement.get("kappa")
        test = agreement.get("test_agreement")
        held_out = (f"{test:.3f} on the {agreement.get('test_pairs', '?')} unseen-article (test) claim pairs, "
                    if isinstance(test, (int, float)) else "")
        text += (f" · agreement with readers {held_out}{agreement['agreement']:.3f}"
                 + (f" (κ {kappa:.3f})" if isinstance(kappa, (int, float)) else "")
                 + f" on all {agreement.get('pairs', '?')} judged claim pairs")
    else:
        flag = "" if name == "lexical" else f" --judge {name}"
        text += f" · agreement not measured: run fact-harness calibrate{flag}"
    if name != "lexical":
        fallbacks = int(judge.get("fallbacks", 0))
        reasons = judge.get("fallback_reasons") or {}
        why = f" ({', '.join(f'{k} {v}' for k, v in reasons.items())})" if reasons else ""
        text += f" · {judge.get('decisions', 0)} decisions, {fallbacks} fallback(s) to the lexical matcher{why}"
    return text


def judge_note(result: Any, emit: Callable[[str], None]) -> None:
    """Say on stderr which judge decided, when it is not the lexical one, and warn of fallbacks."""
    judge = getattr(result, "judge", None)
    if judge is None or judge.get("name") == "lexical":
        return
    line = judge_line(judge)
    if line:
        emit(line)
