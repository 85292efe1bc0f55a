"""What a run was scored on and how: its fingerprint, and whether two runs may be compared.

A result records the article ids, a hash of the gold files, the mode, the matcher options and the
harness version. Two runs are comparable when their articles, gold, mode and options agree;
``compare``, ``diff``, ``report OLD NEW`` and ``score --baseline`` refuse others (exit 2, listing what
differs) unless ``--allow-mismatch``. A different harness version is reported, never refused: the
gold and the settings are the same, only the program that scored them changed.

Results saved before fingerprints existed carry none; theirs is derived from what they do hold
(articles, mode, options, version) and the gold is then unknown, not compared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.gates import GateConfigError

if TYPE_CHECKING:
    from harness.corpus import Corpus
    from harness.result import Result
    from harness.scoring import ScoreOptions


def settings_of(options: ScoreOptions) -> dict[str, Any]:
    """The matcher options and duplicate counting as a result records them (``options`` in JSON)."""
    settings: dict[str, Any] = {
        "tolerance": options.match.tolerance,
        "name_similarity": options.match.name_similarity,
        "claim_similarity": options.match.claim_similarity,
        "count_duplicates": options.count_duplicates,
    }
    judge = getattr(options, "judge", None)
    if judge is not None:  # the lexical default is not recorded: results without a judge keep their bytes
        ident = judge.identity()
        settings["judge"] = ":".join(str(ident[k]) for k in ("name", "model", "prompt_version")) + (
            f":{ident['threshold']:g}" if "threshold" in ident else "")
    if options.types is not None:  # recorded only when restricted: runs of every type stay comparable
        settings["types"] = list(options.types)
    return settings


def gold_digest(files: Mapping[str, Path]) -> str:
    """``sha256:…`` of every gold file's bytes with its article id, in id order, and of its verdict file when
    it has one (any edit changes it; line endings do not, so a Windows checkout hashes as a Unix one)."""
    from harness.verdicts import verdict_path

    h = hashlib.sha256()
    for article in sorted(files):
        data = files[article].read_bytes().replace(b"\r\n", b"\n")
        h.update(f"{article}\0{len(data)}\0".encode())
        h.update(data)
        verdicts = verdict_path(files[article])
        if verdicts.is_file():  # recorded verdicts decide pairs: they are part of the gold (absent: no change)
            data = verdicts.read_bytes().replace(b"\r\n", b"\n")
            h.update(f"{article}\0verdicts\0{len(data)}\0".encode())
            h.update(data)
    return f"sha256:{h.hexdigest()}"


@dataclass(frozen=True)
class Fingerprint:
    """The corpus and settings a result was scored with."""

    articles: tuple[str, ...]
    gold: str | None
    """``sha256:…`` of the gold files; None when unknown (a result saved without a fingerprint)."""
    mode: str
    options: Mapping[str, Any] = field(default_factory=dict)
    harness_version: str = "?"

    def to_dict(self) -> dict[str, Any]:
        return {"articles": list(self.articles), "gold": self.gold, "mode": self.mode,
                "options": dict(self.options), "harness_version": self.harness_version}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fingerprint:
        return cls(tuple(str(a) for a in data["articles"]), None if data.get("gold") is None else str(data["gold"]),
                   str(data["mode"]), dict(data.get("options", {})), str(data.get("harness_version", "?")))


def of_corpus(corpus: Corpus, options: ScoreOptions, version: str) -> Fingerprint:
    """The fingerprint a run over ``corpus`` with ``options`` will have."""
    return Fingerprint(tuple(corpus.ids), gold_digest(corpus.gold_paths()), options.mode, settings_of(options),
                       version)


def of_result(result: Result) -> Fingerprint:
    """The result's fingerprint, or one derived from what an older result holds (gold unknown)."""
    if result.fingerprint is not None:
        return result.fingerprint
    return Fingerprint(tuple(sorted(result.by_article)), None, result.mode, dict(result.options),
                       result.harness_version)


def _ids(ids: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def differences(a: Fingerprint, b: Fingerprint, names: tuple[str, str] = ("A", "B")) -> list[str]:
    """What makes the two runs incomparable, one line each (empty: comparable)."""
    na, nb = names
    out: list[str] = []
    only_a = sorted(set(a.articles) - set(b.articles))
    only_b = sorted(set(b.articles) - set(a.articles))
    if only_a:
        out.append(f"articles only in {na} ({len(only_a)}): {_ids(only_a)}")
    if only_b:
        out.append(f"articles only in {nb} ({len(only_b)}): {_ids(only_b)}")
    if a.gold is not None and b.gold is not None and a.gold != b.gold:
        out.append(f"gold: the gold files differ ({na} {a.gold[:19]}…, {nb} {b.gold[:19]}…)")
    if a.mode != b.mode:
        out.append(f"mode: {na} {a.mode}, {nb} {b.mode}")
    for key in sorted(set(a.options) | set(b.options)):
        if a.options.get(key) != b.options.get(key):
            out.append(f"option {key}: {na} {a.options.get(key)!r}, {nb} {b.options.get(key)!r}")
    return out


def version_note(a: Fingerprint, b: Fingerprint, names: tuple[str, str] = ("A", "B")) -> str | None:
    """A note when the runs were scored by different harness versions (not a mismatch)."""
    if a.harness_version == b.harness_version:
        return None
    return (f"scored by different fact-harness versions ({names[0]} {a.harness_version}, "
            f"{names[1]} {b.harness_version}): matching may differ between them")


class MismatchError(GateConfigError):
    """Two runs scored on different corpora or with different settings (exit code 2)."""

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{what}: the runs were not scored on the same corpus with the same settings:\n{lines}\n"
                         "(re-score one of them, or pass --allow-mismatch to compare anyway)")


def require_match(a: Fingerprint, b: Fingerprint, what: str, names: tuple[str, str] = ("A", "B")) -> None:
    """Raise :class:`MismatchError` when ``a`` and ``b`` are not comparable."""
    problems = differences(a, b, names)
    if problems:
        raise MismatchError(what, problems)
